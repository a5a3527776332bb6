/**
 * Organisation import rules (interfaces.md "Org import CSVs", business-rules.md §1–§2): the row
 * schemas of teams.csv, staff.csv and relationships.csv, the cross-checks between the files and
 * what the database already holds, and the checks on the resulting set of relationships.
 * Pure: no I/O, no clock, no database — every input arrives as a value.
 */
import { Decimal } from 'decimal.js';
import { z } from 'zod';
import { addDays, isCalendarDate } from '../../lib/dates.js';

// ---------------------------------------------------------------- files, columns and enumerations

export const ORG_FILES = ['teams.csv', 'staff.csv', 'relationships.csv'] as const;
export type OrgFile = (typeof ORG_FILES)[number];

export const ORG_COLUMNS = {
  'teams.csv': ['team_code', 'team_name', 'branch_code', 'leader_staff_no'],
  'staff.csv': ['staff_no', 'name', 'category', 'level', 'team_code', 'branch_code', 'hire_date', 'leave_date', 'contract_type', 'mobile', 'email'],
  'relationships.csv': ['customer_no', 'staff_no', 'kind', 'weight', 'assessment_set', 'added_on', 'effective_from', 'confirmed_on', 'ended_on', 'guaranteed_rate'],
} as const satisfies Record<OrgFile, readonly string[]>;

export const STAFF_CATEGORIES = ['BROKER', 'ACCOUNT_MANAGER', 'ADVISOR', 'SERVICE', 'DISTRIBUTOR', 'MANAGER'] as const;
export const STAFF_LEVELS = ['见习', '初级', '中级', '高级', '资深'] as const; // trainee, junior, intermediate, senior, principal
export const CONTRACT_TYPES = ['LABOR', 'AGENCY'] as const; // 劳动合同 / 委托代理合同
export const RELATIONSHIP_KINDS = ['DEVELOP', 'SERVICE'] as const; // 开发关系 / 服务关系

/** A refusal reason, located as precisely as the input allows (line 1 is the header; 0 = no line). */
export interface Problem {
  file: string;
  line: number;
  column: string;
  reason: string;
}

/** A CSV data row that passed its schema, with its physical line number. */
export interface Lined<T> {
  line: number;
  row: T;
}

// ---------------------------------------------------------------- field values

const PLAIN_DECIMAL = /^\d+(\.\d+)?$/;
export const MAX_WEIGHT_DECIMALS = 6;
export const MAX_RATE_DECIMALS = 6; // extract-format.md: "up to 6 for rates"

/** Decimal text as the CSV rules allow it: digits, an optional fraction, no sign, no exponent. */
function decimalText(text: string, maxDecimals: number): Decimal | string {
  if (!PLAIN_DECIMAL.test(text)) return 'must be a decimal number such as 0.5';
  const value = new Decimal(text);
  if (value.decimalPlaces() > maxDecimals) return `has more than ${maxDecimals} decimals`;
  return value;
}

/** A weight (权重): 0 < w ≤ 1 with at most 6 decimals. Returns the reason it is not one, or null. */
export function weightProblem(text: string): string | null {
  const value = decimalText(text, MAX_WEIGHT_DECIMALS);
  if (typeof value === 'string') return value;
  return value.gt(0) && value.lte(1) ? null : 'must be above 0 and at most 1';
}

/** A guaranteed commission rate (保底佣金率): 0 ≤ r < 1 with at most 6 decimals. */
export function rateProblem(text: string): string | null {
  const value = decimalText(text, MAX_RATE_DECIMALS);
  if (typeof value === 'string') return value;
  return value.lt(1) ? null : 'must be at least 0 and below 1';
}

export function sameDecimal(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  return new Decimal(a).eq(b);
}

// ---------------------------------------------------------------- row schemas (zod)

function requiredText(kind: string) {
  return z.string({ error: (issue) => (issue.input == null ? 'is required' : `must be ${kind}`) });
}

const code = requiredText('a code').refine((v) => v.trim() === v, 'must not begin or end with spaces');
const text = requiredText('text');
const date = requiredText('a date').refine(isCalendarDate, 'must be a date YYYY-MM-DD');

function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: (issue) => (issue.input == null ? 'is required' : `must be one of ${values.join(', ')}`) });
}

