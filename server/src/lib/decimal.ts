/**
 * Half-up rounding of decimal text (business-rules.md §3: exact decimal throughout, rounded half
 * up only when shown). Not a business rule itself: the scales are the callers'.
 */
import { Decimal } from 'decimal.js';

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
