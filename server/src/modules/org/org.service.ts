/**
 * `import-org`: loads teams.csv, staff.csv and relationships.csv (interfaces.md "Org import CSVs")
 * for a first migration from another CRM.
 *
 * Semantics:
 * - Each file is optional, at least one must be present. UTF-8, or GBK when the bytes are not
 *   valid UTF-8. CSV rules as extract-format.md: exact header names in any order, unknown extra
 *   columns ignored with a warning, empty field = null.
 * - Every row is validated (org.rules.ts) and cross-checked against the other files and the
 *   database; every problem is collected as { file, line, column, reason } (line 1 = header).
 * - Teams (by team_code) and staff (by staff_no) are upserted. A change of a staff member's level,
 *   team_code, branch_code, category, contract_type or leave_date adds a staff_history row
 *   (changed_on = the import's date in the business time zone, source 'ORG_IMPORT'); history is
 *   only ever appended. Status is LEFT when leave_date ≤ that date, else ACTIVE.
 * - A relationship is identified by (customer_no, staff_no, kind, effective_from). A file row with
 *   the identity of a stored relationship updates its weight, assessment_set, added_on,
 *   confirmed_on, ended_on and guaranteed_rate (its source stays what it was); any other row is
 *   inserted with source 'ORG_IMPORT'. Nothing is ever deleted, so re-importing the same files
 *   changes nothing. Weights and overlaps are checked on the resulting set: the stored
 *   relationships of every customer the file names, with the file's rows replacing those of the
 *   same identity.
 * - Relationships that stay open after their staff member's leave date are not refused: they are
 *   listed in a 'to reassign' warning. One starting after the leave date is refused.
 * - All in one transaction, under an advisory lock. Any problem: nothing is written but a FAILED
 *   import_runs row (after the rollback). Success: the data, a SUCCEEDED import_runs row and an
 *   audit_log row ('org.import') commit together.
 * - earliestAffectedDate: the earliest date from which a changed relationship alters attribution
 *   (org.rules.ts affectedSince); staff figures are to be re-derived from there.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { CsvError, parse } from 'csv-parse/sync';
import pg from 'pg';
import type { z } from 'zod';
import { inTransaction } from '../../db/database.js';
import { LOCKS } from '../../db/locks.js';
import { businessDate } from '../../lib/dates.js';
import { decodeText, detectEncoding } from '../../lib/text-encoding.js';
import { lockAgainstImports, rederiveStaffFiguresSince } from '../attribution/attribution.service.js';
import { writeAudit } from '../audit/audit.service.js';
import {
  affectedSince,
  checkHeader,
  earliest,
  keepingRuleConfirmation,
  leaveDateProblems,
  ORG_COLUMNS,
  ORG_FILES,
  relationshipChange,
  relationshipIdentity,
  relationshipReferenceProblems,
  relationshipRowSchema,
  relationshipsToReassign,
  repeatedKeyProblems,
  resultingRelationships,
  resultingSetProblems,
  staffChange,
  staffFieldChanges,
  staffReferenceProblems,
  staffRowSchema,
  staffStatus,
  teamChange,
  teamMembershipProblems,
  teamReferenceProblems,
  teamRowSchema,
  validateRow,
  type Change,
  type Lined,
  type OrgFile,
  type OrgSnapshot,
  type Problem,
  type RawFields,
  type RelationshipRow,
  type StaffFacts,
  type StaffRow,
  type StoredRelationship,
  type StoredStaff,
  type StoredTeam,
  type TeamRow,
  type ToReassign,
} from './org.rules.js';

export type { Problem, ToReassign } from './org.rules.js';

const SOURCE = 'ORG_IMPORT';
const RECORDED_PROBLEMS = 100;

export interface OrgImportOptions {
  /** Who or what started the run (import_runs.started_by, audit_log.username). */
  startedBy: string;
  log?: (message: string) => void;
  /** The import's date, YYYY-MM-DD; default today in `timeZone`. */
  today?: string;
  /** Business time zone for `today`; default Asia/Shanghai. */
  timeZone?: string;
}

