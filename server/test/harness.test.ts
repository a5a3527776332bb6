import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from './harness.js';

describe('test database harness', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('clones a migrated schema with numeric and date as strings', async () => {
    const { rows } = await db.pool.query(`select 1.10::numeric as n, date '2026-11-20' as d, 12345678901234::int8 as c`);
    expect(rows[0]).toEqual({ n: '1.10', d: '2026-11-20', c: '12345678901234' });
    const { rows: applied } = await db.pool.query(`select name from schema_migrations order by name`);
    expect(applied[0]).toEqual({ name: '0001_foundation.sql' });
  });

  it('keeps the audit log append-only', async () => {
    await db.pool.query(`insert into audit_log (action) values ('test')`);
    await expect(db.pool.query(`update audit_log set action = 'x'`)).rejects.toThrow(/append-only/);
    await expect(db.pool.query(`delete from audit_log`)).rejects.toThrow(/append-only/);
  });
});
