/**
 * POST /api/admin/imports: an import started while the server runs, from the inbox folder
 * (CRM_INBOX_DIR, set for this file before the configuration is first read).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { useTestApp } from '../../../test/app-harness.js';
import { writeDay } from '../../../test/extract-builder.js';
import { insertLogins } from '../../../test/fixtures.js';
import { account, customer } from '../../../test/reports-harness.js';

const inbox = vi.hoisted(() => {
  const dir = `${process.env.TMPDIR ?? '/tmp'}/quancrm-inbox-${process.pid}-${Date.now()}`;
  process.env.CRM_INBOX_DIR = dir;
  return dir;
});

const t = useTestApp({ seed: (db) => insertLogins(db.pool, ['admin', 'hq_user']), sessions: ['admin', 'hq_user'] });

afterAll(async () => {
  await fs.rm(inbox, { recursive: true, force: true });
});

describe('POST /api/admin/imports', () => {
  it('imports a day folder of the inbox for an ADMIN only, and records the run', async () => {
    await writeDay(inbox, '2025-06-16', {
      'branches.csv': [{ branch_code: 'B01', branch_name: '上海浦东南路营业部', city: '上海' }],
      'customers.csv': [customer('0001', '甲客户', 'B01', '2025-06-16')],
      'fund_accounts.csv': [account('FA', '0001', 'CNY', '2025-06-16')],
      'assets.csv': [{ fund_account: 'FA', currency: 'CNY', cash: '1000.00', stock_value: '0.00', fund_value: '0.00', bond_value: '0.00', other_value: '0.00', total_asset: '1000.00', debt: '0.00' }],
    });
    expect((await t.call('hq_user', 'POST', '/api/admin/imports', { day: '20250616' })).statusCode).toBe(403);
    const traversal = await t.call('admin', 'POST', '/api/admin/imports', { day: '../20250616' });
    expect(traversal.statusCode).toBe(422);
    expect(traversal.json().errors.map((e: { field: string }) => e.field)).toEqual(['day']);
    expect((await t.call('admin', 'POST', '/api/admin/imports', { day: '20250617' })).statusCode).toBe(404);

    const res = await t.call('admin', 'POST', '/api/admin/imports', { day: '20250616' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'SUCCEEDED', tradeDate: '2025-06-16', folder: path.join(inbox, '20250616'), replaced: false, problemCount: 0, rows: 4 }); // branch, customer, account, assets
    const { rows: runs } = await t.db.pool.query(`select status, started_by, trade_date from import_runs`);
    expect(runs).toEqual([{ status: 'SUCCEEDED', started_by: 'admin', trade_date: '2025-06-16' }]);
    const { rows: audit } = await t.db.pool.query(`select username, entity_id from audit_log where action = 'extract.import'`);
    expect(audit).toEqual([{ username: 'admin', entity_id: '2025-06-16' }]);
  });

  it('refuses a closed day unless the request forces it (as crm import --force)', async () => {
    // 2025-06-02, a Monday: 端午 (Dragon Boat Festival), an exchange holiday
    await writeDay(inbox, '2025-06-02', {
      'assets.csv': [{ fund_account: 'FA', currency: 'CNY', cash: '1000.00', stock_value: '0.00', fund_value: '0.00', bond_value: '0.00', other_value: '0.00', total_asset: '1000.00', debt: '0.00' }],
    });
    const refused = await t.call('admin', 'POST', '/api/admin/imports', { day: '20250602' });
    expect(refused.statusCode, refused.body).toBe(200);
    expect(refused.json()).toMatchObject({
      status: 'FAILED',
      problems: [{ file: 'manifest.json', column: 'trade_date', reason: expect.stringContaining('2025-06-02 is an exchange holiday') }],
    });
    const forced = await t.call('admin', 'POST', '/api/admin/imports', { day: '20250602', force: true });
    expect(forced.json()).toMatchObject({ status: 'SUCCEEDED', warnings: [expect.stringContaining('manifest.json: forced: trade_date 2025-06-02 is an exchange holiday')] });
  });
});
