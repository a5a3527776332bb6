import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../test/harness.js';
import type { OrgFile, Problem } from './org.rules.js';
import { importOrg, type OrgImportFailed, type OrgImportResult, type OrgImportSucceeded } from './org.service.js';

const TODAY = '2026-11-20';
const TEAMS_HEADER = 'team_code,team_name,branch_code,leader_staff_no';
const STAFF_HEADER = 'staff_no,name,category,level,team_code,branch_code,hire_date,leave_date,contract_type,mobile,email';
const RELATIONSHIPS_HEADER = 'customer_no,staff_no,kind,weight,assessment_set,added_on,effective_from,confirmed_on,ended_on,guaranteed_rate';

const BASE_TEAMS = [TEAMS_HEADER, 'T01,一组,B01,S01', 'T02,二组,B02,S03'];
const BASE_STAFF = [
  STAFF_HEADER,
  'S01,张三,BROKER,初级,T01,B01,2025-01-01,,LABOR,13800000001,zs@example.com',
  'S02,李四,DISTRIBUTOR,中级,T01,B01,2025-03-01,,AGENCY,,',
  'S03,王五,ACCOUNT_MANAGER,高级,T02,B02,2024-06-01,,LABOR,,',
  'S04,赵六,ADVISOR,见习,T01,B01,2026-01-01,,LABOR,,',
];
const BASE_RELATIONSHIPS = [
  RELATIONSHIPS_HEADER,
  'C001,S01,DEVELOP,0.6,A,2026-01-01,2026-01-01,,,',
  'C001,S02,DEVELOP,0.4,A,2026-01-01,2026-01-01,,,0.00015',
  'C002,S01,SERVICE,1,,2026-01-01,2026-01-01,,2026-06-30,',
  'C003,S01,DEVELOP,1,,2026-01-01,2026-01-01,2026-01-31,,',
  'C101,S03,DEVELOP,1,,2026-02-01,2026-02-01,,,',
];
const BASE: OrgFiles = { 'teams.csv': BASE_TEAMS, 'staff.csv': BASE_STAFF, 'relationships.csv': BASE_RELATIONSHIPS };

type OrgFiles = Partial<Record<OrgFile, string[] | Buffer>>;

const folders: string[] = [];

async function orgFolder(files: OrgFiles): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'quancrm-org-'));
  folders.push(dir);
  for (const [name, content] of Object.entries(files)) {
    await fs.writeFile(path.join(dir, name), Buffer.isBuffer(content) ? content : content.join('\n') + '\n');
  }
  return dir;
}

async function load(pool: pg.Pool, files: OrgFiles): Promise<OrgImportResult> {
  return importOrg(pool, await orgFolder(files), { startedBy: 'test', today: TODAY });
}

