/**
 * Computing a month's payslips (薪酬, business-rules.md §5) from the attributed staff figures, the
 * commission template, the product sales and the adjustments; audited in the same transaction.
 */
import type pg from 'pg';
import { inTransaction } from '../../db/database.js';
import { AppError, conflict, unprocessable } from '../../errors.js';
import { writeAudit } from '../audit/audit.service.js';
import { assertPermission } from '../auth/auth.service.js';
import { monthBounds } from '../../lib/dates.js';
import { commissionShare, DEFAULT_TEMPLATE, money, moneyText, payslipTotal, roundMoney, type AdjustmentKind, type CommissionTier, type Money } from './payroll.rules.js';
import { lockedMonthRow, lockTemplates, monthLocked, monthStatus, type MonthStatus, type PayrollActor } from './payroll.months.service.js';

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
  assertPermission(actor.user, 'payroll.compute');
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
