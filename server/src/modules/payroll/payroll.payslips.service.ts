/**
 * Payslips (工资单) read within the caller's data scope (staffScope): a month's, one with its
 * breakdown, and a staff member's over months (我的工资单).
 */
import type pg from 'pg';
import type { z } from 'zod';
import { notFound, unprocessable } from '../../errors.js';
import { bindParam, staffScope } from '../access/scope.js';
import type { AuthUser } from '../auth/auth.service.js';
import { ADJUSTMENT_KINDS, ADJUSTMENT_TITLES, money, moneyText, type AdjustmentKind, type Money } from './payroll.rules.js';
import { FIRST_DAY, monthStatus, type MonthStatus } from './payroll.months.service.js';
import type { payslipDetailSchema, payslipSchema, staffPayslipsSchema } from './payroll.schemas.js';

/** The answers of the payslip routes (payroll.schemas.ts is their one definition). */
export type Payslip = z.infer<typeof payslipSchema>;
export type PayslipDetail = z.infer<typeof payslipDetailSchema>;
export type StaffPayslips = z.infer<typeof staffPayslipsSchema>;

interface PayslipRow {
  month: string;
  staff_no: string;
  name: string;
  branch_code: string;
  team_code: string | null;
  level: string;
  template_code: string;
  base_salary: string;
  net_commission: string;
  commission_share: string;
  product_sales: string;
  product_sales_commission: string;
  adjustments_total: string;
  total: string;
  computed_at: Date;
  inputs: {
    tiers: PayslipDetail['breakdown']['tiers'];
    products: { productCode: string; rate: string; sales: string; commission: string }[];
    adjustments: { id: string; kind: AdjustmentKind; amount: string; note: string | null; correctsMonth: string | null }[];
  };
}

function adjustmentsByKind(adjustments: PayslipRow['inputs']['adjustments']): Record<AdjustmentKind, string> {
  const sums = Object.fromEntries(ADJUSTMENT_KINDS.map((kind) => [kind, money(0)])) as Record<AdjustmentKind, Money>;
  for (const a of adjustments) sums[a.kind] = sums[a.kind].plus(a.amount);
  return Object.fromEntries(ADJUSTMENT_KINDS.map((kind) => [kind, moneyText(sums[kind])])) as Record<AdjustmentKind, string>;
}

function payslipOf(r: PayslipRow): Payslip {
  return {
    month: r.month, staffNo: r.staff_no, name: r.name, branchCode: r.branch_code, teamCode: r.team_code, level: r.level, templateCode: r.template_code,
    baseSalary: moneyText(money(r.base_salary)), netCommission: moneyText(money(r.net_commission)), commissionShare: moneyText(money(r.commission_share)),
    productSales: moneyText(money(r.product_sales)), productSalesCommission: moneyText(money(r.product_sales_commission)),
    adjustmentsTotal: moneyText(money(r.adjustments_total)), adjustmentsByKind: adjustmentsByKind(r.inputs.adjustments), total: moneyText(money(r.total)),
    computedAt: r.computed_at.toISOString(),
  };
}

interface PayslipFilter {
  /** One month; or a range of months (both ends inclusive, either open). */
  month?: string;
  monthFrom?: string;
  monthTo?: string;
  staffNo?: string;
}

