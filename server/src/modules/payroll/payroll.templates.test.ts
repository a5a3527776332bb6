import { describe, expect, it } from 'vitest';
import { useTestApp, withBrokerage } from '../../../test/app-harness.js';

/**
 * Commission templates (提成模板) and a staff member's payslips over months.
 *
 * April and May 2025 are complete (trading days 2025-04-30, 2025-05-30 and 2025-06-12 are imported).
 *   S001 中级: April net commission 50,000; May 150,000. S002 初级: nothing.
 *
 * DEFAULT template (base 中级 5,000; tiers 0 20 %, 20,000 30 %, 100,000 40 %):
 *   April S001: 4,000 + 30,000 × 30 % = 13,000.00; total 18,000.00 — locked before the change.
 *   May   S001: 4,000 + 24,000 + 50,000 × 40 % = 48,000.00; total 53,000.00.
 *
 * Changed DEFAULT (base 中级 5,200.50; tiers 0 20 %, 20,000 35 %, 100,000 40 %, 120,000.50 45 %):
 *   May S001: 20,000 × 20 % = 4,000
 *           + 80,000 × 35 % = 28,000
 *           + 20,000.50 × 40 % = 8,000.20
 *           + 29,999.50 × 45 % = 13,499.775
 *           = 53,499.975 → 53,499.98 (half-up); total 5,200.50 + 53,499.98 = 58,700.48.
 *
 * SENIOR template (every base 10,000; one tier 0 at 50 %): May S001 10,000 + 75,000 = 85,000.00.
 */
const t = useTestApp({
  seed: async (db) => {
    await withBrokerage()(db);
    await db.pool.query(`
      insert into trading_days (trade_date, usd_rate, hkd_rate, run_id) values ('2025-04-30', 7.2, 0.92, 1); -- a month needs an imported day
      insert into sum_staff_monthly (month, staff_no, month_end_date, commission, fees, guaranteed_commission) values
        ('2025-04-01', 'S001', '2025-04-30', 50000, 0, 0),
        ('2025-05-01', 'S001', '2025-05-30', 150000, 0, 0);
    `);
  },
  sessions: ['admin', 'hq_user', 'bm_b01', 'tl_t11', 'broker1', 'broker_left'],
});
const { call } = t;

const LEVELS = ['见习', '初级', '中级', '高级', '资深'];
const DEFAULT_BASES = [
  { level: '见习', baseSalary: '3000.00' }, { level: '初级', baseSalary: '4000.00' }, { level: '中级', baseSalary: '5000.00' },
  { level: '高级', baseSalary: '6500.00' }, { level: '资深', baseSalary: '8000.00' },
];
const CHANGED = {
  name: '默认提成模板（2025 调整）',
  baseSalaries: DEFAULT_BASES.map((b) => (b.level === '中级' ? { level: '中级', baseSalary: '5200.50' } : b)),
  tiers: [
    { lowerBound: '0', upperBound: '20000', rate: '0.2' },
    { lowerBound: '20000', upperBound: '100000.00', rate: '0.35' },
    { lowerBound: '100000', rate: '0.40' },
    { lowerBound: '120000.50', upperBound: null, rate: '0.45' },
  ],
};

async function payslip(month: string, staffNo: string) {
  const res = await call('admin', 'GET', `/api/payroll/months/${month}/payslips/${staffNo}`);
  expect(res.statusCode).toBe(200);
  return res.json();
}

async function auditActions(): Promise<Record<string, string>> {
  const { rows } = await t.db.pool.query<{ action: string; n: string }>(
    `select action, count(*)::text as n from audit_log where action like 'payroll.template.%' group by action order by action`,
  );
  return Object.fromEntries(rows.map((r) => [r.action, r.n]));
}

let aprilBefore: unknown;