export interface FileSummary {
  rows: number;
  sha256: string;
  bytes: number;
  encoding: 'utf-8' | 'gbk';
}

export interface WriteCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface OrgWarning {
  code: 'UNKNOWN_COLUMN' | 'TO_REASSIGN';
  file: string;
  line: number;
  column: string;
  message: string;
  /** For TO_REASSIGN: every relationship still open after its staff member's leave date. */
  relationships?: ToReassign[];
}

interface RunOutcome {
  runId: string;
  folder: string;
  files: Partial<Record<OrgFile, FileSummary>>;
  warnings: OrgWarning[];
  durationMs: number;
}

export interface OrgImportSucceeded extends RunOutcome {
  status: 'SUCCEEDED';
  counts: Partial<Record<OrgFile, WriteCounts>>;
  staffHistoryRows: number;
  earliestAffectedDate: string | null;
}

export interface OrgImportFailed extends RunOutcome {
  status: 'FAILED';
  /** Every problem, in file and line order (import_runs keeps the first 100). */
  problems: Problem[];
}

export type OrgImportResult = OrgImportSucceeded | OrgImportFailed;

export async function importOrg(pool: pg.Pool, dir: string, opts: OrgImportOptions): Promise<OrgImportResult> {
  const startedAt = new Date();
  const run: RunContext = {
    startedAt,
    startedBy: opts.startedBy,
    folder: path.resolve(dir),
    today: opts.today ?? businessDate(startedAt, opts.timeZone ?? 'Asia/Shanghai'),
    log: opts.log ?? (() => undefined),
  };
  const input = await readOrgFolder(run.folder);
  for (const [name, summary] of Object.entries(input.files)) run.log(`${name}: ${summary.rows} rows (${summary.encoding})`);
  let outcome: OrgImportSucceeded | Problem[];
  try {
    outcome = await inTransaction(pool, (client) => loadInOneTransaction(client, input, run));
  } catch (err) {
    const problems = integrityProblems(err, input);
    if (!problems) {
      // Best effort, so that operators see the run; the original error is the one that matters.
      await recordFailure(pool, input, run, [internalProblem(err)]).catch(() => undefined);
      throw err;
    }
    outcome = problems;
  }
  if (!Array.isArray(outcome)) {
    run.log(`import-org ${run.folder}: succeeded (run ${outcome.runId})`);
    return outcome;
  }
  const problems = sortProblems(outcome);
  const failed = await recordFailure(pool, input, run, problems);
  run.log(`import-org ${run.folder}: refused with ${problems.length} problem(s) (run ${failed.runId})`);
  return failed;
}

interface RunContext {
  startedAt: Date;
  startedBy: string;
  folder: string;
  /** The import's date in the business time zone: staff_history.changed_on and staff status. */
  today: string;
  log: (message: string) => void;
}

/** Checks and writes under the lock; returns the problems instead when there are any (nothing written). */
async function loadInOneTransaction(client: pg.PoolClient, input: OrgInput, run: RunContext): Promise<OrgImportSucceeded | Problem[]> {
  await client.query('select pg_advisory_xact_lock($1)', [LOCKS.orgImport]);
  await lockAgainstImports(client); // relationships and the staff figures derived from them change together
  const plan = await planLoad(client, input, run.today);
  if (plan.problems.length > 0) return plan.problems;
  const written = await writeLoad(client, plan, input, run);
  if (written.earliestAffectedDate) {
    const started = Date.now();
    // statistics of what was just written, so that the re-derivation's plans see the rows (a first load
    // planned from empty statistics joined 26,554 customers to 25,206 relationships by a nested loop)
    await client.query('analyze relationships, staff, teams');
    await rederiveStaffFiguresSince(client, written.earliestAffectedDate);
    run.log(`re-derived staff figures from ${written.earliestAffectedDate} in ${Date.now() - started} ms`);
  }
  const warnings = [...input.warnings, ...reassignWarning(plan.toReassign)];
  const durationMs = elapsedMs(run);
  const record = { folder: run.folder, files: input.files, warnings, durationMs };
  const runId = await recordRun(client, run, { ...record, status: 'SUCCEEDED', counts: written.counts, problems: [] });
  await recordAudit(client, run, runId, written);
  return { status: 'SUCCEEDED', runId, ...record, ...written };
}

