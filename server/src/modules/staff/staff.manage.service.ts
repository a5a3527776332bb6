/**
 * Staff management (人员管理, business-rules.md §1): create and edit staff, level/team/category/
 * contract changes kept as history (历史信息, staff_history) and never overwritten, leave dates, and
 * the customers of staff who have left (待重新分配).
 *
 * - Who: ADMIN and HQ for every staff member, a BRANCH_MANAGER within the branch of their own staff
 *   record; another staff member is 404 (out of scope, as every read), another role 403.
 * - A tracked change (level, team, category, contract type) adds one history row effective on its
 *   date (default today, never before the field's last change, the hire date, nor after the leave
 *   date). A date up to today changes the staff row at once; a later one is pending and the staff row
 *   takes it on that day (applyDueStaffChanges, run on start-up, hourly and before every change).
 * - A team change stays within the staff member's branch (a relationship never crosses branches).
 * - The leave date (离职日期) is the last day of employment, like a relationship's inclusive
 *   ended_on (org.rules.ts startsAfterLeaving): the staff member is LEFT from that day, may not start
 *   a relationship after it (staffActiveOn), and every relationship still open after it stays in
 *   force until it is reassigned (listed by listToReassign). A leave date before the start of one of
 *   the staff member's relationships is refused, as the org import does (leaveDateProblems).
 *   Nothing here changes a relationship, so no staff figure needs re-deriving.
 * - Every change is audited in its own transaction (writeAudit).
 */
import type pg from 'pg';
import { inTransaction } from '../../db/database.js';
import { conflict, forbidden, notFound, validationFailed, type FieldError } from '../../errors.js';
import { canSeePii, presentPii } from '../access/pii.js';
import { bindParam, customerScope, relationshipEffectiveOn, staffScope } from '../access/scope.js';
import { auditPiiView, writeAudit } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth.service.js';
import {
  leaveDateProblems,
  startsAfterLeaving,
  staffReferenceProblems,
  staffStatus,
  type OrgSnapshot,
  type StaffRow,
  type StoredRelationship,
  type TrackedStaffField,
} from '../org/org.rules.js';
import type {
  HistoryRow,
  ManagedStaff,
  ManageOptions,
  NewStaff,
  StaffChangeResult,
  StaffPatch,
  StaffRecord,
  ToReassignItem,
} from './staff.manage.schemas.js';

type Db = pg.Pool | pg.PoolClient;

const SOURCE = 'STAFF_MANAGE';
export const APPROVAL_SETTING = 'staff.changesNeedApproval';

/** Who is changing what, and when (the business date decides "today"). */
export interface ManageContext {
  user: AuthUser;
  /** Today in the business time zone. */
  today: string;
  /** The app's clock at the request (flows started record it). */
  now?: Date;
  ip?: string;
}

// ---------------------------------------------------------------- is a staff member employed on a day

export type InactiveReason = 'UNKNOWN_STAFF' | 'NOT_YET_HIRED' | 'LEFT';

/**
 * Why `staffNo` cannot hold a relationship effective on `date`, or null when they can: unknown, not
 * hired yet (date before the hire date), or left (date after the leave date; the leave date itself
 * is still a working day).
 */
export async function staffInactiveReason(db: Db, staffNo: string, date: string): Promise<InactiveReason | null> {
  const { rows } = await db.query<{ hire_date: string; leave_date: string | null }>('select hire_date, leave_date from staff where staff_no = $1', [staffNo]);
  const staff = rows[0];
  if (!staff) return 'UNKNOWN_STAFF';
  if (date < staff.hire_date) return 'NOT_YET_HIRED';
  return startsAfterLeaving(date, staff.leave_date) ? 'LEFT' : null;
}

/**
 * The check every relationship operation makes (经纪关系 add, change, opening …): may `staffNo` hold a
 * relationship effective on `date`? False for an unknown staff member, before the hire date and after
 * the leave date.
 */
export async function staffActiveOn(db: Db, staffNo: string, date: string): Promise<boolean> {
  return (await staffInactiveReason(db, staffNo, date)) === null;
}

// ---------------------------------------------------------------- settings

/** Whether level and team changes go through an approval flow (settings 'staff.changesNeedApproval', default off). */
export async function changesNeedApproval(db: Db): Promise<boolean> {
  const { rows } = await db.query<{ value: unknown }>('select value from settings where key = $1', [APPROVAL_SETTING]);
  return rows[0]?.value === true;
}

