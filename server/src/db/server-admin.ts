/**
 * Server-level chores done outside any pool: statements such as CREATE/DROP DATABASE that must run
 * on a connection of their own, and the URL of another database on the same server. Used by the
 * test harness and the benchmarks, which make and drop databases beside the configured one.
 */
import pg from 'pg';

/** Runs the statements in order on one short-lived connection to `url`. */
export async function onServer(url: string, ...statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const sql of statements) await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The same server and credentials as `url`, another database. */
export function databaseUrl(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = '/' + database;
  return u.toString();
}

/**
 * A pool on a database that a forced DROP DATABASE may end: pool.end() resolves before every
 * connection has said goodbye, so the drop may end one still closing, whose FATAL 57P01 the pool
 * reports as an idle client's error — expected, not a failure (unheard, it would be an uncaught
 * exception). Every pool on a database that `drop()` removes is made here.
 */
export function droppablePool(url: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on('error', () => undefined);
  return pool;
}

/** A database made by createDatabase: a pool on it, its URL, and `drop()`, which ends the pool and drops it. */
export interface ServerDatabase {
  pool: pg.Pool;
  url: string;
  drop(): Promise<void>;
}

/**
 * Creates the database `name` on the server of `adminUrl` (a copy of `template` if given; after dropping
 * a left-over database of that name if `replace`) and returns a pool of at most `max` connections on it.
 */
export async function createDatabase(adminUrl: string, name: string, opts: { max: number; template?: string; replace?: boolean }): Promise<ServerDatabase> {
  const create = opts.template ? `create database ${name} template ${opts.template}` : `create database ${name}`;
  await onServer(adminUrl, ...(opts.replace ? [`drop database if exists ${name}`, create] : [create]));
  const url = databaseUrl(adminUrl, name);
  const pool = droppablePool(url, opts.max);
  return {
    pool,
    url,
    async drop() {
      await pool.end();
      await onServer(adminUrl, `drop database if exists ${name} with (force)`);
    },
  };
}