function checked(check: (value: string) => string | null) {
  return requiredText('a decimal number').superRefine((value, ctx) => {
    const reason = check(value);
    if (reason) ctx.addIssue({ code: 'custom', message: reason });
  });
}

/** A cross-field rule's finding: which column is wrong and why. */
export interface ColumnIssue {
  column: string;
  reason: string;
}

/** Date order within a staff row: leave_date ≥ hire_date. */
export function staffDateOrderIssues(row: { hire_date: string; leave_date: string | null }): ColumnIssue[] {
  const { hire_date, leave_date } = row;
  if (leave_date === null || !isCalendarDate(hire_date) || !isCalendarDate(leave_date)) return [];
  return leave_date < hire_date ? [{ column: 'leave_date', reason: `leave_date ${leave_date} is before hire_date ${hire_date}` }] : [];
}

/** Date order within a relationship row: added_on ≤ effective_from ≤ ended_on, confirmed_on ≥ effective_from. */
export function relationshipDateOrderIssues(row: {
  added_on: string;
  effective_from: string;
  confirmed_on: string | null;
  ended_on: string | null;
}): ColumnIssue[] {
  const from = row.effective_from;
  if (!isCalendarDate(from)) return [];
  const issues: ColumnIssue[] = [];
  if (isCalendarDate(row.added_on) && row.added_on > from) {
    issues.push({ column: 'added_on', reason: `added_on ${row.added_on} is after effective_from ${from}` });
  }
  if (row.ended_on !== null && isCalendarDate(row.ended_on) && row.ended_on < from) {
    issues.push({ column: 'ended_on', reason: `ended_on ${row.ended_on} is before effective_from ${from}` });
  }
  if (row.confirmed_on !== null && isCalendarDate(row.confirmed_on) && row.confirmed_on < from) {
    issues.push({ column: 'confirmed_on', reason: `confirmed_on ${row.confirmed_on} is before effective_from ${from}` });
  }
  return issues;
}

function addColumnIssues(issues: ColumnIssue[], ctx: z.RefinementCtx): void {
  for (const issue of issues) ctx.addIssue({ code: 'custom', path: [issue.column], message: issue.reason });
}

export const teamRowSchema = z.object({
  team_code: code,
  team_name: text,
  branch_code: code,
  leader_staff_no: code.nullable(),
});

export const staffRowSchema = z
  .object({
    staff_no: code,
    name: text,
    category: oneOf(STAFF_CATEGORIES),
    level: oneOf(STAFF_LEVELS),
    team_code: code.nullable(),
    branch_code: code,
    hire_date: date,
    leave_date: date.nullable(),
    contract_type: oneOf(CONTRACT_TYPES),
    mobile: text.nullable(),
    email: text.nullable(),
  })
  .superRefine((row, ctx) => addColumnIssues(staffDateOrderIssues(row), ctx));

export const relationshipRowSchema = z
  .object({
    customer_no: code,
    staff_no: code,
    kind: oneOf(RELATIONSHIP_KINDS),
    weight: checked(weightProblem),
    assessment_set: text.nullable(), // 考核集
    added_on: date,
    effective_from: date, // 生效日期
    confirmed_on: date.nullable(), // 有效确认日期
    ended_on: date.nullable(),
    guaranteed_rate: checked(rateProblem).nullable(), // 保底佣金率
  })
  .superRefine((row, ctx) => addColumnIssues(relationshipDateOrderIssues(row), ctx));

export type TeamRow = z.output<typeof teamRowSchema>;
export type StaffRow = z.output<typeof staffRowSchema>;
export type RelationshipRow = z.output<typeof relationshipRowSchema>;
export type RelationshipKind = (typeof RELATIONSHIP_KINDS)[number];
export type StaffCategory = (typeof STAFF_CATEGORIES)[number];

/** Fields of one CSV row by column name; an empty field is null (extract-format.md). */
export type RawFields = Readonly<Record<string, string | null>>;

export function validateRow<S extends z.ZodType>(schema: S, fields: RawFields): { row: z.output<S> } | { issues: ColumnIssue[] } {
  const parsed = schema.safeParse(fields);
  if (parsed.success) return { row: parsed.data };
  return { issues: parsed.error.issues.map((issue) => ({ column: String(issue.path[0] ?? ''), reason: issue.message })) };
}