function succeeded(result: OrgImportResult): OrgImportSucceeded {
  if (result.status !== 'SUCCEEDED') throw new Error(`expected success, got:\n${result.problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.reason}`).join('\n')}`);
  return result;
}

function failed(result: OrgImportResult): OrgImportFailed {
  if (result.status !== 'FAILED') throw new Error('expected a refusal, the load succeeded');
  return result;
}

/** Where a customer lives comes from the extracts: seeded by SQL. */
async function seedBranchesAndCustomers(pool: pg.Pool, customers: [string, string][]): Promise<void> {
  await pool.query(`insert into branches (branch_code, branch_name) values ('B01', '北京营业部'), ('B02', '上海营业部')`);
  await pool.query(
    `insert into customers (customer_no, name, customer_type, branch_code, open_date, status, first_seen_on, updated_on)
     select c, '客户' || c, 'P', b, '2025-01-01', 'NORMAL', '2025-01-01', '2025-01-01' from unnest($1::text[], $2::text[]) as t(c, b)`,
    [customers.map(([c]) => c), customers.map(([, b]) => b)],
  );
}

/** Everything the import may write, in a stable order (import_runs excluded: a refusal records one). */
async function contents(pool: pg.Pool) {
  const rows = async (sql: string) => (await pool.query(sql)).rows;
  return {
    teams: await rows('select * from teams order by team_code'),
    staff: await rows('select * from staff order by staff_no'),
    staffHistory: await rows('select * from staff_history order by id'),
    relationships: await rows('select * from relationships order by customer_no, id'),
    audit: await rows('select * from audit_log order by id'),
  };
}

async function lastRun(pool: pg.Pool) {
  const { rows } = await pool.query('select * from import_runs order by id desc limit 1');
  return rows[0];
}

afterAll(async () => {
  await Promise.all(folders.map((dir) => fs.rm(dir, { recursive: true, force: true })));
});

describe('import-org on a migrated database', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb();
    await seedBranchesAndCustomers(db.pool, [
      ['C001', 'B01'], ['C002', 'B01'], ['C003', 'B01'], ['C004', 'B01'], ['C005', 'B01'], ['C101', 'B02'],
    ]);
  });
  afterAll(async () => {
    await db.drop();
  });

  it('refuses a folder without any of the three files, and records the run', async () => {
    const dir = await orgFolder({});
    const result = failed(await importOrg(db.pool, dir, { startedBy: 'test', today: TODAY }));
    expect(result.problems).toEqual([{ file: '', line: 0, column: '', reason: `none of teams.csv, staff.csv, relationships.csv is in ${dir}` }]);
    expect(await lastRun(db.pool)).toMatchObject({ kind: 'ORG', status: 'FAILED', folder: dir, error_count: 1 });
  });

  it('loads teams, staff and relationships, with a SUCCEEDED run and an audit row', async () => {
    const result = succeeded(await load(db.pool, BASE));
    expect(result.counts).toEqual({
      'teams.csv': { inserted: 2, updated: 0, unchanged: 0 },
      'staff.csv': { inserted: 4, updated: 0, unchanged: 0 },
      'relationships.csv': { inserted: 5, updated: 0, unchanged: 0 },
    });
    expect(result.staffHistoryRows).toBe(0);
    expect(result.earliestAffectedDate).toBe('2026-01-01');
    expect(result.warnings).toEqual([]);

    const { rows: relationships } = await db.pool.query(
      `select customer_no, staff_no, kind, weight, assessment_set, effective_from, confirmed_on, ended_on, guaranteed_rate, source
       from relationships where customer_no = 'C001' order by staff_no`,
    );
    expect(relationships).toEqual([
      { customer_no: 'C001', staff_no: 'S01', kind: 'DEVELOP', weight: '0.600000', assessment_set: 'A', effective_from: '2026-01-01', confirmed_on: null, ended_on: null, guaranteed_rate: null, source: 'ORG_IMPORT' },
      { customer_no: 'C001', staff_no: 'S02', kind: 'DEVELOP', weight: '0.400000', assessment_set: 'A', effective_from: '2026-01-01', confirmed_on: null, ended_on: null, guaranteed_rate: '0.00015000', source: 'ORG_IMPORT' },
    ]);
    const { rows: staff } = await db.pool.query(`select staff_no, name, level, team_code, status, mobile from staff where staff_no = 'S01'`);
    expect(staff).toEqual([{ staff_no: 'S01', name: '张三', level: '初级', team_code: 'T01', status: 'ACTIVE', mobile: '13800000001' }]);

    const run = await lastRun(db.pool);
    expect(run).toMatchObject({ id: result.runId, kind: 'ORG', status: 'SUCCEEDED', started_by: 'test', error_count: 0, row_counts: result.counts });
    const teamsBytes = Buffer.from(BASE_TEAMS.join('\n') + '\n');
    expect(run.files['teams.csv']).toEqual({ rows: 2, bytes: teamsBytes.length, sha256: createHash('sha256').update(teamsBytes).digest('hex'), encoding: 'utf-8' });
    const { rows: audit } = await db.pool.query(`select username, action, entity, entity_id, detail from audit_log where entity_id = $1`, [result.runId]);
    expect(audit).toEqual([
      {
        username: 'test',
        action: 'org.import',
        entity: 'import_run',
        entity_id: result.runId,
        detail: { folder: result.folder, counts: result.counts, staffHistoryRows: 0, earliestAffectedDate: '2026-01-01' },
      },
    ]);
  });

  it('is idempotent: loading the same files again changes nothing', async () => {
    const before = await contents(db.pool);
    const result = succeeded(await load(db.pool, BASE));
    expect(result.counts).toEqual({
      'teams.csv': { inserted: 0, updated: 0, unchanged: 2 },
      'staff.csv': { inserted: 0, updated: 0, unchanged: 4 },
      'relationships.csv': { inserted: 0, updated: 0, unchanged: 5 },
    });
    expect(result.earliestAffectedDate).toBeNull();
    const after = await contents(db.pool);
    expect({ ...after, audit: undefined }).toEqual({ ...before, audit: undefined });
    expect(after.audit).toHaveLength(before.audit.length + 1); // every successful run is audited
  });

  it('keeps a change of level and team as staff history dated the import day, never overwritten', async () => {
    const staff = [STAFF_HEADER, 'S01,张三,BROKER,中级,T01,B01,2025-01-01,,LABOR,13800000001,zs@example.com'];
    const first = succeeded(await load(db.pool, { 'staff.csv': staff }));
    expect(first.counts).toEqual({ 'staff.csv': { inserted: 0, updated: 1, unchanged: 0 } });
    expect(first.staffHistoryRows).toBe(1);
    const second = succeeded(await load(db.pool, { 'teams.csv': [TEAMS_HEADER, 'T03,三组,B01,S01'], 'staff.csv': [STAFF_HEADER, 'S01,张三,BROKER,高级,T03,B01,2025-01-01,,LABOR,13800000001,zs@example.com'] }));
    expect(second.counts['teams.csv']).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
    const { rows } = await db.pool.query(`select field, old_value, new_value, changed_on, source from staff_history where staff_no = 'S01' order by id`);
    expect(rows).toEqual([
      { field: 'level', old_value: '初级', new_value: '中级', changed_on: TODAY, source: 'ORG_IMPORT' },
      { field: 'level', old_value: '中级', new_value: '高级', changed_on: TODAY, source: 'ORG_IMPORT' },
      { field: 'team_code', old_value: 'T01', new_value: 'T03', changed_on: TODAY, source: 'ORG_IMPORT' },
    ]);
    const again = succeeded(await load(db.pool, { 'staff.csv': [STAFF_HEADER, 'S01,张三,BROKER,高级,T03,B01,2025-01-01,,LABOR,13800000001,zs@example.com'] }));
    expect(again.staffHistoryRows).toBe(0);
  });

  it('updates a relationship by its identity and hands the weight over the next day', async () => {
    const result = succeeded(
      await load(db.pool, {
        'relationships.csv': [
          RELATIONSHIPS_HEADER,
          'C001,S01,DEVELOP,0.6,A,2026-01-01,2026-01-01,,2026-06-30,', // ends
          'C001,S04,DEVELOP,0.600000,A,2026-07-01,2026-07-01,,,', // takes over the next day: 0.4 + 0.6 = 1
        ],
      }),
    );
    expect(result.counts).toEqual({ 'relationships.csv': { inserted: 1, updated: 1, unchanged: 0 } });
    expect(result.earliestAffectedDate).toBe('2026-06-30');
    const { rows } = await db.pool.query(`select staff_no, effective_from, ended_on from relationships where customer_no = 'C001' order by staff_no`);
    expect(rows).toEqual([
      { staff_no: 'S01', effective_from: '2026-01-01', ended_on: '2026-06-30' },
      { staff_no: 'S02', effective_from: '2026-01-01', ended_on: null },
      { staff_no: 'S04', effective_from: '2026-07-01', ended_on: null },
    ]);
  });

  it('warns about relationships still open after a leave date, lists them to reassign, and marks the staff LEFT', async () => {
    const result = succeeded(
      await load(db.pool, {
        'staff.csv': [STAFF_HEADER, 'S04,赵六,ADVISOR,见习,T01,B01,2026-01-01,2026-08-31,LABOR,,'],
        'relationships.csv': [RELATIONSHIPS_HEADER, 'C005,S04,SERVICE,1,,2026-03-01,2026-03-01,,2026-08-31,'],
      }),
    );
    expect(result.warnings).toEqual([
      {
        code: 'TO_REASSIGN',
        file: 'relationships.csv',
        line: 0,
        column: '',
        message: "1 relationship(s) stay open after their staff member's leave date: to reassign",
        relationships: [{ customer_no: 'C001', staff_no: 'S04', kind: 'DEVELOP', effective_from: '2026-07-01', ended_on: null, leave_date: '2026-08-31' }],
      },
    ]);
    const { rows } = await db.pool.query(`select status, leave_date from staff where staff_no = 'S04'`);
    expect(rows).toEqual([{ status: 'LEFT', leave_date: '2026-08-31' }]);
    expect((await lastRun(db.pool)).warnings).toEqual(result.warnings);
  });

  it('ignores an unknown extra column with a warning', async () => {
    const result = succeeded(await load(db.pool, { 'teams.csv': ['remark,' + TEAMS_HEADER, '备注,T01,一组,B01,S01'] }));
    expect(result.warnings).toEqual([{ code: 'UNKNOWN_COLUMN', file: 'teams.csv', line: 1, column: 'remark', message: 'unknown column remark ignored' }]);
    expect(result.counts).toEqual({ 'teams.csv': { inserted: 0, updated: 0, unchanged: 1 } });
  });

  it('reads a GBK file', async () => {
    const text = [STAFF_HEADER, 'S10,欧阳娜娜,SERVICE,资深,T01,B01,2026-02-01,,LABOR,,', ''].join('\n');
    const result = succeeded(await load(db.pool, { 'staff.csv': iconv.encode(text, 'gbk') }));
    expect(result.files['staff.csv']?.encoding).toBe('gbk');
    const { rows } = await db.pool.query(`select name, level from staff where staff_no = 'S10'`);
    expect(rows).toEqual([{ name: '欧阳娜娜', level: '资深' }]);
  });

  // Each refusal: exactly this problem, the data untouched, a FAILED run recorded.
  it.each<[string, OrgFiles, Problem[]]>([
    ['unknown branch of a team', { 'teams.csv': [TEAMS_HEADER, 'T09,九组,B99,'] }, [{ file: 'teams.csv', line: 2, column: 'branch_code', reason: 'unknown branch B99' }]],
    ['unknown leader of a team', { 'teams.csv': [TEAMS_HEADER, 'T09,九组,B01,S99'] }, [{ file: 'teams.csv', line: 2, column: 'leader_staff_no', reason: 'unknown staff S99 (neither in staff.csv nor in the database)' }]],
    ['unknown team of a staff member', { 'staff.csv': [STAFF_HEADER, 'S09,钱七,BROKER,初级,T99,B01,2026-01-01,,LABOR,,'] }, [{ file: 'staff.csv', line: 2, column: 'team_code', reason: 'unknown team T99 (neither in teams.csv nor in the database)' }]],
    ['staff in another branch than the team', { 'staff.csv': [STAFF_HEADER, 'S09,钱七,BROKER,初级,T02,B01,2026-01-01,,LABOR,,'] }, [{ file: 'staff.csv', line: 2, column: 'branch_code', reason: 'staff S09 is in branch B01 but team T02 is in branch B02' }]],
    [
      'repeated staff number',
      { 'staff.csv': [STAFF_HEADER, 'S09,钱七,BROKER,初级,T01,B01,2026-01-01,,LABOR,,', 'S09,钱七,BROKER,中级,T01,B01,2026-01-01,,LABOR,,'] },
      [{ file: 'staff.csv', line: 3, column: 'staff_no', reason: 'staff S09 repeats line 2' }],
    ],
    ['unknown customer', { 'relationships.csv': [RELATIONSHIPS_HEADER, 'C999,S01,DEVELOP,1,,2026-01-01,2026-01-01,,,'] }, [{ file: 'relationships.csv', line: 2, column: 'customer_no', reason: 'unknown customer C999' }]],
    ['unknown staff of a relationship', { 'relationships.csv': [RELATIONSHIPS_HEADER, 'C004,S99,DEVELOP,1,,2026-01-01,2026-01-01,,,'] }, [{ file: 'relationships.csv', line: 2, column: 'staff_no', reason: 'unknown staff S99 (neither in staff.csv nor in the database)' }]],
    [
      'weights above 1 across the file and the database',
      { 'relationships.csv': [RELATIONSHIPS_HEADER, 'C004,S01,DEVELOP,0.5,,2026-01-01,2026-01-01,,,', 'C001,S10,DEVELOP,0.1,,2026-06-01,2026-06-01,,,'] },
      [{ file: 'relationships.csv', line: 3, column: 'weight', reason: 'DEVELOP weights of customer C001 sum to 1.1 on 2026-06-01, above 1: S01 0.6 (in the database), S02 0.4 (in the database), S10 0.1 (line 3)' }],
    ],
    [
      'a period overlapping one in the database',
      { 'relationships.csv': [RELATIONSHIPS_HEADER, 'C002,S01,SERVICE,1,,2026-06-01,2026-06-01,,,'] },
      [{ file: 'relationships.csv', line: 2, column: 'effective_from', reason: 'SERVICE period 2026-06-01…open of customer C002 and staff S01 overlaps the period 2026-01-01…2026-06-30 (in the database)' }],
    ],
    [
      'periods overlapping within the file (ends inclusive)',
      { 'relationships.csv': [RELATIONSHIPS_HEADER, 'C004,S01,SERVICE,1,,2026-01-01,2026-01-01,,2026-03-31,', 'C004,S01,SERVICE,1,,2026-03-31,2026-03-31,,,'] },
      [{ file: 'relationships.csv', line: 3, column: 'effective_from', reason: 'SERVICE period 2026-03-31…open of customer C004 and staff S01 overlaps the period 2026-01-01…2026-03-31 (line 2)' }],
    ],
    [
      'a repeated relationship identity',
      { 'relationships.csv': [RELATIONSHIPS_HEADER, 'C004,S01,SERVICE,1,,2026-01-01,2026-01-01,,,', 'C004,S01,SERVICE,0.5,,2026-01-01,2026-01-01,,,'] },
      [{ file: 'relationships.csv', line: 3, column: 'effective_from', reason: 'relationship C004/S01/SERVICE from 2026-01-01 repeats line 2' }],
    ],
    [
      'a cross-branch relationship',
      { 'relationships.csv': [RELATIONSHIPS_HEADER, 'C101,S01,SERVICE,1,,2026-01-01,2026-01-01,,,'] },
      [{ file: 'relationships.csv', line: 2, column: 'staff_no', reason: 'cross-branch relationship: staff S01 is in branch B01, customer C101 in branch B02' }],
    ],
    [
      'a relationship starting after the leave date',
      { 'staff.csv': [STAFF_HEADER, 'S09,钱七,BROKER,初级,T01,B01,2026-01-01,2026-03-31,LABOR,,'], 'relationships.csv': [RELATIONSHIPS_HEADER, 'C004,S09,DEVELOP,1,,2026-04-01,2026-04-01,,,'] },
      [{ file: 'relationships.csv', line: 2, column: 'effective_from', reason: 'starts 2026-04-01, after staff S09 left on 2026-03-31' }],
    ],
    [
      'a leave date before a stored relationship starts',
      { 'staff.csv': [STAFF_HEADER, 'S02,李四,DISTRIBUTOR,中级,T01,B01,2025-03-01,2025-12-31,AGENCY,,'] },
      [{ file: 'staff.csv', line: 2, column: 'leave_date', reason: 'leave_date 2025-12-31 is before the start of 1 relationship(s) in the database: C001 DEVELOP from 2026-01-01' }],
    ],
    [
      'a guaranteed rate on a broker',
      { 'relationships.csv': [RELATIONSHIPS_HEADER, 'C004,S01,SERVICE,1,,2026-01-01,2026-01-01,,,0.0002'] },
      [{ file: 'relationships.csv', line: 2, column: 'guaranteed_rate', reason: 'only a DISTRIBUTOR relationship may carry a guaranteed rate; staff S01 is BROKER' }],
    ],
    ['a bad date', { 'relationships.csv': [RELATIONSHIPS_HEADER, 'C004,S01,DEVELOP,1,,2026-02-30,2026-03-01,,,'] }, [{ file: 'relationships.csv', line: 2, column: 'added_on', reason: 'must be a date YYYY-MM-DD' }]],
    ['an end before the start', { 'relationships.csv': [RELATIONSHIPS_HEADER, 'C004,S01,DEVELOP,1,,2026-03-01,2026-03-01,,2026-02-28,'] }, [{ file: 'relationships.csv', line: 2, column: 'ended_on', reason: 'ended_on 2026-02-28 is before effective_from 2026-03-01' }]],
    ['a bad weight', { 'relationships.csv': [RELATIONSHIPS_HEADER, 'C004,S01,DEVELOP,1.5,,2026-03-01,2026-03-01,,,'] }, [{ file: 'relationships.csv', line: 2, column: 'weight', reason: 'must be above 0 and at most 1' }]],
    ['a weight with 7 decimals', { 'relationships.csv': [RELATIONSHIPS_HEADER, 'C004,S01,DEVELOP,0.1234567,,2026-03-01,2026-03-01,,,'] }, [{ file: 'relationships.csv', line: 2, column: 'weight', reason: 'has more than 6 decimals' }]],
    [
      'a missing column',
      { 'relationships.csv': ['customer_no,staff_no,kind,assessment_set,added_on,effective_from,confirmed_on,ended_on,guaranteed_rate', 'C004,S01,DEVELOP,,2026-03-01,2026-03-01,,,'] },
      [{ file: 'relationships.csv', line: 1, column: 'weight', reason: 'missing column weight' }],
    ],
    ['a row with too few fields', { 'relationships.csv': [RELATIONSHIPS_HEADER, 'C004,S01,DEVELOP'] }, [{ file: 'relationships.csv', line: 2, column: '', reason: 'has 3 fields, the header has 10' }]],
    [
      'a bad level after a quoted field spanning two lines (lines are physical)',
      { 'staff.csv': [STAFF_HEADER, 'S11,"两行\n名字",BROKER,初级,T01,B01,2026-01-01,,LABOR,,', 'S12,钱八,BROKER,首席,T01,B01,2026-01-01,,LABOR,,'] },
      [{ file: 'staff.csv', line: 4, column: 'level', reason: 'must be one of 见习, 初级, 中级, 高级, 资深' }],
    ],
  ])('refuses %s, writing nothing', async (_, files, expected) => {
    const before = await contents(db.pool);
    const result = failed(await load(db.pool, files));
    expect(result.problems).toEqual(expected);
    expect(await contents(db.pool)).toEqual(before);
    expect(await lastRun(db.pool)).toMatchObject({ id: result.runId, kind: 'ORG', status: 'FAILED', error_count: expected.length, errors: expected });
  });

  it('refuses the whole load when one file is bad, even if the others are clean', async () => {
    const before = await contents(db.pool);
    const result = failed(
      await load(db.pool, {
        'teams.csv': [TEAMS_HEADER, 'T05,五组,B01,S01'],
        'staff.csv': [STAFF_HEADER, 'S20,孙九,BROKER,初级,T05,B01,2026-01-01,,LABOR,,'],
        'relationships.csv': [RELATIONSHIPS_HEADER, 'C004,S20,DEVELOP,1,,2026-01-01,2026-01-01,,,', 'C005,S20,DEVELOP,0,,2026-01-01,2026-01-01,,,'],
      }),
    );
    expect(result.problems.map((p) => `${p.file}:${p.line}:${p.column}`)).toEqual(['relationships.csv:3:weight']);
    expect(await contents(db.pool)).toEqual(before);
  });

  it('refuses malformed quoting at its line', async () => {
    const result = failed(await load(db.pool, { 'relationships.csv': [RELATIONSHIPS_HEADER, 'C004,S01,SERVICE,1,,2026-01-01,2026-01-01,,,', 'C005,S01,"SERVICE"x,1,,2026-01-01,2026-01-01,,,'] }));
    expect(result.problems).toEqual([{ file: 'relationships.csv', line: 3, column: '', reason: expect.stringMatching(/^not valid CSV: Invalid Closing Quote/) }]);
  });

  it('counts every data row of a file in import_runs, readable or not', async () => {
    const result = failed(await load(db.pool, { 'teams.csv': ['team_code,team_name,branch_code', 'T07,七组,B01', 'T08,八组'] }));
    expect(result.problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.reason}`)).toEqual([
      'teams.csv:1:leader_staff_no: missing column leader_staff_no',
      'teams.csv:3:: has 2 fields, the header has 3',
    ]);
    expect(result.files['teams.csv']?.rows).toBe(2);
  });

  it('drops a UTF-8 byte-order mark before the header', async () => {
    const result = succeeded(await load(db.pool, { 'teams.csv': Buffer.from('\uFEFF' + BASE_TEAMS.join('\n') + '\n') }));
    expect(result.counts).toEqual({ 'teams.csv': { inserted: 0, updated: 0, unchanged: 2 } });
  });

  it('reports every bad row, keeping the first 100 and the total in import_runs', async () => {
    const rows = Array.from({ length: 150 }, (_, i) => `C${String(1000 + i)},S01,DEVELOP,1,,2026-01-01,2026-01-01,,,`);
    const result = failed(await load(db.pool, { 'relationships.csv': [RELATIONSHIPS_HEADER, ...rows] }));
    expect(result.problems).toHaveLength(150);
    expect(result.problems[149]).toEqual({ file: 'relationships.csv', line: 151, column: 'customer_no', reason: 'unknown customer C1149' });
    const run = await lastRun(db.pool);
    expect(run.error_count).toBe(150);
    expect(run.errors).toHaveLength(100);
    expect(run.files['relationships.csv'].rows).toBe(150);
  });
});

