/**
 * Roles, their permissions and data scope (interfaces.md "Built-in roles", business-rules.md §1),
 * and the login throttle. Pure: no I/O, no clock.
 */

export const ROLES = ['ADMIN', 'HQ', 'COMPLIANCE', 'BRANCH_MANAGER', 'TEAM_LEAD', 'BROKER', 'SERVICE'] as const;
export type Role = (typeof ROLES)[number];

/**
 * - `customers`, `reports`: read customer data and reports within the data scope
 * - `workflows`: start and act on workflows (everyone but the read-only COMPLIANCE)
 * - `pii`: see personal information unmasked (个人信息)
 * - `audit`: read the audit log
 * - `users`, `settings`: manage logins and configuration
 */
export const PERMISSIONS = ['customers', 'reports', 'workflows', 'pii', 'audit', 'users', 'settings'] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** 数据权限: ALL, the staff member's branch, the team, or the customers related to the staff member. */
export type ScopeLevel = 'ALL' | 'BRANCH' | 'TEAM' | 'SELF';

const STAFF_ROLE: readonly Permission[] = ['customers', 'reports', 'workflows'];

const ROLE_RULES: Readonly<Record<Role, { scope: ScopeLevel; permissions: readonly Permission[] }>> = {
  ADMIN: { scope: 'ALL', permissions: ['customers', 'reports', 'workflows', 'pii', 'audit', 'users', 'settings'] },
  HQ: { scope: 'ALL', permissions: STAFF_ROLE },
  COMPLIANCE: { scope: 'ALL', permissions: ['customers', 'reports', 'pii', 'audit'] },
  BRANCH_MANAGER: { scope: 'BRANCH', permissions: STAFF_ROLE },
  TEAM_LEAD: { scope: 'TEAM', permissions: STAFF_ROLE },
  BROKER: { scope: 'SELF', permissions: STAFF_ROLE },
  SERVICE: { scope: 'SELF', permissions: STAFF_ROLE },
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** The permissions of a role; none for a role this version does not know (fail closed). */
export function permissionsOf(role: string): readonly Permission[] {
  return isRole(role) ? ROLE_RULES[role].permissions : [];
}

export function hasPermission(role: string, permission: Permission): boolean {
  return permissionsOf(role).includes(permission);
}

/** The data scope of a role; null (no data) for a role this version does not know. */
export function scopeLevelOf(role: string): ScopeLevel | null {
  return isRole(role) ? ROLE_RULES[role].scope : null;
}

/** A role scoped below ALL sees data through its staff record, so a login with it must name one. */
export function requiresStaff(role: Role): boolean {
  return ROLE_RULES[role].scope !== 'ALL';
}

// ---------------------------------------------------------------- login throttle

/** At most `maxFailures` failed logins per username and client address within `windowMinutes`. */
export const LOGIN_THROTTLE = { maxFailures: 10, windowMinutes: 15 } as const;

export function loginWindowStart(now: Date): Date {
  return new Date(now.getTime() - LOGIN_THROTTLE.windowMinutes * 60_000);
}

/**
 * Seconds until another attempt is allowed, given the times of the failures inside the window
 * (oldest first); 0 when an attempt is allowed now.
 */
export function loginRetryAfterSeconds(failuresInWindow: readonly Date[], now: Date): number {
  if (failuresInWindow.length < LOGIN_THROTTLE.maxFailures) return 0;
  // The attempt is allowed again once enough failures have left the window.
  const freeing = failuresInWindow[failuresInWindow.length - LOGIN_THROTTLE.maxFailures];
  if (!freeing) return 0;
  const leavesWindowAt = freeing.getTime() + LOGIN_THROTTLE.windowMinutes * 60_000;
  return Math.max(1, Math.ceil((leavesWindowAt - now.getTime()) / 1000));
}

/** The throttle's key part for a username: logins are case-insensitive. */
export function usernameKey(username: string): string {
  return username.toLowerCase();
}
