import { describe, expect, it } from 'vitest';
import { useTestApp, withBrokerage } from '../../../test/app-harness.js';
import { expectProblem } from '../../../test/problem.js';
import { inTransaction } from '../../db/database.js';
import { writeAudit } from '../audit/audit.service.js';

const t = useTestApp({ seed: withBrokerage(['admin', 'compliance', 'hq_user', 'broker1']) });

describe('GET /api/audit', () => {
  it.each([
    ['hq_user', 403],
    ['broker1', 403],
    ['compliance', 200],
    ['admin', 200],
  ])('%s → %i', async (username, status) => {
    const cookie = await t.login(username);
    const res = await t.app.inject({ method: 'GET', url: '/api/audit', headers: { cookie } });
    expect(res.statusCode).toBe(status);
    if (status === 403) expectProblem(res, { status: 403, code: 'FORBIDDEN', title: '无权访问', detail: '您无权执行此操作。', instance: '/api/audit' });
  });

  it('is 401 without a login', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/audit' })).statusCode).toBe(401);
  });

  it('filters by user, action, entity and day, newest first, and pages', async () => {
    const cookie = await t.login('compliance');
    await t.app.inject({ method: 'GET', url: '/api/customers/C0001', headers: { cookie } });
    await t.app.inject({ method: 'GET', url: '/api/customers/C0002', headers: { cookie } });

    const views = await t.app.inject({ method: 'GET', url: '/api/audit?user=compliance&action=customer.view_pii&entity=customer', headers: { cookie } });
    expect(views.json()).toEqual({
      total: 2,
      items: [
        { id: expect.any(String), at: expect.any(String), userId: expect.any(String), username: 'compliance', action: 'customer.view_pii', entity: 'customer', entityId: 'C0002', detail: { via: '360' }, ip: '127.0.0.1' },
        { id: expect.any(String), at: expect.any(String), userId: expect.any(String), username: 'compliance', action: 'customer.view_pii', entity: 'customer', entityId: 'C0001', detail: { via: '360' }, ip: '127.0.0.1' },
      ],
    });

    const page2 = await t.app.inject({ method: 'GET', url: '/api/audit?user=compliance&action=customer.view_pii&page=2&pageSize=1', headers: { cookie } });
    expect(page2.json().items.map((i: { entityId: string }) => i.entityId)).toEqual(['C0001']);

    const { rows } = await t.db.pool.query<{ today: string }>(`select (now() at time zone 'Asia/Shanghai')::date::text as today`);
    const today = rows[0]!.today;
    const todays = await t.app.inject({ method: 'GET', url: `/api/audit?from=${today}&to=${today}&user=compliance&action=customer.view_pii`, headers: { cookie } });
    expect(todays.json().total).toBe(2);
    const before = await t.app.inject({ method: 'GET', url: '/api/audit?to=2000-01-01', headers: { cookie } });
    expect(before.json()).toEqual({ items: [], total: 0 });
  });

  it('rejects a malformed date with 422', async () => {
    const cookie = await t.login('admin');
    const res = await t.app.inject({ method: 'GET', url: '/api/audit?from=yesterday', headers: { cookie } });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(['from']);
  });
});

describe('GET /api/audit: personal information in the log’s details', () => {
  it('audits a page that shows a detail with an ID number, mobile, e-mail or address (audit.view_pii), and no other page', async () => {
    const ids = await inTransaction(t.db.pool, async (client) => {
      await writeAudit(client, { user: { username: 'broker1' }, action: 'test.pii', entity: 'workflow', entityId: '7', detail: { payload: { name: '甲', idNo: '110101199003071234', mobile: '13912345678' } } });
      await writeAudit(client, { user: { username: 'broker1' }, action: 'test.plain', entity: 'workflow', entityId: '8', detail: { payload: { customerNo: 'C0001', mobile: null } } });
      const { rows } = await client.query<{ id: string; action: string }>(`select id::text as id, action from audit_log where action in ('test.pii', 'test.plain') order by id`);
      return Object.fromEntries(rows.map((r) => [r.action, r.id]));
    });
    const cookie = await t.login('compliance');
    const views = async () => (await t.db.pool.query(`select username, entity, detail from audit_log where action = 'audit.view_pii' order by id`)).rows;

    expect((await t.app.inject({ method: 'GET', url: '/api/audit?action=test.plain', headers: { cookie } })).json().total).toBe(1);
    expect(await views()).toEqual([]);
    const shown = await t.app.inject({ method: 'GET', url: '/api/audit?user=broker1&entity=workflow', headers: { cookie } });
    expect(shown.json().items.map((i: { id: string }) => i.id)).toEqual([ids['test.plain'], ids['test.pii']]);
    expect(await views()).toEqual([{ username: 'compliance', entity: 'audit', detail: { via: 'list', auditIds: [ids['test.pii']] } }]);
  });
});