describe('commission templates (提成模板)', () => {
  it('lists the default template with base salaries, contiguous tiers and product rates (any payroll reader)', async () => {
    const res = await call('broker1', 'GET', '/api/payroll/templates');
    expect(res.statusCode).toBe(200);
    const [template] = res.json().items;
    expect(template).toMatchObject({
      templateCode: 'DEFAULT', name: '默认提成模板', updatedAt: null, updatedBy: null, baseSalaries: DEFAULT_BASES,
      tiers: [
        { lowerBound: '0.00', upperBound: '20000.00', rate: '0.2' },
        { lowerBound: '20000.00', upperBound: '100000.00', rate: '0.3' },
        { lowerBound: '100000.00', upperBound: null, rate: '0.4' },
      ],
      productRates: [{ productCode: 'P001', name: '稳健理财1号', rate: '0' }],
      months: [],
    });
    expect((await call('broker1', 'GET', '/api/payroll/templates/DEFAULT')).json()).toEqual(template);
    expect((await call('broker1', 'GET', '/api/payroll/templates/NOPE')).statusCode).toBe(404);
  });

  it('computes April (then locked) and May with the default template', async () => {
    expect((await call('admin', 'POST', '/api/payroll/months/2025-04/compute')).statusCode).toBe(200);
    expect((await call('admin', 'POST', '/api/payroll/months/2025-04/lock')).json()).toMatchObject({ status: 'LOCKED', templateCode: 'DEFAULT' });
    expect((await call('admin', 'POST', '/api/payroll/months/2025-05/compute')).json()).toMatchObject({ status: 'OPEN', templateCode: 'DEFAULT', stale: false });
    aprilBefore = await payslip('2025-04', 'S001');
    expect(aprilBefore).toMatchObject({ baseSalary: '5000.00', commissionShare: '13000.00', total: '18000.00' });
    expect(await payslip('2025-05', 'S001')).toMatchObject({ baseSalary: '5000.00', commissionShare: '48000.00', total: '53000.00' });
  });

  it.each([
    ['the first tier not at 0', { tiers: [{ lowerBound: '100', rate: '0.2' }] }, 'tiers.0.lowerBound'],
    ['bounds not ascending', { tiers: [{ lowerBound: '0', rate: '0.2' }, { lowerBound: '100000', rate: '0.3' }, { lowerBound: '20000', rate: '0.4' }] }, 'tiers.2.lowerBound'],
    ['equal bounds', { tiers: [{ lowerBound: '0', rate: '0.2' }, { lowerBound: '0.00', rate: '0.3' }] }, 'tiers.1.lowerBound'],
    ['a gap between tiers', { tiers: [{ lowerBound: '0', upperBound: '10000', rate: '0.2' }, { lowerBound: '20000', rate: '0.3' }] }, 'tiers.0.upperBound'],
    ['an upper bound on the last tier', { tiers: [{ lowerBound: '0', upperBound: '10000', rate: '0.2' }] }, 'tiers.0.upperBound'],
    ['a rate above 1', { tiers: [{ lowerBound: '0', rate: '0.2' }, { lowerBound: '20000', rate: '1.5' }] }, 'tiers.1.rate'],
    ['a rate as a JSON number', { tiers: [{ lowerBound: '0', rate: '0.2' }, { lowerBound: '20000', rate: 0.3 }] }, 'tiers.1.rate'],
    ['a rate with 7 decimals', { tiers: [{ lowerBound: '0', rate: '0.1234567' }] }, 'tiers.0.rate'],
    ['a negative bound', { tiers: [{ lowerBound: '0', rate: '0.2' }, { lowerBound: '-5', rate: '0.3' }] }, 'tiers.1.lowerBound'],
    ['no tiers', { tiers: [] }, 'tiers'],
    ['a zero base salary', { baseSalaries: DEFAULT_BASES.map((b, i) => (i === 0 ? { ...b, baseSalary: '0.00' } : b)) }, 'baseSalaries.0.baseSalary'],
    ['a base salary with 3 decimals', { baseSalaries: DEFAULT_BASES.map((b, i) => (i === 2 ? { ...b, baseSalary: '100.125' } : b)) }, 'baseSalaries.2.baseSalary'],
    ['a missing level', { baseSalaries: DEFAULT_BASES.slice(1) }, 'baseSalaries'],
    ['a level twice', { baseSalaries: [...DEFAULT_BASES, DEFAULT_BASES[0]] }, 'baseSalaries.5.level'],
    ['an unknown level', { baseSalaries: [...DEFAULT_BASES.slice(1), { level: '特级', baseSalary: '1' }] }, 'baseSalaries.4.level'],
    ['an empty name', { name: ' ' }, 'name'],
  ])('refuses %s with 422 naming the field', async (_what, change, field) => {
    const res = await call('admin', 'PUT', '/api/payroll/templates/DEFAULT', { ...CHANGED, ...change });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('refuses a change by anyone but ADMIN and HQ, and an unknown template', async () => {
    expect((await call('bm_b01', 'PUT', '/api/payroll/templates/DEFAULT', CHANGED)).statusCode).toBe(403);
    expect((await call('broker1', 'PUT', '/api/payroll/templates/DEFAULT', CHANGED)).statusCode).toBe(403);
    expect((await call('admin', 'PUT', '/api/payroll/templates/NOPE', CHANGED)).statusCode).toBe(404);
    expect((await call('admin', 'PUT', '/api/payroll/templates/x', CHANGED)).json().errors[0].field).toBe('code');
    expect(await auditActions()).toEqual({});
    expect((await call('admin', 'GET', '/api/payroll/months/2025-05')).json()).toMatchObject({ stale: false });
  });

  it('changes the template, audited, marking the open May stale and leaving locked April alone', async () => {
    const res = await call('hq_user', 'PUT', '/api/payroll/templates/DEFAULT', CHANGED);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      name: '默认提成模板（2025 调整）', updatedBy: 'hq_user', staleMonths: ['2025-05'],
      tiers: [
        { lowerBound: '0.00', upperBound: '20000.00', rate: '0.2' },
        { lowerBound: '20000.00', upperBound: '100000.00', rate: '0.35' },
        { lowerBound: '100000.00', upperBound: '120000.50', rate: '0.4' },
        { lowerBound: '120000.50', upperBound: null, rate: '0.45' },
      ],
      months: [{ month: '2025-05', status: 'OPEN', stale: true }, { month: '2025-04', status: 'LOCKED', stale: false }],
    });
    expect(res.json().baseSalaries.find((b: { level: string }) => b.level === '中级').baseSalary).toBe('5200.50');
    expect((await call('admin', 'GET', '/api/payroll/months/2025-05')).json()).toMatchObject({ status: 'OPEN', stale: true });
    expect((await call('admin', 'GET', '/api/payroll/months/2025-04')).json()).toMatchObject({ status: 'LOCKED', stale: false });
    const lock = await call('admin', 'POST', '/api/payroll/months/2025-05/lock');
    expect(lock.statusCode).toBe(409);
    expect(lock.json().code).toBe('PAYROLL_STALE');

    const { rows } = await t.db.pool.query<{ username: string; detail: { before: { tiers: { rate: string }[] }; after: { tiers: { rate: string }[] }; staleMonths: string[] } }>(
      `select username, detail from audit_log where action = 'payroll.template.update'`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.username).toBe('hq_user');
    expect(rows[0]!.detail.before.tiers.map((x) => x.rate)).toEqual(['0.2', '0.3', '0.4']);
    expect(rows[0]!.detail.after.tiers.map((x) => x.rate)).toEqual(['0.2', '0.35', '0.4', '0.45']);
    expect(rows[0]!.detail.staleMonths).toEqual(['2025-05']);
  });

  it('recomputes May to the cent with the changed tiers; April stays as locked', async () => {
    expect((await call('admin', 'POST', '/api/payroll/months/2025-05/compute')).json()).toMatchObject({ stale: false });
    const may = await payslip('2025-05', 'S001');
    expect(may).toMatchObject({ templateCode: 'DEFAULT', baseSalary: '5200.50', netCommission: '150000.00', commissionShare: '53499.98', total: '58700.48' });
    expect(may.breakdown.tiers).toEqual([
      { from: '0', to: '20000', rate: '0.2', base: '20000', amount: '4000' },
      { from: '20000', to: '100000', rate: '0.35', base: '80000', amount: '28000' },
      { from: '100000', to: '120000.5', rate: '0.4', base: '20000.5', amount: '8000.2' },
      { from: '120000.5', to: null, rate: '0.45', base: '29999.5', amount: '13499.775' },
    ]);
    expect(await payslip('2025-05', 'S002')).toMatchObject({ baseSalary: '4000.00', commissionShare: '0.00', total: '4000.00' });
    expect(await payslip('2025-04', 'S001')).toEqual(aprilBefore);
  });

  it('writes nothing for a change that changes nothing', async () => {
    const res = await call('admin', 'PUT', '/api/payroll/templates/DEFAULT', CHANGED);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ staleMonths: [], updatedBy: 'hq_user' });
    expect(await auditActions()).toEqual({ 'payroll.template.update': '1' });
    expect((await call('admin', 'GET', '/api/payroll/months/2025-05')).json()).toMatchObject({ stale: false });
  });

  it('creates another template, computes May with it, and then changes to DEFAULT no longer touch May', async () => {
    const senior = { templateCode: 'SENIOR', name: '资深模板', baseSalaries: LEVELS.map((level) => ({ level, baseSalary: '10000' })), tiers: [{ lowerBound: '0', rate: '0.5' }] };
    expect((await call('broker1', 'POST', '/api/payroll/templates', senior)).statusCode).toBe(403);
    const created = await call('admin', 'POST', '/api/payroll/templates', senior);
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ templateCode: 'SENIOR', name: '资深模板', tiers: [{ lowerBound: '0.00', upperBound: null, rate: '0.5' }], months: [] });
    const again = await call('admin', 'POST', '/api/payroll/templates', senior);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('PAYROLL_TEMPLATE_EXISTS');
    expect((await call('admin', 'GET', '/api/payroll/templates')).json().items.map((x: { templateCode: string }) => x.templateCode)).toEqual(['DEFAULT', 'SENIOR']);

    const unknown = await call('admin', 'POST', '/api/payroll/months/2025-05/compute', { templateCode: 'NOPE' });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors[0].field).toBe('templateCode');
    expect((await call('admin', 'POST', '/api/payroll/months/2025-05/compute', { templateCode: 'SENIOR' })).json()).toMatchObject({ templateCode: 'SENIOR', stale: false });
    expect(await payslip('2025-05', 'S001')).toMatchObject({ templateCode: 'SENIOR', baseSalary: '10000.00', commissionShare: '75000.00', total: '85000.00' });
    // A recompute without a template keeps the month's own.
    expect((await call('admin', 'POST', '/api/payroll/months/2025-05/compute')).json()).toMatchObject({ templateCode: 'SENIOR' });

    const changed = await call('admin', 'PUT', '/api/payroll/templates/DEFAULT', { ...CHANGED, name: '默认提成模板' });
    expect(changed.json()).toMatchObject({ staleMonths: [], months: [{ month: '2025-04', status: 'LOCKED', stale: false }] });
    expect((await call('admin', 'GET', '/api/payroll/months/2025-05')).json()).toMatchObject({ stale: false });
    expect(await auditActions()).toEqual({ 'payroll.template.create': '1', 'payroll.template.update': '2' });
  });
});

