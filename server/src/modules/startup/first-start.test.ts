/**
 * The first start as a real process (`tsx server/src/main.ts`, as `npm start`, on a fresh embedded database with a
 * tiny demo): the server answers before the demo is ready, Ctrl-C in the middle of the build
 * (SIGINT to the whole process group, as a terminal sends it to the server, the generator child
 * and PostgreSQL) stops cleanly with exit 0, and the next start builds the demo again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../config.js';
import { freePort } from '../../db/embedded.js';
import type { StartupProgress } from './startup.state.js';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'quancrm-first-start-'));
chmodSync(dataDir, 0o755); // reachable by the user PostgreSQL runs as when the tests run as root: the cluster stays inside
const running: ChildProcess[] = [];

afterAll(() => {
  for (const child of running) if (child.exitCode === null && child.pid) process.kill(-child.pid, 'SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

interface Server {
  child: ChildProcess;
  base: string;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

async function startServer(): Promise<Server> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env, CRM_DATA_DIR: dataDir, CRM_DEMO_CUSTOMERS: '50', CRM_DEMO_DAYS: '5', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn',
  };
  delete env.DATABASE_URL;
  // `npm start` runs the tsx command, which runs main.ts in a child node and relays signals to it; in
  // its own process group the test's SIGINT reaches every process of it, as a terminal's Ctrl-C does
  const tsx = path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const child = spawn(process.execPath, [tsx, 'server/src/main.ts'], { cwd: REPO_ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, base: `http://127.0.0.1:${port}`, stdout: () => out, stderr: () => err, exited };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls GET /api/status until `until` holds; every answer is collected. */
async function pollStatus(server: Server, until: (p: StartupProgress) => boolean): Promise<StartupProgress[]> {
  const seen: StartupProgress[] = [];
  for (;;) {
    if (server.child.exitCode !== null) throw new Error(`the server exited with ${server.child.exitCode}:\n${server.stdout()}\n${server.stderr()}`);
    const res = await fetch(`${server.base}/api/status`).catch(() => undefined);
    if (res?.ok) {
      const progress = (await res.json()) as StartupProgress;
      seen.push(progress);
      if (until(progress)) return seen;
    }
    await pause(25);
  }
}

async function interrupt(server: Server): Promise<number | null> {
  process.kill(-server.child.pid!, 'SIGINT');
  return server.exited;
}

describe('the first start', () => {
  it('answers at once, stops cleanly on Ctrl-C mid-build, and builds the demo again at the next start', async () => {
    const first = await startServer();
    const early = await pollStatus(first, (p) => p.daysImported >= 1 || p.ready);
    // the first answer came before the database was even open: the server listens first
    expect(early[0]).toMatchObject({ ready: false, stage: 'PREPARING' });
    const midBuild = early.at(-1)!;
    expect(midBuild).toMatchObject({ ready: false, stage: 'IMPORTING', daysTotal: 5 });

    const gated = await fetch(`${first.base}/api/me`);
    expect(gated.status).toBe(503);
    expect(gated.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(await gated.json()).toMatchObject({ code: 'DEMO_BUILDING', ready: false, daysTotal: 5 });

    expect(await interrupt(first)).toBe(0);
    expect(first.stderr()).not.toMatch(/error/i);
    expect(first.stderr()).not.toMatch(/^\s+at /m);
    expect(first.stdout()).not.toMatch(/error/i);
    expect(first.stdout()).toContain('The demo brokerage was not finished; it will be built again at the next start.');
    expect(first.stdout()).toMatch(/Stopped\.\n$/);
    // the build's own cluster wrote no full-page images and sampled few rows for its statistics (seed.ts BUILD_SETTINGS), and says so in its configuration
    const autoConf = () => readFileSync(path.join(dataDir, 'pg', 'postgresql.auto.conf'), 'utf8');
    expect(autoConf()).toMatch(/^full_page_writes = 'off'$/m);
    expect(autoConf()).toMatch(/^default_statistics_target = '10'$/m);

    const second = await startServer();
    const ready = (await pollStatus(second, (p) => p.ready)).at(-1)!;
    expect(ready).toMatchObject({ ready: true, stage: 'READY', daysImported: 5, daysTotal: 5, secondsLeft: 0 });
    expect(second.stdout()).toContain('The demo brokerage did not finish loading at an earlier start: building it again');
    expect(second.stdout()).not.toMatch(/orphan|still running/i); // PostgreSQL had shut down cleanly
    // durable again before the demo was ready
    expect(autoConf()).not.toContain('full_page_writes');
    expect(autoConf()).not.toContain('default_statistics_target');
    expect(second.stdout()).toMatch(/Demo logins \(演示账号\):\n {2}admin {8}demo2026/);

    const login = await fetch(`${second.base}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'broker', password: 'demo2026' }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const customers = await fetch(`${second.base}/api/customers?pageSize=5`, { headers: { cookie } });
    expect(customers.status).toBe(200);
    const page = (await customers.json()) as { items: unknown[]; total: number };
    expect(page.items.length).toBeGreaterThan(0);

    expect(await interrupt(second)).toBe(0);
    expect(second.stderr()).toBe('');
    expect(second.stdout()).not.toContain('will be built again');
  }, 300_000);
});