describe('a violation of the exclusion constraint that slips past the checks', () => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb();
    await seedBranchesAndCustomers(db.pool, [['C001', 'B01']]);
    succeeded(await load(db.pool, { 'teams.csv': BASE_TEAMS.slice(0, 2), 'staff.csv': BASE_STAFF.slice(0, 2) }));
    // Stands for a workflow committing an overlapping relationship while the import runs.
    await db.pool.query(`
      create function org_test_race() returns trigger language plpgsql as $$
      begin
        if new.source = 'ORG_IMPORT' then
          insert into relationships (customer_no, staff_no, kind, weight, added_on, effective_from, source)
          values (new.customer_no, new.staff_no, new.kind, 1, new.effective_from, new.effective_from, 'WORKFLOW');
        end if;
        return new;
      end $$;
      create trigger org_test_race before insert on relationships for each row execute function org_test_race();`);
  });
  afterAll(async () => {
    await db.drop();
  });

  it('becomes a problem on the file’s line, not a crash', async () => {
    const before = await contents(db.pool);
    const result = failed(await load(db.pool, { 'relationships.csv': [RELATIONSHIPS_HEADER, 'C001,S01,DEVELOP,1,,2026-01-01,2026-01-01,,,'] }));
    expect(result.problems).toEqual([
      expect.objectContaining({ file: 'relationships.csv', line: 2, column: 'effective_from', reason: expect.stringMatching(/^the period overlaps another .* conflicts with existing key/) }),
    ]);
    expect(await contents(db.pool)).toEqual(before);
    expect(await lastRun(db.pool)).toMatchObject({ status: 'FAILED', error_count: 1 });
  });
});

