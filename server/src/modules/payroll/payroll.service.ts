/**
 * Payroll operations (薪酬, business-rules.md §5): compute a month's payslips from the attributed
 * staff figures, the commission template and the adjustments; lock the month; record adjustments;
 * read and export payslips within the caller's data scope (staffScope). Every change writes its
 * audit row in the same transaction.
 */
import ExcelJS from 'exceljs';
import type pg from 'pg';
import { codeLabel, type CodeLabel } from '../../../../shared/codes.js';
import { inTransaction } from '../../db/database.js';
import { AppError, conflict, forbidden, notFound, unprocessable, type Language } from '../../errors.js';
import { writeExportHeader } from '../../lib/excel.js';
import { bindParam, staffScope } from '../access/scope.js';
import { writeAudit } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth.service.js';
import {
  ADJUSTMENT_KINDS, ADJUSTMENT_TITLES, commissionShare, DEFAULT_TEMPLATE, money, moneyText, monthBounds, nextMonth, payslipTotal, roundMoney, signedAdjustment,
  type AdjustmentKind, type CommissionTier, type Money,
} from './payroll.rules.js';

export interface PayrollActor {
  user: AuthUser;
  ip?: string;
}

/**
 * Who may compute, lock and adjust: ADMIN and HQ. Locking by one of them stands in for the approval
 * flow (审批) until workflows exist; then the lock becomes the approval's last step.
 */
export function canManagePayroll(user: AuthUser): boolean {
  return user.role === 'ADMIN' || user.role === 'HQ';
}

function requireManager(user: AuthUser): void {
  if (!canManagePayroll(user)) throw forbidden();
}

/**
 * Computing takes this lock shared, a template change exclusive (payroll.templates.service.ts), both
 * first in their transaction: a computation never reads a template half-changed, and a change made
 * while a month is being computed waits for it and then marks it stale.
 */
export async function lockTemplates(client: pg.PoolClient, mode: 'shared' | 'exclusive'): Promise<void> {
  const fn = mode === 'shared' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock';
  await client.query(`select ${fn}(hashtextextended('quancrm.payroll.templates', 0))`);
}

// ---------------------------------------------------------------- errors

function monthLocked(month: string): AppError {
  const next = nextMonth(month);
  return conflict(
    'PAYROLL_MONTH_LOCKED',
    `${month} 的薪酬已锁定，不能再修改。更正请作为 ${next} 的薪酬调整录入（录入调整时可选 toNextMonth）。`,
    `Payroll for ${month} is locked and never changes. Record corrections as adjustments of ${next} (option toNextMonth).`,
  );
}

function monthIncomplete(month: string): AppError {
  return conflict(
    'PAYROLL_MONTH_INCOMPLETE',
    `${month} 尚未结束：其最后一个交易日之后的交易日还没有导入，暂不能计算薪酬。`,
    `${month} is not complete: no trading day after it has been imported yet, so its payroll cannot be computed.`,
  );
}

/** A month none of whose days was imported (before the first import, or a gap): its payslips would be base salaries only. */
function monthWithoutTradingDays(month: string): AppError {
  return unprocessable(
    'PAYROLL_MONTH_NOT_IMPORTED',
    `${month} 没有任何已导入的交易日，不能计算薪酬。`,
    `No trading day of ${month} has been imported, so its payroll cannot be computed.`,
  );
}

// ---------------------------------------------------------------- month status

interface MonthRow {
  month: string;
  status: 'OPEN' | 'LOCKED';
  template_code: string | null;
  computed_at: Date | null;
  computed_by: string | null;
  revision: number;
  computed_revision: number | null;
  locked_at: Date | null;
  locked_by: string | null;
}

export interface MonthStatus {
  month: string;
  status: 'OPEN' | 'LOCKED';
  /** The commission template the month was computed with, or will be by default. */
  templateCode: string;
  computedAt: string | null;
  computedBy: string | null;
  /** Adjustments or the month's template changed since the payslips were computed: recompute before locking. */
  stale: boolean;
  lockedAt: string | null;
  lockedBy: string | null;
  payslips: number;
}