export async function setChangesNeedApproval(pool: pg.Pool, value: boolean, ctx: ManageContext): Promise<boolean> {
  return inTransaction(pool, async (client) => {
    const old = await client.query<{ value: unknown }>('select value from settings where key = $1 for update', [APPROVAL_SETTING]);
    await client.query(
      `insert into settings (key, value, updated_at, updated_by) values ($1, $2, now(), $3)
       on conflict (key) do update set value = excluded.value, updated_at = now(), updated_by = excluded.updated_by`,
      [APPROVAL_SETTING, JSON.stringify(value), ctx.user.username],
    );
    await writeAudit(client, {
      user: ctx.user, action: 'settings.updated', entity: 'setting', entityId: APPROVAL_SETTING,
      detail: { old: old.rows[0]?.value ?? null, new: value }, ip: ctx.ip,
    });
    return value;
  });
}

// ---------------------------------------------------------------- pending changes

/**
 * Brings staff rows up to date on `today`: a history row that was recorded ahead of its date
 * (changed_on after the day it was recorded) and whose day has come is the latest of its field, so
 * its value becomes the staff row's; the status is LEFT from the leave date on. Returns how many
 * staff rows changed. Idempotent.
 */
export async function applyDueStaffChanges(client: Db, today: string, staffNo?: string): Promise<number> {
  const params: unknown[] = [today];
  const only = staffNo === undefined ? '' : `and h.staff_no = ${bindParam(params, staffNo)}`;
  const fields = await client.query(
    `with latest as (
       select distinct on (h.staff_no, h.field) h.staff_no, h.field, h.new_value,
              coalesce(h.changed_on > h.recorded_on, false) as was_pending
         from staff_history h
        where h.changed_on <= $1::date and h.field in ('level', 'team_code', 'category', 'contract_type') ${only}
        order by h.staff_no, h.field, h.changed_on desc, h.id desc),
     due as (
       select staff_no,
              bool_or(field = 'level') as has_level, max(new_value) filter (where field = 'level') as level,
              bool_or(field = 'team_code') as has_team, max(new_value) filter (where field = 'team_code') as team_code,
              bool_or(field = 'category') as has_category, max(new_value) filter (where field = 'category') as category,
              bool_or(field = 'contract_type') as has_contract, max(new_value) filter (where field = 'contract_type') as contract_type
         from latest where was_pending group by staff_no)
     update staff s set
       level = case when d.has_level then d.level else s.level end,
       team_code = case when d.has_team then d.team_code else s.team_code end,
       category = case when d.has_category then d.category else s.category end,
       contract_type = case when d.has_contract then d.contract_type else s.contract_type end,
       updated_at = now()
      from due d
     where d.staff_no = s.staff_no
       and ((d.has_level and s.level is distinct from d.level) or (d.has_team and s.team_code is distinct from d.team_code)
         or (d.has_category and s.category is distinct from d.category) or (d.has_contract and s.contract_type is distinct from d.contract_type))`,
    params,
  );
  const statusParams: unknown[] = [today];
  const onlyStatus = staffNo === undefined ? '' : `and staff_no = ${bindParam(statusParams, staffNo)}`;
  const statuses = await client.query(
    `update staff set status = case when leave_date is not null and leave_date <= $1::date then 'LEFT' else 'ACTIVE' end, updated_at = now()
      where status <> case when leave_date is not null and leave_date <= $1::date then 'LEFT' else 'ACTIVE' end ${onlyStatus}`,
    statusParams,
  );
  return (fields.rowCount ?? 0) + (statuses.rowCount ?? 0);
}

// ---------------------------------------------------------------- who may manage

const MANAGER_ROLES = new Set(['ADMIN', 'HQ', 'BRANCH_MANAGER']);

function requireManager(user: AuthUser): void {
  if (!MANAGER_ROLES.has(user.role)) throw forbidden();
}

/** Whether `user` may manage staff of `branchCode` (ADMIN, HQ; a branch manager their own active branch). */
async function mayManageBranch(db: Db, user: AuthUser, branchCode: string): Promise<boolean> {
  const params: unknown[] = [branchCode];
  const { rows } = await db.query(`select 1 from branches b where b.branch_code = $1 and ${staffScope(user, { alias: 'b', params })}`, params);
  return rows.length > 0;
}

// ---------------------------------------------------------------- reading