describe("a staff member's payslips over months (我的工资单)", () => {
  it("gives a broker their own, oldest first, with each month's status", async () => {
    const res = await call('broker1', 'GET', '/api/payroll/payslips');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ staffNo: 'S001', name: '张伟' });
    expect(body.items.map((p: { month: string; status: string; total: string }) => [p.month, p.status, p.total])).toEqual([
      ['2025-04', 'LOCKED', '18000.00'],
      ['2025-05', 'OPEN', '85000.00'],
    ]);
    const may = (await call('broker1', 'GET', '/api/payroll/payslips?monthFrom=2025-05&monthTo=2025-05')).json();
    expect(may.items.map((p: { month: string }) => p.month)).toEqual(['2025-05']);
    expect((await call('broker1', 'GET', '/api/payroll/payslips?monthTo=2025-04')).json().items.map((p: { month: string }) => p.month)).toEqual(['2025-04']);
  });

  it.each([
    ['broker1', 'S002', 404],
    ['tl_t11', 'S002', 200],
    ['tl_t11', 'S201', 404],
    ['bm_b01', 'S003', 200],
    ['bm_b01', 'S201', 404],
    ['admin', 'S201', 200],
    ['admin', 'NOPE', 404],
    ['broker_left', 'S099', 404],
  ])('scopes %s asking for %s → %i', async (username, staffNo, status) => {
    const res = await call(username, 'GET', `/api/payroll/payslips?staffNo=${staffNo}`);
    expect(res.statusCode).toBe(status);
    if (status === 200) expect(res.json().items.map((p: { staffNo: string }) => p.staffNo)).toEqual([staffNo, staffNo]);
  });

  it('answers 422 naming the field for a bad month or range, and for a login without staff and no staffNo', async () => {
    const range = await call('broker1', 'GET', '/api/payroll/payslips?monthFrom=2025-05&monthTo=2025-04');
    expect(range.statusCode).toBe(422);
    expect(range.json().errors[0].field).toBe('monthTo');
    expect((await call('broker1', 'GET', '/api/payroll/payslips?monthFrom=2025-13')).json().errors[0].field).toBe('monthFrom');
    expect((await call('admin', 'GET', '/api/payroll/payslips')).json().errors[0].field).toBe('staffNo');
  });
});

describe('the OpenAPI document', () => {
  it('documents a response schema for every payroll route', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const routes = Object.entries(doc.paths as Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: unknown }>; description?: string }> }>>)
      .filter(([path]) => path.startsWith('/api/payroll'))
      .flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ route: `${method.toUpperCase()} ${path}`, responses: op.responses ?? {} })));
    expect(routes.length).toBe(14);
    for (const { route, responses } of routes) {
      const [status, response] = Object.entries(responses).find(([code]) => code.startsWith('2')) ?? [];
      expect(status, route).toBeDefined();
      if (status === '204') continue;
      expect(response?.content?.['application/json']?.schema, route).toBeDefined();
    }
    const payslips = doc.paths['/api/payroll/months/{month}/payslips'].get.responses['200'].content;
    expect(Object.keys(payslips)).toEqual(['application/json', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']);
    expect(payslips['application/json'].schema.properties.items.items.properties.total.type).toBe('string');
  });
});
