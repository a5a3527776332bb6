import { describe, expect, it } from 'vitest';
import { backoffSeconds, hasPermission, LOGIN_THROTTLE, loginRetryAfterSeconds, loginWindowStart, permissionsOf, PERMISSIONS, requiresStaff, ROLES, scopeLevelOf, usernameKey } from './auth.rules.js';

describe('roles', () => {
  const ALL_PERMISSIONS = [
    'customers', 'reports', 'workflows', 'pii', 'audit', 'users', 'settings', 'imports.view', 'imports.run',
    'payroll.view', 'payroll.export', 'payroll.compute', 'payroll.lock', 'payroll.adjust', 'payroll.templates',
    'staff.manage', 'workflows.configure', 'calendar', 'contacts.write', 'alerts.act', 'churn.train', 'groups.write',
    'products.manage', 'suitability.confirm', 'outreach', 'training.manage', 'callcenter',
  ];
  const STAFF = ['customers', 'reports', 'workflows', 'payroll.view', 'payroll.export', 'contacts.write', 'alerts.act', 'groups.write', 'suitability.confirm'];

  // Worked out from interfaces.md "Built-in roles" and what each route allowed before permissions:
  // import runs ADMIN + HQ, inbox import ADMIN, payroll changes ADMIN + HQ, staff changes ADMIN + HQ +
  // BRANCH_MANAGER, flow definitions and the trading calendar ADMIN; payroll is read by every role.
  it.each([
    ['ADMIN', 'ALL', ALL_PERMISSIONS],
    ['HQ', 'ALL', ['customers', 'reports', 'workflows', 'imports.view', 'payroll.view', 'payroll.export', 'payroll.compute', 'payroll.lock', 'payroll.adjust', 'payroll.templates', 'staff.manage', 'contacts.write', 'alerts.act', 'groups.write', 'products.manage', 'suitability.confirm', 'outreach', 'training.manage']],
    ['COMPLIANCE', 'ALL', ['customers', 'reports', 'pii', 'audit', 'payroll.view', 'payroll.export']],
    ['BRANCH_MANAGER', 'BRANCH', [...STAFF, 'staff.manage', 'outreach', 'training.manage']],
    ['TEAM_LEAD', 'TEAM', [...STAFF, 'outreach']], // brokers may not push to customers (营销活动)
    ['BROKER', 'SELF', STAFF],
    ['SERVICE', 'SELF', [...STAFF, 'callcenter']], // the call-center agent's card of its own caller
  ] as const)('%s: scope %s, permissions %j', (role, scope, permissions) => {
    expect(scopeLevelOf(role)).toBe(scope);
    expect(permissionsOf(role)).toEqual(permissions);
    expect(requiresStaff(role)).toBe(scope !== 'ALL');
  });

  it('names every permission once', () => {
    expect(PERMISSIONS).toEqual(ALL_PERMISSIONS);
  });

  it('gives an unknown role nothing', () => {
    expect(scopeLevelOf('GUEST')).toBeNull();
    expect(permissionsOf('GUEST')).toEqual([]);
    expect(hasPermission('GUEST', 'customers')).toBe(false);
  });

  it.each([
    ['pii', ['ADMIN', 'COMPLIANCE']],
    ['audit', ['ADMIN', 'COMPLIANCE']],
    ['imports.view', ['ADMIN', 'HQ']],
    ['imports.run', ['ADMIN']],
    ['payroll.view', ['ADMIN', 'HQ', 'COMPLIANCE', 'BRANCH_MANAGER', 'TEAM_LEAD', 'BROKER', 'SERVICE']],
    ['payroll.lock', ['ADMIN', 'HQ']],
    ['payroll.templates', ['ADMIN', 'HQ']],
    ['staff.manage', ['ADMIN', 'HQ', 'BRANCH_MANAGER']],
    ['workflows.configure', ['ADMIN']],
    ['calendar', ['ADMIN']],
    ['contacts.write', ['ADMIN', 'HQ', 'BRANCH_MANAGER', 'TEAM_LEAD', 'BROKER', 'SERVICE']],
    ['alerts.act', ['ADMIN', 'HQ', 'BRANCH_MANAGER', 'TEAM_LEAD', 'BROKER', 'SERVICE']],
    ['groups.write', ['ADMIN', 'HQ', 'BRANCH_MANAGER', 'TEAM_LEAD', 'BROKER', 'SERVICE']],
    ['churn.train', ['ADMIN']],
    ['products.manage', ['ADMIN', 'HQ']],
    ['suitability.confirm', ['ADMIN', 'HQ', 'BRANCH_MANAGER', 'TEAM_LEAD', 'BROKER', 'SERVICE']],
  ] as const)('%s: only %j', (permission, roles) => {
    expect(ROLES.filter((r) => hasPermission(r, permission))).toEqual(roles);
  });
});