function elapsedMs(run: RunContext): number {
  return Date.now() - run.startedAt.getTime();
}

// ---------------------------------------------------------------- reading the folder

interface CsvRecord {
  line: number;
  fields: RawFields;
}

interface ValidatedFile<T> {
  rows: Lined<T>[];
  /** Keys written on rows that failed their schema. */
  invalidKeys: Set<string>;
}

interface OrgInput {
  files: Partial<Record<OrgFile, FileSummary>>;
  teams?: ValidatedFile<TeamRow>;
  staff?: ValidatedFile<StaffRow>;
  relationships?: ValidatedFile<RelationshipRow>;
  problems: Problem[];
  warnings: OrgWarning[];
}

const KEY_COLUMN: Record<OrgFile, string> = { 'teams.csv': 'team_code', 'staff.csv': 'staff_no', 'relationships.csv': 'customer_no' };

async function readOrgFolder(folder: string): Promise<OrgInput> {
  const input: OrgInput = { files: {}, problems: [], warnings: [] };
  for (const name of ORG_FILES) {
    const bytes = await readIfPresent(path.join(folder, name));
    if (!bytes) continue;
    const encoding = detectEncoding(bytes);
    const text = decodeText(bytes, encoding);
    const parsed = parseCsv(name, text);
    input.files[name] = { rows: parsed.dataRows, sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length, encoding };
    input.problems.push(...parsed.problems);
    input.warnings.push(...parsed.warnings);
    if (!parsed.usable) continue;
    if (name === 'teams.csv') input.teams = validateFile(name, teamRowSchema, parsed.records, input.problems);
    if (name === 'staff.csv') input.staff = validateFile(name, staffRowSchema, parsed.records, input.problems);
    if (name === 'relationships.csv') input.relationships = validateFile(name, relationshipRowSchema, parsed.records, input.problems);
  }
  if (Object.keys(input.files).length === 0) {
    input.problems.push({ file: '', line: 0, column: '', reason: `none of ${ORG_FILES.join(', ')} is in ${folder}` });
  }
  return input;
}

async function readIfPresent(file: string): Promise<Buffer | undefined> {
  try {
    return await fs.readFile(file);
  } catch (err) {
    if (err instanceof Error && 'code' in err && (err.code === 'ENOENT' || err.code === 'ENOTDIR')) return undefined;
    throw err;
  }
}

interface ParsedCsv {
  /** Data rows in the file (header excluded), readable or not. */
  dataRows: number;
  /** The rows with as many fields as the header, when the header is usable. */
  records: CsvRecord[];
  problems: Problem[];
  warnings: OrgWarning[];
  /** False when the header lacks or repeats a column: the rows cannot be read. */
  usable: boolean;
}

/** RFC 4180 with the header on line 1; each record keeps the physical line it starts on. */
function parseCsv(file: OrgFile, text: string): ParsedCsv {
  const raw: { line: number; values: string[] }[] = [];
  const problems: Problem[] = [];
  try {
    parse(text, {
      relax_column_count: true,
      skip_empty_lines: true,
      on_record: (values: string[], context) => {
        raw.push({ line: context.lines - newlinesIn(values), values });
        return null;
      },
    });
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    problems.push({ file, line: typeof err.lines === 'number' ? err.lines : 0, column: '', reason: `not valid CSV: ${err.message}` });
  }
  const [headerRecord, ...dataRecords] = raw;
  if (!headerRecord) {
    return { dataRows: 0, records: [], problems: [...problems, { file, line: 1, column: '', reason: 'the file has no header line' }], warnings: [], usable: false };
  }
  const header = headerRecord.values;
  const check = checkHeader(file, header);
  for (const column of check.missing) problems.push({ file, line: 1, column, reason: `missing column ${column}` });
  for (const column of check.repeated) problems.push({ file, line: 1, column, reason: `column ${column} appears more than once` });
  const warnings = check.unknown.map<OrgWarning>((column) => ({ code: 'UNKNOWN_COLUMN', file, line: 1, column, message: `unknown column ${column} ignored` }));
  const records: CsvRecord[] = [];
  for (const { line, values } of dataRecords) {
    if (values.length !== header.length) {
      problems.push({ file, line, column: '', reason: `has ${values.length} fields, the header has ${header.length}` });
      continue;
    }
    records.push({ line, fields: fieldsByColumn(file, header, values) });
  }
  const usable = check.missing.length === 0 && check.repeated.length === 0;
  return { dataRows: dataRecords.length, records: usable ? records : [], problems, warnings, usable };
}

