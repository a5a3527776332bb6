/**
 * Names, e-mail addresses and postal addresses of the demo's people and institutions, drawn from
 * the hand-written material in names.ts.
 */
import {
  CITY_AREAS,
  COMPOUNDS,
  EMAIL_DOMAINS,
  FUND_MANAGERS,
  FUND_PRODUCT_WORDS,
  GIVEN_FEMALE,
  GIVEN_MALE,
  INSTITUTION_CORES,
  INSTITUTION_SUFFIXES,
  INSTITUTION_TRADES,
  ROADS,
  SURNAMES,
} from './names.js';
import { hashSeed, WeightedTable, type Rng } from './rng.js';

const surnameTable = new WeightedTable(
  SURNAMES,
  SURNAMES.map((s) => s[2]),
);
const emailDomainTable = new WeightedTable(
  EMAIL_DOMAINS.map((d) => d[0]),
  EMAIL_DOMAINS.map((d) => d[1]),
);
const suffixTable = new WeightedTable(
  INSTITUTION_SUFFIXES.map((s) => s[0]),
  INSTITUTION_SUFFIXES.map((s) => s[1]),
);

export interface PersonName {
  readonly name: string;
  /** pinyin without tones or spaces, e.g. 'zhangwei' */
  readonly pinyin: string;
}

/** A Chinese personal name: surname plus one (about 30 %) or two given-name characters. */
export function personName(rng: Rng, gender: 'M' | 'F'): PersonName {
  const [surname, surnamePinyin] = surnameTable.pick(rng);
  const pool = rng.chance(0.85) ? (gender === 'M' ? GIVEN_MALE : GIVEN_FEMALE) : gender === 'M' ? GIVEN_FEMALE : GIVEN_MALE;
  const first = rng.pick(pool);
  if (rng.chance(0.3)) return { name: surname + first[0], pinyin: surnamePinyin + first[1] };
  const second = rng.pick(gender === 'M' ? GIVEN_MALE : GIVEN_FEMALE);
  return { name: surname + first[0] + second[0], pinyin: surnamePinyin + first[1] + second[1] };
}

/** A personal e-mail address such as 'zhangwei1985@163.com' or '38471234@qq.com'. */
export function personalEmail(rng: Rng, pinyin: string, birthYear: number): string {
  const domain = emailDomainTable.pick(rng);
  if (domain === 'qq.com' && rng.chance(0.7)) return `${rng.int(10_000_000, 2_999_999_999)}@qq.com`;
  const tail = rng.chance(0.5) ? String(birthYear) : rng.chance(0.5) ? String(rng.int(1, 999)) : '';
  return `${pinyin}${tail}@${domain}`;
}

/** A street address in the city: district, road, number, compound, building and flat. */
export function streetAddress(rng: Rng, city: string): string {
  const areas = CITY_AREAS[city];
  const district = areas ? rng.pick(areas)[1] : '';
  const road = rng.pick(ROADS);
  const no = rng.int(1, 1999);
  if (rng.chance(0.15)) return `${city}${district}${road}${no}号`;
  const flat = `${rng.int(1, 32)}${String(rng.int(1, 8)).padStart(2, '0')}`;
  const base = `${city}${district}${road}${no}弄${rng.pick(COMPOUNDS)}${rng.int(1, 30)}号`;
  // a few addresses are written with an ASCII comma, which the CSV must quote
  return rng.chance(0.05) ? `${base},${flat}室` : `${base}${flat}室`;
}

/** A company name such as '上海恒泰科技有限公司'. */
export function institutionName(rng: Rng, city: string): string {
  const prefix = city.replace(/市$/, '');
  return prefix + rng.pick(INSTITUTION_CORES) + rng.pick(INSTITUTION_TRADES) + suffixTable.pick(rng);
}

/** A private fund product's account name such as '睿泽私募基金管理有限公司-睿泽稳健3号私募证券投资基金'. */
export function productAccountName(rng: Rng): string {
  const manager = rng.pick(FUND_MANAGERS);
  const brand = manager.slice(0, 2);
  return `${manager}-${brand}${rng.pick(FUND_PRODUCT_WORDS)}${rng.int(1, 30)}号私募证券投资基金`;
}

/** An AMAC filing code (基金业协会备案编码) such as 'SXK123'. */
export function productFilingCode(rng: Rng): string {
  const letters = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
  return `S${letters.charAt(rng.int(0, letters.length - 1))}${letters.charAt(rng.int(0, letters.length - 1))}${String(rng.int(0, 999)).padStart(3, '0')}`;
}

/**
 * Whether a C1 individual is of the lowest risk category (风险承受能力最低类别, suitability.md): about a
 * third of them, fixed per seed and customer and drawn from no shared random stream, so that marking
 * them changes nothing else the generator writes. Asked again after a re-assessment to C1.
 */
export function isLowestRiskCategory(seed: number, customer: number): boolean {
  return hashSeed(seed, 0x10e5, customer) % 3 === 0;
}
