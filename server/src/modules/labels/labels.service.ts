/**
 * Labels (客户标签) and customer groups (客户群), business-rules.md §6 and issue 12 item 4: the
 * refresh of every customer's labels and of every saved group in the import's transaction
 * (deriveIntelligence), the catalogue, and the groups' operations.
 *
 * Members are always the customers in the READER's data scope (access/scope.ts, relationships
 * effective on the labels' day) whose labels match the filter on the last imported trading day. A
 * group belongs to the login that saved it: only its owner changes or deletes it; a shared group can
 * be read and used by every login with customer access, each seeing its own scope's members. At each
 * import (and at a save) the members are materialised (customer_group_members, with their branch):
 * every matching customer for a shared group or an owner who sees every customer ("complete"), else
 * those in the owner's scope; with the members per branch they fully cover
 * (customer_group_branch_counts) and the count in the owner's scope for the day
 * (customer_group_counts). A reader is answered from the materialised members when they are of the
 * labels' day and cover its scope (membersSource) — a count by branch and a page by index, what makes
 * a branch manager's first page fast at 100,000 customers — and from customer_labels otherwise; both
 * give the same members. Outreach sends to the materialised members in the sender's scope.
 */
import type { Writable } from 'node:stream';
import type pg from 'pg';
import { codeLabel, codesOf, type CodeKind } from '../../../../shared/codes.js';
import { config } from '../../config.js';
import { inTransaction } from '../../db/database.js';
import { LOCKS } from '../../db/locks.js';
import { notFound, validationFailed, type Language } from '../../errors.js';
import { businessDate } from '../../lib/dates.js';
import { xlsxFileNames } from '../../lib/excel.js';
import { inReadSnapshot } from '../../lib/read-snapshot.js';
import { withLocalSettings } from '../../lib/sql.js';
import { customerScope, type ScopeSubject } from '../access/scope.js';
import { writeAudit } from '../audit/audit.service.js';
import { scopeLevelOf } from '../auth/auth.rules.js';
import type { AuthUser } from '../auth/auth.service.js';
import { tuneTransaction } from '../figures/figures.service.js';
import type { ReportColumn } from '../reports/reports.registry.js';
import { exportReport } from '../reports/reports.service.js';
import { brokerageValueCtes } from '../value/value.sql.js';
import { LABELS, type LabelDef } from './labels.catalogue.js';
import { compileFilter, opsOf, type EnumValuesOf } from './labels.filter.js';
import type { Group, GroupBody, GroupDetail, GroupList, GroupUpdateBody, LabelEntry, Member, MemberList, PreviewBody } from './labels.schemas.js';
import * as sql from './labels.sql.js';

/** What a group operation needs to know about the request. */
export interface GroupContext {
  user: AuthUser;
  now: Date;
  ip?: string;
  language: Language;
}

// ---------------------------------------------------------------- refresh at import

/**
 * Refreshes the labels for `day` (the latest imported trading day), set-based, in the caller's
 * transaction: the day row and every customer's facts (customer_label_facts), from which the view
 * customer_labels computes each label when read.
 */
export async function refreshLabels(client: pg.PoolClient, day: string): Promise<void> {
  // JIT would compile the ~200 label expressions for tens of seconds at 100,000 customers (the import's
  // transaction has it off already: tuneTransaction)
  await client.query(`set local jit = off`);
  // grouping by sorting, not hashing: a hash aggregate keeps a numeric state per sum and group — the day's
  // positions by customer and security took 112 MB at 100,000 customers (past work_mem at a million) —
  // and the whole refresh runs ~60 ms (4 %) faster sorted (performance.md "Session 2026-12-07 b")
  await withLocalSettings(client, { enable_hashagg: 'off' }, async () => {
    const from = (await client.query<{ from: string | null }>(sql.WINDOW_START, [day])).rows[0]?.from ?? null;
    const value = (params: unknown[]) => brokerageValueCtes(day, config().TZ_BUSINESS, params);
    for (const statement of sql.refreshLabelsQueries(day, from, value)) await client.query(statement.sql, statement.params);
  });
}

