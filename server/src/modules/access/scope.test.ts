import { describe, expect, it } from 'vitest';
import { AS_OF, insertBrokerage } from '../../../test/fixtures.js';
import { useTestDb } from '../../../test/harness.js';
import { customerScope, staffScope, type ScopeSubject } from './scope.js';

const db = useTestDb((fresh) => insertBrokerage(fresh.pool));

async function visibleCustomers(user: ScopeSubject | null, asOf = AS_OF): Promise<string[]> {
  const params: unknown[] = [];
  const predicate = customerScope(user, { alias: 'c', params, asOf });
  const { rows } = await db.pool.query<{ customer_no: string }>(`select c.customer_no from customers c where ${predicate} order by 1`, params);
  return rows.map((r) => r.customer_no);
}

async function visibleStaff(user: ScopeSubject | null): Promise<string[]> {
  const params: unknown[] = [];
  const predicate = staffScope(user, { alias: 'st', params });
  const { rows } = await db.pool.query<{ staff_no: string }>(`select st.staff_no from staff st where ${predicate} order by 1`, params);
  return rows.map((r) => r.staff_no);
}

const ALL = ['C0001', 'C0002', 'C0003', 'C0004', 'C0005', 'C0006', 'C0007', 'C0008', 'C2001', 'C2002'];

describe('customerScope on 2025-06-16', () => {
  it.each([
    ['ADMIN', null, ALL],
    ['HQ', null, ALL],
    ['COMPLIANCE', null, ALL],
    ['BRANCH_MANAGER', 'S006', ['C0001', 'C0002', 'C0003', 'C0004', 'C0005', 'C0006', 'C0007', 'C0008']],
    ['TEAM_LEAD', 'S005', ['C0001', 'C0002', 'C0003', 'C0006', 'C0008']],
    ['TEAM_LEAD', 'S202', ['C2001']],
    ['BROKER', 'S001', ['C0001', 'C0002']],
    ['BROKER', 'S002', ['C0002', 'C0003']],
    ['BROKER', 'S003', ['C0004', 'C0005', 'C0006']],
    ['SERVICE', 'S004', ['C0006']],
    ['BROKER', 'S201', ['C2001']],
  ])('%s %s', async (role, staffNo, expected) => {
    expect(await visibleCustomers({ role, staffNo })).toEqual(expected);
  });

  it('counts a relationship on its first and last day, not the day before or after', async () => {
    // C0004: S001 until 06-15, S003 from 06-16; C0005: S003 until 06-16, S001 from 06-17.
    expect(await visibleCustomers({ role: 'BROKER', staffNo: 'S001' }, '2025-06-15')).toEqual(['C0001', 'C0002', 'C0004']);
    expect(await visibleCustomers({ role: 'BROKER', staffNo: 'S001' }, '2025-06-17')).toEqual(['C0001', 'C0002', 'C0005']);
    expect(await visibleCustomers({ role: 'BROKER', staffNo: 'S003' }, '2025-06-15')).toEqual(['C0005', 'C0006']);
    expect(await visibleCustomers({ role: 'BROKER', staffNo: 'S003' }, '2025-06-17')).toEqual(['C0004', 'C0006']);
  });

  it('follows history: in 2024 broker S001 had C0003', async () => {
    expect(await visibleCustomers({ role: 'BROKER', staffNo: 'S001' }, '2024-12-31')).toEqual(['C0001', 'C0003', 'C0004']);
  });

  it.each([
    ['no user', null],
    ['a broker without a staff link', { role: 'BROKER', staffNo: null }],
    ['a broker linked to an unknown staff number', { role: 'BROKER', staffNo: 'S404' }],
    ['a broker whose staff member has left', { role: 'BROKER', staffNo: 'S099' }],
    ['a team lead without a staff link', { role: 'TEAM_LEAD' }],
    ['a branch manager linked to an unknown staff number', { role: 'BRANCH_MANAGER', staffNo: 'S404' }],
    ['a team lead whose staff member has no team', { role: 'TEAM_LEAD', staffNo: 'S006' }],
    ['an unknown role', { role: 'GUEST', staffNo: 'S001' }],
    ['a disabled administrator', { role: 'ADMIN', disabled: true }],
  ])('fails closed for %s', async (_label, user) => {
    expect(await visibleCustomers(user)).toEqual([]);
  });

  it('binds its values as parameters after the caller’s own', () => {
    const params: unknown[] = ['mine'];
    const predicate = customerScope({ role: 'BROKER', staffNo: "S001'; drop table customers; --" }, { alias: 'c', params, asOf: AS_OF });
    expect(params).toEqual(['mine', "S001'; drop table customers; --", AS_OF]);
    expect(predicate).not.toContain('drop table');
    expect(predicate).toContain('$2');
    expect(predicate).toContain('$3');
  });

  it('refuses a malformed alias or date', () => {
    expect(() => customerScope({ role: 'BROKER', staffNo: 'S001' }, { alias: 'c; drop', params: [] })).toThrow(/alias/);
    expect(() => customerScope({ role: 'BROKER', staffNo: 'S001' }, { alias: 'c', params: [], asOf: '16/06/2025' })).toThrow(/asOf/);
  });

  it('returns constant predicates without parameters for ALL and for no scope', () => {
    const params: unknown[] = [];
    expect(customerScope({ role: 'HQ' }, { alias: 'c', params })).toBe('true');
    expect(customerScope({ role: 'BROKER' }, { alias: 'c', params })).toBe('false');
    expect(params).toEqual([]);
  });
});

describe('staffScope', () => {
  it.each([
    ['HQ', null, ['S001', 'S002', 'S003', 'S004', 'S005', 'S006', 'S099', 'S201', 'S202']],
    ['BRANCH_MANAGER', 'S006', ['S001', 'S002', 'S003', 'S004', 'S005', 'S006', 'S099']],
    ['TEAM_LEAD', 'S005', ['S001', 'S002', 'S004', 'S005', 'S099']],
    ['BROKER', 'S001', ['S001']],
    ['BROKER', 'S099', []],
    ['BROKER', null, []],
    ['GUEST', 'S001', []],
  ])('%s %s', async (role, staffNo, expected) => {
    expect(await visibleStaff({ role, staffNo })).toEqual(expected);
  });
});
