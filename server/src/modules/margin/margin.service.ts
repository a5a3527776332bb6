/**
 * Margin trading (融资融券, suitability.md "Margin trading"): the reads of the credit accounts in the
 * caller's scope with their maintenance ratio and state, one account's (and one customer's) daily
 * history for the 360° view, and the qualified customer pool (两融合格客户池) with the conditions a
 * customer fails; lists export to Excel (audited as report.export). Fail closed: every read goes
 * through customerScope, and an account or customer out of scope answers 404 like an unknown one.
 */
import type { Writable } from 'node:stream';
import type pg from 'pg';
import { notFound, type Language } from '../../errors.js';
import { businessDate } from '../../lib/dates.js';
import { xlsxFileNames } from '../../lib/excel.js';
import { inReadSnapshot } from '../../lib/read-snapshot.js';
import { assertCustomerInScope } from '../access/scope.js';
import type { AuthUser } from '../auth/auth.service.js';
import { importedDayOnOrBefore } from '../figures/figures.sql.js';
import { loadSuitabilitySettings } from '../suitability/suitability.sql.js';
import type { ReportColumn } from '../reports/reports.registry.js';
import { exportReport } from '../reports/reports.service.js';
import type {
  MarginAccount, MarginAccountDetail, MarginAccountList, MarginAccountQuery, MarginCustomerAccounts, PoolCheck, PoolList, PoolQuery,
} from './margin.schemas.js';
import * as sql from './margin.sql.js';

/** What a margin read needs to know about the request. */
export interface MarginContext {
  user: AuthUser;
  now: Date;
  ip?: string;
  language: Language;
}

type Lines = MarginAccountList['lines'];
type AccountFilters = Omit<MarginAccountQuery, 'page' | 'pageSize' | 'format'>;
type Page = { page: number; pageSize: number };

async function linesOf(client: pg.PoolClient): Promise<Lines> {
  return (await client.query<Lines>(sql.LINES_ROW)).rows[0]!;
}

const toAccount = (r: sql.AccountRow): MarginAccount => ({ ...r, state: r.state as MarginAccount['state'] });

/** The credit accounts in scope on the imported day on or before `date` (default the latest), riskiest first. */
export async function listAccounts(pool: pg.Pool, filter: AccountFilters, page: Page, ctx: MarginContext): Promise<MarginAccountList> {
  return inReadSnapshot(pool, async (client) => {
    const lines = await linesOf(client);
    const day = await importedDayOnOrBefore(client, filter.date);
    if (!day) return { date: null, lines, items: [], total: 0 };
    const q = sql.accountQueries(ctx.user, businessDate(ctx.now), day, filter, page);
    const total = (await client.query<{ total: number }>(q.count.sql, q.count.params)).rows[0]?.total ?? 0;
    const { rows } = await client.query<sql.AccountRow>(q.rows.sql, q.rows.params);
    return { date: day, lines, items: rows.map(toAccount), total };
  });
}

async function historyOf(client: pg.PoolClient, account: MarginAccount): Promise<MarginAccountDetail['history']> {
  const { rows } = await client.query<sql.HistoryRow>(sql.ACCOUNT_HISTORY, [account.customerNo, account.fundAccount, account.date]);
  return rows.map((r) => ({ ...r, state: r.state as MarginAccountDetail['history'][number]['state'] }));
}

/** One credit account on the latest imported day with its daily history; 404 when unknown, not a credit account, closed before the day or out of scope. */
export async function accountDetail(pool: pg.Pool, fundAccount: string, ctx: MarginContext): Promise<MarginAccountDetail> {
  return inReadSnapshot(pool, async (client) => {
    const owner = (await client.query<{ customerNo: string }>(sql.CREDIT_ACCOUNT, [fundAccount])).rows[0];
    if (!owner) throw notFound();
    const asOf = businessDate(ctx.now);
    await assertCustomerInScope(client, ctx.user, owner.customerNo, asOf);
    const day = await importedDayOnOrBefore(client, null);
    if (!day) throw notFound();
    const q = sql.accountQueries(ctx.user, asOf, day, { fundAccount });
    const row = (await client.query<sql.AccountRow>(q.rows.sql, q.rows.params)).rows[0];
    if (!row) throw notFound();
    const account = toAccount(row);
    return { account, lines: await linesOf(client), history: await historyOf(client, account) };
  });
}

