/**
 * Labels (客户标签) and customer groups (客户群), business-rules.md §6 and issue 12 item 4: the
 * refresh of every customer's labels and of every saved group in the import's transaction
 * (deriveIntelligence), the catalogue, and the groups' operations.
 *
 * Members are always the customers in the READER's data scope (access/scope.ts, relationships
 * effective on the labels' day) whose labels match the filter on the last imported trading day. A
 * group belongs to the login that saved it: only its owner changes or deletes it; a shared group can
 * be read and used by every login with customer access, each seeing its own scope's members. At each
 * import the members in the owner's scope are materialised (customer_group_members: what outreach
 * sends to) and their count recorded for the day (customer_group_counts).
 */
import type { Writable } from 'node:stream';
import type pg from 'pg';
import { codeLabel, codesOf, type CodeKind } from '../../../../shared/codes.js';
import { inTransaction } from '../../db/database.js';
import { notFound, validationFailed, type Language } from '../../errors.js';
import { businessDate } from '../../lib/dates.js';
import { xlsxFileNames } from '../../lib/excel.js';
import { inReadSnapshot } from '../../lib/read-snapshot.js';
import type { ScopeSubject } from '../access/scope.js';
import { writeAudit } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth.service.js';
import type { ReportColumn } from '../reports/reports.registry.js';
import { exportReport } from '../reports/reports.service.js';
import { LABELS, type LabelDef } from './labels.catalogue.js';
import { compileFilter, opsOf, type EnumValuesOf } from './labels.filter.js';
import type { Group, GroupBody, GroupDetail, GroupUpdateBody, LabelEntry, Member, MemberList, PreviewBody } from './labels.schemas.js';
import * as sql from './labels.sql.js';

/** What a group operation needs to know about the request. */
export interface GroupContext {
  user: AuthUser;
  now: Date;
  ip?: string;
  language: Language;
}

// ---------------------------------------------------------------- refresh at import

/** Replaces customer_labels with the labels of `day` (the latest imported trading day), set-based, in the caller's transaction. */
export async function refreshLabels(client: pg.PoolClient, day: string): Promise<void> {
  // JIT would compile the ~200 label expressions for tens of seconds at 100,000 customers (the import's
  // transaction has it off already: tuneTransaction)
  await client.query(`set local jit = off`);
  const from = (await client.query<{ from: string | null }>(sql.WINDOW_START, [day])).rows[0]?.from ?? null;
  for (const statement of sql.REFRESH_LABELS) await client.query(statement, statement.includes('$1') ? [day, from] : []);
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
 * members in the owner's scope are materialised and their count recorded for the day (a re-import of
 * the day overwrites the count). A group whose filter no longer compiles (a label was retired) keeps
 * its last members. The counts of days after `day` are forgotten (a removed day). Returns how many
 * groups were refreshed.
 */
export async function refreshGroups(client: pg.PoolClient, day: string): Promise<number> {
  await client.query(`set local jit = off`);
  await client.query(sql.FORGET_LATER_COUNTS, [day]);
  const groups = (await client.query<{ id: string; filter: unknown; role: string; staffNo: string | null; disabled: boolean }>(sql.GROUPS_TO_REFRESH)).rows;
  if (!groups.length) return 0;
  const resolve = enumResolver(await dynamicValues(client));
  let refreshed = 0;
  for (const g of groups) {
    if (await refreshGroup(client, g.id, g.filter, g, day, resolve)) refreshed += 1;
  }
  return refreshed;
}

async function refreshGroup(client: pg.PoolClient, id: string, filter: unknown, owner: ScopeSubject, day: string, resolve: EnumValuesOf): Promise<boolean> {
  const params: unknown[] = [id];
  const compiled = compileFilter(filter, params, resolve);
  if (!compiled.ok) return false;
  const members = sql.matchingCustomers(owner, day, compiled.sql, params);
  const [clear, insert, count] = sql.refreshGroupQueries(members);
  await client.query(clear!, [id]);
  await client.query(insert!, params);
  await client.query(count!, [id, day]);
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

/** The reads of members: no JIT (compile time exceeds the query's), room to hash a branch's customers. */
const READ_SETTINGS = `set local jit = off; set local work_mem = '64MB'`;

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
}

function toGroup(row: GroupRow, user: AuthUser): Group {
  return { ...row, filter: row.filter, mine: row.ownerId === String(user.id), createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() };
}

async function groupOf(client: pg.PoolClient, id: string, user: AuthUser): Promise<GroupRow> {
  const [row] = (await client.query<GroupRow>(sql.GET_GROUP, [id, user.id])).rows;
  if (!row) throw notFound();
  return row;
}

/** Counts the customers matching `where` in `user`'s scope (relationships effective on `asOf`). */
async function countMembers(client: pg.PoolClient, user: AuthUser, asOf: string, where: string, params: unknown[]): Promise<number> {
  const { count } = sql.memberQueries(user, asOf, where, params);
  return (await client.query<{ total: number }>(count.sql, count.params)).rows[0]?.total ?? 0;
}