/**
 * Rebuilds the labels of the latest imported trading day when there are none although a day is
 * imported: customer_label_facts and customer_label_day are UNLOGGED (migration 0035), so a crash
 * empties them, and the migration that made them left them empty. Called at start-up; under the
 * importer's lock (an import refreshes the same rows). Returns the day rebuilt, or null.
 */
export async function ensureLabels(pool: pg.Pool, log?: (message: string) => void): Promise<string | null> {
  const missing = `select (select max(trade_date)::text from trading_days) as day, exists (select 1 from customer_label_day) as present`;
  const day = await inTransaction(pool, async (client) => {
    if (!(await client.query<{ day: string | null; present: boolean }>(missing)).rows.some((r) => r.day && !r.present)) return null;
    await client.query('select pg_advisory_xact_lock($1)', [LOCKS.extractImport]);
    const [row] = (await client.query<{ day: string | null; present: boolean }>(missing)).rows;
    if (!row?.day || row.present) return null;
    await refreshLabels(client, row.day);
    return row.day;
  });
  if (day) log?.(`The customers' labels of ${day} were rebuilt (they are kept in unlogged tables: empty after a crash or an upgrade).`);
  return day;
}

/** The values of the enums that are not dictionary kinds: the tiers (lowest first) and the branches. */
interface DynamicValues {
  tiers: { value: string; title: string }[];
  branches: { value: string; title: string }[];
}

async function dynamicValues(client: pg.PoolClient | pg.Pool): Promise<DynamicValues> {
  const tiers = (await client.query<{ name: string }>(`select t->>'name' as name from settings s, jsonb_array_elements(s.value) with ordinality x(t, i) where s.key = 'tiers' order by x.i desc`)).rows;
  const branches = (await client.query<{ code: string; name: string }>(`select branch_code as code, branch_name as name from branches order by branch_code`)).rows;
  return { tiers: tiers.map((t) => ({ value: t.name, title: t.name })), branches: branches.map((b) => ({ value: b.code, title: b.name })) };
}

function valuesOf(label: LabelDef, dynamic: DynamicValues, language: Language): { value: string; title: string }[] | undefined {
  if (!label.values) return undefined;
  if (label.values === 'tiers') return dynamic.tiers;
  if (label.values === 'branches') return dynamic.branches;
  const kind: CodeKind = label.values;
  return codesOf(kind).map((code) => ({ value: code, title: codeLabel(kind, code, language) }));
}

function enumResolver(dynamic: DynamicValues): EnumValuesOf {
  return (label) => valuesOf(label, dynamic, 'zh')?.map((v) => v.value) ?? null;
}

/**
 * Refreshes every saved group for `day` in the caller's transaction (after refreshLabels): its
 * members are materialised (refreshGroup) and their count in the owner's scope recorded for the day
 * (a re-import of the day overwrites the count). A group whose filter no longer compiles (a label was
 * retired) keeps its last members. The counts of days after `day` are forgotten (a removed day).
 * Returns how many groups were refreshed.
 */
export async function refreshGroups(client: pg.PoolClient, day: string): Promise<number> {
  await client.query(`set local jit = off`);
  await client.query(sql.FORGET_LATER_COUNTS, [day]);
  const groups = (await client.query<{ id: string; filter: unknown; shared: boolean; role: string; staffNo: string | null; disabled: boolean }>(sql.GROUPS_TO_REFRESH)).rows;
  if (!groups.length) return 0;
  const resolve = enumResolver(await dynamicValues(client));
  let refreshed = 0;
  for (const g of groups) {
    if (await refreshGroup(client, g, g, day, resolve)) refreshed += 1;
  }
  return refreshed;
}

/** The subject sees every customer (its scope's predicate is `true`). */
function seesEveryCustomer(user: ScopeSubject): boolean {
  return customerScope(user, { alias: 'c', params: [] }) === 'true';
}

/**
 * The subject's scope is made of whole branches (ALL, BRANCH): its predicate reads only the row's
 * branch_code, so it applies to `branches` and to the members' branch counts as well. TEAM and SELF
 * go through relationships, customer by customer.
 */
function scopeOfWholeBranches(user: ScopeSubject): boolean {
  const level = scopeLevelOf(user.role);
  return level === 'ALL' || level === 'BRANCH';
}