function newlinesIn(values: readonly string[]): number {
  let count = 0;
  for (const value of values) for (const ch of value) if (ch === '\n') count++;
  return count;
}

function fieldsByColumn(file: OrgFile, header: readonly string[], values: readonly string[]): RawFields {
  const known: readonly string[] = ORG_COLUMNS[file];
  const fields: Record<string, string | null> = {};
  header.forEach((column, i) => {
    const value = values[i] ?? '';
    if (known.includes(column)) fields[column] = value === '' ? null : value;
  });
  return fields;
}

function validateFile<S extends z.ZodType>(file: OrgFile, schema: S, records: readonly CsvRecord[], problems: Problem[]): ValidatedFile<z.output<S>> {
  const validated: ValidatedFile<z.output<S>> = { rows: [], invalidKeys: new Set() };
  for (const { line, fields } of records) {
    const result = validateRow(schema, fields);
    if ('row' in result) {
      validated.rows.push({ line, row: result.row });
      continue;
    }
    for (const issue of result.issues) problems.push({ file, line, column: issue.column, reason: issue.reason });
    const key = fields[KEY_COLUMN[file]];
    if (key) validated.invalidKeys.add(key);
  }
  return validated;
}

// ---------------------------------------------------------------- checking against the database

interface LoadPlan {
  problems: Problem[];
  teams: { row: TeamRow; change: Change }[];
  staff: { row: StaffRow; change: Change; stored?: StoredStaff }[];
  relationships: { row: RelationshipRow; change: Change; stored?: StoredRelationship }[];
  toReassign: ToReassign[];
}

/** Reads what the checks need, runs every check, and works out what would change. */
async function planLoad(client: pg.PoolClient, input: OrgInput, today: string): Promise<LoadPlan> {
  const relationshipRows = input.relationships?.rows ?? [];
  const staffRows = input.staff?.rows ?? [];
  const customersNamed = unique(relationshipRows.map(({ row }) => row.customer_no));
  const staffLeaving = unique(staffRows.filter(({ row }) => row.leave_date !== null).map(({ row }) => row.staff_no));
  const db = await loadDatabaseState(client, customersNamed, staffLeaving);
  const org = snapshot(db, input);
  const storedTouched = uniqueBy([...db.relationshipsOfCustomers, ...db.relationshipsOfLeavingStaff], (r) => r.id);
  return {
    problems: [...input.problems, ...crossCheckProblems(input, db, org)],
    ...plannedChanges(input, db, today),
    toReassign: relationshipsToReassign(resultingRelationships(storedTouched, relationshipRows), org.staff),
  };
}

/** Repeated keys, references between the files and the database, and the resulting set's weights and periods. */
function crossCheckProblems(input: OrgInput, db: DatabaseState, org: OrgSnapshot): Problem[] {
  const teamRows = input.teams?.rows ?? [];
  const staffRows = input.staff?.rows ?? [];
  const relationshipRows = input.relationships?.rows ?? [];
  const staffInFile = new Set(staffRows.map(({ row }) => row.staff_no));
  const fileIdentities = new Set(relationshipRows.map(({ row }) => relationshipIdentity(row)));
  return [
    ...repeatedKeyProblems('teams.csv', teamRows, 'team_code', (r) => r.team_code, (r) => `team ${r.team_code}`),
    ...repeatedKeyProblems('staff.csv', staffRows, 'staff_no', (r) => r.staff_no, (r) => `staff ${r.staff_no}`),
    ...repeatedKeyProblems('relationships.csv', relationshipRows, 'effective_from', relationshipIdentity, describeRelationship),
    ...teamReferenceProblems(teamRows, org),
    ...teamMembershipProblems(teamRows, staffInFile, org),
    ...staffReferenceProblems(staffRows, org),
    ...leaveDateProblems(staffRows, db.relationshipsOfLeavingStaff, fileIdentities),
    ...relationshipReferenceProblems(relationshipRows, org),
    ...resultingSetProblems(db.relationshipsOfCustomers, dedupe(relationshipRows, relationshipIdentity)),
  ];
}

