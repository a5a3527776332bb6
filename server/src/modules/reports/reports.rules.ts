/**
 * How a report shows its figures (business-rules.md §3: exact decimal throughout, rounded half up
 * only when shown — money to 0.01, rates to 0.000001). Pure: no I/O, no clock.
 */
import { roundHalfUp } from '../../lib/decimal.js';

/** What a column holds, which decides how it is shown in JSON and formatted in Excel. */
export const COLUMN_KINDS = ['text', 'date', 'month', 'int', 'count', 'money', 'rate'] as const;
export type ColumnKind = (typeof COLUMN_KINDS)[number];

const SCALE: Partial<Record<ColumnKind, number>> = { money: 2, rate: 6 };

/** Weighted counts (a customer split 0.6/0.4 counts 0.6 and 0.4) are shown to 0.01, as numbers. */
const COUNT_SCALE = 2;

/** Excel number formats of the numeric kinds. */
export const EXCEL_FORMAT: Partial<Record<ColumnKind, string>> = { money: '#,##0.00', rate: '0.000000', int: '#,##0', count: '#,##0.00' };

export type Shown = string | number | null;

/** The JSON value of a raw database value: money and rates as rounded decimal strings, counts as numbers. */
export function showValue(kind: ColumnKind, raw: unknown): Shown {
  if (raw === null || raw === undefined) return null;
  const scale = SCALE[kind];
  if (scale !== undefined) return roundHalfUp(String(raw), scale);
  if (kind === 'int') return Number(raw);
  if (kind === 'count') return Number(roundHalfUp(String(raw), COUNT_SCALE));
  return String(raw);
}

/** The Excel cell value of a shown value: numbers for the numeric kinds (already rounded), text otherwise. */
export function excelValue(kind: ColumnKind, shown: Shown): string | number | null {
  if (shown === null) return null;
  return kind === 'money' || kind === 'rate' || kind === 'int' || kind === 'count' ? Number(shown) : shown;
}
