/**
 * Money and rates arrive as decimal strings; they are shown and summed exactly, never through a
 * JavaScript number (only chart geometry uses numbers).
 */
const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

export function isDecimal(value: unknown): value is string {
  return typeof value === 'string' && DECIMAL.test(value);
}

/** "1234567.5" → "1,234,567.5" (digits kept as given). */
export function formatDecimal(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const text = String(value);
  const match = DECIMAL.exec(text);
  if (!match) return text;
  const [, sign, whole = '0', fraction] = match;
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${grouped}${fraction !== undefined ? `.${fraction}` : ''}`;
}

/** Exact sum of decimal strings (or integers), with as many decimals as the widest operand. */
export function sumDecimals(values: (string | number | null | undefined)[]): string {
  let scale = 0;
  const parsed: { sign: string; whole: string; fraction: string }[] = [];
  for (const value of values) {
    if (value === null || value === undefined || value === '') continue;
    const match = DECIMAL.exec(String(value));
    if (!match) continue;
    const fraction = match[3] ?? '';
    scale = Math.max(scale, fraction.length);
    parsed.push({ sign: match[1] ?? '', whole: match[2] ?? '0', fraction });
  }
  let total = 0n;
  for (const p of parsed) {
    const units = BigInt(p.whole + p.fraction.padEnd(scale, '0'));
    total += p.sign === '-' ? -units : units;
  }
  const negative = total < 0n;
  const digits = (negative ? -total : total).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale);
  return `${negative ? '-' : ''}${whole}${scale ? `.${fraction}` : ''}`;
}

/** a − b, exactly. */
export function subtractDecimals(a: string, b: string): string {
  return sumDecimals([a, b.startsWith('-') ? b.slice(1) : `-${b}`]);
}

/** Sign of a − b for two decimal strings, exactly. */
export function compareDecimals(a: string, b: string): number {
  const difference = subtractDecimals(a, b);
  if (/^-/.test(difference)) return -1;
  return /[1-9]/.test(difference) ? 1 : 0;
}

/** For chart geometry only. */
export function toChartNumber(value: string | number | null | undefined): number {
  const n = Number(value);
  return Number.isFinite(n) ? n : 0;
}

/** value ÷ divisor rounded half up to cents (average asset per customer), exact. */
export function divideToCents(value: string, divisor: number): string {
  const match = DECIMAL.exec(value);
  if (!match || divisor <= 0) return '';
  const negative = match[1] === '-';
  const cents = BigInt((match[2] ?? '0') + (match[3] ?? '').padEnd(2, '0').slice(0, 2));
  const d = BigInt(divisor);
  const quotient = (cents * 2n + d) / (2n * d);
  const digits = quotient.toString().padStart(3, '0');
  return `${negative && quotient > 0n ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/**
 * A fraction as a percentage rounded half up (away from zero) to `decimals` places, trailing zeros
 * dropped, exactly: "0.6200" → "62%", "1.42125" → "142.13%" (an alert's share or maintenance ratio).
 */
export function percentText(fraction: string, decimals = 2): string {
  const match = DECIMAL.exec(fraction);
  if (!match) return fraction;
  const [, sign, whole = '0', digits = ''] = match;
  // the value × 10^(decimals + 3): the percentage's kept places and one more for the rounding
  const units = BigInt(whole + digits.padEnd(decimals + 3, '0').slice(0, decimals + 3));
  const rounded = (units + 5n) / 10n;
  const text = rounded.toString().padStart(decimals + 1, '0');
  const integer = decimals ? text.slice(0, -decimals) : text;
  const places = decimals ? text.slice(-decimals).replace(/0+$/, '') : '';
  return `${sign && rounded > 0n ? '-' : ''}${integer}${places ? `.${places}` : ''}%`;
}
