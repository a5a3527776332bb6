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
 *   a relationship after it (org.employment.ts staffActiveOn), and every relationship still open after it stays in
 *   force until it is reassigned (listed by listToReassign). A leave date before the start of one of
 *   the staff member's relationships is refused, as the org import does (leaveDateProblems).
 *   Nothing here changes a relationship, so no staff figure needs re-deriving.
 * - Every change is audited in its own transaction (writeAudit).
 *
 * This file holds the operations the routes call (read, options, create, update). Beside it:
 * staff.manage.records.ts (who may manage whom, the managed record), staff.manage.history.ts (tracked
 * changes and their checks), staff.manage.workflows.ts (the approval setting and flows) and
 * staff.manage.reassign.ts (待重新分配).
 */
import type pg from 'pg';
import { inTransaction } from '../../db/database.js';
import { conflict, forbidden, notFound, validationFailed, type FieldError } from '../../errors.js';
import { staffScope } from '../access/scope.js';
import { writeAudit } from '../audit/audit.service.js';
import { leaveDateProblems, staffStatus, type StaffRow, type StoredRelationship } from '../org/org.rules.js';
import type { ManagedStaff, ManageOptions, NewStaff, StaffChangeResult, StaffPatch } from './staff.manage.schemas.js';
import { applyDueStaffChanges, asStaffRow, fieldError, recordTrackedChanges, referenceErrors, SOURCE, TRACKED, type TrackedChange } from './staff.manage.history.js';
import { managedRow, managedStaff, mayManageBranch, requireManager, toRecord, type ManageContext } from './staff.manage.records.js';
import { changesNeedApproval, startApprovalFlow } from './staff.manage.workflows.js';

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
