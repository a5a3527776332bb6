/**
 * Roles, their permissions and data scope (interfaces.md "Built-in roles", business-rules.md §1),
 * and the login throttle. Pure: no I/O, no clock.
 */

export const ROLES = ['ADMIN', 'HQ', 'COMPLIANCE', 'BRANCH_MANAGER', 'TEAM_LEAD', 'BROKER', 'SERVICE'] as const;
export type Role = (typeof ROLES)[number];

/**
 * What a role may do. Permissions say which operations; the data scope (scopeLevelOf, the scope
 * predicate in access/scope.ts) says on which rows. Routes check them with `requirePermission`, the
 * web reads them from `GET /api/me` (`permissions`), and this table is the one place where role names
 * meet capabilities (interfaces.md "Built-in roles", business-rules.md §1 and §5).
 *
 * - `customers`, `reports`: read customer data and reports within the data scope
 * - `workflows`: start and act on workflows (everyone but the read-only COMPLIANCE)
 * - `pii`: see personal information unmasked (个人信息)
 * - `audit`: read the audit log
 * - `users`, `settings`: manage logins and configuration
 * - `imports.view`: read the import runs (导入记录); `imports.run`: import a day folder from the inbox
 * - `payroll.view`: read payslips, adjustments and commission templates within the data scope;
 *   `payroll.export`: the payslips as Excel; `payroll.compute`, `payroll.lock` (stands in for the
 *   approval flow), `payroll.adjust` (薪酬调整), `payroll.templates` (create and change 提成模板)
 * - `staff.manage`: create and change staff records (人员管理), within the data scope
 * - `workflows.configure`: the approver roles of each flow type (流程配置)
 * - `calendar`: read and change the trading calendar (交易日历)
 * - `contacts.write`: record contacts with customers in the data scope (接触记录; every role with
 *   `customers` but the read-only COMPLIANCE)
 * - `alerts.act`: acknowledge, close and annotate the monitoring alerts in the data scope (异常监控;
 *   every role with `customers` but the read-only COMPLIANCE)
 * - `groups.write`: save, change and delete one's own customer groups (客户群; members are always
 *   the customers in the reader's scope; every role with `customers` but the read-only COMPLIANCE)
 * - `churn.train`: retrain the churn model on the imported history (流失预警; ADMIN only)
 * - `products.manage`: change the CRM's own marketing data of a product (金融产品; ADMIN and HQ)
 * - `suitability.confirm`: record a customer's confirmation of a special suitability warning for a
 *   customer in the data scope (适当性; every role with `customers` but the read-only COMPLIANCE)
 * - `outreach`: SMS and e-mail templates and campaigns (营销活动: start a campaign, which then goes
 *   through approval, and read the campaigns of the data scope); ADMIN, HQ, branch managers and
 *   team leads — brokers and service staff may not push to customers
 * - `training.manage`: courses, question banks and exams (培训考试); ADMIN and HQ firm-wide, a branch
 *   manager for the branch's staff. Taking the exams assigned to one needs no permission, only a
 *   login linked to an active staff member (every staff role)
 * - `callcenter`: a call-center agent's narrow read (呼叫中心, issue 14 item 2): the caller's card of a
 *   call routed to the agent's own extension (name, masked ID, tier, serving staff, last contacts,
 *   open alerts) even outside the data scope, for 12 hours after the ring; the 360° view stays
 *   scoped. SERVICE (客服专员) and ADMIN
 */