/** Each file row against its stored counterpart: insert, update or unchanged. */
function plannedChanges(input: OrgInput, db: DatabaseState, today: string): Pick<LoadPlan, 'teams' | 'staff' | 'relationships'> {
  const storedRelationships = new Map(db.relationshipsOfCustomers.map((r) => [relationshipIdentity(r), r]));
  return {
    teams: (input.teams?.rows ?? []).map(({ row }) => ({ row, change: teamChange(db.teams.get(row.team_code), row) })),
    staff: (input.staff?.rows ?? []).map(({ row }) => {
      const stored = db.staff.get(row.staff_no);
      return { row, stored, change: staffChange(stored, row, today) };
    }),
    relationships: (input.relationships?.rows ?? []).map(({ row: fileRow }) => {
      const stored = storedRelationships.get(relationshipIdentity(fileRow));
      const row = keepingRuleConfirmation(stored, fileRow);
      return { row, stored, change: relationshipChange(stored, row) };
    }),
  };
}

function describeRelationship(r: RelationshipRow): string {
  return `relationship ${r.customer_no}/${r.staff_no}/${r.kind} from ${r.effective_from}`;
}

interface DatabaseState {
  branches: Set<string>;
  teams: Map<string, StoredTeam>;
  staff: Map<string, StoredStaff>;
  customers: Map<string, string>;
  relationshipsOfCustomers: StoredRelationship[];
  relationshipsOfLeavingStaff: StoredRelationship[];
}

const RELATIONSHIP_SELECT = `select r.id, r.customer_no, r.staff_no, r.kind, r.weight, r.assessment_set, r.added_on, r.effective_from,
  r.confirmed_on, r.ended_on, r.guaranteed_rate, coalesce(rc.confirmed_on = r.confirmed_on, false) as confirmed_by_rule
  from relationships r left join relationship_confirmations rc on rc.customer_no = r.customer_no and rc.relationship_id = r.id`;

async function loadDatabaseState(client: pg.PoolClient, customerNos: string[], leavingStaff: string[]): Promise<DatabaseState> {
  const branches = await client.query<{ branch_code: string }>('select branch_code from branches');
  const teams = await client.query<StoredTeam>('select team_code, team_name, branch_code, leader_staff_no from teams');
  const staff = await client.query<StoredStaff>(`select staff_no, name, category, level, team_code, branch_code, hire_date,
    leave_date, contract_type, mobile, email, status from staff`);
  const customers = await client.query<{ customer_no: string; branch_code: string }>(
    'select customer_no, branch_code from customers where customer_no = any($1::text[])',
    [customerNos],
  );
  const ofCustomers = await client.query<StoredRelationship>(`${RELATIONSHIP_SELECT} where r.customer_no = any($1::text[]) order by r.customer_no, r.id`, [customerNos]);
  const ofLeaving = await client.query<StoredRelationship>(`${RELATIONSHIP_SELECT} where r.staff_no = any($1::text[]) order by r.customer_no, r.id`, [leavingStaff]);
  return {
    branches: new Set(branches.rows.map((r) => r.branch_code)),
    teams: new Map(teams.rows.map((t) => [t.team_code, t])),
    staff: new Map(staff.rows.map((s) => [s.staff_no, s])),
    customers: new Map(customers.rows.map((c) => [c.customer_no, c.branch_code])),
    relationshipsOfCustomers: ofCustomers.rows,
    relationshipsOfLeavingStaff: ofLeaving.rows,
  };
}

