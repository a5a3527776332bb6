#!/usr/bin/env node
/**
 * `npm test`: typechecks and lints every workspace, runs the server's vitest suite (unit + integration on a
 * real PostgreSQL: embedded by default, DATABASE_URL when set), then the browser journeys (e2e/,
 * Playwright on the system Chromium against the real server on a fresh embedded database, with the
 * web UI rebuilt first when web/dist is missing or older than its sources), then prints one plain
 * closing line, "Tests: N passed, N failed", and exits non-zero when anything failed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const results = path.join(root, 'server', '.vitest-results.json');
const e2eResults = path.join(root, 'e2e', '.playwright-results.json');
const run = (cmd, args, cwd, env = process.env) => spawnSync(cmd, args, { cwd, stdio: 'inherit', env }).status ?? 1;

/** Newest modification time under a path (files only). */
function newest(target) {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(target).map((name) => newest(path.join(target, name))));
}

for (const check of ['typecheck', 'lint']) {
  const status = run('npm', ['run', '-s', check], root);
  if (status !== 0) {
    console.log(`Tests: 0 passed, 1 failed (${check})`);
    process.exit(status);
  }
}
rmSync(results, { force: true });
const status = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile=${results}`, ...process.argv.slice(2)], path.join(root, 'server'));
let passed = 0;
let failed = 0;
if (existsSync(results)) {
  const json = JSON.parse(readFileSync(results, 'utf8'));
  passed = json.numPassedTests ?? 0;
  failed = (json.numFailedTests ?? 0) + (json.numFailedTestSuites ?? 0);
}

// Browser journeys: the server serves web/dist, so build it when it is missing or stale.
const web = path.join(root, 'web');
const built = path.join(web, 'dist', 'index.html');
const sources = Math.max(newest(path.join(web, 'src')), newest(path.join(web, 'index.html')), newest(path.join(web, 'vite.config.ts')));
let e2eStatus = 0;
if (!existsSync(built) || newest(built) < sources) e2eStatus = run('npm', ['run', '-s', '-w', 'web', 'build'], root);
if (e2eStatus !== 0) failed += 1;
else {
  rmSync(e2eResults, { force: true });
  e2eStatus = run('npx', ['playwright', 'test', '--reporter=list,json'], path.join(root, 'e2e'), { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: e2eResults });
  if (existsSync(e2eResults)) {
    const stats = JSON.parse(readFileSync(e2eResults, 'utf8')).stats ?? {};
    passed += (stats.expected ?? 0) + (stats.flaky ?? 0);
    failed += stats.unexpected ?? 0;
    if (e2eStatus !== 0 && !stats.unexpected) failed += 1; // set-up failed before any test ran
  } else if (e2eStatus !== 0) failed += 1;
}

console.log(`Tests: ${passed} passed, ${failed} failed`);
process.exit(status !== 0 ? status : e2eStatus !== 0 ? e2eStatus : failed > 0 ? 1 : 0);