const FIRST_DAY = (month: string) => `${month}-01`;

async function monthRow(client: pg.PoolClient | pg.Pool, month: string, forUpdate = false): Promise<MonthRow | null> {
  const { rows } = await client.query<MonthRow>(
    `select to_char(month, 'YYYY-MM') as month, status, template_code, computed_at, computed_by, revision, computed_revision, locked_at, locked_by
     from payroll_months where month = $1::date ${forUpdate ? 'for update' : ''}`,
    [FIRST_DAY(month)],
  );
  return rows[0] ?? null;
}

/** The month's row, created OPEN when missing, locked against concurrent payroll changes. */
async function lockedMonthRow(client: pg.PoolClient, month: string): Promise<MonthRow> {
  await client.query(`insert into payroll_months (month) values ($1::date) on conflict do nothing`, [FIRST_DAY(month)]);
  const row = await monthRow(client, month, true);
  if (!row) throw new Error(`payroll: month ${month} vanished`);
  return row;
}

function isStale(row: MonthRow): boolean {
  return row.computed_revision !== null && row.computed_revision !== row.revision;
}

export async function monthStatus(pool: pg.Pool, month: string): Promise<MonthStatus> {
  const row = await monthRow(pool, month);
  const { rows } = await pool.query<{ n: string }>(`select count(*) as n from payslips where month = $1::date`, [FIRST_DAY(month)]);
  return {
    month,
    status: row?.status ?? 'OPEN',
    templateCode: row?.template_code ?? DEFAULT_TEMPLATE,
    computedAt: row?.computed_at?.toISOString() ?? null,
    computedBy: row?.computed_by ?? null,
    stale: row ? isStale(row) : false,
    lockedAt: row?.locked_at?.toISOString() ?? null,
    lockedBy: row?.locked_by ?? null,
    payslips: Number(rows[0]?.n ?? 0),
  };
}

// ---------------------------------------------------------------- compute

interface StaffInput {
  staff_no: string;
  level: string;
  net_commission: string;
}

interface ProductLine {
  staff_no: string;
  product_code: string;
  rate: string;
  sales: string;
  commission: string;
}

interface AdjustmentInput {
  id: string;
  staff_no: string;
  kind: AdjustmentKind;
  amount: string;
  note: string | null;
  corrects_month: string | null;
}

/**
 * Computes (or recomputes) every payslip of an OPEN month whose trading days are complete: a trading
 * day after the month has been imported (409 otherwise), and at least one of its own (422 otherwise). Staff on a payslip: employed during the month, or with
 * attributed figures or adjustments in it. The template: the one asked for, else the month's own,
 * else DEFAULT.
 */
