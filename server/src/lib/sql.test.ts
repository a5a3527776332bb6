import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../db/database.js';
import { createTestDb, type TestDb } from '../../test/harness.js';
import { withLocalSettings } from './sql.js';

describe('withLocalSettings', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('changes the settings for what it runs and puts back those it found, in the transaction', async () => {
    const seen = await inTransaction(db.pool, async (client) => {
      await client.query(`set local work_mem = '8MB'`);
      const setting = async (name: string) => (await client.query<{ v: string }>('select current_setting($1) as v', [name])).rows[0]!.v;
      const before = [await setting('enable_seqscan'), await setting('work_mem')];
      const inside = await withLocalSettings(client, { enable_seqscan: 'off', work_mem: '64MB' }, async () => [await setting('enable_seqscan'), await setting('work_mem')]);
      const after = [await setting('enable_seqscan'), await setting('work_mem')];
      return { before, inside, after };
    });
    expect(seen).toEqual({ before: ['on', '8MB'], inside: ['off', '64MB'], after: ['on', '8MB'] });
  });
});