// ---------------------------------------------------------------- header

export interface HeaderCheck {
  missing: string[];
  repeated: string[];
  unknown: string[];
}

/** Exact column names, order free; unknown extra columns are ignored (with a warning). */
export function checkHeader(file: OrgFile, header: readonly string[]): HeaderCheck {
  const expected: readonly string[] = ORG_COLUMNS[file];
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const name of header) (seen.has(name) ? repeated : seen).add(name);
  return {
    missing: expected.filter((name) => !seen.has(name)),
    repeated: [...repeated],
    unknown: [...seen].filter((name) => !expected.includes(name)),
  };
}

// ---------------------------------------------------------------- keys

export function relationshipIdentity(r: { customer_no: string; staff_no: string; kind: string; effective_from: string }): string {
  return `${r.customer_no}\u0000${r.staff_no}\u0000${r.kind}\u0000${r.effective_from}`;
}

/** Every row whose key already appeared on an earlier line of the same file. */
export function repeatedKeyProblems<T>(file: OrgFile, rows: readonly Lined<T>[], column: string, keyOf: (row: T) => string, describe: (row: T) => string): Problem[] {
  const firstLine = new Map<string, number>();
  const problems: Problem[] = [];
  for (const { line, row } of rows) {
    const key = keyOf(row);
    const first = firstLine.get(key);
    if (first === undefined) firstLine.set(key, line);
    else problems.push({ file, line, column, reason: `${describe(row)} repeats line ${first}` });
  }
  return problems;
}

// ---------------------------------------------------------------- the resulting set of relationships

/** What the weight and overlap rules need of a relationship. */
export interface Period {
  customer_no: string;
  staff_no: string;
  kind: RelationshipKind;
  weight: string;
  effective_from: string;
  ended_on: string | null; // null = open
}

export interface WeightExcess<T extends Period> {
  customer_no: string;
  date: string;
  total: string;
  /** The DEVELOP relationships in force on that date. */
  relationships: T[];
}

/**
 * Where a customer's concurrent DEVELOP weights sum above 1 (business-rules.md §2): sweeps each
 * customer's period boundaries (a period holds from effective_from through ended_on inclusive, so
 * it stops counting the day after ended_on) and reports every date on which a relationship starts
 * while the sum is above 1. Sums are exact decimals: 0.1 + 0.2 is 0.3.
 */
export function weightExcesses<T extends Period>(periods: readonly T[]): WeightExcess<T>[] {
  const excesses: WeightExcess<T>[] = [];
  for (const [customer_no, own] of groupBy(periods.filter((p) => p.kind === 'DEVELOP'), (p) => p.customer_no)) {
    const boundaries = own.flatMap((p) => [
      { date: p.effective_from, period: p, starts: true },
      ...(p.ended_on === null ? [] : [{ date: addDays(p.ended_on, 1), period: p, starts: false }]),
    ]);
    const days = [...groupBy(boundaries, (b) => b.date)].sort(([a], [b]) => compareText(a, b));
    const inForce = new Set<T>();
    let total = new Decimal(0);
    for (const [date, changes] of days) {
      for (const { period, starts } of changes) {
        total = starts ? total.plus(period.weight) : total.minus(period.weight);
        if (starts) inForce.add(period);
        else inForce.delete(period);
      }
      if (total.gt(1) && changes.some((c) => c.starts)) {
        excesses.push({ customer_no, date, total: total.toFixed(), relationships: [...inForce] });
      }
    }
  }
  return excesses;
}

/** For each customer, at every date, Σ weights of its concurrent DEVELOP relationships ≤ 1. */
export function weightsWithinLimit(periods: readonly Period[]): boolean {
  return weightExcesses(periods).length === 0;
}

export interface Overlap<T extends Period> {
  earlier: T;
  later: T;
}

/**
 * Pairs of periods of the same customer, staff and kind that share at least one day (both ends
 * inclusive; an open period runs forever). Each period that overlaps an earlier one is reported
 * once, with the earlier period that reaches furthest.
 */