export async function computeMonth(pool: pg.Pool, month: string, actor: PayrollActor, options: { templateCode?: string } = {}): Promise<MonthStatus> {
  requireManager(actor.user);
  const { first, last, next } = monthBounds(month);
  await inTransaction(pool, async (client) => {
    await lockTemplates(client, 'shared');
    const row = await lockedMonthRow(client, month);
    if (row.status === 'LOCKED') throw monthLocked(month);
    const { rows: complete } = await client.query<{ ok: boolean }>(`select exists (select 1 from trading_days where trade_date >= $1::date) as ok`, [next]);
    if (!complete[0]?.ok) throw monthIncomplete(month);
    const { rows: imported } = await client.query<{ ok: boolean }>(
      `select exists (select 1 from trading_days where trade_date >= $1::date and trade_date <= $2::date) as ok`,
      [first, last],
    );
    if (!imported[0]?.ok) throw monthWithoutTradingDays(month);

    const templateCode = options.templateCode ?? row.template_code ?? DEFAULT_TEMPLATE;
    const { rows: template } = await client.query(`select 1 from payroll_templates where template_code = $1`, [templateCode]);
    if (!template.length) {
      throw unprocessable('PAYROLL_UNKNOWN_TEMPLATE', `没有提成模板 ${templateCode}。`, `No commission template ${templateCode}.`, [
        { field: 'templateCode', message: { zh: '提成模板不存在', en: 'no such commission template' } },
      ]);
    }
    const { rows: tierRows } = await client.query<{ lower_bound: string; rate: string }>(
      `select lower_bound, rate from payroll_template_tiers where template_code = $1 order by lower_bound`,
      [templateCode],
    );
    const tiers: CommissionTier[] = tierRows.map((t) => ({ lowerBound: money(t.lower_bound), rate: money(t.rate) }));
    const { rows: baseRows } = await client.query<{ level: string; base_salary: string }>(
      `select level, base_salary from payroll_template_base_salaries where template_code = $1`,
      [templateCode],
    );
    const baseByLevel = new Map(baseRows.map((b) => [b.level, money(b.base_salary)]));

    const { rows: staff } = await client.query<StaffInput>(
      `select s.staff_no, s.level, coalesce(m.net_commission, 0)::text as net_commission
       from staff s
       left join sum_staff_monthly m on m.staff_no = s.staff_no and m.month = $1::date
       where (s.hire_date <= $2::date and (s.leave_date is null or s.leave_date >= $1::date))
          or m.staff_no is not null
          or exists (select 1 from payroll_adjustments a where a.month = $1::date and a.staff_no = s.staff_no)
       order by s.staff_no`,
      [first, last],
    );
    // 金融产品销售提成 = Σ sales (认购 + 申购) × the product's rate, attributed through the DEVELOP
    // relationships effective on the trade date, times their weight.
    const { rows: products } = await client.query<ProductLine>(
      `select r.staff_no, t.product_code, p.sales_commission_rate::text as rate,
         sum(t.amount * r.weight)::text as sales, sum(t.amount * r.weight * p.sales_commission_rate)::text as commission
       from fact_product_trades t
       join products p on p.product_code = t.product_code
       join relationships r on r.customer_no = t.customer_no and r.kind = 'DEVELOP'
         and r.effective_from <= t.trade_date and (r.ended_on is null or r.ended_on >= t.trade_date)
       where t.trade_date >= $1::date and t.trade_date < $2::date and t.txn_type in ('SUBSCRIBE', 'PURCHASE')
       group by r.staff_no, t.product_code, p.sales_commission_rate
       order by r.staff_no, t.product_code`,
      [first, next],
    );
    const { rows: adjustments } = await client.query<AdjustmentInput>(
      `select id::text, staff_no, kind, amount::text, note, to_char(corrects_month, 'YYYY-MM') as corrects_month
       from payroll_adjustments where month = $1::date order by id`,
      [first],
    );

    const payslips = staff.map((s) => {
      const base = baseByLevel.get(s.level) ?? money(0);
      const net = money(s.net_commission);
      const share = commissionShare(net, tiers);
      const lines = products.filter((p) => p.staff_no === s.staff_no);
      const sales = lines.reduce<Money>((sum, p) => sum.plus(p.sales), money(0));
      const productCommission = roundMoney(lines.reduce<Money>((sum, p) => sum.plus(p.commission), money(0)));
      const own = adjustments.filter((a) => a.staff_no === s.staff_no);
      const adjustmentsTotal = own.reduce<Money>((sum, a) => sum.plus(a.amount), money(0));
      const total = payslipTotal({ baseSalary: base, commissionShare: share.share, productSalesCommission: productCommission, adjustmentsTotal });
      return {
        staff_no: s.staff_no,
        level: s.level,
        base_salary: moneyText(base),
        net_commission: net.toString(),
        commission_share: moneyText(share.share),
        product_sales: sales.toString(),
        product_sales_commission: moneyText(productCommission),
        adjustments_total: moneyText(adjustmentsTotal),
        total: moneyText(total),
        inputs: {
          tiers: share.parts.map((p) => ({ from: p.from.toString(), to: p.to?.toString() ?? null, rate: p.rate.toString(), base: p.base.toString(), amount: p.amount.toString() })),
          products: lines.map((p) => ({ productCode: p.product_code, rate: money(p.rate).toString(), sales: money(p.sales).toString(), commission: money(p.commission).toString() })),
          adjustments: own.map((a) => ({ id: a.id, kind: a.kind, amount: a.amount, note: a.note, correctsMonth: a.corrects_month })),
        },
      };
    });

    await client.query(`delete from payslips where month = $1::date`, [first]);
    await client.query(
      `insert into payslips (month, staff_no, level, template_code, base_salary, net_commission, commission_share, product_sales,
         product_sales_commission, adjustments_total, total, inputs, computed_at)
       select $1::date, x.staff_no, x.level, $2, x.base_salary, x.net_commission, x.commission_share, x.product_sales,
         x.product_sales_commission, x.adjustments_total, x.total, x.inputs, now()
       from jsonb_to_recordset($3::jsonb) as x(staff_no text, level text, base_salary numeric, net_commission numeric, commission_share numeric,
         product_sales numeric, product_sales_commission numeric, adjustments_total numeric, total numeric, inputs jsonb)`,
      [first, templateCode, JSON.stringify(payslips)],
    );
    await client.query(
      `update payroll_months set template_code = $2, computed_at = now(), computed_by = $3, computed_revision = revision where month = $1::date`,
      [first, templateCode, actor.user.username],
    );
    await writeAudit(client, {
      user: actor.user, action: row.computed_at ? 'payroll.recompute' : 'payroll.compute', entity: 'payroll_month', entityId: month,
      detail: { month, templateCode, payslips: payslips.length, total: moneyText(payslips.reduce<Money>((sum, p) => sum.plus(p.total), money(0))) },
      ip: actor.ip,
    });
  });
  return monthStatus(pool, month);
}

