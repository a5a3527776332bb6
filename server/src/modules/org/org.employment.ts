/**
 * Is a staff member employed on a day (business-rules.md §1, 人员管理): the check every relationship
 * operation makes (经纪关系 add, change, opening …) and staff management's own. It reads only the staff
 * table and the rule of org.rules.ts (startsAfterLeaving), so it lives with the org data, below both
 * the staff module and the workflow engine's relationship operations.
 */
import type pg from 'pg';
import { startsAfterLeaving } from './org.rules.js';

type Db = pg.Pool | pg.PoolClient;

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