export function overlappingPeriods<T extends Period>(periods: readonly T[]): Overlap<T>[] {
  const overlaps: Overlap<T>[] = [];
  for (const [, same] of groupBy(periods, (p) => `${p.customer_no}\u0000${p.staff_no}\u0000${p.kind}`)) {
    const sorted = [...same].sort((a, b) => compareText(a.effective_from, b.effective_from));
    let furthest: T | undefined;
    for (const period of sorted) {
      if (furthest && (furthest.ended_on === null || furthest.ended_on >= period.effective_from)) {
        overlaps.push({ earlier: furthest, later: period });
      }
      if (!furthest || endsLater(period, furthest)) furthest = period;
    }
  }
  return overlaps;
}

function endsLater(a: Period, b: Period): boolean {
  if (b.ended_on === null) return false;
  return a.ended_on === null || a.ended_on > b.ended_on;
}

/** A relationship already stored in the database. */
export interface StoredRelationship extends Period {
  id: string;
  assessment_set: string | null;
  added_on: string;
  confirmed_on: string | null;
  guaranteed_rate: string | null;
  /** confirmed_on was set by the confirmation rule (有效确认), not loaded. */
  confirmed_by_rule?: boolean;
}

/**
 * A file row as it is to be written: an empty confirmed_on means "not known, let the rule decide",
 * so it keeps a confirmation the rule already set instead of withdrawing it (re-loading the same
 * files then changes nothing). A date in the file always wins.
 */
export function keepingRuleConfirmation(stored: StoredRelationship | undefined, row: RelationshipRow): RelationshipRow {
  return row.confirmed_on === null && stored?.confirmed_by_rule ? { ...row, confirmed_on: stored.confirmed_on } : row;
}

/** A relationship of the resulting set: from the file (with its line) or from the database. */
export type ResultingRelationship = (RelationshipRow & { line: number }) | (StoredRelationship & { line: null });

/**
 * The set a load would leave: the stored relationships, with each one that has the identity
 * (customer, staff, kind, effective_from) of a file row replaced by that row.
 */
export function resultingRelationships(stored: readonly StoredRelationship[], fileRows: readonly Lined<RelationshipRow>[]): ResultingRelationship[] {
  const replaced = new Set(fileRows.map(({ row }) => relationshipIdentity(row)));
  return [
    ...stored.filter((r) => !replaced.has(relationshipIdentity(r))).map((r) => ({ ...r, line: null })),
    ...fileRows.map(({ line, row }) => ({ ...row, line })),
  ];
}

function periodText(p: Period): string {
  return `${p.effective_from}…${p.ended_on ?? 'open'}`;
}

function origin(r: ResultingRelationship): string {
  return r.line === null ? 'in the database' : `line ${r.line}`;
}

/** Overlapping periods and DEVELOP weights above 1 in the resulting set, reported on the file's lines. */
export function resultingSetProblems(stored: readonly StoredRelationship[], fileRows: readonly Lined<RelationshipRow>[]): Problem[] {
  const resulting = resultingRelationships(stored, fileRows);
  const problems: Problem[] = [];
  const file: OrgFile = 'relationships.csv';
  for (const { earlier, later } of overlappingPeriods(resulting)) {
    const [blamed, other] = later.line !== null ? [later, earlier] : [earlier, later];
    if (blamed.line === null) continue; // both stored: not this load's doing
    problems.push({
      file,
      line: blamed.line,
      column: 'effective_from',
      reason: `${blamed.kind} period ${periodText(blamed)} of customer ${blamed.customer_no} and staff ${blamed.staff_no} overlaps the period ${periodText(other)} (${origin(other)})`,
    });
  }
  const blamedLines = new Set<number>();
  for (const excess of weightExcesses(resulting)) {
    const parts = excess.relationships.map((r) => `${r.staff_no} ${new Decimal(r.weight).toFixed()} (${origin(r)})`).join(', ');
    for (const r of excess.relationships) {
      if (r.line === null || blamedLines.has(r.line)) continue;
      blamedLines.add(r.line);
      problems.push({
        file,
        line: r.line,
        column: 'weight',
        reason: `DEVELOP weights of customer ${excess.customer_no} sum to ${excess.total} on ${excess.date}, above 1: ${parts}`,
      });
    }
  }
  return problems;
}