interface StaffDbRow {
  staff_no: string;
  name: string;
  category: StaffRecord['category'];
  level: StaffRecord['level'];
  branch_code: string;
  branch_name: string;
  team_code: string | null;
  team_name: string | null;
  hire_date: string;
  leave_date: string | null;
  contract_type: StaffRecord['contractType'];
  mobile: string | null;
  email: string | null;
  status: StaffRecord['status'];
}

const STAFF_SELECT = `select s.staff_no, s.name, s.category, s.level, s.branch_code, b.branch_name, s.team_code, t.team_name, s.hire_date,
                             s.leave_date, s.contract_type, s.mobile, s.email, s.status
                        from staff s join branches b on b.branch_code = s.branch_code left join teams t on t.team_code = s.team_code`;

function toRecord(r: StaffDbRow): StaffRecord {
  return {
    staffNo: r.staff_no, name: r.name, category: r.category, level: r.level, branchCode: r.branch_code, branchName: r.branch_name,
    teamCode: r.team_code, teamName: r.team_name, hireDate: r.hire_date, leaveDate: r.leave_date, contractType: r.contract_type,
    mobile: r.mobile, email: r.email, status: r.status,
  };
}

/** The staff row if `user` may manage it (row-locked when `lock`), else undefined. */
async function managedRow(db: Db, user: AuthUser, staffNo: string, lock = false): Promise<StaffDbRow | undefined> {
  const params: unknown[] = [staffNo];
  const { rows } = await db.query<StaffDbRow>(
    `${STAFF_SELECT} where s.staff_no = $1 and ${staffScope(user, { alias: 's', params })}${lock ? ' for update of s' : ''}`,
    params,
  );
  return rows[0];
}

/**
 * A relationship of a staff member who has left that is still in force today and was still open
 * after the leave date (org.rules.ts openAfterLeaving): the customer is to be reassigned (待重新分配).
 */
function toReassignPredicate(r: string, s: string, today: string): string {
  return `(${s}.leave_date is not null and ${s}.leave_date <= ${today}::date and ${relationshipEffectiveOn(r, today)}
           and (${r}.ended_on is null or ${r}.ended_on > ${s}.leave_date))`;
}

async function historyOf(db: Db, staffNo: string, today: string): Promise<HistoryRow[]> {
  const { rows } = await db.query<{
    id: string; field: string; old_value: string | null; new_value: string | null; changed_on: string; source: string;
    recorded_by: string | null; note: string | null; recorded_at: Date;
  }>(
    `select id, field, old_value, new_value, changed_on, source, recorded_by, note, recorded_at
       from staff_history where staff_no = $1 order by changed_on desc, id desc`,
    [staffNo],
  );
  return rows.map((h) => ({
    id: h.id, field: h.field, oldValue: h.old_value, newValue: h.new_value, changedOn: h.changed_on, source: h.source,
    recordedBy: h.recorded_by, note: h.note, recordedAt: h.recorded_at.toISOString(), pending: h.changed_on > today,
  }));
}

/**
 * The record with its history and relationship counts; mobile and e-mail masked without the `pii`
 * permission, and shown unmasked audited (`staff.view_pii`) with `client`, the transaction that read it.
 */
async function managedStaff(client: pg.PoolClient, row: StaffDbRow, ctx: ManageContext): Promise<ManagedStaff> {
  const { user, today } = ctx;
  if (canSeePii(user) && (row.mobile !== null || row.email !== null)) {
    await auditPiiView(client, user, { entity: 'staff', entityId: row.staff_no, detail: { via: 'manage' }, ip: ctx.ip });
  }
  const { rows } = await client.query<{ current: number; to_reassign: number }>(
    `select count(*) filter (where ${relationshipEffectiveOn('r', '$2')})::int as current,
            count(*) filter (where ${toReassignPredicate('r', 's', '$2')})::int as to_reassign
       from relationships r join staff s on s.staff_no = r.staff_no where r.staff_no = $1`,
    [row.staff_no, today],
  );
  return {
    ...presentPii(user, toRecord(row)),
    history: await historyOf(client, row.staff_no, today),
    currentRelationships: rows[0]?.current ?? 0,
    toReassign: rows[0]?.to_reassign ?? 0,
  };
}

/** The editable record with its history (GET /api/staff/{staffNo}/manage); 404 when out of the manager's reach. */
export async function getManagedStaff(pool: pg.Pool, staffNo: string, ctx: ManageContext): Promise<ManagedStaff> {
  requireManager(ctx.user);
  return inTransaction(pool, async (client) => {
    const row = await managedRow(client, ctx.user, staffNo);
    if (!row) throw notFound();
    return managedStaff(client, row, ctx);
  });
}

