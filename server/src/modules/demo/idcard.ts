/**
 * Chinese identity numbers and mobile numbers for the demo brokerage: generators, and the USCC
 * check they need. The resident-ID and mobile validators (used by appointment opening, 预约客户开户,
 * and the web forms) live in shared/identity.ts.
 *
 * - Resident ID (居民身份证号码, GB 11643-1999): 6-digit area code + birth date YYYYMMDD + 3-digit
 *   sequence (odd last digit = male, even = female) + ISO 7064 MOD 11-2 check digit ('X' for 10).
 * - Unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters, the last a MOD 31
 *   check character; characters 9–17 are an organisation code (GB 11714) with its own MOD 11 check.
 * - Mobile (手机号码): 11 digits, mainland prefixes 13x–19x.
 */
import { idCheckDigit } from '../../../../shared/identity.js';
import type { Rng } from './rng.js';

export { birthDateOfIdNo, genderOfIdNo } from '../../../../shared/identity.js';

/** A valid ID number for the area code (6 digits), birth date ('YYYY-MM-DD') and gender. */
export function makeIdNo(rng: Rng, areaCode: string, birthDate: string, gender: 'M' | 'F'): string {
  if (!/^\d{6}$/.test(areaCode)) throw new Error(`area code is 6 digits: '${areaCode}'`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(birthDate)) throw new Error(`birth date is YYYY-MM-DD: '${birthDate}'`);
  const odd = rng.int(0, 4) * 2 + 1;
  const last = gender === 'M' ? odd : odd - 1;
  const first17 = areaCode + birthDate.replace(/-/g, '') + String(rng.int(0, 99)).padStart(2, '0') + String(last);
  return first17 + idCheckDigit(first17);
}

// ---------------------------------------------------------------- unified social credit code

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

function orgCodeCheck(first8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const c = first8.charAt(i);
    const v = c >= '0' && c <= '9' ? Number(c) : c.charCodeAt(0) - 55; // A = 10
    sum += v * (ORG_WEIGHTS[i] as number);
  }
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

function usccCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(first17.charAt(i)) * (USCC_WEIGHTS[i] as number);
  return USCC_CHARS.charAt((31 - (sum % 31)) % 31);
}

/** True for an 18-character unified social credit code with the right check character. */
export function isValidUscc(code: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code)) return false;
  return usccCheck(code.slice(0, 17)) === code.charAt(17);
}

/** A valid unified social credit code of an enterprise (9 = 工商, 1 = 企业) in the area. */
export function makeUscc(rng: Rng, areaCode: string, authority = '91'): string {
  let org = '';
  for (let i = 0; i < 8; i++) org += String(rng.int(0, 9));
  if (org.charAt(0) === '0') org = '5' + org.slice(1);
  org += orgCodeCheck(org);
  const first17 = authority + areaCode + org;
  return first17 + usccCheck(first17);
}

// ---------------------------------------------------------------- mobile numbers

/** Prefixes in use by China Mobile, China Unicom, China Telecom and China Broadnet. */
const MOBILE_PREFIXES = [
  '134', '135', '136', '137', '138', '139', '147', '150', '151', '152', '157', '158', '159', '172', '178', '182',
  '183', '184', '187', '188', '195', '198', // 中国移动
  '130', '131', '132', '145', '155', '156', '166', '175', '176', '185', '186', '196', // 中国联通
  '133', '149', '153', '173', '177', '180', '181', '189', '190', '191', '193', '199', // 中国电信
  '192', // 中国广电
] as const;

export function makeMobile(rng: Rng): string {
  return rng.pick(MOBILE_PREFIXES) + String(rng.int(0, 99_999_999)).padStart(8, '0');
}