/**
 * Materialises one group's members of `day` (customer_group_members, with their branch): every
 * customer matching the filter when the group is shared or its owner sees every customer (complete:
 * any reader's members are these in its scope), else those in the owner's scope (what outreach sends
 * to); the members of each branch they cover (customer_group_branch_counts: every branch when
 * complete, the owner's branch for a branch manager's own group, none for a narrower scope); and the
 * count in the owner's scope with its history row. False when the filter no longer compiles.
 */
async function refreshGroup(client: pg.PoolClient, group: { id: string; filter: unknown; shared: boolean }, owner: ScopeSubject, day: string, resolve: EnumValuesOf): Promise<boolean> {
  const params: unknown[] = [group.id];
  const compiled = compileFilter(group.filter, params, resolve);
  if (!compiled.ok) return false;
  const complete = group.shared || seesEveryCustomer(owner);
  for (const statement of sql.refreshMembersQueries(sql.matchingCustomers(complete ? null : owner, day, compiled.sql, params))) {
    await client.query(statement.sql, statement.params === 'all' ? params : statement.params === 'group' ? [group.id] : []);
  }
  await client.query(sql.CLEAR_BRANCH_COUNTS, [group.id]);
  const coveredParams: unknown[] = [group.id];
  const covered = complete ? 'true' : scopeOfWholeBranches(owner) ? customerScope(owner, { alias: 'b', params: coveredParams, asOf: day }) : 'false';
  await client.query(sql.insertBranchCounts(covered), coveredParams);
  const countParams: unknown[] = [group.id, day, complete];
  await client.query(sql.recordGroupCount(customerScope(owner, { alias: 'm', params: countParams, asOf: day })), countParams);
  return true;
}

// ---------------------------------------------------------------- catalogue

/** The label catalogue with titles and values in `language`. */
export async function labelCatalogue(pool: pg.Pool, language: Language): Promise<LabelEntry[]> {
  const dynamic = await dynamicValues(pool);
  return LABELS.map((label) => {
    const values = valuesOf(label, dynamic, language);
    return {
      key: label.key, title: label[language], group: label.group, type: label.type,
      ...(values ? { values } : {}), ordered: label.ordered ?? false, ops: [...opsOf(label)],
    };
  });
}

// ---------------------------------------------------------------- groups

/**
 * The reads of members: no JIT (compile time exceeds the query's), room to hash a branch's
 * customers, and random pages priced near sequential ones: a branch's customers are read by the
 * (branch, customer) index of customers, their figures and facts by key — at the default price the
 * planner scanned whole tables for one branch's count.
 */
const READ_SETTINGS = `set local jit = off; set local work_mem = '64MB'; set local random_page_cost = 1.1`;

async function labelsDay(client: pg.PoolClient): Promise<string | null> {
  return (await client.query<{ day: string | null }>(sql.LABELS_DAY)).rows[0]?.day ?? null;
}

/** The filter compiled onto `params`, or the 422 naming the bad fields under `field`. */
async function compiled(client: pg.PoolClient, filter: unknown, params: unknown[], field = 'filter'): Promise<string> {
  const result = compileFilter(filter, params, enumResolver(await dynamicValues(client)), field);
  if (!result.ok) throw validationFailed(result.errors);
  return result.sql;
}

interface GroupRow extends Omit<Group, 'mine' | 'createdAt' | 'updatedAt'> {
  createdAt: Date;
  updatedAt: Date;
  /** customer_group_members holds every matching customer, not only those in the owner's scope. */
  membersComplete: boolean;
}