describe('login throttle', () => {
  const now = new Date('2025-06-16T02:00:00Z');
  const secondsAgo = (s: number) => new Date(now.getTime() - s * 1000);
  const none = { failures: 0, lastFailureAt: null };

  it('counts failures of the last hour, 5 free per username and address, 20 per address, backoff capped at 15 minutes', () => {
    expect(LOGIN_THROTTLE).toEqual({ windowMinutes: 60, maxDelaySeconds: 900, userFreeFailures: 5, addressFreeFailures: 20 });
    expect(loginWindowStart(now).toISOString()).toBe('2025-06-16T01:00:00.000Z');
  });

  it.each([
    // failures, free failures, seconds the next attempt waits after the latest failure
    [0, 5, 0],
    [4, 5, 0],
    [5, 5, 1], // 2^0
    [6, 5, 2], // 2^1
    [7, 5, 4], // 2^2
    [10, 5, 32], // 2^5
    [14, 5, 512], // 2^9
    [15, 5, 900], // 2^10 = 1,024 capped at 15 minutes
    [1_000, 5, 900],
    [19, 20, 0],
    [20, 20, 1],
    [23, 20, 8],
  ])('%i failures with %i free: wait %i s', (failures, free, seconds) => {
    expect(backoffSeconds(failures, free)).toBe(seconds);
  });

  it.each([
    ['no failure', none, none, 0],
    ['4 failures for the user, the latest just now', { failures: 4, lastFailureAt: now }, none, 0],
    ['5 failures, the latest just now: 1 s', { failures: 5, lastFailureAt: now }, none, 1],
    ['5 failures, the latest 1 s ago: allowed exactly now', { failures: 5, lastFailureAt: secondsAgo(1) }, none, 0],
    ['5 failures, the latest 0.4 s ago: a partial second rounds up', { failures: 5, lastFailureAt: secondsAgo(0.4) }, none, 1],
    ['7 failures (4 s), the latest 1 s ago', { failures: 7, lastFailureAt: secondsAgo(1) }, none, 3],
    ['15 failures (900 s), the latest 5 minutes ago', { failures: 15, lastFailureAt: secondsAgo(300) }, none, 600],
    ['20 failures at the address across usernames, the latest just now', none, { failures: 20, lastFailureAt: now }, 1],
    ['the longer wait wins: user 6 (2 s), address 25 (32 s), both 2 s ago', { failures: 6, lastFailureAt: secondsAgo(2) }, { failures: 25, lastFailureAt: secondsAgo(2) }, 30],
    ['the longer wait wins: user 10 (32 s), address 22 (4 s), both 10 s ago', { failures: 10, lastFailureAt: secondsAgo(10) }, { failures: 22, lastFailureAt: secondsAgo(10) }, 22],
  ])('%s → retry after %i s', (_case, user, address, seconds) => {
    expect(loginRetryAfterSeconds({ user, address }, now)).toBe(seconds);
  });

  it('keys usernames case-insensitively', () => {
    expect(usernameKey('Broker.One')).toBe('broker.one');
  });
});