/** Branches and teams the caller may put staff in, for the form. */
export async function manageOptions(pool: pg.Pool, ctx: ManageContext): Promise<ManageOptions> {
  requireManager(ctx.user);
  const params: unknown[] = [];
  const scope = staffScope(ctx.user, { alias: 'b', params });
  const branches = await pool.query<{ code: string; name: string }>(
    `select b.branch_code as code, b.branch_name as name from branches b where ${scope} order by b.branch_code`,
    params,
  );
  const teams = await pool.query<{ code: string; name: string; branchCode: string }>(
    `select t.team_code as code, t.team_name as name, t.branch_code as "branchCode" from teams t
      where t.branch_code = any($1::text[]) order by t.branch_code, t.team_code`,
    [branches.rows.map((b) => b.code)],
  );
  return { branches: branches.rows, teams: teams.rows, changesNeedApproval: await changesNeedApproval(pool) };
}

// ---------------------------------------------------------------- checks shared with the org import

/** What staffReferenceProblems needs: the branches and teams (the staff map is not consulted). */
async function orgSnapshot(db: Db): Promise<OrgSnapshot> {
  const branches = await db.query<{ branch_code: string }>('select branch_code from branches');
  const teams = await db.query<{ team_code: string; branch_code: string }>('select team_code, branch_code from teams');
  return {
    branches: new Set(branches.rows.map((b) => b.branch_code)),
    teams: new Map(teams.rows.map((t) => [t.team_code, t.branch_code])),
    staff: new Map(),
    customers: new Map(),
    invalidTeamCodes: new Set(),
    invalidStaffNos: new Set(),
  };
}

const API_FIELD: Record<string, string> = {
  branch_code: 'branchCode', team_code: 'teamCode', leave_date: 'leaveDate', hire_date: 'hireDate', level: 'level',
  category: 'category', contract_type: 'contractType',
};

function fieldError(field: string, zh: string, en: string): FieldError {
  return { field, message: { zh, en } };
}

/** The org import's branch/team checks on a staff row, as 422 field errors. */
async function referenceErrors(db: Db, row: StaffRow): Promise<FieldError[]> {
  return staffReferenceProblems([{ line: 0, row }], await orgSnapshot(db)).map((p) => {
    const field = API_FIELD[p.column] ?? p.column;
    // when the team is in another branch, the team is what the form changes
    const shown = p.reason.includes(' but team ') ? 'teamCode' : field;
    return fieldError(shown, teamOrBranchZh(p.reason), p.reason);
  });
}

function teamOrBranchZh(reason: string): string {
  if (reason.startsWith('unknown branch')) return `营业部不存在：${reason.slice('unknown branch '.length)}`;
  if (reason.startsWith('unknown team')) return `团队不存在：${reason.split(' ')[2] ?? ''}`;
  return `团队与营业部不一致（${reason}）`;
}

function asStaffRow(r: {
  staff_no: string; name: string; category: StaffRow['category']; level: StaffRow['level']; team_code: string | null; branch_code: string;
  hire_date: string; leave_date: string | null; contract_type: StaffRow['contract_type']; mobile: string | null; email: string | null;
}): StaffRow {
  const { staff_no, name, category, level, team_code, branch_code, hire_date, leave_date, contract_type, mobile, email } = r;
  return { staff_no, name, category, level, team_code, branch_code, hire_date, leave_date, contract_type, mobile, email };
}

// ---------------------------------------------------------------- create