// ---------------------------------------------------------------- lock

/** OPEN → LOCKED, once computed and not stale. The lock stands in for the approval flow until workflows exist. */
export async function lockMonth(pool: pg.Pool, month: string, actor: PayrollActor): Promise<MonthStatus> {
  requireManager(actor.user);
  await inTransaction(pool, async (client) => {
    const row = await lockedMonthRow(client, month);
    if (row.status === 'LOCKED') throw conflict('PAYROLL_MONTH_ALREADY_LOCKED', `${month} 的薪酬已锁定。`, `Payroll for ${month} is already locked.`);
    if (!row.computed_at) throw conflict('PAYROLL_NOT_COMPUTED', `${month} 的薪酬尚未计算，不能锁定。`, `Payroll for ${month} has not been computed; it cannot be locked.`);
    if (isStale(row)) {
      throw conflict(
        'PAYROLL_STALE',
        `${month} 的薪酬调整或提成模板在计算之后有变动，请先重新计算再锁定。`,
        `Adjustments or the commission template of ${month} changed after it was computed; recompute before locking.`,
      );
    }
    await client.query(`update payroll_months set status = 'LOCKED', locked_at = now(), locked_by = $2 where month = $1::date`, [FIRST_DAY(month), actor.user.username]);
    await writeAudit(client, { user: actor.user, action: 'payroll.lock', entity: 'payroll_month', entityId: month, detail: { month }, ip: actor.ip });
  });
  return monthStatus(pool, month);
}

// ---------------------------------------------------------------- payslips (read, scoped)

export interface Payslip {
  month: string;
  staffNo: string;
  name: string;
  branchCode: string;
  teamCode: string | null;
  level: string;
  templateCode: string;
  baseSalary: string;
  netCommission: string;
  commissionShare: string;
  productSales: string;
  productSalesCommission: string;
  adjustmentsTotal: string;
  /** The adjustments the payslip was computed with, summed by kind ("0.00" for a kind without any). */
  adjustmentsByKind: Record<AdjustmentKind, string>;
  total: string;
  computedAt: string;
}

