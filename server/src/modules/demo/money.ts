/**
 * Exact money for the demo generator. Amounts are integers in the smallest unit that is ever
 * needed — cents (分) for money, 1/10000 for prices and NAVs, 1/1000000 (ppm) for rates — held in
 * JavaScript numbers only while they stay safe integers (< 2^53), and turned into decimal text
 * only when a row is written. No fraction ever passes through binary floating point.
 */

/** a ÷ b rounded half up, for a non-negative safe integer a and a positive integer b. */
export function divRoundHalfUp(a: number, b: number): number {
  const r = a % b; // exact for integers
  const q = (a - r) / b; // exact: a − r is a multiple of b
  return r * 2 >= b ? q + 1 : q;
}

/** a ÷ b rounded down, for a non-negative safe integer a and a positive integer b. */
export function divFloor(a: number, b: number): number {
  return (a - (a % b)) / b;
}

/** Fixed-point text of an integer with `scale` implied decimals, trailing zeros trimmed to `minDigits`. */
export function fixed(n: number, scale: number, minDigits: number): string {
  const sign = n < 0 ? '-' : '';
  const abs = n < 0 ? -n : n;
  const unit = 10 ** scale;
  const whole = divFloor(abs, unit);
  let frac = String(abs - whole * unit).padStart(scale, '0');
  let end = frac.length;
  while (end > minDigits && frac.charCodeAt(end - 1) === 48) end--;
  frac = frac.slice(0, end);
  return frac.length > 0 ? `${sign}${whole}.${frac}` : `${sign}${whole}`;
}

/** Cents as money text with exactly two decimals: 123456 → '1234.56'. */
export function cents(n: number): string {
  if (n < 0) return '-' + cents(-n);
  const whole = divFloor(n, 100);
  const frac = n - whole * 100;
  return frac < 10 ? `${whole}.0${frac}` : `${whole}.${frac}`;
}

/** A price in 1/10000 as text with 2 to 4 decimals: 123400 → '12.34', 40510 → '4.051'. */
export function price4(n: number): string {
  return fixed(n, 4, 2);
}

/** A rate in millionths as text with up to 6 decimals: 250 → '0.00025'. */
export function ppm(n: number): string {
  return fixed(n, 6, 1);
}

/** A decimal text ('12.34', '7') as an integer with `scale` implied decimals; throws on more decimals. */
export function parseFixed(text: string, scale: number): number {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) throw new Error(`not a decimal: '${text}'`);
  const frac = m[3] ?? '';
  if (frac.length > scale) throw new Error(`more than ${scale} decimals: '${text}'`);
  const value = Number(m[2]) * 10 ** scale + Number(frac.padEnd(scale, '0') || '0');
  return m[1] === '-' ? -value : value;
}

/** a × b ÷ c rounded half up, exact even when a × b is beyond 2^53 (then computed with BigInt). */
export function mulDivRoundHalfUp(a: number, b: number, c: number): number {
  const product = a * b;
  if (Number.isSafeInteger(product)) return divRoundHalfUp(product, c);
  const big = BigInt(a) * BigInt(b);
  const divisor = BigInt(c);
  const q = big / divisor;
  return Number((big % divisor) * 2n >= divisor ? q + 1n : q);
}
