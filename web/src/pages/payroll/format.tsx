/** Display helpers of the payroll pages: exact decimal strings throughout (components/decimal.ts), never JavaScript numbers. */
import { Space, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { moneyColumn, NUMERIC_CELL } from '../../components/columns';
import { formatDecimal } from '../../components/decimal';
import { useI18n, type Translate } from '../../i18n/i18n';
import type { Adjustment, MonthState, StaffPayslip } from './payrollApi';

/** "0.35" → "35%", "0.123456" → "12.3456%": the decimal point moved two places, exactly. */
export function percentOf(rate: string): string {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(rate);
  if (!m) return rate;
  const fraction = (m[2] ?? '').padEnd(2, '0');
  const whole = `${m[1] ?? '0'}${fraction.slice(0, 2)}`.replace(/^0+(?=\d)/, '');
  const rest = fraction.slice(2).replace(/0+$/, '');
  return `${whole}${rest ? `.${rest}` : ''}%`;
}

/** Money shown with its sign colour: deductions red. */
export function SignedMoney({ value }: { value: string }) {
  return <span style={{ ...NUMERIC_CELL, color: value.startsWith('-') ? '#cf1322' : undefined }}>{formatDecimal(value)}</span>;
}

/** A payslip's or a month's status (计算中 blue, 已锁定 green) and 需重新计算 when it is stale. */
export function PayslipStatusTags({ status, stale = false }: { status: MonthState; stale?: boolean }) {
  const { t } = useI18n();
  return (
    <Space size={4}>
      <Tag color={status === 'LOCKED' ? 'green' : 'blue'}>{t(`payroll.status.${status}`)}</Tag>
      {stale && <Tag color="orange">{t('payroll.stale')}</Tag>}
    </Space>
  );
}

type PayslipAmounts = Pick<StaffPayslip, 'baseSalary' | 'netCommission' | 'commissionShare' | 'productSalesCommission' | 'total'>;

/**
 * The money columns of every payslip table, in one order: 底薪, 净佣金 (with `netCommission`), 佣金提成,
 * 金融产品销售提成, then the adjustments (their total, or one column per kind), 应发合计 (`totalFixed`: kept in view on the right).
 */
export function payslipMoneyColumns<T extends PayslipAmounts>(
  t: Translate,
  adjustments: TableColumnsType<T>,
  { netCommission = false, totalFixed = false }: { netCommission?: boolean; totalFixed?: boolean } = {},
): TableColumnsType<T> {
  const net: TableColumnsType<T> = netCommission ? [moneyColumn<T>('netCommission', t('payroll.netCommission'))] : [];
  const total = moneyColumn<T>('total', t('payroll.total'));
  return [
    moneyColumn<T>('baseSalary', t('payroll.baseSalary'), 120),
    ...net,
    moneyColumn<T>('commissionShare', t('payroll.commissionShare'), 120),
    moneyColumn<T>('productSalesCommission', t('payroll.productSalesCommission'), 140),
    ...adjustments,
    totalFixed ? { ...total, fixed: 'right' } : total,
  ];
}

type AdjustmentShown = Pick<Adjustment, 'kind' | 'amount' | 'note' | 'correctsMonth'>;

/** The columns of an adjustment (薪酬调整): kind, signed amount, note and the month it corrects. */
export function adjustmentColumns<T extends AdjustmentShown>(t: Translate): TableColumnsType<T> {
  return [
    { key: 'kind', dataIndex: 'kind', title: t('payroll.adjustment.kind'), width: 150, render: (kind: T['kind']) => t(`payroll.kind.${kind}`) },
    { key: 'amount', dataIndex: 'amount', title: t('payroll.adjustment.amount'), align: 'right', width: 120, render: (value: string) => <SignedMoney value={value} /> },
    { key: 'note', dataIndex: 'note', title: t('payroll.adjustment.note'), render: (note: string | null) => note ?? '' },
    { key: 'correctsMonth', dataIndex: 'correctsMonth', title: t('payroll.adjustment.correctsMonth'), width: 90, render: (month: string | null) => month ?? '' },
  ];
}