// ---------------------------------------------------------------- references between files and the database

/** What the cross-checks need of a staff member, after this load (file rows over the database). */
export interface StaffFacts {
  branch_code: string;
  team_code: string | null;
  category: StaffCategory;
  leave_date: string | null;
}

/** The organisation as this load would leave it, plus the keys the files mention on rows that failed their schema. */
export interface OrgSnapshot {
  branches: ReadonlySet<string>;
  /** team_code → branch_code, file rows over the database. */
  teams: ReadonlyMap<string, string>;
  staff: ReadonlyMap<string, StaffFacts>;
  /** customer_no → branch_code, for the customers the relationships name that exist. */
  customers: ReadonlyMap<string, string>;
  /** Keys written on file rows that failed validation: referring to them is not a second problem. */
  invalidTeamCodes: ReadonlySet<string>;
  invalidStaffNos: ReadonlySet<string>;
}

/** A problem of one row, before `problemsByRow` places it at the row's file and line. */
type RowProblem = Omit<Problem, 'file' | 'line'>;

/** Each row's problems as `check` finds them, placed at the row's line of `file`, in row order. */
function problemsByRow<T>(file: OrgFile, rows: readonly Lined<T>[], check: (row: T) => RowProblem[]): Problem[] {
  return rows.flatMap(({ line, row }) => check(row).map((problem) => ({ file, line, ...problem })));
}

/** A row's branch_code must name a branch that the load leaves in place (teams.csv and staff.csv alike). */
function unknownBranch(branchCode: string, org: OrgSnapshot): RowProblem[] {
  return org.branches.has(branchCode) ? [] : [{ column: 'branch_code', reason: `unknown branch ${branchCode}` }];
}

export function teamReferenceProblems(rows: readonly Lined<TeamRow>[], org: OrgSnapshot): Problem[] {
  return problemsByRow('teams.csv', rows, (row) => {
    const problems = unknownBranch(row.branch_code, org);
    const leader = row.leader_staff_no;
    if (leader !== null && !org.staff.has(leader) && !org.invalidStaffNos.has(leader)) {
      problems.push({ column: 'leader_staff_no', reason: `unknown staff ${leader} (neither in staff.csv nor in the database)` });
    }
    return problems;
  });
}

/**
 * A team that this load moves to another branch must not leave behind members of the old
 * branch that the load does not also move (members in staff.csv are checked on their own lines).
 */
export function teamMembershipProblems(rows: readonly Lined<TeamRow>[], staffInFile: ReadonlySet<string>, org: OrgSnapshot): Problem[] {
  const lineOfTeam = new Map(rows.map(({ line, row }) => [row.team_code, { line, branch: row.branch_code }]));
  const problems: Problem[] = [];
  for (const [staffNo, member] of org.staff) {
    const team = member.team_code === null ? undefined : lineOfTeam.get(member.team_code);
    if (!team || staffInFile.has(staffNo) || team.branch === member.branch_code) continue;
    problems.push({
      file: 'teams.csv',
      line: team.line,
      column: 'branch_code',
      reason: `team ${member.team_code} would be in branch ${team.branch} but its member ${staffNo} (in the database) is in branch ${member.branch_code}`,
    });
  }
  return problems;
}

export function staffReferenceProblems(rows: readonly Lined<StaffRow>[], org: OrgSnapshot): Problem[] {
  return problemsByRow('staff.csv', rows, (row) => {
    const problems = unknownBranch(row.branch_code, org);
    if (row.team_code === null || org.invalidTeamCodes.has(row.team_code)) return problems;
    const teamBranch = org.teams.get(row.team_code);
    if (teamBranch === undefined) {
      problems.push({ column: 'team_code', reason: `unknown team ${row.team_code} (neither in teams.csv nor in the database)` });
    } else if (teamBranch !== row.branch_code) {
      problems.push({ column: 'branch_code', reason: `staff ${row.staff_no} is in branch ${row.branch_code} but team ${row.team_code} is in branch ${teamBranch}` });
    }
    return problems;
  });
}

/** Only a DISTRIBUTOR (分销人员) relationship may carry a guaranteed commission rate. */
export function guaranteedRateAllowed(category: StaffCategory, guaranteedRate: string | null): boolean {
  return guaranteedRate === null || category === 'DISTRIBUTOR';
}