export async function createStaff(pool: pg.Pool, input: NewStaff, ctx: ManageContext): Promise<ManagedStaff> {
  requireManager(ctx.user);
  return inTransaction(pool, async (client) => {
    if (!(await mayManageBranch(client, ctx.user, input.branchCode))) {
      // a branch manager creates staff in their own branch only; an unknown branch is a bad field
      const exists = await client.query('select 1 from branches where branch_code = $1', [input.branchCode]);
      if (exists.rows.length > 0) throw forbidden();
    }
    const row: StaffRow = {
      staff_no: input.staffNo, name: input.name, category: input.category, level: input.level, team_code: input.teamCode,
      branch_code: input.branchCode, hire_date: input.hireDate, leave_date: input.leaveDate, contract_type: input.contractType,
      mobile: input.mobile, email: input.email,
    };
    const errors = await referenceErrors(client, row);
    if (errors.length > 0) throw validationFailed(errors);
    const inserted = await client.query(
      `insert into staff (staff_no, name, category, level, team_code, branch_code, hire_date, leave_date, contract_type, mobile, email, status)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) on conflict (staff_no) do nothing`,
      [row.staff_no, row.name, row.category, row.level, row.team_code, row.branch_code, row.hire_date, row.leave_date, row.contract_type,
        row.mobile, row.email, staffStatus(row.leave_date, ctx.today)],
    );
    if (inserted.rowCount === 0) throw conflict('STAFF_EXISTS', `员工编号 ${row.staff_no} 已存在。`, `Staff number ${row.staff_no} already exists.`);
    await writeAudit(client, { user: ctx.user, action: 'staff.created', entity: 'staff', entityId: row.staff_no, detail: input, ip: ctx.ip });
    const created = await managedRow(client, ctx.user, row.staff_no);
    if (!created) throw new Error(`staff ${row.staff_no} vanished after insert`);
    return managedStaff(client, created, ctx);
  });
}

// ---------------------------------------------------------------- change

/** A tracked field of the API and its column. */
const TRACKED = [
  ['level', 'level'],
  ['teamCode', 'team_code'],
  ['category', 'category'],
  ['contractType', 'contract_type'],
] as const satisfies readonly (readonly [keyof StaffPatch, TrackedStaffField])[];

export interface TrackedChange {
  field: (typeof TRACKED)[number][1];
  newValue: string | null;
}

/** The latest history row of a field (pending ones included): its date and value. */
async function latestChange(db: Db, staffNo: string, field: string): Promise<{ changed_on: string; new_value: string | null } | undefined> {
  const { rows } = await db.query<{ changed_on: string; new_value: string | null }>(
    `select changed_on, new_value from staff_history where staff_no = $1 and field = $2 order by changed_on desc, id desc limit 1`,
    [staffNo, field],
  );
  return rows[0];
}

interface PlannedChange {
  field: string;
  old: string | null;
  value: string | null;
}

/**
 * Checks tracked changes of one staff member effective on `effectiveDate`: not before the hire date,
 * not after the leave date, not before the field's latest change (pending ones included), a team of
 * the staff member's branch. Each change to a value not already in force plans one history row whose
 * old value is the one in force before it (the field's latest row, else the staff row).
 */
export async function planTrackedChanges(
  db: Db,
  staff: StaffDbRow,
  changes: readonly TrackedChange[],
  effectiveDate: string,
): Promise<{ errors: FieldError[]; rows: PlannedChange[] }> {
  const errors: FieldError[] = [];
  if (effectiveDate < staff.hire_date) {
    errors.push(fieldError('effectiveDate', `生效日期 ${effectiveDate} 早于入职日期 ${staff.hire_date}`, `effective date ${effectiveDate} is before the hire date ${staff.hire_date}`));
  }
  if (startsAfterLeaving(effectiveDate, staff.leave_date)) {
    errors.push(fieldError('effectiveDate', `生效日期 ${effectiveDate} 晚于离职日期 ${staff.leave_date}`, `effective date ${effectiveDate} is after the leave date ${staff.leave_date}`));
  }
  const rows: PlannedChange[] = [];
  for (const change of changes) {
    const latest = await latestChange(db, staff.staff_no, change.field);
    const inForce = latest ? latest.new_value : staff[change.field];
    if (inForce === change.newValue) continue;
    if (latest && effectiveDate < latest.changed_on) {
      const apiField = API_FIELD[change.field] ?? change.field;
      errors.push(fieldError('effectiveDate', `${apiField} 最近一次变动生效于 ${latest.changed_on}，新的变动不能早于它`, `${apiField} last changed on ${latest.changed_on}; a change cannot take effect before it`));
    }
    rows.push({ field: change.field, old: inForce, value: change.newValue });
  }
  const team = changes.find((c) => c.field === 'team_code');
  if (team && team.newValue !== null) errors.push(...(await referenceErrors(db, { ...asStaffRow(staff), team_code: team.newValue })));
  return { errors: dedupeErrors(errors), rows };
}

/**
 * Checks and records tracked changes of one staff member (already row-locked): one history row each
 * (planTrackedChanges); 422 when a check fails. A date up to today changes the staff row now, a later
 * one waits for applyDueStaffChanges. Returns the rows added. Shared by the direct path and approved flows.
 */
