/**
 * A fresh database for a benchmark: on the server named by DATABASE_URL (a new database created
 * beside it) or on an embedded server in a temporary folder. Migrated, dropped at the end.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { discardEmbedded, startEmbedded } from '../../server/src/db/embedded.js';
import { migrate } from '../../server/src/db/migrate.js';
import '../../server/src/db/database.js';
import { createDatabase } from '../../server/src/db/server-admin.js';

export interface ScratchDb {
  pool: pg.Pool;
  where: string;
  /** Ends the pool and drops the database (keeps it, and says where, with `keep` on an external server). */
  close(opts?: { keep?: boolean }): Promise<void>;
}

export async function scratchDb(): Promise<ScratchDb> {
  let adminUrl = process.env.DATABASE_URL;
  let stopServer = async () => undefined as void;
  let where = 'external PostgreSQL (DATABASE_URL)';
  if (!adminUrl) {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'quancrm-bench-'));
    const server = await startEmbedded({ dataDir: dir, log: () => undefined });
    adminUrl = server.url;
    where = 'embedded PostgreSQL';
    stopServer = async () => {
      await server.stop();
      await discardEmbedded(dir);
    };
  }
  const db = await createDatabase(adminUrl, `quancrm_bench_${process.pid}`, { replace: true, max: 4 });
  await migrate(db.pool);
  const { rows } = await db.pool.query<{ v: string }>(`select current_setting('server_version') as v`);
  where += ` ${rows[0]?.v}`;
  return {
    pool: db.pool,
    where,
    async close(opts = {}) {
      if (opts.keep && process.env.DATABASE_URL) {
        await db.pool.end();
        console.error(`kept the database: ${db.url}`);
        return;
      }
      await db.drop();
      await stopServer();
    },
  };
}