/** A relationship may not start after its staff member's leave date. */
export function startsAfterLeaving(effectiveFrom: string, leaveDate: string | null): boolean {
  return leaveDate !== null && effectiveFrom > leaveDate;
}

/** A relationship still in force after its staff member left: not refused, but to reassign. */
export function openAfterLeaving(endedOn: string | null, leaveDate: string | null): boolean {
  return leaveDate !== null && (endedOn === null || endedOn > leaveDate);
}

/** A relationship that outlives its staff member's employment (待重新分配). */
export interface ToReassign {
  customer_no: string;
  staff_no: string;
  kind: RelationshipKind;
  effective_from: string;
  ended_on: string | null;
  leave_date: string;
}

/** The relationships that started while their staff member was employed and run on after the leave date. */
export function relationshipsToReassign(relationships: readonly Period[], staff: ReadonlyMap<string, StaffFacts>): ToReassign[] {
  const found = new Map<string, ToReassign>();
  for (const r of relationships) {
    const leave_date = staff.get(r.staff_no)?.leave_date ?? null;
    if (leave_date === null || startsAfterLeaving(r.effective_from, leave_date) || !openAfterLeaving(r.ended_on, leave_date)) continue;
    const { customer_no, staff_no, kind, effective_from, ended_on } = r;
    found.set(relationshipIdentity(r), { customer_no, staff_no, kind, effective_from, ended_on, leave_date });
  }
  return [...found.values()].sort((a, b) => compareText(a.staff_no, b.staff_no) || compareText(a.customer_no, b.customer_no) || compareText(a.effective_from, b.effective_from));
}

export function relationshipReferenceProblems(rows: readonly Lined<RelationshipRow>[], org: OrgSnapshot): Problem[] {
  const file: OrgFile = 'relationships.csv';
  const problems: Problem[] = [];
  for (const { line, row } of rows) {
    const customerBranch = org.customers.get(row.customer_no);
    if (customerBranch === undefined) {
      problems.push({ file, line, column: 'customer_no', reason: `unknown customer ${row.customer_no}` });
    }
    const staff = org.staff.get(row.staff_no);
    if (!staff) {
      if (!org.invalidStaffNos.has(row.staff_no)) {
        problems.push({ file, line, column: 'staff_no', reason: `unknown staff ${row.staff_no} (neither in staff.csv nor in the database)` });
      }
      continue;
    }
    if (customerBranch !== undefined && customerBranch !== staff.branch_code) {
      problems.push({
        file,
        line,
        column: 'staff_no',
        reason: `cross-branch relationship: staff ${row.staff_no} is in branch ${staff.branch_code}, customer ${row.customer_no} in branch ${customerBranch}`,
      });
    }
    if (startsAfterLeaving(row.effective_from, staff.leave_date)) {
      problems.push({ file, line, column: 'effective_from', reason: `starts ${row.effective_from}, after staff ${row.staff_no} left on ${staff.leave_date}` });
    }
    if (!guaranteedRateAllowed(staff.category, row.guaranteed_rate)) {
      problems.push({ file, line, column: 'guaranteed_rate', reason: `only a DISTRIBUTOR relationship may carry a guaranteed rate; staff ${row.staff_no} is ${staff.category}` });
    }
  }
  return problems;
}

/**
 * A leave date set by staff.csv must not precede the start of a relationship the staff member
 * already has in the database (that relationship would start after they left).
 */
export function leaveDateProblems(rows: readonly Lined<StaffRow>[], storedOfThoseStaff: readonly StoredRelationship[], replacedIdentities: ReadonlySet<string>): Problem[] {
  const byStaff = groupBy(
    storedOfThoseStaff.filter((r) => !replacedIdentities.has(relationshipIdentity(r))),
    (r) => r.staff_no,
  );
  const problems: Problem[] = [];
  for (const { line, row } of rows) {
    const late = (byStaff.get(row.staff_no) ?? []).filter((r) => startsAfterLeaving(r.effective_from, row.leave_date));
    if (late.length === 0) continue;
    const list = late.slice(0, 5).map((r) => `${r.customer_no} ${r.kind} from ${r.effective_from}`).join(', ');
    problems.push({
      file: 'staff.csv',
      line,
      column: 'leave_date',
      reason: `leave_date ${row.leave_date} is before the start of ${late.length} relationship(s) in the database: ${list}`,
    });
  }
  return problems;
}

