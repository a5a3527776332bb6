import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTestApp, withBrokerage } from '../../../test/app-harness.js';
import { FIXED_NOW, PASSWORD } from '../../../test/fixtures.js';
import { inTransaction } from '../../db/database.js';
import { DEMO_HISTORY_USER, loadDemoContacts } from '../demo/demo-contacts.js';

const t = useTestApp({
  seed: async (db) => {
    await withBrokerage(['admin', 'hq_user', 'compliance', 'broker1', 'broker2', 'tl_t11'])(db);
    await db.pool.query(
      `insert into import_runs (kind, started_at, finished_at, started_by, folder, trade_date, status, files, row_counts, duration_ms, error_count, errors, warnings) values
         ('EXTRACT', '2025-06-13T10:00:00Z', '2025-06-13T10:00:05Z', 'cli:ops', '/data/20250613', '2025-06-13', 'SUCCEEDED',
          '{"customers.csv":{"rows":10,"sha256":"ab","bytes":1234}}', '{"customers.csv":10}', 5000, 0, null, '["trades.csv: 2 rows of unknown channel"]'),
         ('EXTRACT', '2025-06-14T10:00:00Z', '2025-06-14T10:00:01Z', 'cli:ops', '/data/20250614', '2025-06-14', 'FAILED',
          '{}', null, 1000, 2, '[{"file":"assets.csv","line":12,"column":"cash","reason":"not a decimal"},{"file":"manifest.json","reason":"missing"}]', '[]'),
         ('ORG', '2025-06-15T10:00:00Z', '2025-06-15T10:00:01Z', 'cli:ops', '/data/org', null, 'SUCCEEDED', '{}', '{}', 800, 0, null, null)`,
    );
  },
  sessions: ['admin', 'hq_user', 'compliance', 'broker1', 'tl_t11'],
});
const { call } = t;

async function userId(username: string): Promise<string> {
  const { rows } = await t.db.pool.query<{ id: string }>('select id from users where username = $1', [username]);
  return String(rows[0]!.id);
}

async function auditRows(action: string) {
  const { rows } = await t.db.pool.query(`select username, action, entity, entity_id, detail from audit_log where action = $1 order by id`, [action]);
  return rows;
}

describe('permissions', () => {
  it.each([
    ['GET', '/api/admin/users'],
    ['POST', '/api/admin/users'],
    ['PATCH', '/api/admin/users/1'],
    ['POST', '/api/admin/users/1/reset-password'],
    ['GET', '/api/admin/settings'],
    ['PUT', '/api/admin/settings/tiers'],
  ] as const)('%s %s: 403 for HQ, COMPLIANCE, broker; 401 without login', async (method, url) => {
    for (const username of ['hq_user', 'compliance', 'broker1', 'tl_t11']) {
      const res = await call(username, method, url, method === 'GET' ? undefined : {});
      expect(res.statusCode, username).toBe(403);
      expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    }
    expect((await t.app.inject({ method, url })).statusCode).toBe(401);
  });

  it.each([['/api/admin/import-runs'], ['/api/admin/import-runs/1']])('%s: ADMIN and HQ only', async (url) => {
    for (const username of ['compliance', 'broker1', 'tl_t11']) expect((await call(username, 'GET', url)).statusCode, username).toBe(403);
    for (const username of ['admin', 'hq_user']) expect((await call(username, 'GET', url)).statusCode, username).toBe(200);
  });
});

