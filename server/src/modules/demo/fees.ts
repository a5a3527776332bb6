/**
 * Fees of one fill as the trading system charges them (suitability.md, "Fees for reference",
 * A shares per side as of 2024), in integer cents, each rounded half up to the cent:
 *
 * - commission (佣金, gross) = max(5.00, amount × the account's commission rate), never above
 *   3‰ of the amount (the demo keeps every fill at 2,000.00 or more, so the 5-yuan minimum and
 *   the 3‰ cap never collide);
 * - handling fee (经手费) = amount × 0.00341 % and regulatory fee (证管费) = amount × 0.002 %,
 *   both paid by the broker out of the commission;
 * - stamp duty (印花税) = amount × 0.05 % on sells, and transfer fee (过户费) = amount × 0.001 %,
 *   both charged to the customer on top.
 *
 * Exchange-traded funds (security class FUND) are exempt from stamp duty and transfer fee.
 */
import { divFloor, divRoundHalfUp, mulDivRoundHalfUp } from './money.js';

export interface FillFees {
  readonly commission: number;
  readonly handlingFee: number;
  readonly regulatoryFee: number;
  readonly stampDuty: number;
  readonly transferFee: number;
}

export const MIN_COMMISSION_CENTS = 500;
/** The smallest fill the demo generates, so that 5.00 ≤ 3‰ of every amount. */
export const MIN_FILL_CENTS = 200_000;

/**
 * @param amountCents the fill's amount (price × quantity) in cents
 * @param commissionPpm the account's commission rate in millionths (0.00025 → 250)
 */
export function fillFees(amountCents: number, commissionPpm: number, side: 'B' | 'S', securityClass: string): FillFees {
  const byRate = mulDivRoundHalfUp(amountCents, commissionPpm, 1_000_000);
  const cap = divFloor(amountCents * 3, 1000);
  const commission = Math.min(Math.max(MIN_COMMISSION_CENTS, byRate), cap);
  const exempt = securityClass === 'FUND';
  return {
    commission,
    handlingFee: mulDivRoundHalfUp(amountCents, 341, 10_000_000),
    regulatoryFee: mulDivRoundHalfUp(amountCents, 2, 100_000),
    stampDuty: side === 'S' && !exempt ? mulDivRoundHalfUp(amountCents, 5, 10_000) : 0,
    transferFee: exempt ? 0 : divRoundHalfUp(amountCents, 100_000),
  };
}
