import { describe, expect, it } from 'vitest';
import { useTestApp, withBrokerage } from '../../../test/app-harness.js';
import { inTransaction } from '../../db/database.js';
import { writeAudit } from './audit.service.js';

const t = useTestApp({ seed: withBrokerage(['admin', 'compliance', 'hq_user', 'broker1']) });

describe('writeAudit', () => {
  it('writes with the transaction it is given, so a rollback takes the row with it', async () => {
    await inTransaction(t.db.pool, (client) =>
      writeAudit(client, { user: { id: null, username: 'cli:ops' }, action: 'test.kept', entity: 'thing', entityId: '1', detail: { n: [1, 2] }, ip: '10.1.1.1' }),
    );
    await expect(
      inTransaction(t.db.pool, async (client) => {
        await writeAudit(client, { action: 'test.rolled_back' });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    const { rows } = await t.db.pool.query(`select user_id, username, action, entity, entity_id, detail, ip from audit_log where action like 'test.%'`);
    expect(rows).toEqual([{ user_id: null, username: 'cli:ops', action: 'test.kept', entity: 'thing', entity_id: '1', detail: { n: [1, 2] }, ip: '10.1.1.1' }]);
  });
});
