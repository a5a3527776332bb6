import { describe, expect, it } from 'vitest';
import { hasPermission, LOGIN_THROTTLE, loginRetryAfterSeconds, permissionsOf, requiresStaff, ROLES, scopeLevelOf, usernameKey } from './auth.rules.js';

describe('roles', () => {
  it.each([
    ['ADMIN', 'ALL', ['customers', 'reports', 'workflows', 'pii', 'audit', 'users', 'settings']],
    ['HQ', 'ALL', ['customers', 'reports', 'workflows']],
    ['COMPLIANCE', 'ALL', ['customers', 'reports', 'pii', 'audit']],
    ['BRANCH_MANAGER', 'BRANCH', ['customers', 'reports', 'workflows']],
    ['TEAM_LEAD', 'TEAM', ['customers', 'reports', 'workflows']],
    ['BROKER', 'SELF', ['customers', 'reports', 'workflows']],
    ['SERVICE', 'SELF', ['customers', 'reports', 'workflows']],
  ] as const)('%s: scope %s, permissions %j', (role, scope, permissions) => {
    expect(scopeLevelOf(role)).toBe(scope);
    expect(permissionsOf(role)).toEqual(permissions);
    expect(requiresStaff(role)).toBe(scope !== 'ALL');
  });

  it('gives an unknown role nothing', () => {
    expect(scopeLevelOf('GUEST')).toBeNull();
    expect(permissionsOf('GUEST')).toEqual([]);
    expect(hasPermission('GUEST', 'customers')).toBe(false);
  });

  it('lets only ADMIN and COMPLIANCE see personal information and the audit log', () => {
    expect(ROLES.filter((r) => hasPermission(r, 'pii'))).toEqual(['ADMIN', 'COMPLIANCE']);
    expect(ROLES.filter((r) => hasPermission(r, 'audit'))).toEqual(['ADMIN', 'COMPLIANCE']);
  });
});

describe('login throttle', () => {
  const now = new Date('2025-06-16T02:00:00Z');
  const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);

  it('allows attempts below 10 failures in the window', () => {
    expect(LOGIN_THROTTLE).toEqual({ maxFailures: 10, windowMinutes: 15 });
    expect(loginRetryAfterSeconds([], now)).toBe(0);
    expect(loginRetryAfterSeconds(Array.from({ length: 9 }, (_, i) => minutesAgo(9 - i)), now)).toBe(0);
  });

  it('blocks at 10 until the oldest failure leaves the 15-minute window', () => {
    const failures = Array.from({ length: 10 }, (_, i) => minutesAgo(10 - i)); // 10, 9, … 1 minutes ago
    expect(loginRetryAfterSeconds(failures, now)).toBe(5 * 60);
  });

  it('with 12 failures waits for the third oldest to leave', () => {
    const failures = [14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3].map(minutesAgo);
    expect(loginRetryAfterSeconds(failures, now)).toBe(3 * 60);
  });

  it('keys usernames case-insensitively', () => {
    expect(usernameKey('Broker.One')).toBe('broker.one');
  });
});
