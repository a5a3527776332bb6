/**
 * `crm` commands beside a running server on the embedded database (real processes): the server
 * (`tsx src/main.ts`, CRM_DEMO=off, its data folder inside a private 0700 folder) keeps answering
 * — never a 5xx — while `crm user add` and `crm import` run beside it on its PostgreSQL; the new
 * login works and the imported day is there; Ctrl-C (SIGINT) on the server then stops PostgreSQL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCrm, SERVER_DIR, type CrmOutcome } from '../../test/cli-harness.js';
import { writeDay } from '../../test/extract-builder.js';
import { account, asset, customer } from '../../test/reports-harness.js';
import { isAlive } from '../db/embedded-process.js';
import { discardEmbedded, freePort, RUN_FILE } from '../db/embedded.js';

const PASSWORD = 'beside-server-2026';

let privateDir: string | undefined;
let server: ChildProcess | undefined;
afterAll(async () => {
  if (server && server.exitCode === null) server.kill('SIGKILL');
  if (privateDir) {
    await discardEmbedded(path.join(privateDir, 'data')).catch(() => undefined);
    await fs.rm(privateDir, { recursive: true, force: true });
  }
});

/** The environment of the server and the commands: the embedded database in dataDir, never DATABASE_URL. */
function environment(dataDir: string, port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CRM_DEMO: 'off', CRM_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', INIT_CWD: SERVER_DIR };
  delete env.DATABASE_URL;
  return env;
}

function crm(args: string[], env: NodeJS.ProcessEnv, input = ''): Promise<CrmOutcome> {
  return runCrm(args, env, input);
}

describe('crm beside a running server', () => {
  it('adds a user and imports a day on the server’s PostgreSQL while the server keeps answering', { timeout: 600_000 }, async () => {
    privateDir = await fs.mkdtemp(path.join(os.tmpdir(), 'quancrm-beside-'));
    const dataDir = path.join(privateDir, 'data');
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const env = environment(dataDir, port);
    const day = await writeDay(path.join(privateDir, 'extract'), '2025-06-16', {
      'branches.csv': [{ branch_code: 'B01', branch_name: '上海浦东南路营业部', city: '上海' }],
      'customers.csv': [customer('0001', '甲客户', 'B01', '2025-06-16')],
      'fund_accounts.csv': [account('FA', '0001', 'CNY', '2025-06-16')],
      'assets.csv': [asset('FA', 'CNY', { cash: '1000.00', total: '1000.00' })],
    });

    let serverOutput = '';
    server = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: SERVER_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] });
    server.stdout?.on('data', (c: Buffer) => (serverOutput += c.toString()));
    server.stderr?.on('data', (c: Buffer) => (serverOutput += c.toString()));
    const serverExit = new Promise<number | null>((resolve) => server!.once('exit', (code) => resolve(code)));
    // the server answers at once; the database is open (and pg-run.json written) once /api/status says ready
    const ready = async () => {
      const res = await fetch(`${base}/api/status`).catch(() => undefined);
      return res?.ok === true && ((await res.json()) as { ready?: boolean }).ready === true;
    };
    for (let i = 0; !(await ready()); i++) {
      if (server.exitCode !== null || i > 3000) throw new Error(`the server did not start:\n${serverOutput}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const run = JSON.parse(await fs.readFile(path.join(dataDir, RUN_FILE), 'utf8')) as { postmaster: { pid: number }; users: Array<{ pid: number }> };
    expect(run.users.map((u) => u.pid)).toEqual([server.pid]);

    // poll the server throughout: GET /api/me (401 without a session, 200 with one) must never be a 5xx
    let cookie = '';
    const statuses: number[] = [];
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const res = await fetch(`${base}/api/me`, { headers: cookie ? { cookie } : {} });
        statuses.push(res.status);
        await res.arrayBuffer();
        await new Promise((r) => setTimeout(r, 100));
      }
    })();

    const added = await crm(['user', 'add', '--username', 'ops', '--role', 'ADMIN'], env, PASSWORD + '\n');
    expect(added.output).toContain('Created user ops');
    expect(added.output).not.toMatch(/stopping it cleanly/);
    expect(added.code).toBe(0);
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'ops', password: PASSWORD }),
    });
    expect(login.status).toBe(200);
    cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');

    const imported = await crm(['import', day], env);
    expect(imported.output).toContain('1 day(s) imported');
    expect(imported.code).toBe(0);
    polling = false;
    await poller;

    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses).toContain(401);
    expect(statuses).toContain(200);
    const runs = await fetch(`${base}/api/admin/import-runs`, { headers: { cookie } });
    expect(runs.status).toBe(200);
    expect((await runs.json()) as unknown).toMatchObject({ total: 1, items: [{ status: 'SUCCEEDED', tradeDate: '2025-06-16', startedBy: expect.stringMatching(/^cli:/) }] });
    const customers = await fetch(`${base}/api/customers?pageSize=5`, { headers: { cookie } });
    expect(customers.status).toBe(200);
    expect((await customers.json()) as unknown).toMatchObject({ total: 1 });
    // the commands have left; the server is the cluster's only user again, and it is the same cluster
    const after = JSON.parse(await fs.readFile(path.join(dataDir, RUN_FILE), 'utf8')) as typeof run;
    expect(after.postmaster.pid).toBe(run.postmaster.pid);
    expect(after.users.map((u) => u.pid)).toEqual([server.pid]);

    server.kill('SIGINT');
    expect(await serverExit).toBe(0);
    expect(isAlive(run.postmaster.pid)).toBe(false);
    await expect(fs.stat(path.join(dataDir, RUN_FILE))).rejects.toThrow(/ENOENT/);
  });
});
