/**
 * 证件号码校验 in SQL (migration 0061's resident_id_valid and resident_id_gender, which the planner inlines
 * into the calling statement) against GB 11643-1999 written out below: every month and day of common, leap
 * and century years, every province code, a few thousand generated numbers and the malformed values an
 * extract carries (wrong check digits, impossible dates, lower-case x, spaces, 15-digit numbers, other
 * characters, empty and null).
 */
import { describe, expect, it } from 'vitest';
import { useTestDb } from '../../../test/harness.js';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS = '10X98765432';

/** The check character of 17 digits: their weighted sum mod 11 picks it. */
function checkCharacter(first17: string): string {
  return CHECK_CHARACTERS[WEIGHTS.reduce((sum, weight, i) => sum + weight * Number(first17[i]), 0) % 11]!;
}

/**
 * GB 11643-1999 as the SQL reads a stored value: null for null; spaces around it (spaces only) ignored and a
 * lower-case x read as X; then 17 digits and a digit or X, a province code 11–82, a real birth date from 1900
 * on and the check character.
 */
function referenceValid(raw: string | null): boolean | null {
  if (raw === null) return null;
  const id = raw.replace(/^ +| +$/g, '');
  if (!/^[0-9]{17}[0-9Xx]$/.test(id)) return false;
  const [region, year, month, day] = [id.slice(0, 2), id.slice(6, 10), id.slice(10, 12), id.slice(12, 14)].map(Number) as [number, number, number, number];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const daysInMonth = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  if (region < 11 || region > 82 || year < 1900 || day < 1 || day > daysInMonth) return false;
  return checkCharacter(id.slice(0, 17)) === id[17]!.toUpperCase();
}

/** A repeatable stream of numbers in [0, 1) (mulberry32). */
function randomStream(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const withCheck = (first17: string) => first17 + checkCharacter(first17);
const pad2 = (n: number) => pad(n, 2);

/** The hand-listed cases, and a number of each kind for every date of a few years and every province code. */
function idsToCheck(): (string | null)[] {
  const ids: (string | null)[] = [
    null, '', ' ', '   ', 'X', '110101199001011237', '11010519491231002X', '11010519491231002x', ' 11010519491231002x  ',
    '110101199001011234', '110101199002301237', '110101900101123', '11010119900101123', '1101011990010112377', '1101011990010112X7',
    '\t110101199001011237', '110101199001011237\n', '110101199001011237\t', '\u3000110101199001011237', '１10101199001011237',
    withCheck('11010119990230123'), withCheck('11010119000229123'), withCheck('11010120000229123'), withCheck('11010120240229123'),
    withCheck('11010120230229123'), withCheck('11010118991231123'), withCheck('11010119991301123'), withCheck('11010119990001123'),
    withCheck('11010119990100123'), withCheck('11010119990132123'), withCheck('11010120230431123'), withCheck('11010199991231123'),
    withCheck('10010119900101123'), withCheck('83010119900101123'), withCheck('11010100000101123'),
  ];
  for (const year of [1899, 1900, 1999, 2000, 2023, 2024, 2100, 9999]) {
    for (let month = 0; month <= 13; month++) {
      for (let day = 0; day <= 32; day++) ids.push(withCheck(`440305${year}${pad2(month)}${pad2(day)}271`));
    }
  }
  for (let region = 0; region <= 99; region++) ids.push(withCheck(`${pad2(region)}0102198807150${pad2(region)}`));
  return ids;
}

/** Generated numbers: valid ones, and each spoilt in one of the ways an extract spoils them. */
function generatedIds(count: number): string[] {
  const random = randomStream(20250616);
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const born = new Date(Date.UTC(1900, 0, 1) + Math.floor(random() * 73_000) * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
    const first17 = `${11 + Math.floor(random() * 72)}${digits(4)}${born}${digits(3)}`;
    const valid = withCheck(first17);
    const spoilt = [
      valid,
      valid,
      first17 + pick([...'0123456789X'].filter((c) => c !== valid[17])),
      first17 + checkCharacter(first17).toLowerCase(),
      pick(['', ' ', '  ']) + valid + pick(['', ' ', '   ']),
      pick(['\t', '\n', '\r']) + valid,
      valid.slice(0, 6) + valid.slice(8, 17),
      valid.slice(0, 17),
      valid + pick(['0', 'X', ' x']),
      (() => {
        const at = Math.floor(random() * 18);
        return valid.slice(0, at) + pick(['A', 'x', 'X', '-', '.', ' ', '０', '٣', '\\']) + valid.slice(at + 1);
      })(),
      withCheck(pick(['00', '10', '83', '99']) + first17.slice(2)),
      withCheck(first17.slice(0, 6) + pick(['18991231', '19990230', '20010229', '19991301', '19990001', '19990100', '19990132']) + first17.slice(14)),
      digits(18),
      digits(17) + 'X',
    ];
    ids.push(pick(spoilt));
  }
  return ids;
}

describe('证件号码校验 in SQL (migration 0061)', () => {
  const db = useTestDb();
  const ids = [...idsToCheck(), ...generatedIds(4000)];

  it('resident_id_valid agrees with GB 11643-1999 on every number, inlined into the statement and called as a function', async () => {
    // `(select id)`: an argument the planner will not copy into the function's body, so the function itself runs
    const { rows } = await db.pool.query<{ id: string | null; inlined: boolean | null; called: boolean | null }>(
      `select id, resident_id_valid(id) as inlined, resident_id_valid((select id)) as called
         from unnest($1::text[]) with ordinality as t(id, n) order by n`, [ids]);
    const disagreeing = rows.filter((r) => r.inlined !== referenceValid(r.id) || r.called !== referenceValid(r.id));
    expect(disagreeing).toEqual([]);
    // not vacuous: thousands of each answer
    expect(rows.filter((r) => r.inlined === true).length).toBeGreaterThan(1000);
    expect(rows.filter((r) => r.inlined === false).length).toBeGreaterThan(3000);
  });

  it('resident_id_gender reads the sequence digit (odd M, even F), null for null, and refuses a value without a 17th digit', async () => {
    const valid = ids.filter((id) => referenceValid(id) === true) as string[];
    const { rows } = await db.pool.query<{ id: string; gender: string | null }>(
      `select id, resident_id_gender(id) as gender from unnest($1::text[]) with ordinality as t(id, n) order by n`, [[...valid, null]]);
    expect(rows.map((r) => r.gender)).toEqual([...valid.map((id) => (Number(id.trim()[16]) % 2 === 1 ? 'M' : 'F')), null]);
    await expect(db.pool.query(`select resident_id_gender(id) from unnest(array['1101011990010']) as id`)).rejects.toThrow(/invalid input syntax for type integer/);
  });

  it('both are inlined: the plan calls neither', async () => {
    const { rows } = await db.pool.query<{ 'QUERY PLAN': string }>(
      `explain (verbose) select resident_id_valid(id), resident_id_gender(id) from unnest($1::text[]) as id`, [ids.slice(0, 10)]);
    const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
    expect(plan).toContain('get_byte');
    expect(plan).not.toMatch(/resident_id_/);
  });
});