/** Saves a group of the caller; its members (caller's scope) are materialised and counted for the labels' day at once. */
export async function createGroup(pool: pg.Pool, body: GroupBody, ctx: GroupContext): Promise<Group> {
  return inTransaction(pool, async (client) => {
    await compiled(client, body.filter, []);
    const [row] = (await client.query<{ id: string }>(sql.INSERT_GROUP, [body.name, JSON.stringify(body.filter), body.shared, ctx.user.id, ctx.now])).rows;
    const id = row!.id;
    await refreshNow(client, id, body.filter, ctx.user);
    await writeAudit(client, { user: ctx.user, action: 'group.create', entity: 'customer_group', entityId: id, detail: { name: body.name, filter: body.filter, shared: body.shared }, ip: ctx.ip });
    return toGroup(await groupOf(client, id, ctx.user), ctx.user);
  });
}

async function refreshNow(client: pg.PoolClient, id: string, filter: unknown, owner: AuthUser): Promise<void> {
  const day = await labelsDay(client);
  if (day) await refreshGroup(client, id, filter, owner, day, enumResolver(await dynamicValues(client)));
}

/** Renames, re-filters or (un)shares one of the caller's own groups; 404 for another's or an unknown one. */
export async function updateGroup(pool: pg.Pool, id: string, body: GroupUpdateBody, ctx: GroupContext): Promise<Group> {
  return inTransaction(pool, async (client) => {
    if (body.filter !== undefined) await compiled(client, body.filter, []);
    const [row] = (await client.query(sql.UPDATE_GROUP, [id, ctx.user.id, body.name ?? null, body.filter === undefined ? null : JSON.stringify(body.filter), body.shared ?? null, ctx.now])).rows;
    if (!row) throw notFound();
    if (body.filter !== undefined) await refreshNow(client, id, body.filter, ctx.user);
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

/** The caller's own groups and the shared ones, most recently changed first. */
export async function listGroups(pool: pg.Pool, ctx: GroupContext): Promise<{ items: Group[] }> {
  const { rows } = await pool.query<GroupRow>(sql.LIST_GROUPS, [ctx.user.id]);
  return { items: rows.map((r) => toGroup(r, ctx.user)) };
}

/** One group the caller may read, with its count history and the members in the caller's scope; 404 otherwise. */
export async function getGroup(pool: pg.Pool, id: string, ctx: GroupContext): Promise<GroupDetail> {
  return inReadSnapshot(pool, async (client) => {
    const row = await groupOf(client, id, ctx.user);
    const history = (await client.query<{ date: string; members: number }>(sql.GROUP_HISTORY, [id])).rows;
    const params: unknown[] = [];
    const where = compileFilter(row.filter, params, enumResolver(await dynamicValues(client)));
    const membersInMyScope = where.ok ? await countMembers(client, ctx.user, businessDate(ctx.now), where.sql, params) : 0;
    return { ...toGroup(row, ctx.user), history, membersInMyScope };
  }, READ_SETTINGS);
}

async function memberPage(client: pg.PoolClient, ctx: GroupContext, where: string, params: unknown[], page: { page: number; pageSize: number }): Promise<MemberList> {
  const day = await labelsDay(client);
  if (!day) return { date: null, items: [], total: 0 };
  const queries = sql.memberQueries(ctx.user, businessDate(ctx.now), where, params, page);
  const total = (await client.query<{ total: number }>(queries.count.sql, queries.count.params)).rows[0]?.total ?? 0;
  const items = (await client.query<Member>(queries.rows.sql, queries.rows.params)).rows;
  return { date: day, items, total };
}

/** A page of the group's members in the caller's scope, by customer number. */
export async function groupMembers(pool: pg.Pool, id: string, page: { page: number; pageSize: number }, ctx: GroupContext): Promise<MemberList> {
  return inReadSnapshot(pool, async (client) => {
    const row = await groupOf(client, id, ctx.user);
    const params: unknown[] = [];
    const where = await compiled(client, row.filter, params);
    return memberPage(client, ctx, where, params, page);
  }, READ_SETTINGS);
}

/** The count and first rows of an unsaved filter in the caller's scope (the builder's live preview); 422 naming a bad field. */
export async function previewGroup(pool: pg.Pool, body: PreviewBody, ctx: GroupContext): Promise<MemberList> {
  return inReadSnapshot(pool, async (client) => {
    const params: unknown[] = [];
    const where = await compiled(client, body.filter, params);
    return memberPage(client, ctx, where, params, { page: 1, pageSize: body.pageSize });
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
    const params: unknown[] = [];
    const where = await compiled(client, row.filter, params);
    const { rows } = sql.memberQueries(ctx.user, businessDate(ctx.now), where, params);
    query = { text: rows.sql, values: rows.params };
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
