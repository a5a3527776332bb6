import { describe, expect, it } from 'vitest';
import { useTestApp, withBrokerage } from '../../../test/app-harness.js';

/**
 * Who may do what in payroll (auth.rules.ts): every role reads and exports (payroll.view,
 * payroll.export, rows by scope); only ADMIN and HQ compute, lock, adjust and change templates.
 * Each guarded route in turn: a branch manager and a broker (without the permission) get 403
 * problem+json and change nothing; HQ (with it) succeeds. May 2025 is complete (withBrokerage
 * imports 2025-06-12/13).
 */
const t = useTestApp({ seed: withBrokerage(), sessions: ['hq_user', 'compliance', 'bm_b01', 'broker1'] });
const { call } = t;

const TEMPLATE = {
  name: '权限测试模板',
  baseSalaries: ['见习', '初级', '中级', '高级', '资深'].map((level) => ({ level, baseSalary: '3000.00' })),
  tiers: [{ lowerBound: '0', upperBound: null, rate: '0.2' }],
};

async function refusedThenAllowed(method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, body: unknown, status: number) {
  for (const username of ['bm_b01', 'broker1']) {
    const res = await call(username, method, url, body);
    expect(res.statusCode, username).toBe(403);
    expect(res.headers['content-type'], username).toContain('application/problem+json');
  }
  const res = await call('hq_user', method, url, body);
  expect(res.statusCode, res.body).toBe(status);
  return res;
}

describe('payroll permissions', () => {
  let adjustmentId = '';

  it('payroll.adjust: record, change and delete an adjustment', async () => {
    const created = await refusedThenAllowed('POST', '/api/payroll/adjustments', { month: '2025-05', staffNo: 'S001', kind: 'WELFARE', amount: '10' }, 201);
    adjustmentId = created.json().id;
    await refusedThenAllowed('PATCH', `/api/payroll/adjustments/${adjustmentId}`, { amount: '20' }, 200);
    await refusedThenAllowed('DELETE', `/api/payroll/adjustments/${adjustmentId}`, undefined, 204);
    const { rows } = await t.db.pool.query(`select 1 from payroll_adjustments`);
    expect(rows).toEqual([]);
  });

  it('payroll.templates: create and replace a template', async () => {
    await refusedThenAllowed('POST', '/api/payroll/templates', { templateCode: 'PERM', ...TEMPLATE }, 201);
    await refusedThenAllowed('PUT', '/api/payroll/templates/PERM', { ...TEMPLATE, name: '权限测试模板 2' }, 200);
  });

  it('payroll.compute and payroll.lock: compute, then lock the month', async () => {
    await refusedThenAllowed('POST', '/api/payroll/months/2025-05/compute', undefined, 200);
    const locked = await refusedThenAllowed('POST', '/api/payroll/months/2025-05/lock', undefined, 200);
    expect(locked.json().status).toBe('LOCKED');
  });

  it('refuses before reading the body: a caller without the permission learns nothing from validation', async () => {
    expect((await call('broker1', 'POST', '/api/payroll/adjustments', {})).statusCode).toBe(403);
    expect((await call('broker1', 'PUT', '/api/payroll/templates/DEFAULT', { name: '' })).statusCode).toBe(403);
    expect((await call('hq_user', 'POST', '/api/payroll/adjustments', {})).statusCode).toBe(422);
  });

  it('payroll.view and payroll.export: every role reads and exports within its scope', async () => {
    for (const username of ['hq_user', 'compliance', 'bm_b01', 'broker1']) {
      expect((await call(username, 'GET', '/api/payroll/months/2025-05')).statusCode, username).toBe(200);
      expect((await call(username, 'GET', '/api/payroll/templates')).statusCode, username).toBe(200);
      const xlsx = await call(username, 'GET', '/api/payroll/months/2025-05/payslips?format=xlsx');
      expect(xlsx.statusCode, username).toBe(200);
      expect(xlsx.headers['content-type'], username).toContain('spreadsheetml');
    }
  });
});