/** The customer's credit accounts on the latest imported day, each with its history (the 360° view's 融资融券 card); 404 out of scope. */
export async function customerAccounts(pool: pg.Pool, customerNo: string, ctx: MarginContext): Promise<MarginCustomerAccounts> {
  return inReadSnapshot(pool, async (client) => {
    const asOf = businessDate(ctx.now);
    await assertCustomerInScope(client, ctx.user, customerNo, asOf);
    const lines = await linesOf(client);
    const day = await importedDayOnOrBefore(client, null);
    if (!day) return { lines, accounts: [] };
    const q = sql.accountQueries(ctx.user, asOf, day, { customerNo });
    const { rows } = await client.query<sql.AccountRow>(q.rows.sql, q.rows.params);
    const accounts = [];
    for (const row of rows) {
      const account = toAccount(row);
      accounts.push({ account, history: await historyOf(client, account) });
    }
    return { lines, accounts };
  });
}

async function poolDays(client: pg.PoolClient, day: string): Promise<sql.PoolDays> {
  return (await client.query<sql.PoolDays>(sql.POOL_DAYS, [day])).rows[0]!;
}

/** The qualified customers in scope on the imported day on or before `date` (default the latest), highest average asset first. */
export async function listPool(pool: pg.Pool, filter: Omit<PoolQuery, 'page' | 'pageSize' | 'format'>, page: Page, ctx: MarginContext): Promise<PoolList> {
  return inReadSnapshot(pool, async (client) => {
    const day = await importedDayOnOrBefore(client, filter.date);
    if (!day) return { date: null, items: [], total: 0, tradedBy: null, historyTooShort: false };
    const days = await poolDays(client, day);
    const q = sql.poolQuery(ctx.user, businessDate(ctx.now), day, days, await loadSuitabilitySettings(client), { qualifiedOnly: true, page });
    const { rows } = await client.query<sql.PoolRow>(q.rows.sql, q.rows.params);
    // the page's rows carry the pool's size; a page past the end has none, so it is counted apart
    const total = rows[0]?.total ?? (page.page > 1 ? ((await client.query<{ total: number }>(q.count.sql, q.count.params)).rows[0]?.total ?? 0) : 0);
    return { date: day, items: rows.map(({ failing: _failing, total: _total, ...item }) => item), total, tradedBy: days.tradedBy, historyTooShort: days.cutDay === null };
  });
}

/** One customer against the pool's conditions on the imported day on or before `date`; 404 when unknown or out of scope. */
export async function checkPool(pool: pg.Pool, customerNo: string, date: string | undefined, ctx: MarginContext): Promise<PoolCheck> {
  return inReadSnapshot(pool, async (client) => {
    const asOf = businessDate(ctx.now);
    await assertCustomerInScope(client, ctx.user, customerNo, asOf);
    const day = await importedDayOnOrBefore(client, date);
    // nothing imported: no figures, no trades, so AVG_ASSET and TRADING_HISTORY fail whatever else holds
    const on = day ?? date ?? asOf;
    const days = await poolDays(client, on);
    const q = sql.poolQuery(ctx.user, asOf, on, days, await loadSuitabilitySettings(client), { customerNo, qualifiedOnly: false });
    const row = (await client.query<sql.PoolRow>(q.rows.sql, q.rows.params)).rows[0];
    if (!row) throw notFound();
    const failing = row.failing as PoolCheck['failing'];
    return { customerNo, date: day, qualified: failing.length === 0, failing, avgAsset: row.avgAsset, tradedBy: days.tradedBy };
  });
}

const ACCOUNT_COLUMNS: readonly ReportColumn[] = [
  { key: 'fundAccount', zh: '信用资金账号', en: 'Credit account', kind: 'text' },
  { key: 'customerNo', zh: '客户号', en: 'Customer no.', kind: 'text' },
  { key: 'customerName', zh: '客户姓名', en: 'Customer', kind: 'text' },
  { key: 'branchName', zh: '营业部', en: 'Branch', kind: 'text' },
  { key: 'financingDebt', zh: '融资负债', en: 'Financing debt', kind: 'money', total: true },
  { key: 'lendingDebt', zh: '融券负债', en: 'Lending debt', kind: 'money', total: true },
  { key: 'interestPayable', zh: '应付利息', en: 'Interest payable', kind: 'money', total: true },
  { key: 'debt', zh: '负债合计', en: 'Total debt', kind: 'money', total: true },
  { key: 'collateralValue', zh: '担保物市值', en: 'Collateral', kind: 'money', total: true },
  { key: 'maintenanceRatio', zh: '维持担保比例', en: 'Maintenance ratio', kind: 'rate' },
  { key: 'state', zh: '状态', en: 'State', kind: 'text', code: 'marginState' },
  { key: 'date', zh: '日期', en: 'Date', kind: 'date' },
];