/** Payslips within the caller's staff scope (staffScope): a month's by branch, team and staff, or a staff member's by month. */
async function payslipRows(pool: pg.Pool, filter: PayslipFilter, user: AuthUser): Promise<(PayslipRow & { status: 'OPEN' | 'LOCKED'; stale: boolean })[]> {
  const params: unknown[] = [];
  const scope = staffScope(user, { alias: 's', params });
  const where = [scope];
  if (filter.month !== undefined) where.push(`p.month = ${bindParam(params, FIRST_DAY(filter.month))}::date`);
  if (filter.monthFrom !== undefined) where.push(`p.month >= ${bindParam(params, FIRST_DAY(filter.monthFrom))}::date`);
  if (filter.monthTo !== undefined) where.push(`p.month <= ${bindParam(params, FIRST_DAY(filter.monthTo))}::date`);
  if (filter.staffNo !== undefined) where.push(`p.staff_no = ${bindParam(params, filter.staffNo)}`);
  const { rows } = await pool.query<PayslipRow & { status: 'OPEN' | 'LOCKED'; stale: boolean }>(
    `select to_char(p.month, 'YYYY-MM') as month, p.staff_no, s.name, s.branch_code, s.team_code, p.level, p.template_code, p.base_salary,
       p.net_commission, p.commission_share, p.product_sales, p.product_sales_commission, p.adjustments_total, p.total, p.computed_at, p.inputs,
       m.status, (m.computed_revision is not null and m.computed_revision <> m.revision) as stale
     from payslips p join staff s on s.staff_no = p.staff_no join payroll_months m on m.month = p.month
     where ${where.join(' and ')}
     order by p.month, s.branch_code, s.team_code nulls last, p.staff_no`,
    params,
  );
  return rows;
}

export async function listPayslips(pool: pg.Pool, month: string, user: AuthUser): Promise<{ month: MonthStatus; items: Payslip[] }> {
  const rows = await payslipRows(pool, { month }, user);
  return { month: await monthStatus(pool, month), items: rows.map(payslipOf) };
}

/** One payslip with its breakdown; 404 when missing or out of the caller's scope. */
export async function getPayslip(pool: pg.Pool, month: string, staffNo: string, user: AuthUser): Promise<PayslipDetail> {
  const [row] = await payslipRows(pool, { month, staffNo }, user);
  if (!row) throw notFound();
  const codes = row.inputs.products.map((p) => p.productCode);
  const { rows: names } = await pool.query<{ product_code: string; name: string }>(`select product_code, name from products where product_code = any($1)`, [codes]);
  const nameOf = new Map(names.map((n) => [n.product_code, n.name]));
  const status = await monthStatus(pool, month);
  return {
    ...payslipOf(row),
    status: status.status,
    breakdown: {
      tiers: row.inputs.tiers,
      products: row.inputs.products.map((p) => ({ ...p, productName: nameOf.get(p.productCode) ?? null })),
      adjustments: row.inputs.adjustments.map((a) => ({ ...a, title: ADJUSTMENT_TITLES[a.kind].zh })),
    },
  };
}

/**
 * 我的工资单 and a staff member's payslips over months (oldest first), within the caller's scope:
 * the caller's own staff record when `staffNo` is not given. 404 when the staff member is unknown
 * or out of scope (the same answer, never revealing that the record exists).
 */
export async function staffPayslips(pool: pg.Pool, query: { staffNo?: string; monthFrom?: string; monthTo?: string }, user: AuthUser): Promise<StaffPayslips> {
  const staffNo = query.staffNo ?? user.staffNo ?? null;
  if (staffNo === null) {
    throw unprocessable('PAYROLL_STAFF_REQUIRED', '请指定员工编号。', 'Name a staff member (staffNo).', [
      { field: 'staffNo', message: { zh: '未关联员工的用户须指定员工编号', en: 'required for a login without a staff record' } },
    ]);
  }
  if (query.monthFrom !== undefined && query.monthTo !== undefined && query.monthFrom > query.monthTo) {
    throw unprocessable('PAYROLL_BAD_RANGE', '结束月份不能早于开始月份。', 'monthTo must not be before monthFrom.', [
      { field: 'monthTo', message: { zh: '不能早于开始月份', en: 'must not be before monthFrom' } },
    ]);
  }
  const params: unknown[] = [staffNo];
  const scope = staffScope(user, { alias: 's', params });
  const { rows: staff } = await pool.query<{ name: string }>(`select s.name from staff s where s.staff_no = $1 and ${scope}`, params);
  if (!staff[0]) throw notFound();
  const rows = await payslipRows(pool, { staffNo, monthFrom: query.monthFrom, monthTo: query.monthTo }, user);
  return { staffNo, name: staff[0].name, items: rows.map((r) => ({ ...payslipOf(r), status: r.status, stale: r.stale })) };
}