// ---------------------------------------------------------------- what changes

export type Change = 'insert' | 'update' | 'unchanged';

export interface StoredTeam {
  team_code: string;
  team_name: string;
  branch_code: string;
  leader_staff_no: string | null;
}

export function teamChange(stored: StoredTeam | undefined, row: TeamRow): Change {
  if (!stored) return 'insert';
  const same = stored.team_name === row.team_name && stored.branch_code === row.branch_code && stored.leader_staff_no === row.leader_staff_no;
  return same ? 'unchanged' : 'update';
}

export type StaffStatus = 'ACTIVE' | 'LEFT';

/** A staff row as stored: the file's columns (the schema's checks hold them to the same values) plus the status. */
export type StoredStaff = StaffRow & { status: StaffStatus };

/** LEFT once the leave date has come (leave_date ≤ today), ACTIVE otherwise. */
export function staffStatus(leaveDate: string | null, today: string): StaffStatus {
  return leaveDate !== null && leaveDate <= today ? 'LEFT' : 'ACTIVE';
}

/** The fields whose every change is kept in staff_history (历史信息), never overwritten. */
export const TRACKED_STAFF_FIELDS = ['level', 'team_code', 'branch_code', 'category', 'contract_type', 'leave_date'] as const;
export type TrackedStaffField = (typeof TRACKED_STAFF_FIELDS)[number];

export interface StaffFieldChange {
  field: TrackedStaffField;
  old_value: string | null;
  new_value: string | null;
}

export function staffFieldChanges(stored: StoredStaff, row: StaffRow): StaffFieldChange[] {
  return TRACKED_STAFF_FIELDS.filter((field) => stored[field] !== row[field]).map((field) => ({
    field,
    old_value: stored[field],
    new_value: row[field],
  }));
}

export function staffChange(stored: StoredStaff | undefined, row: StaffRow, today: string): Change {
  if (!stored) return 'insert';
  const untracked = ['name', 'hire_date', 'mobile', 'email'] as const;
  const same =
    staffFieldChanges(stored, row).length === 0 &&
    untracked.every((field) => stored[field] === row[field]) &&
    stored.status === staffStatus(row.leave_date, today);
  return same ? 'unchanged' : 'update';
}

export function relationshipChange(stored: StoredRelationship | undefined, row: RelationshipRow): Change {
  if (!stored) return 'insert';
  const same =
    sameDecimal(stored.weight, row.weight) &&
    stored.assessment_set === row.assessment_set &&
    stored.added_on === row.added_on &&
    stored.confirmed_on === row.confirmed_on &&
    stored.ended_on === row.ended_on &&
    sameDecimal(stored.guaranteed_rate, row.guaranteed_rate);
  return same ? 'unchanged' : 'update';
}

/**
 * The earliest date from which a changed relationship alters what it attributes: its start when
 * it is new or its weight, assessment set, added date or guaranteed rate changed; otherwise the
 * earlier of the old and new end or confirmation dates that changed.
 */
export function affectedSince(stored: StoredRelationship | undefined, row: RelationshipRow): string {
  if (!stored) return row.effective_from;
  const wholePeriod =
    !sameDecimal(stored.weight, row.weight) ||
    stored.assessment_set !== row.assessment_set ||
    stored.added_on !== row.added_on ||
    !sameDecimal(stored.guaranteed_rate, row.guaranteed_rate);
  if (wholePeriod) return row.effective_from;
  const moved = [
    ...(stored.ended_on !== row.ended_on ? [stored.ended_on, row.ended_on] : []),
    ...(stored.confirmed_on !== row.confirmed_on ? [stored.confirmed_on, row.confirmed_on] : []),
  ].filter((d): d is string => d !== null);
  return earliest(moved) ?? row.effective_from;
}

export function earliest(dates: readonly string[]): string | null {
  let min: string | null = null;
  for (const d of dates) if (min === null || d < min) min = d;
  return min;
}

// ---------------------------------------------------------------- helpers

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
