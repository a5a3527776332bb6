/**
 * Exact decimals for validating extract rows: an unscaled BigInt and a scale, shown like
 * PostgreSQL's numeric (a sum keeps the larger scale, a product the sum of the scales:
 * 1500.0000 × 10 = 15000.0000).
 */
export class ExactDecimal {
  private constructor(
    readonly unscaled: bigint,
    readonly scale: number,
  ) {}

  /** Parses decimal text already known to be well formed (-?digits[.digits]). */
  static parse(text: string): ExactDecimal {
    const negative = text.startsWith('-');
    const body = negative ? text.slice(1) : text;
    const dot = body.indexOf('.');
    const digits = dot < 0 ? body : body.slice(0, dot) + body.slice(dot + 1);
    const value = BigInt(digits);
    return new ExactDecimal(negative ? -value : value, dot < 0 ? 0 : body.length - dot - 1);
  }

  private rescaled(scale: number): bigint {
    return this.unscaled * 10n ** BigInt(scale - this.scale);
  }

  plus(other: ExactDecimal): ExactDecimal {
    const scale = Math.max(this.scale, other.scale);
    return new ExactDecimal(this.rescaled(scale) + other.rescaled(scale), scale);
  }

  minus(other: ExactDecimal): ExactDecimal {
    const scale = Math.max(this.scale, other.scale);
    return new ExactDecimal(this.rescaled(scale) - other.rescaled(scale), scale);
  }

  times(other: ExactDecimal): ExactDecimal {
    return new ExactDecimal(this.unscaled * other.unscaled, this.scale + other.scale);
  }

  abs(): ExactDecimal {
    return this.unscaled < 0n ? new ExactDecimal(-this.unscaled, this.scale) : this;
  }

  sign(): -1 | 0 | 1 {
    return this.unscaled < 0n ? -1 : this.unscaled > 0n ? 1 : 0;
  }

  compare(other: ExactDecimal): -1 | 0 | 1 {
    const scale = Math.max(this.scale, other.scale);
    const a = this.rescaled(scale);
    const b = other.rescaled(scale);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  toString(): string {
    const negative = this.unscaled < 0n;
    const digits = (negative ? -this.unscaled : this.unscaled).toString().padStart(this.scale + 1, '0');
    const text = this.scale === 0 ? digits : `${digits.slice(0, -this.scale)}.${digits.slice(-this.scale)}`;
    return negative ? '-' + text : text;
  }
}