function toGroup(row: GroupRow, user: AuthUser): Group {
  const { membersComplete: _complete, ...group } = row;
  return { ...group, mine: row.ownerId === String(user.id), createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
}

async function groupOf(client: pg.PoolClient, id: string, user: AuthUser): Promise<GroupRow> {
  const [row] = (await client.query<GroupRow>(sql.GET_GROUP, [id, user.id])).rows;
  if (!row) throw notFound();
  return row;
}

/** Where a reader's members of a saved group come from: the group's materialised members (with their count), or customer_labels. */
type MembersSource = { materialised: true; total: number } | { materialised: false };

/**
 * Whether the group's materialised members answer `user` (relationships effective on `asOf`) — and
 * then how many are in its scope — rather than an evaluation of the filter on customer_labels. They
 * must be of the labels' day `day`, and either cover every branch of a scope of whole branches (ALL,
 * BRANCH: the count is then the sum of those branches' counts) or hold every matching customer (a
 * complete group, for TEAM and SELF). Their members in the reader's scope are then exactly the
 * customers in its scope whose labels match, which is the members' definition.
 */
async function membersSource(client: pg.PoolClient, group: GroupRow, user: AuthUser, asOf: string, day: string | null): Promise<MembersSource> {
  if (day === null || group.refreshedOn !== day) return { materialised: false };
  if (scopeOfWholeBranches(user)) {
    const covered = sql.coveredCount(user, asOf, group.id);
    const [row] = (await client.query<{ uncovered: number; total: number }>(covered.sql, covered.params)).rows;
    return row && row.uncovered === 0 ? { materialised: true, total: row.total } : { materialised: false };
  }
  if (!group.membersComplete) return { materialised: false };
  const { count } = sql.materialisedMemberQueries(user, asOf, group.id);
  return { materialised: true, total: (await client.query<{ total: number }>(count.sql, count.params)).rows[0]?.total ?? 0 };
}

/** How many of the group's members are in `user`'s scope (its member list's total); null when its filter no longer compiles. */
async function membersInScope(client: pg.PoolClient, group: GroupRow, user: AuthUser, asOf: string, day: string | null, resolve: () => Promise<EnumValuesOf>): Promise<number | null> {
  const source = await membersSource(client, group, user, asOf, day);
  if (source.materialised) return source.total;
  const params: unknown[] = [];
  const where = compileFilter(group.filter, params, await resolve());
  if (!where.ok) return null;
  const { count } = sql.memberQueries(user, asOf, where.sql, params);
  return (await client.query<{ total: number }>(count.sql, count.params)).rows[0]?.total ?? 0;
}

/** The enum resolver, read at most once per request. */
function lazyResolver(client: pg.PoolClient): () => Promise<EnumValuesOf> {
  let resolver: EnumValuesOf | undefined;
  return async () => (resolver ??= enumResolver(await dynamicValues(client)));
}

/** Saves a group of the caller; its members are materialised and counted for the labels' day at once. */
export async function createGroup(pool: pg.Pool, body: GroupBody, ctx: GroupContext): Promise<Group> {
  return inTransaction(pool, async (client) => {
    await compiled(client, body.filter, []);
    const [row] = (await client.query<{ id: string }>(sql.INSERT_GROUP, [body.name, JSON.stringify(body.filter), body.shared, ctx.user.id, ctx.now])).rows;
    const id = row!.id;
    await refreshNow(client, { id, filter: body.filter, shared: body.shared }, ctx.user);
    await writeAudit(client, { user: ctx.user, action: 'group.create', entity: 'customer_group', entityId: id, detail: { name: body.name, filter: body.filter, shared: body.shared }, ip: ctx.ip });
    return toGroup(await groupOf(client, id, ctx.user), ctx.user);
  });
}

async function refreshNow(client: pg.PoolClient, group: { id: string; filter: unknown; shared: boolean }, owner: AuthUser): Promise<void> {
  const day = await labelsDay(client);
  if (!day) return;
  // as at an import (refreshGroups runs in its tuned transaction): the view's hash joins in memory (1,000,000 customers
  // spilled to 8 batches at the default 4 MB), no JIT
  await tuneTransaction(client);
  await refreshGroup(client, group, owner, day, enumResolver(await dynamicValues(client)));
}

/**
 * Renames, re-filters or (un)shares one of the caller's own groups; 404 for another's or an unknown
 * one. A new filter or sharing refreshes its members at once (sharing decides whether they are complete).
 */
export async function updateGroup(pool: pg.Pool, id: string, body: GroupUpdateBody, ctx: GroupContext): Promise<Group> {
  return inTransaction(pool, async (client) => {
    if (body.filter !== undefined) await compiled(client, body.filter, []);
    const [row] = (await client.query<{ id: string; filter: unknown; shared: boolean }>(sql.UPDATE_GROUP, [id, ctx.user.id, body.name ?? null, body.filter === undefined ? null : JSON.stringify(body.filter), body.shared ?? null, ctx.now])).rows;
    if (!row) throw notFound();
    if (body.filter !== undefined || body.shared !== undefined) await refreshNow(client, row, ctx.user);
    await writeAudit(client, { user: ctx.user, action: 'group.update', entity: 'customer_group', entityId: id, detail: { ...body }, ip: ctx.ip });
    return toGroup(await groupOf(client, id, ctx.user), ctx.user);
  });
}

/** Deletes one of the caller's own groups (its members and history with it); 404 otherwise. */
export async function deleteGroup(pool: pg.Pool, id: string, ctx: GroupContext): Promise<void> {
  await inTransaction(pool, async (client) => {
    const { rowCount } = await client.query(sql.DELETE_GROUP, [id, ctx.user.id]);
    if (!rowCount) throw notFound();
    await writeAudit(client, { user: ctx.user, action: 'group.delete', entity: 'customer_group', entityId: id, ip: ctx.ip });
  });
}

/**
 * The caller's own groups and the shared ones, most recently changed first, each with its members in
 * the caller's scope (what its member list shows; mostly from the materialised members' counts).
 */
export async function listGroups(pool: pg.Pool, ctx: GroupContext): Promise<GroupList> {
  return inReadSnapshot(pool, async (client) => {
    const rows = (await client.query<GroupRow>(sql.LIST_GROUPS, [ctx.user.id])).rows;
    const day = await labelsDay(client);
    const asOf = businessDate(ctx.now);
    const resolve = lazyResolver(client);
    const items: GroupList['items'] = [];
    for (const row of rows) items.push({ ...toGroup(row, ctx.user), membersInMyScope: await membersInScope(client, row, ctx.user, asOf, day, resolve) });
    return { items };
  }, READ_SETTINGS);
}

/** One group the caller may read, with its count history and the members in the caller's scope; 404 otherwise. */
export async function getGroup(pool: pg.Pool, id: string, ctx: GroupContext): Promise<GroupDetail> {
  return inReadSnapshot(pool, async (client) => {
    const row = await groupOf(client, id, ctx.user);
    const history = (await client.query<{ date: string; members: number }>(sql.GROUP_HISTORY, [id])).rows;
    const membersInMyScope = (await membersInScope(client, row, ctx.user, businessDate(ctx.now), await labelsDay(client), lazyResolver(client))) ?? 0;
    return { ...toGroup(row, ctx.user), history, membersInMyScope };
  }, READ_SETTINGS);
}

/** The count and a page of the customers in the caller's scope whose labels match `where`, evaluated on customer_labels. */
async function livePage(client: pg.PoolClient, ctx: GroupContext, day: string, where: string, params: unknown[], page: { page: number; pageSize: number }): Promise<MemberList> {
  const queries = sql.memberQueries(ctx.user, businessDate(ctx.now), where, params, page);
  const total = (await client.query<{ total: number }>(queries.count.sql, queries.count.params)).rows[0]?.total ?? 0;
  const items = (await client.query<Member>(queries.rows.sql, queries.rows.params)).rows;
  return { date: day, items, total };
}

/** A page of the group's members in the caller's scope, by customer number. */
export async function groupMembers(pool: pg.Pool, id: string, page: { page: number; pageSize: number }, ctx: GroupContext): Promise<MemberList> {
  return inReadSnapshot(pool, async (client) => {
    const row = await groupOf(client, id, ctx.user);
    const day = await labelsDay(client);
    if (!day) return { date: null, items: [], total: 0 };
    const asOf = businessDate(ctx.now);
    const source = await membersSource(client, row, ctx.user, asOf, day);
    if (source.materialised) {
      const { rows } = sql.materialisedMemberQueries(ctx.user, asOf, row.id, page);
      return { date: day, items: (await client.query<Member>(rows.sql, rows.params)).rows, total: source.total };
    }
    const params: unknown[] = [];
    const where = await compiled(client, row.filter, params);
    return livePage(client, ctx, day, where, params, page);
  }, READ_SETTINGS);
}

/** The count and first rows of an unsaved filter in the caller's scope (the builder's live preview); 422 naming a bad field. */
export async function previewGroup(pool: pg.Pool, body: PreviewBody, ctx: GroupContext): Promise<MemberList> {
  return inReadSnapshot(pool, async (client) => {
    const params: unknown[] = [];
    const where = await compiled(client, body.filter, params);
    const day = await labelsDay(client);
    if (!day) return { date: null, items: [], total: 0 };
    return livePage(client, ctx, day, where, params, { page: 1, pageSize: body.pageSize });
  }, READ_SETTINGS);
}

const EXPORT_COLUMNS: readonly ReportColumn[] = [
  { key: 'customerNo', zh: '客户号', en: 'Customer no.', kind: 'text' },
  { key: 'customerName', zh: '客户姓名', en: 'Customer', kind: 'text' },
  { key: 'branchName', zh: '营业部', en: 'Branch', kind: 'text' },
  { key: 'tier', zh: '客户级别', en: 'Tier', kind: 'text' },
  { key: 'lifecycle', zh: '生命周期', en: 'Lifecycle', kind: 'text', code: 'lifecycle' },
  { key: 'netAsset', zh: '净资产', en: 'Net asset', kind: 'money' },
  { key: 'avg20NetAsset', zh: '20日日均净资产', en: 'Average net asset (20 days)', kind: 'money' },
  { key: 'riskLevel', zh: '风险等级', en: 'Risk level', kind: 'text', code: 'riskLevel' },
  { key: 'lastTradeDate', zh: '最近交易日期', en: 'Last trade', kind: 'date' },
  { key: 'servingStaffNo', zh: '服务人员编号', en: 'Staff no.', kind: 'text' },
  { key: 'servingStaffName', zh: '服务人员', en: 'Serving staff', kind: 'text' },
];

/** The group's Excel file name: its name and the labels' day. */
export async function groupExportNames(pool: pg.Pool, id: string, ctx: GroupContext): Promise<{ utf8: string; ascii: string }> {
  const client = await pool.connect();
  try {
    const row = await groupOf(client, id, ctx.user);
    return xlsxFileNames(`客户群-${row.name}`, `group-${id}`, (await labelsDay(client)) ?? 'none');
  } finally {
    client.release();
  }
}

/** Streams every member of the group in the caller's scope to `out` as .xlsx (audited as a report export); returns the rows. */
export async function exportGroupMembers(pool: pg.Pool, id: string, ctx: GroupContext, out: Writable): Promise<number> {
  const client = await pool.connect();
  let query: { text: string; values: unknown[] };
  let name: string;
  try {
    const row = await groupOf(client, id, ctx.user);
    name = row.name;
    const asOf = businessDate(ctx.now);
    if ((await membersSource(client, row, ctx.user, asOf, await labelsDay(client))).materialised) {
      const { rows } = sql.materialisedMemberQueries(ctx.user, asOf, row.id);
      query = { text: rows.sql, values: rows.params };
    } else {
      const params: unknown[] = [];
      const where = await compiled(client, row.filter, params);
      const { rows } = sql.memberQueries(ctx.user, asOf, where, params);
      query = { text: rows.sql, values: rows.params };
    }
  } finally {
    client.release();
  }
  return exportReport(
    pool,
    { report: { id: `customer-group-${id}`, title: { zh: `客户群 ${name}`, en: `Customer group ${name}` }, columns: EXPORT_COLUMNS, paramCodes: {} }, params: { group: name }, query },
    { user: ctx.user, asOf: businessDate(ctx.now), now: ctx.now, ip: ctx.ip ?? '', language: ctx.language },
    out,
  );
}

/**
 * One customer's labels of the last imported day, keyed by label (the profile's `labels`: decimals
 * and dates as strings, booleans as booleans, null without a value); null when it has none. The
 * caller has checked the customer is in its scope.
 */
export async function labelsOfCustomer(client: pg.PoolClient | pg.Pool, customerNo: string): Promise<Record<string, string | boolean | null> | null> {
  const [row] = (await client.query<Record<string, string | boolean | null>>(`select ${LABELS.map((l) => l.key).join(', ')} from customer_labels where customer_no = $1`, [customerNo])).rows;
  return row ?? null;
}