describe('users', () => {
  it('lists logins with role, staff, disabled and last login, paged and filtered', async () => {
    const res = await call('admin', 'GET', '/api/admin/users?pageSize=2');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total).toBe(6);
    expect(body.items).toHaveLength(2);
    const brokers = (await call('admin', 'GET', '/api/admin/users?role=BROKER')).json();
    expect(brokers.items.map((u: { username: string }) => u.username)).toEqual(['broker1', 'broker2']);
    expect(brokers.items[0]).toEqual({
      id: expect.any(String),
      username: 'broker1',
      displayName: null,
      role: 'BROKER',
      staffNo: 'S001',
      staffName: '张伟',
      branchCode: 'B01',
      disabled: false,
      system: false,
      createdAt: expect.any(String),
      lastLoginAt: FIXED_NOW.toISOString(),
    });
    expect(brokers.items[1].lastLoginAt).toBeNull();
    const byName = (await call('admin', 'GET', '/api/admin/users?q=李娜')).json();
    expect(byName.items.map((u: { username: string }) => u.username)).toEqual(['broker2']);
  });

  it('creates a login (audited), refusing bad fields with 422 and a taken name with 409', async () => {
    const res = await call('admin', 'POST', '/api/admin/users', { username: 'new.broker', password: 'long enough 1', role: 'BROKER', staffNo: 'S003', displayName: '新人' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ username: 'new.broker', role: 'BROKER', staffNo: 'S003', staffName: '王强', disabled: false });
    expect(await auditRows('user.created')).toContainEqual(
      expect.objectContaining({ username: 'admin', entity: 'user', entity_id: res.json().id, detail: { username: 'new.broker', role: 'BROKER', staffNo: 'S003' } }),
    );
    await t.login('new.broker', 'long enough 1');

    const bad = await call('admin', 'POST', '/api/admin/users', { username: 'x', password: 'short', role: 'BROKER' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['username', 'password']));
    const noStaff = await call('admin', 'POST', '/api/admin/users', { username: 'nostaff', password: 'long enough 1', role: 'BROKER' });
    expect(noStaff.statusCode).toBe(422);
    expect(noStaff.json().errors).toEqual([{ field: 'staffNo', message: expect.any(String) }]);
    const unknownStaff = await call('admin', 'POST', '/api/admin/users', { username: 'badstaff', password: 'long enough 1', role: 'BROKER', staffNo: 'S777' });
    expect(unknownStaff.statusCode).toBe(422);
    const taken = await call('admin', 'POST', '/api/admin/users', { username: 'BROKER1', password: 'long enough 1', role: 'HQ' });
    expect(taken.statusCode).toBe(409);
  });

  it('disables (ending the sessions) and enables a login, audited', async () => {
    const cookie = await t.login('broker2');
    const id = await userId('broker2');
    const res = await call('admin', 'PATCH', `/api/admin/users/${id}`, { disabled: true });
    expect(res.statusCode).toBe(200);
    expect(res.json().disabled).toBe(true);
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'broker2', password: PASSWORD } })).statusCode).toBe(401);
    expect(await auditRows('user.disabled')).toEqual([
      { username: 'admin', action: 'user.disabled', entity: 'user', entity_id: id, detail: { username: 'broker2', changes: { disabled: { from: false, to: true } }, sessionsEnded: 1 } },
    ]);

    expect((await call('admin', 'PATCH', `/api/admin/users/${id}`, { disabled: false })).json().disabled).toBe(false);
    await t.login('broker2');
    expect(await auditRows('user.enabled')).toHaveLength(1);
    expect((await call('admin', 'GET', '/api/admin/users?disabled=true')).json().total).toBe(0);
  });

  it('refuses to let an admin disable or demote themselves', async () => {
    const id = await userId('admin');
    const res = await call('admin', 'PATCH', `/api/admin/users/${id}`, { disabled: true });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('CANNOT_DISABLE_SELF');
    expect((await call('admin', 'PATCH', `/api/admin/users/${id}`, { role: 'HQ' })).statusCode).toBe(409);
    const { rows } = await t.db.pool.query('select disabled, role from users where username = $1', ['admin']);
    expect(rows[0]).toEqual({ disabled: false, role: 'ADMIN' });
  });

  it('changes role and staff link, checking the link a scoped role needs, ending the sessions issued under the old one', async () => {
    const id = await userId('hq_user');
    const cookie = await t.login('hq_user');
    const noStaff = await call('admin', 'PATCH', `/api/admin/users/${id}`, { role: 'TEAM_LEAD' });
    expect(noStaff.statusCode).toBe(422);
    expect(noStaff.json().errors[0].field).toBe('staffNo');
    expect((await call('admin', 'PATCH', `/api/admin/users/${id}`, { role: 'TEAM_LEAD', staffNo: 'S404' })).statusCode).toBe(422);
    const ok = await call('admin', 'PATCH', `/api/admin/users/${id}`, { role: 'TEAM_LEAD', staffNo: 'S005' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ role: 'TEAM_LEAD', staffNo: 'S005', staffName: '刘洋' });
    // the sessions opened as HQ (this test's and the harness's) ended with the change; the refused changes above left them alone
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode).toBe(401);
    expect(await auditRows('user.updated')).toContainEqual(
      expect.objectContaining({ entity_id: id, detail: { username: 'hq_user', changes: { role: { from: 'HQ', to: 'TEAM_LEAD' }, staffNo: { from: null, to: 'S005' } }, sessionsEnded: 2 } }),
    );
    // a display name alone changes no scope: the new session lives on
    const again = await t.login('hq_user');
    expect((await call('admin', 'PATCH', `/api/admin/users/${id}`, { displayName: '总部用户' })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: again } })).statusCode).toBe(200);
    const back = await call('admin', 'PATCH', `/api/admin/users/${id}`, { role: 'HQ', staffNo: null });
    expect(back.json()).toMatchObject({ role: 'HQ', staffNo: null });
    // the later tests call as hq_user: a session under the restored role
    t.cookies.hq_user = await t.login('hq_user');
    expect((await call('admin', 'PATCH', '/api/admin/users/999999', { disabled: true })).statusCode).toBe(404);
    expect((await call('admin', 'PATCH', `/api/admin/users/${id}`, { role: 'KING' })).statusCode).toBe(422);
  });

  it('hides the system login of the demo contact history unless asked, marks it, and refuses to enable, change or reset it', async () => {
    // the demo load creates it (a contacts file with no contact: the login alone)
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'quancrm-system-user-'));
    const file = path.join(dir, 'contacts.csv');
    await fs.writeFile(file, 'customer_no,staff_no,channel,at,summary,next_action,next_due_on,next_done_at\n');
    expect(await inTransaction(t.db.pool, (client) => loadDemoContacts(client, file))).toBe(0);
    await fs.rm(dir, { recursive: true, force: true });
    const names = (body: { items: { username: string }[] }) => body.items.map((u) => u.username);

    const byDefault = (await call('admin', 'GET', '/api/admin/users')).json();
    expect(names(byDefault)).not.toContain(DEMO_HISTORY_USER);
    expect(names((await call('admin', 'GET', '/api/admin/users?disabled=true')).json())).not.toContain(DEMO_HISTORY_USER);
    const all = (await call('admin', 'GET', '/api/admin/users?includeSystem=true')).json();
    // two system logins: the demo's contact history and the customer space's audit identity (migration 0041)
    expect(all.total).toBe(byDefault.total + 2);
    const system = all.items.find((u: { username: string }) => u.username === DEMO_HISTORY_USER);
    expect(system).toMatchObject({ role: 'HQ', staffNo: null, disabled: true, system: true });
    expect(names({ items: all.items.filter((u: { system: boolean }) => u.system) }).sort()).toEqual(['customer-space', DEMO_HISTORY_USER]);

    for (const [method, url, body] of [
      ['PATCH', `/api/admin/users/${system.id}`, { disabled: false }],
      ['PATCH', `/api/admin/users/${system.id}`, { displayName: '改名' }],
      ['POST', `/api/admin/users/${system.id}/reset-password`, { password: 'brand new pass 8' }],
    ] as const) {
      const res = await call('admin', method, url, body);
      expect([res.statusCode, res.json().code, res.json().detail], url).toEqual([409, 'SYSTEM_USER', '系统账户不能启用、修改或设置密码。']);
    }
    const { rows } = await t.db.pool.query(`select disabled, system, password_hash, display_name from users where username = $1`, [DEMO_HISTORY_USER]);
    expect(rows).toEqual([{ disabled: true, system: true, password_hash: '!', display_name: '演示数据·历史接触记录 (demo contact history)' }]);
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: DEMO_HISTORY_USER, password: '!' } })).statusCode).toBe(401);
  });

  it('resets a password: the new one works, the old one does not, and the sessions end', async () => {
    const cookie = await t.login('tl_t11');
    const id = await userId('tl_t11');
    expect((await call('admin', 'POST', `/api/admin/users/${id}/reset-password`, { password: 'short' })).statusCode).toBe(422);
    const res = await call('admin', 'POST', `/api/admin/users/${id}/reset-password`, { password: 'brand new pass 7' });
    expect(res.statusCode).toBe(200);
    expect(res.json().sessionsEnded).toBeGreaterThanOrEqual(2);
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'tl_t11', password: PASSWORD } })).statusCode).toBe(401);
    await t.login('tl_t11', 'brand new pass 7');
    const audit = await auditRows('user.password_reset');
    expect(audit).toEqual([{ username: 'admin', action: 'user.password_reset', entity: 'user', entity_id: id, detail: { username: 'tl_t11', sessionsEnded: res.json().sessionsEnded } }]);
    expect(JSON.stringify(audit)).not.toContain('brand new pass');
  });
});