export async function recordTrackedChanges(
  client: pg.PoolClient,
  staff: StaffDbRow,
  changes: readonly TrackedChange[],
  effectiveDate: string,
  ctx: { username: string; today: string; note?: string | null; source?: string },
): Promise<number> {
  const { errors, rows } = await planTrackedChanges(client, staff, changes, effectiveDate);
  if (errors.length > 0) throw validationFailed(errors);
  for (const r of rows) {
    await client.query(
      `insert into staff_history (staff_no, field, old_value, new_value, changed_on, source, recorded_by, note, recorded_on)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [staff.staff_no, r.field, r.old, r.value, effectiveDate, ctx.source ?? SOURCE, ctx.username, ctx.note ?? null, ctx.today],
    );
    if (effectiveDate <= ctx.today) {
      await client.query(`update staff set ${r.field} = $2, updated_at = now() where staff_no = $1`, [staff.staff_no, r.value]);
    }
  }
  return rows.length;
}

function dedupeErrors(errors: readonly FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.field}\u0000${e.message.en}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A level or team change that the administrator sends through approval (STAFF_LEVEL_CHANGE / STAFF_TEAM_CHANGE). */
export type StaffFlowType = 'STAFF_LEVEL_CHANGE' | 'STAFF_TEAM_CHANGE';
export interface StaffChangePayload {
  staffNo: string;
  level?: StaffRecord['level'];
  teamCode?: string | null;
  effectiveDate: string;
  note?: string;
}

/**
 * Starts an approval flow for a staff change and returns its id and status. Set by
 * staff.manage.workflows.ts, which registers the staff operations with the workflow engine.
 */
export type FlowStarter = (
  pool: pg.Pool,
  user: AuthUser,
  type: StaffFlowType,
  payload: StaffChangePayload,
  meta: { ip: string; now: Date },
) => Promise<{ id: string; status: string }>;
let flowStarter: FlowStarter | undefined;

export function setStaffFlowStarter(starter: FlowStarter | undefined): void {
  flowStarter = starter;
}

/**
 * While level and team changes need approval, a PATCH that changes the level or the team starts a
 * flow for that one change instead (422 when it changes anything else too, or both at once); the
 * change is recorded when the flow is approved (applyApprovedStaffChange).
 */
async function startApprovalFlow(pool: pg.Pool, staffNo: string, patch: StaffPatch, ctx: ManageContext): Promise<StaffChangeResult | null> {
  if ((patch.level === undefined && patch.teamCode === undefined) || !flowStarter || !(await changesNeedApproval(pool))) return null;
  const others = Object.entries(patch).filter(([key, value]) => value !== undefined && !['level', 'teamCode', 'effectiveDate', 'note'].includes(key));
  if (others.length > 0 || (patch.level !== undefined && patch.teamCode !== undefined)) {
    const field = patch.level !== undefined ? 'level' : 'teamCode';
    throw validationFailed([fieldError(field, '级别和团队变动需要审批：请单独提交一项级别或团队变动', 'level and team changes need approval: submit one level or team change on its own')]);
  }
  const staff = await managedRow(pool, ctx.user, staffNo);
  if (!staff) throw notFound();
  const type: StaffFlowType = patch.level !== undefined ? 'STAFF_LEVEL_CHANGE' : 'STAFF_TEAM_CHANGE';
  const payload: StaffChangePayload = {
    staffNo, effectiveDate: patch.effectiveDate ?? ctx.today, ...(patch.note ? { note: patch.note } : {}),
    ...(patch.level !== undefined ? { level: patch.level } : { teamCode: patch.teamCode ?? null }),
  };
  const flow = await flowStarter(pool, ctx.user, type, payload, { ip: ctx.ip ?? '', now: ctx.now ?? new Date() });
  return { staff: await inTransaction(pool, (client) => managedStaff(client, staff, ctx)), historyAdded: 0, workflows: [{ type, ...flow }] };
}

export async function updateStaff(pool: pg.Pool, staffNo: string, patch: StaffPatch, ctx: ManageContext): Promise<StaffChangeResult> {
  requireManager(ctx.user);
  const flow = await startApprovalFlow(pool, staffNo, patch, ctx);
  if (flow) return flow;
  return inTransaction(pool, async (client) => {
    await applyDueStaffChanges(client, ctx.today, staffNo);
    const staff = await managedRow(client, ctx.user, staffNo, true);
    if (!staff) throw notFound();
    const errors: FieldError[] = [];
    const hireDate = patch.hireDate ?? staff.hire_date;
    const leaveDate = patch.leaveDate === undefined ? staff.leave_date : patch.leaveDate;
    if (leaveDate !== null && leaveDate < hireDate) {
      errors.push(fieldError(patch.leaveDate === undefined ? 'hireDate' : 'leaveDate', `离职日期 ${leaveDate} 早于入职日期 ${hireDate}`, `leave date ${leaveDate} is before hire date ${hireDate}`));
    }
    if (patch.hireDate !== undefined && patch.hireDate !== staff.hire_date) {
      const first = await client.query<{ first: string | null }>('select min(effective_from) as first from relationships where staff_no = $1', [staffNo]);
      const firstStart = first.rows[0]?.first ?? null;
      if (firstStart !== null && patch.hireDate > firstStart) {
        errors.push(fieldError('hireDate', `入职日期晚于该员工最早的经纪关系生效日期 ${firstStart}`, `hire date is after the start of the staff member's earliest relationship (${firstStart})`));
      }
    }
    if (errors.length === 0 && patch.leaveDate !== undefined && patch.leaveDate !== null && patch.leaveDate !== staff.leave_date) {
      const stored = await client.query<StoredRelationship>(
        `select id, customer_no, staff_no, kind, weight, assessment_set, added_on, effective_from, confirmed_on, ended_on, guaranteed_rate
           from relationships where staff_no = $1 order by customer_no, id`,
        [staffNo],
      );
      for (const p of leaveDateProblems([{ line: 0, row: { ...asStaffRow(staff), leave_date: patch.leaveDate } }], stored.rows, new Set())) {
        errors.push(fieldError('leaveDate', `离职日期早于该员工经纪关系的生效日期（${p.reason.split(': ')[1] ?? ''}）`, p.reason));
      }
    }
    if (errors.length > 0) throw validationFailed(errors);

    const effectiveDate = patch.effectiveDate ?? ctx.today;
    const tracked: TrackedChange[] = TRACKED.flatMap(([key, field]) => (patch[key] === undefined ? [] : [{ field, newValue: patch[key] ?? null }]));
    let historyAdded = await recordTrackedChanges(client, staff, tracked, effectiveDate, { username: ctx.user.username, today: ctx.today, note: patch.note });

    if (patch.leaveDate !== undefined && patch.leaveDate !== staff.leave_date) {
      await client.query(
        `insert into staff_history (staff_no, field, old_value, new_value, changed_on, source, recorded_by, note, recorded_on)
         values ($1, 'leave_date', $2, $3, $4, $5, $6, $7, $4)`,
        [staffNo, staff.leave_date, patch.leaveDate, ctx.today, SOURCE, ctx.user.username, patch.note ?? null],
      );
      historyAdded += 1;
    }
    await client.query(
      `update staff set name = $2, mobile = $3, email = $4, hire_date = $5, leave_date = $6, status = $7, updated_at = now() where staff_no = $1`,
      [
        staffNo, patch.name ?? staff.name, patch.mobile === undefined ? staff.mobile : patch.mobile, patch.email === undefined ? staff.email : patch.email,
        hireDate, leaveDate, staffStatus(leaveDate, ctx.today),
      ],
    );
    await writeAudit(client, {
      user: ctx.user, action: 'staff.updated', entity: 'staff', entityId: staffNo,
      detail: { before: toRecord(staff), change: patch, effectiveDate, historyAdded }, ip: ctx.ip,
    });
    const after = await managedRow(client, ctx.user, staffNo);
    if (!after) throw notFound();
    return { staff: await managedStaff(client, after, ctx), historyAdded, workflows: [] };
  });
}

