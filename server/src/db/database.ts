/**
 * Opens the system of record: the external server named by DATABASE_URL, or else the embedded
 * one in CRM_DATA_DIR. Migrates the schema before returning.
 */
import pg from 'pg';
import type { Config } from '../config.js';
import { startEmbedded, type EmbeddedServer } from './embedded.js';
import { migrate } from './migrate.js';

// numeric, int8 and date stay strings: money is never a JavaScript number, dates never shift by time zone.
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => v);
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => v);
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

export interface Database {
  pool: pg.Pool;
  url: string;
  embedded: boolean;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Log lines for the operator (progress, notices). */
  log?: (message: string) => void;
  poolSize?: number;
  migrate?: boolean;
}

export async function openDatabase(cfg: Pick<Config, 'DATABASE_URL' | 'dataDir'>, opts: OpenOptions = {}): Promise<Database> {
  let server: EmbeddedServer | undefined;
  let url = cfg.DATABASE_URL;
  if (!url) {
    server = await startEmbedded({ dataDir: cfg.dataDir, log: opts.log });
    url = server.url;
  }
  const pool = new pg.Pool({ connectionString: url, max: opts.poolSize ?? 10, application_name: 'quancrm' });
  let closed = false;
  pool.on('error', (err) => {
    if (!closed) (opts.log ?? console.error)(`database connection error: ${err.message}`);
  });
  try {
    const { rows } = await pool.query<{ v: string }>("select current_setting('server_version_num') as v");
    if (Number(rows[0]?.v) < 150000) throw new Error(`PostgreSQL ${rows[0]?.v} is too old: QuanCRM needs 15 or newer.`);
    if (opts.migrate !== false) await migrate(pool, opts.log);
  } catch (err) {
    await pool.end().catch(() => undefined);
    await server?.stop().catch(() => undefined);
    throw err;
  }
  return {
    pool,
    url,
    embedded: Boolean(server),
    async close() {
      if (closed) return;
      closed = true;
      await pool.end().catch(() => undefined);
      await server?.stop();
    },
  };
}

/** Runs `fn` in one transaction on one connection; rolls back on any error. */
export async function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const result = await fn(client);
    await client.query('commit');
    return result;
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
