/**
 * A real primary and streaming replica for the read-replica tests: a PostgreSQL 15 cluster made
 * with initdb in a temporary folder (wal_level=replica, trust on 127.0.0.1), the QuanCRM schema
 * migrated into its database `quancrm`, then a second cluster copied from it with
 * `pg_basebackup -R` (standby.signal and primary_conninfo written by it) and started as a hot
 * standby. Both on free ports, as the `postgres` user when the tests run as root; stopped and
 * removed by `stop()`. The binaries: PG_BIN, default /usr/lib/postgresql/15/bin (Debian's).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort } from '../src/db/embedded.js';
import { postgresUser, runProgram, type RunAs } from '../src/db/embedded-process.js';
import { migrate } from '../src/db/migrate.js';

const BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

const FLAGS = [
  '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'wal_level=replica', '-c', 'max_wal_senders=4',
  '-c', 'hot_standby=on', '-c', 'fsync=off', '-c', 'shared_buffers=32MB', '-c', 'max_connections=40', '-c', 'timezone=Asia/Shanghai',
];

export interface ReplicaPair {
  primaryUrl: string;
  replicaUrl: string;
  /** Stops applying WAL on the replica (pg_wal_replay_pause) until resumeReplay. */
  pauseReplay(): Promise<void>;
  resumeReplay(): Promise<void>;
  /** Waits until the replica has replayed everything the primary has written so far. */
  caughtUp(): Promise<void>;
  /** Stops the replica (fast shutdown); the primary runs on. */
  stopReplica(): Promise<void>;
  stop(): Promise<void>;
}

interface Postmaster {
  child: ChildProcess;
  exited: Promise<void>;
}

async function sh(file: string, args: string[], runAs: RunAs | null): Promise<void> {
  const r = await runProgram(path.join(BIN, file), args, { ...(runAs ?? {}), env: { ...process.env, LC_ALL: 'C' } });
  if (r.code !== 0) throw new Error(`${file} ${args.join(' ')} failed: ${r.output}`);
}

function startPostmaster(dataDir: string, port: number, runAs: RunAs | null): Postmaster {
  const child = spawn(path.join(BIN, 'postgres'), ['-D', dataDir, '-p', String(port), ...FLAGS], {
    ...(runAs ?? {}), stdio: ['ignore', 'ignore', 'ignore'], env: { ...process.env, LC_ALL: 'C' },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { child, exited };
}

async function ready(url: string, postmaster: Postmaster): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.query('select 1');
      await client.end();
      return;
    } catch (err) {
      await client.end().catch(() => undefined);
      if (postmaster.child.exitCode !== null || Date.now() > deadline) throw new Error(`PostgreSQL at ${url} did not start: ${(err as Error).message}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

async function one<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows[0]!;
  } finally {
    await client.end();
  }
}

async function stopPostmaster(p: Postmaster | undefined): Promise<void> {
  if (!p || p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill('SIGINT'); // fast shutdown
  await p.exited;
}

export async function startReplicaPair(): Promise<ReplicaPair> {
  if (!existsSync(path.join(BIN, 'pg_basebackup'))) throw new Error(`No PostgreSQL binaries in ${BIN} (set PG_BIN)`);
  const runAs = process.getuid?.() === 0 ? await postgresUser(() => undefined) : null;
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'quancrm-replica-'));
  if (runAs) await fs.chown(root, runAs.uid, runAs.gid);
  const primaryDir = path.join(root, 'primary');
  const replicaDir = path.join(root, 'replica');
  let primary: Postmaster | undefined;
  let replica: Postmaster | undefined;
  const stop = async () => {
    await stopPostmaster(replica);
    await stopPostmaster(primary);
    await fs.rm(root, { recursive: true, force: true });
  };
  try {
    await sh('initdb', ['-D', primaryDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C'], runAs);
    const primaryPort = await freePort();
    primary = startPostmaster(primaryDir, primaryPort, runAs);
    const admin = `postgres://postgres@127.0.0.1:${primaryPort}/postgres`;
    await ready(admin, primary);
    await one(admin, 'create database quancrm');
    const primaryUrl = `postgres://postgres@127.0.0.1:${primaryPort}/quancrm`;
    const pool = new pg.Pool({ connectionString: primaryUrl, max: 1 });
    try {
      await migrate(pool);
    } finally {
      await pool.end();
    }

    await sh('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', '-D', replicaDir, '-R', '-X', 'stream', '-c', 'fast'], runAs);
    const replicaPort = await freePort();
    replica = startPostmaster(replicaDir, replicaPort, runAs);
    const replicaUrl = `postgres://postgres@127.0.0.1:${replicaPort}/quancrm`;
    await ready(replicaUrl, replica);
    const { standby } = await one<{ standby: boolean }>(replicaUrl, 'select pg_is_in_recovery() as standby');
    if (!standby) throw new Error('the copy made by pg_basebackup -R is not a standby');

    return {
      primaryUrl,
      replicaUrl,
      async pauseReplay() {
        await one(replicaUrl, 'select pg_wal_replay_pause()');
        while ((await one<{ s: string }>(replicaUrl, 'select pg_get_wal_replay_pause_state() as s')).s !== 'paused') await new Promise((r) => setTimeout(r, 50));
      },
      async resumeReplay() {
        await one(replicaUrl, 'select pg_wal_replay_resume()');
      },
      async caughtUp() {
        const { lsn } = await one<{ lsn: string }>(primaryUrl, 'select pg_current_wal_lsn()::text as lsn');
        const deadline = Date.now() + 60_000;
        while (!(await one<{ ok: boolean }>(replicaUrl, `select pg_last_wal_replay_lsn() >= '${lsn}'::pg_lsn as ok`)).ok) {
          if (Date.now() > deadline) throw new Error(`the replica did not replay up to ${lsn}`);
          await new Promise((r) => setTimeout(r, 50));
        }
      },
      stopReplica: () => stopPostmaster(replica),
      stop,
    };
  } catch (err) {
    await stop().catch(() => undefined);
    throw err;
  }
}