function trackedChangeOf(type: StaffFlowType, payload: StaffChangePayload): TrackedChange {
  return type === 'STAFF_LEVEL_CHANGE' ? { field: 'level', newValue: payload.level ?? null } : { field: 'team_code', newValue: payload.teamCode ?? null };
}

/**
 * The checks of a staff change flow, at its start and before its final approval: the initiator may
 * manage the staff member (ADMIN, HQ, the branch's manager) and the change passes planTrackedChanges.
 * Problems name payload fields.
 */
export async function staffChangeProblems(
  client: pg.PoolClient,
  type: StaffFlowType,
  payload: StaffChangePayload,
  initiator: { role: string; staffNo: string | null },
): Promise<FieldError[]> {
  if (!MANAGER_ROLES.has(initiator.role)) return [fieldError('staffNo', '只有管理员、总部或本营业部经理可以变更员工', 'only ADMIN, HQ or the branch manager may change staff')];
  const params: unknown[] = [payload.staffNo];
  const { rows } = await client.query<StaffDbRow>(`${STAFF_SELECT} where s.staff_no = $1 and ${staffScope(initiator, { alias: 's', params })}`, params);
  const staff = rows[0];
  if (!staff) return [fieldError('staffNo', `员工 ${payload.staffNo} 不存在或不在您的管理范围内`, `no staff member ${payload.staffNo} within your reach`)];
  const plan = await planTrackedChanges(client, staff, [trackedChangeOf(type, payload)], payload.effectiveDate);
  if (plan.errors.length === 0 && plan.rows.length === 0) {
    const field = type === 'STAFF_LEVEL_CHANGE' ? 'level' : 'teamCode';
    return [fieldError(field, '与当前值相同，无需变动', 'already the value in force')];
  }
  return plan.errors;
}

