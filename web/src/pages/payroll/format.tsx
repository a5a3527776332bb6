/** Display helpers of the payroll pages: exact decimal strings throughout (components/decimal.ts), never JavaScript numbers. */
import type { TableColumnType } from 'antd';
import { formatDecimal, subtractDecimals } from '../../components/decimal';

export const NUMERIC = { fontVariantNumeric: 'tabular-nums' } as const;

/** "0.35" → "35%", "0.123456" → "12.3456%": the decimal point moved two places, exactly. */
export function percentOf(rate: string): string {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(rate);
  if (!m) return rate;
  const fraction = (m[2] ?? '').padEnd(2, '0');
  const whole = `${m[1] ?? '0'}${fraction.slice(0, 2)}`.replace(/^0+(?=\d)/, '');
  const rest = fraction.slice(2).replace(/0+$/, '');
  return `${whole}${rest ? `.${rest}` : ''}%`;
}

/** Sign of a − b for two decimal strings, exactly. */
export function compareDecimals(a: string, b: string): number {
  const difference = subtractDecimals(a, b);
  if (/^-/.test(difference)) return -1;
  return /[1-9]/.test(difference) ? 1 : 0;
}

/** A right-aligned money column; `path` may reach into a nested field (['adjustmentsByKind', 'WELFARE']). */
export function moneyColumn<T>(key: string, path: string | string[], title: React.ReactNode, width = 120): TableColumnType<T> {
  return {
    key,
    dataIndex: path,
    title,
    align: 'right',
    width,
    render: (value: string | null | undefined) => <span style={NUMERIC}>{formatDecimal(value)}</span>,
  };
}

/** Money shown with its sign colour: deductions red. */
export function SignedMoney({ value }: { value: string }) {
  return <span style={{ ...NUMERIC, color: value.startsWith('-') ? '#cf1322' : undefined }}>{formatDecimal(value)}</span>;
}
