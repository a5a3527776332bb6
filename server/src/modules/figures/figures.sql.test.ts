/**
 * The daily derivation statements pick their own plan (sort-based grouping, figures.sql.ts): the
 * figures come out as the import derived them, and the caller's planner settings are left as found.
 */
import { describe, expect, it } from 'vitest';
import { inTransaction } from '../../db/database.js';
import { useTestDb, useTempDir } from '../../../test/harness.js';
import { writeDay } from '../../../test/extract-builder.js';
import { day1, fingerprint } from '../../../test/extract-fixtures.js';
import { importDay } from '../extract/extract.service.js';
import { deriveAccountDaily, deriveCustomerDaily } from './figures.sql.js';

describe('daily derivation with sort-based grouping', () => {
  const db = useTestDb();
  const tmp = useTempDir('quancrm-figures-');

  it('derives the same rows again and gives the transaction its hash-aggregate setting back', async () => {
    const r = await importDay(db.pool, await writeDay(tmp.path, '2026-11-02', day1()), { startedBy: 'test' });
    expect(r.status).toBe('SUCCEEDED');
    const imported = await fingerprint(db);
    for (const callerSetting of ['on', 'off']) {
      const after = await inTransaction(db.pool, async (client) => {
        await client.query(`select set_config('enable_hashagg', $1, true)`, [callerSetting]);
        await deriveAccountDaily(client, '2026-11-02');
        await deriveCustomerDaily(client, '2026-11-02', { carryForward: true });
        const { rows } = await client.query<{ hashagg: string }>(`select current_setting('enable_hashagg') as hashagg`);
        return rows[0]!.hashagg;
      });
      expect(after).toBe(callerSetting);
      expect(await fingerprint(db)).toEqual(imported);
    }
  });
});
