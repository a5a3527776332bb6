#!/usr/bin/env node
/**
 * `npm test`: typechecks and lints every workspace, runs the server's vitest suite (unit + integration on a
 * real PostgreSQL: embedded by default, DATABASE_URL when set), then prints one plain closing
 * line, "Tests: N passed, N failed", and exits with the suite's status.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const results = path.join(root, 'server', '.vitest-results.json');
const run = (cmd, args, cwd) => spawnSync(cmd, args, { cwd, stdio: 'inherit' }).status ?? 1;

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
console.log(`Tests: ${passed} passed, ${failed} failed`);
process.exit(status !== 0 ? status : failed > 0 ? 1 : 0);
