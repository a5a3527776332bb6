/**
 * Tracked changes (level, team, category, contract type) kept as history (历史信息, staff_history),
 * never overwritten: planning and recording them, bringing pending ones into force on their day
 * (applyDueStaffChanges), and the org import's branch/team checks as 422 field errors.
 */
import type pg from 'pg';
import { validationFailed, type FieldError } from '../../errors.js';
import { bindParam } from '../access/scope.js';
import { startsAfterLeaving, staffReferenceProblems, type OrgSnapshot, type StaffRow, type TrackedStaffField } from '../org/org.rules.js';
import type { StaffPatch } from './staff.manage.schemas.js';
import type { Db, StaffDbRow } from './staff.manage.records.js';

export const SOURCE = 'STAFF_MANAGE';

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

export const API_FIELD: Record<string, string> = {
  branch_code: 'branchCode', team_code: 'teamCode', leave_date: 'leaveDate', hire_date: 'hireDate', level: 'level',
  category: 'category', contract_type: 'contractType',
};

export function fieldError(field: string, zh: string, en: string): FieldError {
  return { field, message: { zh, en } };
}

/** The org import's branch/team checks on a staff row, as 422 field errors. */
export async function referenceErrors(db: Db, row: StaffRow): Promise<FieldError[]> {
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

export function asStaffRow(r: {
  staff_no: string; name: string; category: StaffRow['category']; level: StaffRow['level']; team_code: string | null; branch_code: string;
  hire_date: string; leave_date: string | null; contract_type: StaffRow['contract_type']; mobile: string | null; email: string | null;
}): StaffRow {
  const { staff_no, name, category, level, team_code, branch_code, hire_date, leave_date, contract_type, mobile, email } = r;
  return { staff_no, name, category, level, team_code, branch_code, hire_date, leave_date, contract_type, mobile, email };
}

// ---------------------------------------------------------------- change

/** A tracked field of the API and its column. */
export const TRACKED = [
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
