/**
 * THE data scope (数据权限, business-rules.md §1): the one function that turns the caller into the
 * SQL predicate every customer-facing read uses — lists, the 360° view, reports, exports, jobs.
 *
 * Fail closed: an unknown role, a scoped role without a staff link, a staff record that does not
 * exist or has left, or a disabled login gives `false`, which matches no row.
 */
import type pg from 'pg';
import { notFound } from '../../errors.js';
import { businessDate } from '../../lib/dates.js';
import { bindParam } from '../../lib/sql.js';
import { scopeLevelOf } from '../auth/auth.rules.js';

/** Who is asking: a logged-in user, or a job acting for one. */
export interface ScopeSubject {
  role: string;
  staffNo?: string | null;
  disabled?: boolean;
}

export interface ScopeOptions {
  /** The alias of the `customers` (or `staff`) row in the caller's query. */
  alias: string;
  /** The caller's query parameters; the predicate's own are pushed onto it. */
  params: unknown[];
  /** The day relationships must be effective on (YYYY-MM-DD); default today in the business time zone. */
  asOf?: string;
}

const SQL_ALIAS = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Defined in lib/sql.ts; re-exported for the many queries that take it with the scope. */
export { bindParam };

/**
 * Relationship row `r` holds on the day in placeholder `day`: effective_from and ended_on are both
 * inclusive (business-rules.md §2).
 */
export function relationshipEffectiveOn(r: string, day: string): string {
  return `(${r}.effective_from <= ${day}::date and (${r}.ended_on is null or ${r}.ended_on >= ${day}::date))`;
}

/**
 * The order that picks a customer's serving staff among its relationships `r` (the owner of its
 * alerts, its to-dos and the messages sent to it): the SERVICE relationship first, then the DEVELOP
 * one with the largest weight, then the lowest staff number.
 */
export function servingOrder(r: string): string {
  return `(${r}.kind = 'SERVICE') desc, ${r}.weight desc, ${r}.staff_no`;
}

/** SQL text expression: the staff number serving the customer `customerNo` (an SQL expression) on `day` (null without one). */
export function servingStaffSql(customerNo: string, day: string): string {
  return `(select serving.staff_no from relationships serving
            where serving.customer_no = ${customerNo} and ${relationshipEffectiveOn('serving', day)}
            order by ${servingOrder('serving')} limit 1)`;
}

/** The caller's active staff record, as a scalar subquery yielding `column` (null when there is none). */
function activeStaff(column: 'staff_no' | 'team_code' | 'branch_code', staffNoPlaceholder: string): string {
  return `(select scope_staff.${column} from staff scope_staff where scope_staff.staff_no = ${staffNoPlaceholder} and scope_staff.status = 'ACTIVE')`;
}

function checkedAlias(alias: string): string {
  if (!SQL_ALIAS.test(alias)) throw new Error(`scope: invalid SQL alias ${JSON.stringify(alias)}`);
  return alias;
}

type Resolved = { level: 'ALL' } | { level: 'BRANCH' | 'TEAM' | 'SELF'; staffNo: string } | null;

/** The subject's scope level and, below ALL, the staff record it goes through; null means no data. */
function resolve(user: ScopeSubject | null | undefined): Resolved {
  if (!user || user.disabled) return null;
  const level = scopeLevelOf(user.role);
  if (level === 'ALL') return { level };
  if (!level || !user.staffNo) return null;
  return { level, staffNo: user.staffNo };
}

/**
 * SQL boolean predicate over the customers row `opts.alias`:
 * - ALL (ADMIN, HQ, COMPLIANCE): `true`
 * - BRANCH (BRANCH_MANAGER): customers of the branch of the user's staff member
 * - TEAM (TEAM_LEAD): customers with a relationship (any kind) effective on asOf to a staff member
 *   currently in the lead's team
 * - SELF (BROKER, SERVICE): customers with a relationship effective on asOf to the user's staff member
 */
export function customerScope(user: ScopeSubject | null | undefined, opts: ScopeOptions): string {
  const c = checkedAlias(opts.alias);
  const scope = resolve(user);
  if (!scope) return 'false';
  if (scope.level === 'ALL') return 'true';

  const asOf = opts.asOf ?? businessDate(new Date());
  if (!ISO_DATE.test(asOf)) throw new Error(`scope: asOf must be YYYY-MM-DD, got ${JSON.stringify(asOf)}`);
  const staff = bindParam(opts.params, scope.staffNo);
  if (scope.level === 'BRANCH') return `(${c}.branch_code = ${activeStaff('branch_code', staff)})`;

  const day = bindParam(opts.params, asOf);
  const relatedStaff =
    scope.level === 'TEAM'
      ? `(select scope_member.staff_no from staff scope_member where scope_member.team_code = ${activeStaff('team_code', staff)})`
      : activeStaff('staff_no', staff);
  return `(${c}.customer_no in (select scope_rel.customer_no from relationships scope_rel where scope_rel.staff_no in ${relatedStaff} and ${relationshipEffectiveOn('scope_rel', day)}))`;
}

/**
 * SQL boolean predicate over the staff row `opts.alias`, for staff lists: ALL, the branch, the team,
 * or only the user's own staff record; fail closed like `customerScope`.
 */
export function staffScope(user: ScopeSubject | null | undefined, opts: Omit<ScopeOptions, 'asOf'>): string {
  const s = checkedAlias(opts.alias);
  const scope = resolve(user);
  if (!scope) return 'false';
  if (scope.level === 'ALL') return 'true';

  const staff = bindParam(opts.params, scope.staffNo);
  switch (scope.level) {
    case 'BRANCH':
      return `(${s}.branch_code = ${activeStaff('branch_code', staff)})`;
    case 'TEAM':
      return `(${s}.team_code = ${activeStaff('team_code', staff)})`;
    case 'SELF':
      return `(${s}.staff_no = ${activeStaff('staff_no', staff)})`;
  }
}

/**
 * 404 unless the customer is in the caller's data scope on `asOf`: a customer out of scope answers
 * exactly like one that does not exist. Returns its name.
 */
export async function assertCustomerInScope(client: pg.PoolClient, user: ScopeSubject | null | undefined, customerNo: string, asOf: string): Promise<string> {
  const params: unknown[] = [customerNo];
  const scope = customerScope(user, { alias: 'c', params, asOf });
  const { rows } = await client.query<{ name: string }>(`select c.name from customers c where c.customer_no = $1 and ${scope}`, params);
  if (!rows[0]) throw notFound();
  return rows[0].name;
}