/** The organisation as the load would leave it: the database with the files' valid rows laid over it. */
function snapshot(db: DatabaseState, input: OrgInput): OrgSnapshot {
  const teams = new Map([...db.teams].map(([code, team]) => [code, team.branch_code]));
  for (const { row } of input.teams?.rows ?? []) teams.set(row.team_code, row.branch_code);
  const staff = new Map<string, StaffFacts>(db.staff);
  for (const { row } of input.staff?.rows ?? []) staff.set(row.staff_no, row);
  return {
    branches: db.branches,
    teams,
    staff,
    customers: db.customers,
    invalidTeamCodes: input.teams?.invalidKeys ?? new Set(),
    invalidStaffNos: input.staff?.invalidKeys ?? new Set(),
  };
}

// ---------------------------------------------------------------- writing

interface Written {
  counts: Partial<Record<OrgFile, WriteCounts>>;
  staffHistoryRows: number;
  earliestAffectedDate: string | null;
}

async function writeLoad(client: pg.PoolClient, plan: LoadPlan, input: OrgInput, run: RunContext): Promise<Written> {
  const teams = await upsertTeams(client, plan.teams);
  const { staff, staffHistoryRows } = await upsertStaff(client, plan.staff, run.today);
  const relationships = await writeRelationships(client, plan.relationships);
  run.log(`wrote ${teams} team(s), ${staff} staff, ${staffHistoryRows} staff history row(s), ${relationships} relationship(s)`);
  const planned: Record<OrgFile, readonly { change: Change }[]> = { 'teams.csv': plan.teams, 'staff.csv': plan.staff, 'relationships.csv': plan.relationships };
  const counts: Partial<Record<OrgFile, WriteCounts>> = {};
  for (const file of ORG_FILES) if (input.files[file]) counts[file] = countChanges(planned[file]);
  const changed = plan.relationships.filter((r) => r.change !== 'unchanged');
  return { counts, staffHistoryRows, earliestAffectedDate: earliest(changed.map((r) => affectedSince(r.stored, r.row))) };
}

function countChanges(items: readonly { change: Change }[]): WriteCounts {
  const count = (change: Change) => items.filter((i) => i.change === change).length;
  return { inserted: count('insert'), updated: count('update'), unchanged: count('unchanged') };
}

type SqlType = 'text' | 'date' | 'numeric' | 'bigint';
type Columns<K extends string> = readonly (readonly [K, SqlType])[];

const TEAM_COLUMNS = [['team_code', 'text'], ['team_name', 'text'], ['branch_code', 'text'], ['leader_staff_no', 'text']] as const;

const STAFF_COLUMNS = [
  ['staff_no', 'text'], ['name', 'text'], ['category', 'text'], ['level', 'text'], ['team_code', 'text'], ['branch_code', 'text'],
  ['hire_date', 'date'], ['leave_date', 'date'], ['contract_type', 'text'], ['mobile', 'text'], ['email', 'text'], ['status', 'text'],
] as const;

const STAFF_HISTORY_COLUMNS = [
  ['staff_no', 'text'], ['field', 'text'], ['old_value', 'text'], ['new_value', 'text'], ['changed_on', 'date'], ['source', 'text'],
] as const;

/** What a file row may change in a stored relationship (its identity stays). */
const RELATIONSHIP_VALUE_COLUMNS = [
  ['weight', 'numeric'], ['assessment_set', 'text'], ['added_on', 'date'], ['confirmed_on', 'date'], ['ended_on', 'date'], ['guaranteed_rate', 'numeric'],
] as const;

const RELATIONSHIP_INSERT_COLUMNS = [
  ['customer_no', 'text'], ['staff_no', 'text'], ['kind', 'text'], ['effective_from', 'date'], ['source', 'text'], ...RELATIONSHIP_VALUE_COLUMNS,
] as const;

const RELATIONSHIP_UPDATE_COLUMNS = [['customer_no', 'text'], ['id', 'bigint'], ...RELATIONSHIP_VALUE_COLUMNS] as const;