export const PERMISSIONS = [
  'customers', 'reports', 'workflows', 'pii', 'audit', 'users', 'settings',
  'imports.view', 'imports.run',
  'payroll.view', 'payroll.export', 'payroll.compute', 'payroll.lock', 'payroll.adjust', 'payroll.templates',
  'staff.manage', 'workflows.configure', 'calendar', 'contacts.write', 'alerts.act', 'churn.train', 'groups.write',
  'products.manage', 'suitability.confirm', 'outreach', 'training.manage', 'callcenter',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** 数据权限: ALL, the staff member's branch, the team, or the customers related to the staff member. */
export type ScopeLevel = 'ALL' | 'BRANCH' | 'TEAM' | 'SELF';

/** Reading payslips (their own, their team's … by scope) and exporting them: every role. */
const PAYROLL_READ: readonly Permission[] = ['payroll.view', 'payroll.export'];
/** Computing, locking, adjusting and templates: ADMIN and HQ (business-rules.md §5). */
const PAYROLL_MANAGE: readonly Permission[] = [...PAYROLL_READ, 'payroll.compute', 'payroll.lock', 'payroll.adjust', 'payroll.templates'];
const STAFF_ROLE: readonly Permission[] = ['customers', 'reports', 'workflows', ...PAYROLL_READ, 'contacts.write', 'alerts.act', 'groups.write', 'suitability.confirm'];

/** Role → data scope and permissions. */
const ROLE_RULES: Readonly<Record<Role, { scope: ScopeLevel; permissions: readonly Permission[] }>> = {
  ADMIN: { scope: 'ALL', permissions: PERMISSIONS },
  HQ: { scope: 'ALL', permissions: ['customers', 'reports', 'workflows', 'imports.view', ...PAYROLL_MANAGE, 'staff.manage', 'contacts.write', 'alerts.act', 'groups.write', 'products.manage', 'suitability.confirm', 'outreach', 'training.manage'] },
  COMPLIANCE: { scope: 'ALL', permissions: ['customers', 'reports', 'pii', 'audit', ...PAYROLL_READ] },
  BRANCH_MANAGER: { scope: 'BRANCH', permissions: [...STAFF_ROLE, 'staff.manage', 'outreach', 'training.manage'] },
  TEAM_LEAD: { scope: 'TEAM', permissions: [...STAFF_ROLE, 'outreach'] },
  BROKER: { scope: 'SELF', permissions: STAFF_ROLE },
  SERVICE: { scope: 'SELF', permissions: [...STAFF_ROLE, 'callcenter'] },
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

/**
 * Failed password attempts (a login, or the current password of a password change) are counted
 * within `windowMinutes` under two keys: the username at the client address, and the client address
 * across every username (one password sprayed over many usernames). Below a key's `freeFailures`
 * nothing waits; from then on the key's next attempt waits 1 s, 2 s, 4 s … after its latest failure,
 * at most `maxDelaySeconds`: a backoff, never a lock. A username is never throttled on its own, so
 * failures from one address never hold back the user at another address.
 */
export const LOGIN_THROTTLE = {
  windowMinutes: 60,
  maxDelaySeconds: 15 * 60,
  /** Per username and client address. */
  userFreeFailures: 5,
  /** Per client address, every username together (an office behind one NAT address shares it). */
  addressFreeFailures: 20,
} as const;

/** Failures of one throttle key within the window. */
export interface FailureTally {
  failures: number;
  /** The latest failure; null when there is none. */
  lastFailureAt: Date | null;
}

export function loginWindowStart(now: Date): Date {
  return new Date(now.getTime() - LOGIN_THROTTLE.windowMinutes * 60_000);
}

/** Seconds a key's next attempt waits after its latest failure: 0 below `freeFailures`, then 1, 2, 4 … capped. */
export function backoffSeconds(failures: number, freeFailures: number): number {
  if (failures < freeFailures) return 0;
  return Math.min(2 ** (failures - freeFailures), LOGIN_THROTTLE.maxDelaySeconds);
}

function keyRetryAfterSeconds(tally: FailureTally, freeFailures: number, now: Date): number {
  const delay = backoffSeconds(tally.failures, freeFailures);
  if (delay === 0 || !tally.lastFailureAt) return 0;
  const waitMs = tally.lastFailureAt.getTime() + delay * 1000 - now.getTime();
  return waitMs > 0 ? Math.ceil(waitMs / 1000) : 0;
}

/** Whole seconds until another attempt is allowed under both keys; 0 when one is allowed now. */
export function loginRetryAfterSeconds(tallies: { user: FailureTally; address: FailureTally }, now: Date): number {
  return Math.max(
    keyRetryAfterSeconds(tallies.user, LOGIN_THROTTLE.userFreeFailures, now),
    keyRetryAfterSeconds(tallies.address, LOGIN_THROTTLE.addressFreeFailures, now),
  );
}

/** The throttle's key part for a username: logins are case-insensitive. */
export function usernameKey(username: string): string {
  return username.toLowerCase();
}
