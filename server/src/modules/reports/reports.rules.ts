/**
 * How a report shows its figures (business-rules.md §3: exact decimal throughout, rounded half up
 * only when shown — money to 0.01, rates to 0.000001). Pure: no I/O, no clock.
 */
import { Decimal } from 'decimal.js';

/** What a column holds, which decides how it is shown in JSON and formatted in Excel. */
export type ColumnKind = 'text' | 'date' | 'month' | 'int' | 'count' | 'money' | 'rate';

const SCALE: Partial<Record<ColumnKind, number>> = { money: 2, rate: 6 };

/** Weighted counts (a customer split 0.6/0.4 counts 0.6 and 0.4) are shown to 0.01, as numbers. */
const COUNT_SCALE = 2;

/** Excel number formats of the numeric kinds. */
export const EXCEL_FORMAT: Partial<Record<ColumnKind, string>> = { money: '#,##0.00', rate: '0.000000', int: '#,##0', count: '#,##0.00' };

const PLAIN_DECIMAL = /^(-?)(\d+)(?:\.(\d*))?$/;

/**
 * Rounds a decimal string half up (away from zero on a tie) to `scale` places: `roundHalfUp('2.345', 2)` = `'2.35'`.
 * Plain decimal text (what PostgreSQL sends for numeric) is rounded on its digits, without building a
 * number: a report of 60,000 rows rounds ~500,000 values. Anything else (exponent forms) goes through decimal.js.
 */
export function roundHalfUp(value: string, scale: number): string {
  const m = PLAIN_DECIMAL.exec(value);
  if (!m) return new Decimal(value).toDecimalPlaces(scale, Decimal.ROUND_HALF_UP).toFixed(scale);
  const [, sign, whole, fraction = ''] = m as unknown as [string, string, string, string | undefined];
  let digits = whole + fraction.slice(0, scale).padEnd(scale, '0');
  if (fraction.charCodeAt(scale) >= 53 /* '5' */) {
    // add one unit in the last kept place, carrying through trailing nines
    let i = digits.length - 1;
    while (i >= 0 && digits[i] === '9') i--;
    digits = i < 0 ? `1${'0'.repeat(digits.length)}` : digits.slice(0, i) + String.fromCharCode(digits.charCodeAt(i) + 1) + '0'.repeat(digits.length - 1 - i);
  }
  const intPart = digits.slice(0, digits.length - scale).replace(/^0+(?=\d)/, '');
  const shown = scale > 0 ? `${intPart}.${digits.slice(digits.length - scale)}` : intPart;
  return sign && /[1-9]/.test(digits) ? `-${shown}` : shown; // no negative zero, as decimal.js
}

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

/** `Content-Disposition` of a download: an ASCII fallback plus the UTF-8 name (RFC 6266 / RFC 5987). */
export function contentDisposition(utf8Name: string, asciiFallback: string): string {
  const encoded = encodeURIComponent(utf8Name).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${asciiFallback.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encoded}`;
}