describe('volume', () => {
  let db: TestDb;
  const customers = 30_000;
  beforeAll(async () => {
    db = await createTestDb();
    await db.pool.query(`insert into branches (branch_code, branch_name) values ('B01', '北京营业部')`);
    await db.pool.query(
      `insert into customers (customer_no, name, customer_type, branch_code, open_date, status, first_seen_on, updated_on)
       select 'C' || lpad(n::text, 6, '0'), '客户', 'P', 'B01', '2025-01-01', 'NORMAL', '2025-01-01', '2025-01-01' from generate_series(1, $1) n`,
      [customers],
    );
  });
  afterAll(async () => {
    await db.drop();
  });

  it(`loads ${customers} relationships set-based, and re-loads them as unchanged`, async () => {
    const staff = Array.from({ length: 100 }, (_, i) => `S${String(i).padStart(3, '0')},员工${i},BROKER,初级,T01,B01,2024-01-01,,LABOR,,`);
    const relationships = Array.from({ length: customers }, (_, i) => {
      const customer = `C${String(i + 1).padStart(6, '0')}`;
      return `${customer},S${String(i % 100).padStart(3, '0')},DEVELOP,1,,2025-01-01,2025-01-01,,,`;
    });
    const files: OrgFiles = { 'teams.csv': [TEAMS_HEADER, 'T01,一组,B01,'], 'staff.csv': [STAFF_HEADER, ...staff], 'relationships.csv': [RELATIONSHIPS_HEADER, ...relationships] };
    // Its speed is measured where timings belong (docs/performance.md), not asserted here.
    const first = succeeded(await load(db.pool, files));
    expect(first.counts['relationships.csv']).toEqual({ inserted: customers, updated: 0, unchanged: 0 });
    expect((await db.pool.query<{ n: string }>(`select count(*)::text as n from relationships`)).rows[0]?.n).toBe(String(customers));
    const second = succeeded(await load(db.pool, files));
    expect(second.counts['relationships.csv']).toEqual({ inserted: 0, updated: 0, unchanged: customers });
  });
});