/**
 * Applies an approved STAFF_LEVEL_CHANGE / STAFF_TEAM_CHANGE (the flow's outcome, in the transaction
 * of the final approval): the same checks and history rows as the direct path (source WORKFLOW), audited.
 */
export async function applyApprovedStaffChange(
  client: pg.PoolClient,
  type: StaffFlowType,
  payload: StaffChangePayload,
  by: { actor: { id?: string | null; username: string }; today: string; ip?: string; workflowId?: string | null },
): Promise<number> {
  await applyDueStaffChanges(client, by.today, payload.staffNo);
  const { rows } = await client.query<StaffDbRow>(`${STAFF_SELECT} where s.staff_no = $1 for update of s`, [payload.staffNo]);
  const staff = rows[0];
  if (!staff) throw notFound();
  const added = await recordTrackedChanges(client, staff, [trackedChangeOf(type, payload)], payload.effectiveDate, {
    username: by.actor.username, today: by.today, note: payload.note ?? null, source: 'WORKFLOW',
  });
  await writeAudit(client, {
    user: by.actor, action: 'staff.updated', entity: 'staff', entityId: staff.staff_no,
    detail: { before: toRecord(staff), approved: { type, payload, workflowId: by.workflowId ?? null }, historyAdded: added }, ip: by.ip,
  });
  return added;
}

// ---------------------------------------------------------------- to reassign

export interface ToReassignFilter {
  staffNo?: string;
  branch?: string;
  page: number;
  pageSize: number;
}

/**
 * 待重新分配: relationships in force today whose staff member has left and which were still open after
 * the leave date, of customers in the caller's scope and staff in the caller's staff scope; ordered by
 * leave date, staff, customer.
 */
export async function listToReassign(pool: pg.Pool, user: AuthUser, filter: ToReassignFilter, today: string): Promise<{ items: ToReassignItem[]; total: number }> {
  const params: unknown[] = [];
  const day = bindParam(params, today);
  const where = [
    toReassignPredicate('r', 's', day),
    customerScope(user, { alias: 'c', params, asOf: today }),
    staffScope(user, { alias: 's', params }),
  ];
  if (filter.staffNo) where.push(`r.staff_no = ${bindParam(params, filter.staffNo)}`);
  if (filter.branch) where.push(`c.branch_code = ${bindParam(params, filter.branch)}`);
  const from = `from relationships r join staff s on s.staff_no = r.staff_no join customers c on c.customer_no = r.customer_no where ${where.join(' and ')}`;
  const total = await pool.query<{ n: number }>(`select count(*)::int as n ${from}`, params);
  const pageParams = [...params];
  const limit = bindParam(pageParams, filter.pageSize);
  const offset = bindParam(pageParams, (filter.page - 1) * filter.pageSize);
  const { rows } = await pool.query<ToReassignItem>(
    `select r.id as "relationshipId", r.customer_no as "customerNo", c.name as "customerName", c.branch_code as "branchCode",
            r.staff_no as "staffNo", s.name as "staffName", s.leave_date as "leaveDate", r.kind, trim_scale(r.weight)::text as weight,
            r.effective_from as "effectiveFrom", r.ended_on as "endedOn"
       ${from}
      order by s.leave_date, r.staff_no, r.customer_no, r.kind, r.id
      limit ${limit} offset ${offset}`,
    pageParams,
  );
  return { items: rows, total: total.rows[0]?.n ?? 0 };
}
