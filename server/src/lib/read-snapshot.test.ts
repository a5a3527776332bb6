import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../test/harness.js';
import { inReadSnapshot } from './read-snapshot.js';

describe('inReadSnapshot', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb();
    await db.pool.query('create table snapshot_probe (n int); insert into snapshot_probe values (1)');
  });
  afterAll(async () => {
    await db.drop();
  });

  const count = async (q: { query: typeof db.pool.query }) => (await q.query<{ n: number }>('select count(*)::int as n from snapshot_probe')).rows[0]?.n;

  it('reads one snapshot while another connection commits, with the settings given', async () => {
    const seen = await inReadSnapshot(
      db.pool,
      async (client) => {
        const before = await count(client);
        await db.pool.query('insert into snapshot_probe values (2)'); // committed on another connection
        const after = await count(client);
        const { rows } = await client.query<{ iso: string; mem: string }>(`select current_setting('transaction_isolation') as iso, current_setting('work_mem') as mem`);
        return [before, after, rows[0]?.iso, rows[0]?.mem];
      },
      `set local work_mem = '7MB'`,
    );
    expect(seen).toEqual([1, 1, 'repeatable read', '7MB']);
    expect(await count(db.pool)).toBe(2); // the other connection's row, once the snapshot is over
  });

  it('without settings, only the snapshot', async () => {
    const { rows: outside } = await db.pool.query<{ mem: string }>(`select current_setting('work_mem') as mem`);
    const seen = await inReadSnapshot(db.pool, async (client) => {
      const { rows } = await client.query<{ iso: string; mem: string }>(`select current_setting('transaction_isolation') as iso, current_setting('work_mem') as mem`);
      return rows[0];
    });
    expect(seen).toEqual({ iso: 'repeatable read', mem: outside[0]?.mem });
  });
});
