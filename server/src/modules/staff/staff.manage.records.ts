/**
 * Staff management's reading core: who may manage whom, the staff row as managed, its history and
 * relationship counts (the editable record, 人员管理). Shared by the direct path, the approval flows
 * and the 待重新分配 list.
 */
import type pg from 'pg';
import { canSeePii, presentPii } from '../access/pii.js';
import { relationshipEffectiveOn, staffScope } from '../access/scope.js';
import { auditPiiView } from '../audit/audit.service.js';
import { assertPermission, type AuthUser } from '../auth/auth.service.js';
import type { HistoryRow, ManagedStaff, StaffRecord } from './staff.manage.schemas.js';

export type Db = pg.Pool | pg.PoolClient;

/** Who is changing what, and when (the business date decides "today"). */
export interface ManageContext {
  user: AuthUser;
  /** Today in the business time zone. */
  today: string;
  /** The app's clock at the request (flows started record it). */
  now?: Date;
  ip?: string;
}

// ---------------------------------------------------------------- who may manage

export function requireManager(user: AuthUser): void {
  assertPermission(user, 'staff.manage');
}

/** Whether `user` may manage staff of `branchCode` (ADMIN, HQ; a branch manager their own active branch). */
export async function mayManageBranch(db: Db, user: AuthUser, branchCode: string): Promise<boolean> {
  const params: unknown[] = [branchCode];
  const { rows } = await db.query(`select 1 from branches b where b.branch_code = $1 and ${staffScope(user, { alias: 'b', params })}`, params);
  return rows.length > 0;
}

// ---------------------------------------------------------------- reading

export interface StaffDbRow {
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

export const STAFF_SELECT = `select s.staff_no, s.name, s.category, s.level, s.branch_code, b.branch_name, s.team_code, t.team_name, s.hire_date,
                             s.leave_date, s.contract_type, s.mobile, s.email, s.status
                        from staff s join branches b on b.branch_code = s.branch_code left join teams t on t.team_code = s.team_code`;

export function toRecord(r: StaffDbRow): StaffRecord {
  return {
    staffNo: r.staff_no, name: r.name, category: r.category, level: r.level, branchCode: r.branch_code, branchName: r.branch_name,
    teamCode: r.team_code, teamName: r.team_name, hireDate: r.hire_date, leaveDate: r.leave_date, contractType: r.contract_type,
    mobile: r.mobile, email: r.email, status: r.status,
  };
}

/** The staff row if `user` may manage it (row-locked when `lock`), else undefined. */
export async function managedRow(db: Db, user: AuthUser, staffNo: string, lock = false): Promise<StaffDbRow | undefined> {
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
export function toReassignPredicate(r: string, s: string, today: string): string {
  return `(${s}.leave_date is not null and ${s}.leave_date <= ${today}::date and ${relationshipEffectiveOn(r, today)}
           and (${r}.ended_on is null or ${r}.ended_on > ${s}.leave_date))`;
}

export async function historyOf(db: Db, staffNo: string, today: string): Promise<HistoryRow[]> {
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
export async function managedStaff(client: pg.PoolClient, row: StaffDbRow, ctx: ManageContext): Promise<ManagedStaff> {
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
