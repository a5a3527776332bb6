import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestDb, type TestDb } from '../../../test/harness.js';
import { run } from '../../cli/commands/import-org.js';

describe('crm import-org <dir>', () => {
  let db: TestDb;
  let dir: string;
  let out: string[];
  let err: string[];

  beforeAll(async () => {
    db = await createTestDb();
    process.env.DATABASE_URL = db.url; // read once by config() when the command first runs
    await db.pool.query(`insert into branches (branch_code, branch_name) values ('B01', '北京营业部')`);
    await db.pool.query(`insert into customers (customer_no, name, customer_type, branch_code, open_date, status, first_seen_on, updated_on)
      values ('C001', '客户', 'P', 'B01', '2025-01-01', 'NORMAL', '2025-01-01', '2025-01-01')`);
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'quancrm-org-cli-'));
  });
  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
    await db.drop();
  });
  beforeEach(() => {
    out = [];
    err = [];
    vi.spyOn(console, 'log').mockImplementation((m: string) => void out.push(m));
    vi.spyOn(console, 'error').mockImplementation((m: string) => void err.push(m));
    return () => vi.restoreAllMocks();
  });

  async function folder(name: string, files: Record<string, string[]>): Promise<string> {
    const sub = path.join(dir, name);
    await fs.mkdir(sub);
    for (const [file, lines] of Object.entries(files)) await fs.writeFile(path.join(sub, file), lines.join('\n') + '\n');
    return sub;
  }

  it.each([
    ['no folder', []],
    ['a folder that does not exist', ['/no/such/folder']],
    ['an extra argument', ['/tmp', 'more']],
  ])('exits 2 on bad arguments: %s', async (_, argv) => {
    expect(await run(argv)).toBe(2);
    expect(err.join('\n')).toMatch(/usage: npm run crm -- import-org <dir>/);
  });

  it('exits 0 and prints the counts when loaded', async () => {
    const dirOk = await folder('ok', {
      'teams.csv': ['team_code,team_name,branch_code,leader_staff_no', 'T01,一组,B01,S01'],
      'staff.csv': ['staff_no,name,category,level,team_code,branch_code,hire_date,leave_date,contract_type,mobile,email', 'S01,张三,BROKER,初级,T01,B01,2025-01-01,,LABOR,,'],
      'relationships.csv': ['customer_no,staff_no,kind,weight,assessment_set,added_on,effective_from,confirmed_on,ended_on,guaranteed_rate', 'C001,S01,DEVELOP,1,,2026-01-01,2026-01-01,,,'],
    });
    expect(await run([dirOk])).toBe(0);
    expect(out.join('\n')).toMatch(/relationships\.csv +1 rows: 1 inserted, 0 updated, 0 unchanged/);
    expect(out.join('\n')).toMatch(/earliest affected date: 2026-01-01/);
  });

  it('exits 1 and prints file:line:column: reason with the total when refused', async () => {
    const dirBad = await folder('bad', {
      'relationships.csv': [
        'customer_no,staff_no,kind,weight,assessment_set,added_on,effective_from,confirmed_on,ended_on,guaranteed_rate',
        'C999,S01,DEVELOP,1,,2026-01-01,2026-01-01,,,',
        'C001,S01,DEVELOP,0.5,,2026-01-01,2026-01-01,,,', // a valid update of the stored row: refused with the rest
        'C001,S01,SERVICE,2,,2026-01-01,2026-01-01,,,',
      ],
    });
    expect(await run([dirBad])).toBe(1);
    expect(err).toContain('relationships.csv:2:customer_no: unknown customer C999');
    expect(err).toContain('relationships.csv:4:weight: must be above 0 and at most 1');
    expect(err).toContain('2 problem(s)');
    const { rows } = await db.pool.query(`select weight from relationships where customer_no = 'C001'`);
    expect(rows).toEqual([{ weight: '1.000000' }]); // nothing written
  });
});