/** Upserts the new and changed teams; returns how many. */
async function upsertTeams(client: pg.PoolClient, planned: LoadPlan['teams']): Promise<number> {
  const rows = planned.filter((t) => t.change !== 'unchanged').map((t) => t.row);
  await client.query(
    `insert into teams (${names(TEAM_COLUMNS)}) select * from ${unnest(TEAM_COLUMNS)}
     on conflict (team_code) do update set ${assignments(TEAM_COLUMNS.slice(1), 'excluded')}`,
    columnArrays(rows, TEAM_COLUMNS),
  );
  return rows.length;
}

/** Upserts the new and changed staff and appends the history of their tracked fields. */
async function upsertStaff(client: pg.PoolClient, planned: LoadPlan['staff'], today: string): Promise<{ staff: number; staffHistoryRows: number }> {
  const changed = planned.filter((s) => s.change !== 'unchanged');
  const rows = changed.map(({ row }) => ({ ...row, status: staffStatus(row.leave_date, today) }));
  await client.query(
    `insert into staff (${names(STAFF_COLUMNS)}) select * from ${unnest(STAFF_COLUMNS)}
     on conflict (staff_no) do update set ${assignments(STAFF_COLUMNS.slice(1), 'excluded')}, updated_at = now()`,
    columnArrays(rows, STAFF_COLUMNS),
  );
  const history = changed.flatMap(({ row, stored }) =>
    stored ? staffFieldChanges(stored, row).map((c) => ({ staff_no: row.staff_no, ...c, changed_on: today, source: SOURCE })) : [],
  );
  await client.query(
    `insert into staff_history (${names(STAFF_HISTORY_COLUMNS)}) select * from ${unnest(STAFF_HISTORY_COLUMNS)}`,
    columnArrays(history, STAFF_HISTORY_COLUMNS),
  );
  return { staff: rows.length, staffHistoryRows: history.length };
}

/**
 * Updates first, then inserts: identities keep their start, so once every stored period has its
 * final end no insert can collide with a period that is about to shrink. Returns how many rows.
 */
async function writeRelationships(client: pg.PoolClient, planned: LoadPlan['relationships']): Promise<number> {
  const updates = planned.flatMap(({ row, stored, change }) => (change === 'update' && stored ? [{ ...row, id: stored.id }] : []));
  const inserts = planned.filter((r) => r.change === 'insert').map((r) => ({ ...r.row, source: SOURCE }));
  await client.query(
    `update relationships as r set ${assignments(RELATIONSHIP_VALUE_COLUMNS, 'u')}
     from ${unnest(RELATIONSHIP_UPDATE_COLUMNS)} as u(${names(RELATIONSHIP_UPDATE_COLUMNS)})
     where r.customer_no = u.customer_no and r.id = u.id`,
    columnArrays(updates, RELATIONSHIP_UPDATE_COLUMNS),
  );
  await client.query(
    `insert into relationships (${names(RELATIONSHIP_INSERT_COLUMNS)}) select * from ${unnest(RELATIONSHIP_INSERT_COLUMNS)}`,
    columnArrays(inserts, RELATIONSHIP_INSERT_COLUMNS),
  );
  return updates.length + inserts.length;
}

function names(columns: Columns<string>): string {
  return columns.map(([name]) => name).join(', ');
}

function assignments(columns: Columns<string>, from: string): string {
  return columns.map(([name]) => `${name} = ${from}.${name}`).join(', ');
}

/** `unnest($1::text[], $2::date[], …)`: a single statement loads any number of rows. */
function unnest(columns: Columns<string>): string {
  return `unnest(${columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')})`;
}

/** The parameters of `unnest`: one array per column. */
function columnArrays<K extends string>(rows: readonly Record<K, string | null>[], columns: Columns<K>): (string | null)[][] {
  return columns.map(([name]) => rows.map((row) => row[name]));
}

// ---------------------------------------------------------------- run record, audit and warnings

interface RunRecord {
  folder: string;
  files: Partial<Record<OrgFile, FileSummary>>;
  status: 'SUCCEEDED' | 'FAILED';
  counts?: Partial<Record<OrgFile, WriteCounts>>;
  problems: Problem[];
  warnings: OrgWarning[];
  durationMs: number;
}

