import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useBeforeAll, useTempDir, useTestDb } from './harness.js';

describe('test database harness', () => {
  const db = useTestDb(async (fresh) => {
    await fresh.pool.query(`insert into audit_log (action) values ('seeded')`);
  });

  it('clones a migrated schema with numeric and date as strings', async () => {
    const { rows } = await db.pool.query(`select 1.10::numeric as n, date '2026-11-20' as d, 12345678901234::int8 as c`);
    expect(rows[0]).toEqual({ n: '1.10', d: '2026-11-20', c: '12345678901234' });
    const { rows: applied } = await db.pool.query(`select name from schema_migrations order by name`);
    expect(applied[0]).toEqual({ name: '0001_foundation.sql' });
  });

  it('runs the seed once, before the tests, on a database of its own', async () => {
    const { rows } = await db.pool.query(`select action, current_database() as name from audit_log`);
    expect(rows).toEqual([{ action: 'seeded', name: expect.stringMatching(/^quancrm_t_[0-9a-f]{10}$/) }]);
    expect(new URL(db.url).pathname).toBe(`/${rows[0].name}`);
  });

  it('keeps the audit log append-only', async () => {
    await db.pool.query(`insert into audit_log (action) values ('test')`);
    await expect(db.pool.query(`update audit_log set action = 'x'`)).rejects.toThrow(/append-only/);
    await expect(db.pool.query(`delete from audit_log`)).rejects.toThrow(/append-only/);
  });
});

describe('temporary folder', () => {
  const tmp = useTempDir('quancrm-harness-');

  it('is an empty folder of its own in the system temporary folder', async () => {
    expect(path.dirname(tmp.path)).toBe(os.tmpdir());
    expect(path.basename(tmp.path)).toMatch(/^quancrm-harness-.{6}$/);
    expect(await fs.readdir(tmp.path)).toEqual([]);
  });
});

describe('useBeforeAll', () => {
  const log: string[] = [];
  describe('a block holding a value', () => {
    const handle = useBeforeAll('counter', async () => {
      log.push('create');
      return { n: 2, twice(this: { n: number }) { return this.n * 2; }, add: (a: number, b: number) => a + b };
    }, async (value) => {
      log.push(`dispose ${value.n}`);
    }, ['add']);
    const early = (() => {
      try {
        return handle.n;
      } catch (err) {
        return (err as Error).message;
      }
    })();
    const { add } = handle; // a listed method may be taken before beforeAll

    it('throws when read before beforeAll, then reads through to the value, methods bound to it', () => {
      expect(early).toBe('counter: used before beforeAll has run');
      expect([handle.n, handle.twice(), add(2, 4)]).toEqual([2, 4, 6]);
      expect(log).toEqual(['create']);
    });
  });

  it('disposes of the value once the block is done', () => {
    expect(log).toEqual(['create', 'dispose 2']);
  });
});