export interface PayslipDetail extends Payslip {
  status: 'OPEN' | 'LOCKED';
  breakdown: {
    tiers: { from: string; to: string | null; rate: string; base: string; amount: string }[];
    products: { productCode: string; productName: string | null; rate: string; sales: string; commission: string }[];
    adjustments: { id: string; kind: AdjustmentKind; title: string; amount: string; note: string | null; correctsMonth: string | null }[];
  };
}

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

export interface StaffPayslips {
  staffNo: string;
  name: string;
  items: (Payslip & { status: 'OPEN' | 'LOCKED'; stale: boolean })[];
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

// ---------------------------------------------------------------- export

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const EXPORT_COLUMNS: { title: CodeLabel; key: Exclude<keyof Payslip, 'adjustmentsByKind'>; money: boolean; width: number }[] = [
  { title: { zh: '月份', en: 'Month' }, key: 'month', money: false, width: 10 },
  { title: { zh: '员工编号', en: 'Staff no.' }, key: 'staffNo', money: false, width: 12 },
  { title: { zh: '姓名', en: 'Name' }, key: 'name', money: false, width: 12 },
  { title: { zh: '营业部', en: 'Branch' }, key: 'branchCode', money: false, width: 10 },
  { title: { zh: '团队', en: 'Team' }, key: 'teamCode', money: false, width: 10 },
  { title: { zh: '职级', en: 'Level' }, key: 'level', money: false, width: 12 },
  { title: { zh: '底薪', en: 'Base salary' }, key: 'baseSalary', money: true, width: 14 },
  { title: { zh: '净佣金', en: 'Net commission' }, key: 'netCommission', money: true, width: 16 },
  { title: { zh: '佣金提成', en: 'Commission share' }, key: 'commissionShare', money: true, width: 14 },
  { title: { zh: '金融产品销售额', en: 'Product sales' }, key: 'productSales', money: true, width: 16 },
  { title: { zh: '金融产品销售提成', en: 'Product sales commission' }, key: 'productSalesCommission', money: true, width: 16 },
  { title: { zh: '薪酬调整', en: 'Adjustments' }, key: 'adjustmentsTotal', money: true, width: 14 },
  { title: { zh: '应发合计', en: 'Total' }, key: 'total', money: true, width: 16 },
];
/** The column titles of the payslip export in a language. */
export function exportTitles(language: Language): string[] {
  return EXPORT_COLUMNS.map((c) => c.title[language]);
}
const MONEY_FORMAT = '#,##0.00';

/**
 * The month's payslips within the caller's scope as an .xlsx workbook (small: one row per staff
 * member), in the request's language: the header block (month and its status by label), the
 * titles, the rows (the level by its label).
 */
export async function exportPayslips(pool: pg.Pool, month: string, actor: PayrollActor, now: Date, language: Language): Promise<Buffer> {
  const { month: status, items } = await listPayslips(pool, month, actor.user);
  const workbook = new ExcelJS.Workbook();
  const title = `${{ zh: '工资单', en: 'Payslips' }[language]} ${month}`;
  const sheet = workbook.addWorksheet(title);
  sheet.columns = EXPORT_COLUMNS.map((c) => ({ width: c.width }));
  writeExportHeader(sheet, { title, parameters: { month, status: status.status }, codes: { status: 'payrollMonthStatus' }, now, language });
  sheet.addRow(exportTitles(language)).font = { bold: true };
  for (const item of items) {
    const row = sheet.addRow(EXPORT_COLUMNS.map((c) => (c.money ? Number(item[c.key]) : c.key === 'level' ? codeLabel('staffLevel', item.level, language) : item[c.key])));
    EXPORT_COLUMNS.forEach((c, i) => {
      if (c.money) row.getCell(i + 1).numFmt = MONEY_FORMAT;
    });
  }
  const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
  await inTransaction(pool, (client) =>
    writeAudit(client, { user: actor.user, action: 'payroll.export', entity: 'payroll_month', entityId: month, detail: { month, rows: items.length }, ip: actor.ip }),
  );
  return buffer;
}

// ---------------------------------------------------------------- adjustments (薪酬调整)

export interface Adjustment {
  id: string;
  month: string;
  staffNo: string;
  kind: AdjustmentKind;
  title: string;
  amount: string;
  note: string | null;
  correctsMonth: string | null;
  createdBy: string;
  createdAt: string;
  updatedBy: string | null;
  updatedAt: string | null;
}

interface AdjustmentRow {
  id: string;
  month: string;
  staff_no: string;
  kind: AdjustmentKind;
  amount: string;
  note: string | null;
  corrects_month: string | null;
  created_by: string;
  created_at: Date;
  updated_by: string | null;
  updated_at: Date | null;
}

const ADJUSTMENT_COLUMNS = `a.id::text, to_char(a.month, 'YYYY-MM') as month, a.staff_no, a.kind, a.amount::text, a.note,
  to_char(a.corrects_month, 'YYYY-MM') as corrects_month, a.created_by, a.created_at, a.updated_by, a.updated_at`;

function adjustmentOf(r: AdjustmentRow): Adjustment {
  return {
    id: r.id, month: r.month, staffNo: r.staff_no, kind: r.kind, title: ADJUSTMENT_TITLES[r.kind].zh, amount: moneyText(money(r.amount)), note: r.note,
    correctsMonth: r.corrects_month, createdBy: r.created_by, createdAt: r.created_at.toISOString(), updatedBy: r.updated_by,
    updatedAt: r.updated_at?.toISOString() ?? null,
  };
}

export async function listAdjustments(pool: pg.Pool, month: string, user: AuthUser): Promise<Adjustment[]> {
  const params: unknown[] = [FIRST_DAY(month)];
  const scope = staffScope(user, { alias: 's', params });
  const { rows } = await pool.query<AdjustmentRow>(
    `select ${ADJUSTMENT_COLUMNS} from payroll_adjustments a join staff s on s.staff_no = a.staff_no
     where a.month = $1::date and ${scope} order by a.staff_no, a.id`,
    params,
  );
  return rows.map(adjustmentOf);
}

export interface NewAdjustment {
  month: string;
  staffNo: string;
  kind: AdjustmentKind;
  /** Positive magnitude; the sign follows the kind. */
  amount: string;
  note?: string | null;
  /** When `month` is locked, record the adjustment against the next month as a correction of it. */
  toNextMonth?: boolean;
}

function badAmount(): AppError {
  return unprocessable('PAYROLL_BAD_AMOUNT', '金额须为大于 0、最多两位小数的数字；扣款类调整自动记为负数。', 'The amount must be a positive number with at most two decimals; deductions are stored as negative amounts.', [
    { field: 'body.amount', message: { zh: '金额须为正数，最多两位小数', en: 'a positive amount with at most two decimals' } },
  ]);
}

async function bumpRevision(client: pg.PoolClient, month: string): Promise<void> {
  await client.query(`update payroll_months set revision = revision + 1 where month = $1::date`, [FIRST_DAY(month)]);
}

export async function createAdjustment(pool: pg.Pool, input: NewAdjustment, actor: PayrollActor): Promise<Adjustment> {
  requireManager(actor.user);
  const amount = signedAdjustment(input.kind, input.amount);
  if (!amount) throw badAmount();
  return inTransaction(pool, async (client) => {
    const { rows: staff } = await client.query(`select 1 from staff where staff_no = $1`, [input.staffNo]);
    if (!staff.length) {
      throw unprocessable('PAYROLL_UNKNOWN_STAFF', `没有员工 ${input.staffNo}。`, `No staff member ${input.staffNo}.`, [
        { field: 'body.staffNo', message: { zh: '员工不存在', en: 'no such staff member' } },
      ]);
    }
    let month = input.month;
    let correctsMonth: string | null = null;
    let row = await lockedMonthRow(client, month);
    if (row.status === 'LOCKED') {
      if (!input.toNextMonth) throw monthLocked(month);
      correctsMonth = month;
      month = nextMonth(month);
      row = await lockedMonthRow(client, month);
      if (row.status === 'LOCKED') throw monthLocked(month);
    }
    const { rows } = await client.query<AdjustmentRow>(
      `insert into payroll_adjustments as a (month, staff_no, kind, amount, note, corrects_month, created_by)
       values ($1::date, $2, $3, $4, $5, $6::date, $7) returning ${ADJUSTMENT_COLUMNS}`,
      [FIRST_DAY(month), input.staffNo, input.kind, amount.toFixed(2), input.note ?? null, correctsMonth ? FIRST_DAY(correctsMonth) : null, actor.user.username],
    );
    await bumpRevision(client, month);
    const created = adjustmentOf(rows[0]!);
    await writeAudit(client, { user: actor.user, action: 'payroll.adjustment.create', entity: 'payroll_adjustment', entityId: created.id, detail: created, ip: actor.ip });
    return created;
  });
}

export interface AdjustmentChange {
  kind?: AdjustmentKind;
  amount?: string;
  note?: string | null;
}

/** The adjustment locked for update, refusing when it is missing or its month is locked. */
async function openAdjustment(client: pg.PoolClient, id: string): Promise<AdjustmentRow> {
  const { rows } = await client.query<AdjustmentRow>(`select ${ADJUSTMENT_COLUMNS} from payroll_adjustments a where a.id = $1::bigint`, [id]);
  const existing = rows[0];
  if (!existing) throw notFound();
  const month = await lockedMonthRow(client, existing.month);
  if (month.status === 'LOCKED') throw monthLocked(existing.month);
  return existing;
}

export async function updateAdjustment(pool: pg.Pool, id: string, change: AdjustmentChange, actor: PayrollActor): Promise<Adjustment> {
  requireManager(actor.user);
  return inTransaction(pool, async (client) => {
    const existing = await openAdjustment(client, id);
    const kind = change.kind ?? existing.kind;
    const amount = signedAdjustment(kind, change.amount ?? money(existing.amount).abs().toFixed(2));
    if (!amount) throw badAmount();
    const note = change.note === undefined ? existing.note : change.note;
    const { rows } = await client.query<AdjustmentRow>(
      `update payroll_adjustments a set kind = $2, amount = $3, note = $4, updated_by = $5, updated_at = now() where a.id = $1::bigint
       returning ${ADJUSTMENT_COLUMNS}`,
      [id, kind, amount.toFixed(2), note, actor.user.username],
    );
    await bumpRevision(client, existing.month);
    const updated = adjustmentOf(rows[0]!);
    await writeAudit(client, {
      user: actor.user, action: 'payroll.adjustment.update', entity: 'payroll_adjustment', entityId: id,
      detail: { before: adjustmentOf(existing), after: updated }, ip: actor.ip,
    });
    return updated;
  });
}

export async function deleteAdjustment(pool: pg.Pool, id: string, actor: PayrollActor): Promise<void> {
  requireManager(actor.user);
  await inTransaction(pool, async (client) => {
    const existing = await openAdjustment(client, id);
    await client.query(`delete from payroll_adjustments where id = $1::bigint`, [id]);
    await bumpRevision(client, existing.month);
    await writeAudit(client, { user: actor.user, action: 'payroll.adjustment.delete', entity: 'payroll_adjustment', entityId: id, detail: adjustmentOf(existing), ip: actor.ip });
  });
}