describe('import runs', () => {
  it('lists runs newest first, filtered by kind and status, paged', async () => {
    const all = (await call('hq_user', 'GET', '/api/admin/import-runs')).json();
    expect(all.total).toBe(3);
    expect(all.items.map((r: { kind: string; status: string }) => `${r.kind}:${r.status}`)).toEqual(['ORG:SUCCEEDED', 'EXTRACT:FAILED', 'EXTRACT:SUCCEEDED']);
    expect(all.items[1]).toEqual({
      id: expect.any(String),
      kind: 'EXTRACT',
      startedAt: '2025-06-14T10:00:00.000Z',
      finishedAt: '2025-06-14T10:00:01.000Z',
      startedBy: 'cli:ops',
      folder: '/data/20250614',
      tradeDate: '2025-06-14',
      status: 'FAILED',
      replaced: false,
      durationMs: 1000,
      errorCount: 2,
    });
    const failed = (await call('admin', 'GET', '/api/admin/import-runs?kind=EXTRACT&status=FAILED')).json();
    expect(failed.total).toBe(1);
    const page2 = (await call('admin', 'GET', '/api/admin/import-runs?page=2&pageSize=2')).json();
    expect(page2.items.map((r: { folder: string }) => r.folder)).toEqual(['/data/20250613']);
    expect((await call('admin', 'GET', '/api/admin/import-runs?status=DONE')).statusCode).toBe(422);
  });

  it('shows one run with files, row counts, problems and warnings', async () => {
    const all = (await call('admin', 'GET', '/api/admin/import-runs')).json();
    const failed = (await call('admin', 'GET', `/api/admin/import-runs/${all.items[1].id}`)).json();
    expect(failed.errors).toEqual([
      { file: 'assets.csv', line: 12, column: 'cash', reason: 'not a decimal' },
      { file: 'manifest.json', line: null, column: null, reason: 'missing' },
    ]);
    const ok = (await call('hq_user', 'GET', `/api/admin/import-runs/${all.items[2].id}`)).json();
    expect(ok).toMatchObject({
      files: [{ name: 'customers.csv', rows: 10, bytes: 1234, sha256: 'ab' }],
      rowCounts: { 'customers.csv': 10 },
      durationMs: 5000,
      errors: [],
      warnings: ['trades.csv: 2 rows of unknown channel'],
    });
    expect((await call('admin', 'GET', '/api/admin/import-runs/999999')).statusCode).toBe(404);
  });
});