/** The accounts query `rows` with its figures as numeric (the JSON answer's are decimal strings): the export sums them exactly. */
function numericFigures(rows: string): string {
  const money = new Set(['financingDebt', 'lendingDebt', 'interestPayable', 'debt', 'collateralValue', 'maintenanceRatio']);
  return `select ${ACCOUNT_COLUMNS.map((c) => (money.has(c.key) ? `e."${c.key}"::numeric as "${c.key}"` : `e."${c.key}"`)).join(', ')} from (${rows}) e`;
}

export function accountExportNames(now: Date): { utf8: string; ascii: string } {
  return xlsxFileNames('信用账户', 'margin-accounts', businessDate(now));
}

/** Streams every filtered credit account in scope to `out` as .xlsx with the exact totals (audited as an export). */
export async function exportAccounts(pool: pg.Pool, filter: AccountFilters, ctx: MarginContext, out: Writable): Promise<number> {
  const asOf = businessDate(ctx.now);
  const day = await inReadSnapshot(pool, (client) => importedDayOnOrBefore(client, filter.date));
  const { rows } = sql.accountQueries(ctx.user, asOf, day ?? '1900-01-01', filter);
  return exportReport(
    pool,
    {
      report: { id: 'margin-accounts', title: { zh: '信用账户', en: 'Credit accounts' }, columns: ACCOUNT_COLUMNS, paramCodes: { marginState: 'marginState' } },
      params: { ...filter, date: day ?? filter.date },
      // no day imported: the query of a day before every import, which finds no figures and lists the accounts open then (none)
      query: { text: numericFigures(rows.sql), values: rows.params },
    },
    { user: ctx.user, asOf, now: ctx.now, ip: ctx.ip ?? '', language: ctx.language },
    out,
  );
}

const POOL_COLUMNS: readonly ReportColumn[] = [
  { key: 'customerNo', zh: '客户号', en: 'Customer no.', kind: 'text' },
  { key: 'customerName', zh: '客户姓名', en: 'Customer', kind: 'text' },
  { key: 'branchName', zh: '营业部', en: 'Branch', kind: 'text' },
  { key: 'riskLevel', zh: '风险等级', en: 'Risk category', kind: 'text', code: 'riskLevel' },
  { key: 'riskAssessedOn', zh: '测评日期', en: 'Assessed on', kind: 'text' },
  { key: 'investorClass', zh: '投资者类别', en: 'Investor class', kind: 'text', code: 'investorClass' },
  { key: 'avgAsset', zh: '近20日日均资产', en: '20-day average asset', kind: 'money' },
];

export function poolExportNames(now: Date): { utf8: string; ascii: string } {
  return xlsxFileNames('两融合格客户池', 'margin-pool', businessDate(now));
}

/** Streams the whole pool in scope to `out` as .xlsx (audited as an export). */
export async function exportPool(pool: pg.Pool, filter: Omit<PoolQuery, 'page' | 'pageSize' | 'format'>, ctx: MarginContext, out: Writable): Promise<number> {
  const asOf = businessDate(ctx.now);
  const { day, days, suitability } = await inReadSnapshot(pool, async (client) => {
    const on = (await importedDayOnOrBefore(client, filter.date)) ?? '1900-01-01';
    return { day: on, days: await poolDays(client, on), suitability: await loadSuitabilitySettings(client) };
  });
  const { rows } = sql.poolQuery(ctx.user, asOf, day, days, suitability, { qualifiedOnly: true });
  return exportReport(
    pool,
    {
      report: { id: 'margin-pool', title: { zh: '两融合格客户池', en: 'Qualified margin pool' }, columns: POOL_COLUMNS, paramCodes: {} },
      params: { date: day === '1900-01-01' ? filter.date : day },
      query: { text: rows.sql, values: rows.params },
    },
    { user: ctx.user, asOf, now: ctx.now, ip: ctx.ip ?? '', language: ctx.language },
    out,
  );
}
