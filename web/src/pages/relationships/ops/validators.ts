/**
 * Client-side checks of the relationship operation forms (the server validates again and its 422
 * field errors are shown on the same fields). The ID-number and mobile checks are the server's own,
 * from shared/identity.ts (pure code both sides import).
 */
export { isValidIdNo, isValidMobile } from '../../../../../shared/identity';

/** A weight as typed: a decimal 0 < w ≤ 1 with at most 6 decimals, numeric(7,6) (kept as text, never a float). */
export function isValidWeight(text: string): boolean {
  const match = /^(\d+)(?:\.(\d{1,6}))?$/.exec(text.trim());
  if (!match) return false;
  const whole = Number(match[1]);
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (whole === 1) return fraction === '';
  return whole === 0 && fraction !== '';
}

/** A guaranteed commission rate (保底佣金率): a decimal 0 ≤ r < 1 with at most 6 decimals (extract-format.md: up to 6 for rates). */
export function isValidRate(text: string): boolean {
  return /^0(?:\.\d{1,6})?$/.test(text.trim());
}
