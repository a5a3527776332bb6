/**
 * 待重新分配: the customers of staff who have left whose relationships are still in force
 * (GET /api/staff/to-reassign).
 */
import type pg from 'pg';
import { bindParam, customerScope, staffScope } from '../access/scope.js';
import type { AuthUser } from '../auth/auth.service.js';
import type { ToReassignItem } from './staff.manage.schemas.js';
import { toReassignPredicate } from './staff.manage.records.js';

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