/** The monitoring thresholds of migration 0020 (business-rules.md §9). */
const MONITORING = { largeWithdrawalPercent: '50', largeWithdrawalMin: '500000', quickInOutPercent: '90', quickInOutDays: 3, cancelMinOrders: 20, cancelPercent: '50', marginWarningPercent: '150', marginLiquidationPercent: '130' };

describe('settings', () => {
  it('reads the three settings with their defaults', async () => {
    const res = await call('admin', 'GET', '/api/admin/settings');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      tiers: { value: [{ name: '玉满堂', min: '1000000' }, { name: '金满堂', min: '100000' }, { name: '银满堂', min: '0' }] },
      lifecycle: { value: { sleepingDays: 180, dormantYears: 3, dormantMaxCash: '100' } },
      validCustomer: { value: { minNetAsset: '10000' } },
      importChecks: { value: { minAssetRowsPercent: 50 } },
      monitoring: { value: MONITORING },
    });
  });

  it.each([
    ['tiers', [{ name: 'A', min: '100' }, { name: 'A', min: '0' }], 'tiers.1.name'],
    ['tiers', [{ name: 'A', min: '100' }, { name: 'B', min: '200' }, { name: 'C', min: '0' }], 'tiers.1.min'],
    ['tiers', [{ name: 'A', min: '100' }, { name: 'B', min: '10' }], 'tiers.1.min'],
    ['tiers', [{ name: '', min: '100' }, { name: 'B', min: '0' }], 'tiers.0.name'],
    ['tiers', [{ name: 'A', min: 100 }, { name: 'B', min: '0' }], 'tiers.0.min'],
    ['tiers', [{ name: 'A', min: '1e6' }, { name: 'B', min: '0' }], 'tiers.0.min'],
    ['tiers', [], 'tiers'],
    ['lifecycle', { sleepingDays: 0, dormantYears: 3, dormantMaxCash: '100' }, 'lifecycle.sleepingDays'],
    ['lifecycle', { sleepingDays: 180, dormantYears: 1.5, dormantMaxCash: '100' }, 'lifecycle.dormantYears'],
    ['lifecycle', { sleepingDays: 180, dormantYears: 3, dormantMaxCash: '-1' }, 'lifecycle.dormantMaxCash'],
    ['validCustomer', { minNetAsset: 'abc' }, 'validCustomer.minNetAsset'],
    ['validCustomer', {}, 'validCustomer.minNetAsset'],
    ['importChecks', { minAssetRowsPercent: 101 }, 'importChecks.minAssetRowsPercent'],
    ['importChecks', { minAssetRowsPercent: 12.5 }, 'importChecks.minAssetRowsPercent'],
    ['monitoring', { ...MONITORING, marginLiquidationPercent: '150' }, 'monitoring.marginLiquidationPercent'],
    ['monitoring', { ...MONITORING, cancelPercent: '1000.5' }, 'monitoring.cancelPercent'],
    ['monitoring', { ...MONITORING, quickInOutDays: 2.5 }, 'monitoring.quickInOutDays'],
  ])('PUT %s refuses %j naming %s', async (key, value, field) => {
    const res = await call('admin', 'PUT', `/api/admin/settings/${key}`, value);
    expect(res.statusCode).toBe(422);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('stores a valid change and audits the old and new value', async () => {
    const tiers = [{ name: '钻石', min: '5000000' }, { name: '玉满堂', min: '1000000' }, { name: '金满堂', min: '100000.50' }, { name: '银满堂', min: '0' }];
    const res = await call('admin', 'PUT', '/api/admin/settings/tiers', tiers);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ value: tiers, updatedBy: 'admin' });
    expect((await call('admin', 'GET', '/api/admin/settings')).json().tiers.value).toEqual(tiers);
    const audit = await auditRows('settings.updated');
    expect(audit).toEqual([
      {
        username: 'admin',
        action: 'settings.updated',
        entity: 'setting',
        entity_id: 'tiers',
        detail: { old: [{ name: '玉满堂', min: '1000000' }, { name: '金满堂', min: '100000' }, { name: '银满堂', min: '0' }], new: tiers },
      },
    ]);
    const lc = await call('admin', 'PUT', '/api/admin/settings/lifecycle', { sleepingDays: 90, dormantYears: 2, dormantMaxCash: '50.5' });
    expect(lc.statusCode).toBe(200);
    const vc = await call('admin', 'PUT', '/api/admin/settings/validCustomer', { minNetAsset: '20000' });
    expect(vc.statusCode).toBe(200);
    expect(await auditRows('settings.updated')).toHaveLength(3);
    expect((await call('admin', 'PUT', '/api/admin/settings/demo', { status: 'x' })).statusCode).toBe(404);
  });
});
