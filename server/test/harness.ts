/**
 * Test databases: each call clones the migrated template into a fresh database on the test
 * server (see global-setup.ts) and returns a pool on it; `drop()` removes it.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import '../src/db/database.js'; // type parsers: numeric, int8 and date as strings
import { databaseUrl, onServer } from '../src/db/server-admin.js';

export interface TestDb {
  pool: pg.Pool;
  url: string;
  drop(): Promise<void>;
}

export async function createTestDb(): Promise<TestDb> {
  const adminUrl = inject('adminUrl');
  const template = inject('templateDb');
  const name = `quancrm_t_${randomBytes(5).toString('hex')}`;
  await onServer(adminUrl, `create database ${name} template ${template}`);
  const url = databaseUrl(adminUrl, name);
  const pool = new pg.Pool({ connectionString: url, max: 5 });
  return {
    pool,
    url,
    async drop() {
      await pool.end();
      await onServer(adminUrl, `drop database if exists ${name} with (force)`);
    },
  };
}
