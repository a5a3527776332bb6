/**
 * Pure checks of Chinese identity and mobile numbers, used by the server (payload validation of
 * 预约客户开户, the demo generator) and by the web forms (checked before sending): one definition,
 * no imports, no I/O.
 *
 * - Resident ID (居民身份证号码, GB 11643-1999): 6-digit area code + birth date YYYYMMDD + 3-digit
 *   sequence (odd last digit = male, even = female) + ISO 7064 MOD 11-2 check digit ('X' for 10).
 * - Old resident ID (15 digits, before 1999): 6-digit area code + YYMMDD (19YY) + 3-digit sequence,
 *   no check digit; first-generation cards stopped being valid on 2013-01-01, so such a number is
 *   read (birth date, gender) but not accepted (`residentIdProblem` = 'LEGACY_15').
 * - Mobile (手机号码): 11 digits, mainland prefixes 13x–19x.
 */

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const ID_CHECK = '10X98765432';

/** The check digit ('0'–'9' or 'X') of the first 17 digits of a resident ID number. */
export function idCheckDigit(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error(`an ID number's first 17 characters are digits: '${first17}'`);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17.charCodeAt(i) - 48) * (ID_WEIGHTS[i] as number);
  return ID_CHECK.charAt(sum % 11);
}

function isRealDate(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/**
 * True for a well-formed 18-digit resident ID number: province code 11–82, a real birth date
 * from 1900 on, and the right check digit. A lower-case 'x' is accepted as the check digit (people
 * type it); store the upper-case form (`normalizeIdNo`).
 */
export function isValidIdNo(id: string): boolean {
  return id === id.trim() && residentIdProblem(id) === null;
}

/** What is wrong with a resident ID number (the shared/codes.ts `idNoProblem` codes), null when it is valid. */
export type ResidentIdProblem = 'FORMAT' | 'REGION' | 'BIRTH_DATE' | 'CHECK_DIGIT' | 'LEGACY_15';

export function residentIdProblem(raw: string): ResidentIdProblem | null {
  const id = raw.trim();
  if (/^\d{15}$/.test(id)) return 'LEGACY_15';
  if (!/^\d{17}[\dXx]$/.test(id)) return 'FORMAT';
  const province = Number(id.slice(0, 2));
  if (province < 11 || province > 82) return 'REGION';
  const y = Number(id.slice(6, 10));
  if (y < 1900 || !isRealDate(y, Number(id.slice(10, 12)), Number(id.slice(12, 14)))) return 'BIRTH_DATE';
  return idCheckDigit(id.slice(0, 17)) === id.charAt(17).toUpperCase() ? null : 'CHECK_DIGIT';
}

/**
 * The birth date ('YYYY-MM-DD') and gender ('M' odd sequence digit, 'F' even) an 18- or 15-digit
 * resident ID number carries, or null when it has neither form or no real date.
 */
export function residentIdFacts(raw: string): { birthDate: string; gender: 'M' | 'F' } | null {
  const id = raw.trim();
  let ymd: string;
  let sequence: string;
  if (/^\d{17}[\dXx]$/.test(id)) [ymd, sequence] = [id.slice(6, 14), id.charAt(16)];
  else if (/^\d{15}$/.test(id)) [ymd, sequence] = [`19${id.slice(6, 12)}`, id.charAt(14)];
  else return null;
  const [y, m, d] = [Number(ymd.slice(0, 4)), Number(ymd.slice(4, 6)), Number(ymd.slice(6, 8))];
  if (!isRealDate(y, m, d)) return null;
  return { birthDate: `${ymd.slice(0, 4)}-${ymd.slice(4, 6)}-${ymd.slice(6, 8)}`, gender: Number(sequence) % 2 === 1 ? 'M' : 'F' };
}

/** 'M' or 'F' from the sequence digit of a valid 18-digit ID number. */
export function genderOfIdNo(id: string): 'M' | 'F' {
  return Number(id.charAt(16)) % 2 === 1 ? 'M' : 'F';
}

/** 'YYYY-MM-DD' birth date of a valid 18-digit ID number. */
export function birthDateOfIdNo(id: string): string {
  return `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
}

/** The canonical form of an ID number (trimmed, check digit upper-case). */
export function normalizeIdNo(id: string): string {
  return id.trim().toUpperCase();
}

/** A mainland mobile number: 11 digits starting 13–19. */
export function isValidMobile(mobile: string): boolean {
  return /^1[3-9]\d{9}$/.test(mobile);
}
