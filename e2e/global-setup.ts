import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Polls GET /api/status until the demo brokerage is ready (at most 180 s). */
async function waitUntilReady(base: string, server: ChildProcess, output: () => string): Promise<void> {
  const until = Date.now() + 180_000;
  while (Date.now() < until) {
    if (server.exitCode !== null) throw new Error(`server exited with ${server.exitCode}:\n${output()}`);
    const res = await fetch(`${base}/api/status`).catch(() => undefined);
    if (res?.ok && ((await res.json()) as { ready?: boolean }).ready === true) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`server not ready after 180 s:\n${output()}`);
}

/**
 * Starts `npm start`'s server (tsx server/src/main.ts) on a fresh embedded database in a temporary
 * folder with a small demo, waits until GET /api/status says the demo is ready (the server answers
 * while the demo is still being built), and returns the teardown that stops it with SIGINT
 * (PostgreSQL shuts down cleanly) and removes the folder.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  if (process.env.E2E_BASE_URL) return async () => {};
  const dataDir = mkdtempSync(path.join(tmpdir(), 'quancrm-e2e-'));
  // mkdtemp makes the folder 0700: as root the embedded PostgreSQL (run as `postgres`) would then be
  // placed under /var/lib/quancrm (server/src/db/embedded.ts); 0755 keeps it in the folder we remove
  chmodSync(dataDir, 0o755);
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CRM_DATA_DIR: dataDir,
    CRM_DEMO_CUSTOMERS: '500',
    CRM_DEMO_DAYS: '25',
    PORT: String(port),
    HOST: '127.0.0.1',
    CRM_INBOX_DIR: path.join(dataDir, 'inbox'), // where a journey drops a day folder for POST /api/admin/imports
  };
  delete env.DATABASE_URL; // always the embedded database, even when the server suite used an external one
  const log = createWriteStream(path.join(dataDir, 'server.log'));
  const server = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  server.stderr.pipe(log);

  let output = '';
  server.stdout.on('data', (chunk: Buffer) => {
    log.write(chunk);
    output = (output + chunk.toString()).slice(-3000);
  });
  await waitUntilReady(`http://127.0.0.1:${port}`, server, () => output);
  process.env.E2E_BASE_URL = `http://127.0.0.1:${port}`;
  // journeys that write extract folders read the demo's days and the server's inbox from here
  process.env.E2E_DATA_DIR = dataDir;
  process.env.E2E_INBOX_DIR = env.CRM_INBOX_DIR;

  return async () => {
    if (server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGINT');
      const timeout = new Promise((resolve) => setTimeout(resolve, 15_000));
      await Promise.race([exited, timeout]);
      if (server.exitCode === null) server.kill('SIGKILL');
    }
    log.end();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
