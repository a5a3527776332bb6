/**
 * Branch and team look-ups for the web's pickers (营业部 / 团队选择): a code prefix or part of the
 * name, at most `limit` rows, only what the caller may pick. "May pick" goes through the one staff
 * scope (access/scope.ts): ALL every branch and team; a branch manager the own branch and its teams;
 * a team lead or broker the own branch and the own team. A caller whose scope matches no staff row
 * (no staff link, a staff member who has left) gets nothing.
 *
 * Colleagues (GET /api/org/staff): the active staff of the branches the caller may pick, by number
 * and name only — what the target of a relationship change (toStaffNo: any staff member of the
 * customer's branch) is picked from. Lists with figures stay with GET /api/staff (the staff scope).
 */
import type pg from 'pg';
import { z } from 'zod';
import { bindParam, staffScope } from '../access/scope.js';
import type { AuthUser } from '../auth/auth.service.js';
import { scopeLevelOf } from '../auth/auth.rules.js';
import { escapeLike } from '../../lib/sql.js';

/** A query value that may be sent empty (`?q=`) and then means "not given". */
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((value) => (value === '' ? undefined : value));

export const orgSearchQuery = z.object({
  q: optionalText(64).describe('code prefix or part of the name'),
  branch: optionalText(32).describe('teams: only of this branch'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type OrgSearchQuery = z.output<typeof orgSearchQuery>;

export const branchOptions = z.object({ items: z.array(z.object({ code: z.string(), name: z.string() })) });
export type BranchOptions = z.infer<typeof branchOptions>;

export const teamOptions = z.object({
  items: z.array(z.object({ code: z.string(), name: z.string(), branchCode: z.string(), branchName: z.string() })),
});
export type TeamOptions = z.infer<typeof teamOptions>;

export const colleagueOptions = z.object({
  items: z.array(z.object({ code: z.string(), name: z.string(), teamCode: z.string().nullable(), branchCode: z.string() })),
});
export type ColleagueOptions = z.infer<typeof colleagueOptions>;

/** `code` starts with, or `name` contains, the query. */
function matches(values: unknown[], q: string | undefined, code: string, name: string): string {
  if (!q) return 'true';
  const pattern = `${bindParam(values, escapeLike(q))}::text`;
  return `(${code} like ${pattern} || '%' or ${name} like '%' || ${pattern} || '%')`;
}

/** The staff rows the caller may see, as the set of their `column` (branch_code or team_code). */
function scopedStaff(user: AuthUser, values: unknown[], column: 'branch_code' | 'team_code'): string {
  return `(select s.${column} from staff s where ${staffScope(user, { alias: 's', params: values })})`;
}

/** The branch column `column` is one the caller may pick. */
function pickableBranch(user: AuthUser, values: unknown[], column: string): string {
  return scopeLevelOf(user.role) === 'ALL' ? 'true' : `${column} in ${scopedStaff(user, values, 'branch_code')}`;
}

export async function searchBranches(pool: pg.Pool, user: AuthUser, query: OrgSearchQuery): Promise<BranchOptions> {
  const values: unknown[] = [];
  const scope = pickableBranch(user, values, 'b.branch_code');
  const where = [scope, matches(values, query.q, 'b.branch_code', 'b.branch_name')];
  const { rows } = await pool.query<BranchOptions['items'][number]>(
    `select b.branch_code as code, b.branch_name as name from branches b
      where ${where.join(' and ')}
      order by b.branch_code limit ${bindParam(values, query.limit)}`,
    values,
  );
  return { items: rows };
}

export async function searchTeams(pool: pg.Pool, user: AuthUser, query: OrgSearchQuery): Promise<TeamOptions> {
  const values: unknown[] = [];
  const level = scopeLevelOf(user.role);
  const scope =
    level === 'ALL'
      ? 'true'
      : level === 'BRANCH'
        ? pickableBranch(user, values, 't.branch_code')
        : `t.team_code in ${scopedStaff(user, values, 'team_code')}`;
  const where = [scope, matches(values, query.q, 't.team_code', 't.team_name')];
  if (query.branch) where.push(`t.branch_code = ${bindParam(values, query.branch)}`);
  const { rows } = await pool.query<TeamOptions['items'][number]>(
    `select t.team_code as code, t.team_name as name, t.branch_code as "branchCode", b.branch_name as "branchName"
       from teams t join branches b on b.branch_code = t.branch_code
      where ${where.join(' and ')}
      order by t.branch_code, t.team_code limit ${bindParam(values, query.limit)}`,
    values,
  );
  return { items: rows };
}

export async function searchColleagues(pool: pg.Pool, user: AuthUser, query: OrgSearchQuery): Promise<ColleagueOptions> {
  const values: unknown[] = [];
  const where = [`s.status = 'ACTIVE'`, pickableBranch(user, values, 's.branch_code'), matches(values, query.q, 's.staff_no', 's.name')];
  if (query.branch) where.push(`s.branch_code = ${bindParam(values, query.branch)}`);
  const { rows } = await pool.query<ColleagueOptions['items'][number]>(
    `select s.staff_no as code, s.name, s.team_code as "teamCode", s.branch_code as "branchCode" from staff s
      where ${where.join(' and ')}
      order by s.staff_no limit ${bindParam(values, query.limit)}`,
    values,
  );
  return { items: rows };
}