async function recordRun(db: pg.Pool | pg.PoolClient, run: RunContext, record: RunRecord): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `insert into import_runs (kind, started_at, finished_at, started_by, folder, status, files, row_counts, duration_ms,
       error_count, errors, warnings)
     values ('ORG', $1, now(), $2, $3, $4, $5, $6, $7, $8, $9, $10) returning id`,
    [
      run.startedAt,
      run.startedBy,
      record.folder,
      record.status,
      JSON.stringify(record.files),
      record.counts ? JSON.stringify(record.counts) : null,
      record.durationMs,
      record.problems.length,
      JSON.stringify(record.problems.slice(0, RECORDED_PROBLEMS)),
      JSON.stringify(record.warnings),
    ],
  );
  const id = rows[0]?.id;
  if (id === undefined) throw new Error('import_runs insert returned no id');
  return id;
}

/** Records a refused run after the rollback, outside the data's transaction. */
async function recordFailure(pool: pg.Pool, input: OrgInput, run: RunContext, problems: Problem[]): Promise<OrgImportFailed> {
  const record = { folder: run.folder, files: input.files, warnings: input.warnings, durationMs: elapsedMs(run) };
  const runId = await recordRun(pool, run, { ...record, status: 'FAILED', problems });
  return { status: 'FAILED', runId, ...record, problems };
}

async function recordAudit(client: pg.PoolClient, run: RunContext, runId: string, written: Written): Promise<void> {
  await writeAudit(client, {
    user: { username: run.startedBy }, action: 'org.import', entity: 'import_run', entityId: runId, detail: { folder: run.folder, ...written },
  });
}

function reassignWarning(relationships: ToReassign[]): OrgWarning[] {
  if (relationships.length === 0) return [];
  return [
    {
      code: 'TO_REASSIGN',
      file: 'relationships.csv',
      line: 0,
      column: '',
      message: `${relationships.length} relationship(s) stay open after their staff member's leave date: to reassign`,
      relationships,
    },
  ];
}

// ---------------------------------------------------------------- problems

const FILE_ORDER = new Map<string, number>(['', ...ORG_FILES].map((f, i) => [f, i]));

function sortProblems(problems: readonly Problem[]): Problem[] {
  return [...problems].sort((a, b) => (FILE_ORDER.get(a.file) ?? 0) - (FILE_ORDER.get(b.file) ?? 0) || a.line - b.line);
}

/**
 * A database integrity violation that slipped past the checks (e.g. a relationship written
 * concurrently by a workflow) becomes a problem, located on the file's line when it can be.
 */
function integrityProblems(err: unknown, input: OrgInput): Problem[] | undefined {
  if (!(err instanceof pg.DatabaseError) || !err.code?.startsWith('23')) return undefined;
  const detail = err.detail ?? '';
  if (err.code === '23P01' && err.table === 'relationships') {
    const [customer_no, staff_no, kind] = /\)=\(([^,]*), ([^,]*), ([^,]*),/.exec(detail)?.slice(1) ?? [];
    const line = input.relationships?.rows.find(({ row }) => row.customer_no === customer_no && row.staff_no === staff_no && row.kind === kind)?.line ?? 0;
    return [{ file: 'relationships.csv', line, column: 'effective_from', reason: `the period overlaps another of the same customer, staff and kind in the database: ${detail}` }];
  }
  const file = ORG_FILES.find((f) => f.replace('.csv', '') === err.table) ?? '';
  return [{ file, line: 0, column: err.column ?? '', reason: `refused by the database: ${err.message}${detail ? ` (${detail})` : ''}` }];
}

function internalProblem(err: unknown): Problem {
  return { file: '', line: 0, column: '', reason: `the import stopped: ${err instanceof Error ? err.message : String(err)}` };
}

// ---------------------------------------------------------------- helpers

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function uniqueBy<T>(items: readonly T[], keyOf: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = keyOf(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The first row of each key (later repeats are refused as repeated keys). */
function dedupe<T>(rows: readonly Lined<T>[], keyOf: (row: T) => string): Lined<T>[] {
  return uniqueBy(rows, ({ row }) => keyOf(row));
}
