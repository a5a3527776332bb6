/**
 * Personal information (个人信息: ID number, mobile, e-mail, address) is masked for roles without the
 * `pii` permission (business-rules.md §1). Each unmasked view is audited by the caller
 * (`customer.view_pii`). Pure.
 */
import { hasPermission } from '../auth/auth.rules.js';

export interface PersonalInfo {
  idNo: string | null;
  mobile: string | null;
  email: string | null;
  address: string | null;
}

/** The field names that hold personal information, wherever they appear (records, workflow payloads, audit details). */
export const PII_FIELDS: readonly (keyof PersonalInfo)[] = ['idNo', 'mobile', 'email', 'address'];

/** The PII field names holding a non-empty string anywhere in `value` (nested objects and arrays included), sorted. */
export function piiFieldsIn(value: unknown): (keyof PersonalInfo)[] {
  const found = new Set<keyof PersonalInfo>();
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v !== null && typeof v === 'object') {
      for (const [key, inner] of Object.entries(v)) {
        if ((PII_FIELDS as readonly string[]).includes(key) && typeof inner === 'string' && inner !== '') found.add(key as keyof PersonalInfo);
        else visit(inner);
      }
    }
  };
  visit(value);
  return PII_FIELDS.filter((f) => found.has(f));
}

export function canSeePii(user: { role: string }): boolean {
  return hasPermission(user.role, 'pii');
}

/** Keeps `head` leading and `tail` trailing characters and stars the rest; all stars when too short. */
function keepEnds(value: string, head: number, tail: number): string {
  const chars = Array.from(value);
  if (chars.length <= head + tail) return '*'.repeat(chars.length);
  return chars.slice(0, head).join('') + '*'.repeat(chars.length - head - tail) + chars.slice(chars.length - tail).join('');
}

/** `110101199001011234` → `110101********1234`; other lengths keep the first 2 and last 2. */
export function maskIdNo(idNo: string | null): string | null {
  if (idNo === null) return null;
  return Array.from(idNo).length === 18 ? keepEnds(idNo, 6, 4) : keepEnds(idNo, 2, 2);
}

/** `13812345678` → `138****5678`. */
export function maskMobile(mobile: string | null): string | null {
  return mobile === null ? null : keepEnds(mobile, 3, 4);
}

/** `zhang.san@example.com` → `z***@example.com`. */
export function maskEmail(email: string | null): string | null {
  if (email === null) return null;
  const at = email.lastIndexOf('@');
  if (at <= 0) return keepEnds(email, 1, 0);
  return `${Array.from(email)[0]}***${email.slice(at)}`;
}

/** `北京市海淀区中关村大街1号` → `北京市海淀区****`; an address of 6 characters or fewer keeps only its first half. */
export function maskAddress(address: string | null): string | null {
  if (address === null) return null;
  const chars = Array.from(address);
  const shown = chars.length > 6 ? 6 : Math.floor(chars.length / 2);
  return `${chars.slice(0, shown).join('')}****`;
}

/** The record as `user` may see it: unchanged with the `pii` permission, otherwise every PII field masked. */
export function presentPii<T extends Partial<PersonalInfo>>(user: { role: string }, record: T): T {
  if (canSeePii(user)) return record;
  const masked: T = { ...record };
  if (record.idNo !== undefined) masked.idNo = maskIdNo(record.idNo);
  if (record.mobile !== undefined) masked.mobile = maskMobile(record.mobile);
  if (record.email !== undefined) masked.email = maskEmail(record.email);
  if (record.address !== undefined) masked.address = maskAddress(record.address);
  return masked;
}

/**
 * A free-form record (e.g. a workflow's payload) as `user` may see it: its string fields named
 * idNo, mobile, email or address masked without the `pii` permission; other fields unchanged.
 */
export function presentPiiFields(user: { role: string }, record: Record<string, unknown>): Record<string, unknown> {
  if (canSeePii(user)) return record;
  const maskers: Record<keyof PersonalInfo, (value: string) => string | null> = {
    idNo: maskIdNo, mobile: maskMobile, email: maskEmail, address: maskAddress,
  };
  const masked = { ...record };
  for (const [field, mask] of Object.entries(maskers)) {
    const value = masked[field];
    if (typeof value === 'string') masked[field] = mask(value);
  }
  return masked;
}
