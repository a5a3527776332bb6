/**
 * Customer list and 360° view, always through the one data scope (access/scope.ts) and with
 * personal information masked per role (access/pii.ts). A view that shows PII unmasked is audited
 * (`customer.view_pii`) in the transaction that read it.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type pg from 'pg';
import { codeLabel, type CodeKind, type CodeLabel } from '../../../../shared/codes.js';
import { notFound, type Language } from '../../errors.js';
import { writeExportHeader, xlsxFileNames } from '../../lib/excel.js';
import { prepared } from '../../lib/sql.js';
import { inReadSnapshot } from '../../lib/read-snapshot.js';
import { canSeePii, presentPii } from '../access/pii.js';
import { auditPiiView, writeAudit } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth.service.js';
import type { Customer360, CustomerList, CustomerListItem, CustomerProfile } from './customers.schemas.js';
import * as sql from './customers.sql.js';

/** What a customer read needs to know about the request. */
export interface ReadContext {
  /** The day relationships must be effective on (YYYY-MM-DD, business time zone). */
  asOf: string;
  ip: string;
  /** The time of the request (the export's 查询时间). */
  now?: Date;
  /** The request's language (Accept-Language): the export's titles, filters and coded cells. */
  language: Language;
}

export async function listCustomers(pool: pg.Pool, user: AuthUser, filter: sql.CustomerListFilter, ctx: ReadContext): Promise<CustomerList> {
  const queries = sql.customerListQueries(user, ctx.asOf, filter);
  return inReadSnapshot(pool, async (client) => {
    const total = await countMatching(client, queries);
    const page = await rowsOf<CustomerListItem>(client, queries.page.sql, queries.page.params);
    const items = page.map((item) => presentPii(user, item));
    if (canSeePii(user) && items.length) {
      await auditPiiView(client, user, { entity: 'customer', detail: { via: 'list', customerNos: items.map((i) => i.customerNo) }, ip: ctx.ip });
    }
    const tiers = (await rowsOf<{ name: string }>(client, sql.CONFIGURED_TIERS, [])).map((r) => r.name);
    return { items, ...total, tiers };
  });
}

/**
 * How many customers the list's filters match: exact up to sql.TOTAL_EXACT_UP_TO, past it the
 * planner's estimate (never below the bound it passed) with `totalExact: false`.
 */
async function countMatching(client: pg.PoolClient, queries: sql.CustomerListQueries): Promise<{ total: number; totalExact: boolean }> {
  const [count] = await rowsOf<{ total: string }>(client, queries.count.sql, queries.count.params);
  const exact = Number(count?.total ?? 0);
  if (exact <= sql.TOTAL_EXACT_UP_TO) return { total: exact, totalExact: true };
  const [plan] = await rowsOf<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>(client, queries.estimate.sql, queries.estimate.params);
  const estimated = Math.round(plan?.['QUERY PLAN'][0].Plan['Plan Rows'] ?? 0);
  return { total: Math.max(estimated, exact), totalExact: false };
}

/** The 360° view; 404 for an unknown customer and for one outside the caller's scope alike. */
export async function getCustomer360(pool: pg.Pool, user: AuthUser, customerNo: string, ctx: ReadContext): Promise<Customer360> {
  const profileSql = sql.profileQuery(user, ctx.asOf, customerNo);
  return inReadSnapshot(pool, async (client) => {
    const [profile] = await sectionRows<CustomerProfile>(client, profileSql.sql, profileSql.params);
    if (!profile) throw notFound();
    if (canSeePii(user)) await auditPiiView(client, user, { entity: 'customer', entityId: customerNo, detail: { via: '360' }, ip: ctx.ip });

    // A connection runs one query at a time, so the sections are read one after another.
    const byCustomer = [customerNo];
    const [latestDay] = await sectionRows<{ day: string | null }>(client, sql.LATEST_DAY, byCustomer);
    const accounts = await sectionRows<Section<'accounts'>>(client, sql.FUND_ACCOUNTS, byCustomer);
    const latest = latestDay?.day ? await readLatestDay(client, customerNo, latestDay.day) : null;
    const recentTrades = await sectionRows<Section<'recentTrades'>>(client, sql.RECENT_TRADES, byCustomer);
    const recentOrders = await sectionRows<Section<'recentOrders'>>(client, sql.RECENT_ORDERS, byCustomer);
    const recentFlows = await sectionRows<Section<'recentFlows'>>(client, sql.RECENT_FLOWS, byCustomer);
    const relationships = await sectionRows<Section<'relationships'>>(client, sql.RELATIONSHIPS, [customerNo, ctx.asOf]);
    const monthlyTrend = await sectionRows<Section<'monthlyTrend'>>(client, sql.MONTHLY_TREND, byCustomer);
    const contacts = (await sectionRows<Omit<Section<'contacts'>, 'at'> & { at: Date }>(client, sql.RECENT_CONTACTS, byCustomer))
      .map((c) => ({ ...c, at: c.at.toISOString() }));
    const alerts = await sectionRows<Section<'alerts'>>(client, sql.RECENT_ALERTS, byCustomer);
    return {
      profile: presentPii(user, profile),
      accounts,
      assets: latest?.assets ?? null,
      holdings: latest?.holdings ?? [],
      productHoldings: latest?.productHoldings ?? [],
      credit: latest?.credit ?? null,
      recentTrades,
      recentOrders,
      recentFlows,
      relationships,
      monthlyTrend,
      contacts,
      labels: [],
      alerts,
    };
  });
}

/** One row of a list section of the 360° view. */
type Section<K extends keyof Customer360> = Customer360[K] extends (infer Row)[] ? Row : never;
type Assets = NonNullable<Customer360['assets']>;
type Credit = NonNullable<Customer360['credit']>;

async function rowsOf<Row extends pg.QueryResultRow>(client: pg.PoolClient, text: string, params: unknown[]): Promise<Row[]> {
  return (await client.query<Row>(text, params)).rows;
}

/**
 * A section of the 360° view: its text is fixed (the profile's varies only with the scope's level), so
 * it runs as a named prepared statement, planned once per connection (lib/sql.ts prepared).
 */
async function sectionRows<Row extends pg.QueryResultRow>(client: pg.PoolClient, text: string, params: unknown[]): Promise<Row[]> {
  return (await client.query<Row>(prepared(text, params))).rows;
}

/** Assets, holdings and credit of the customer's last trading day with data. */
async function readLatestDay(
  client: pg.PoolClient,
  customerNo: string,
  day: string,
): Promise<Pick<Customer360, 'assets' | 'holdings' | 'productHoldings' | 'credit'>> {
  const params = [customerNo, day];
  const [totals] = await sectionRows<Omit<Assets, 'tradeDate' | 'accounts'>>(client, sql.DAY_TOTALS, params);
  const accounts = await sectionRows<Assets['accounts'][number]>(client, sql.ACCOUNT_ASSETS, params);
  const holdings = await sectionRows<Section<'holdings'>>(client, sql.HOLDINGS, params);
  const productHoldings = await sectionRows<Section<'productHoldings'>>(client, sql.PRODUCT_HOLDINGS, params);
  const [credit] = await sectionRows<Omit<Credit, 'tradeDate'>>(client, sql.CREDIT_SUMMARY, params);
  return {
    assets: totals ? { tradeDate: day, ...totals, accounts } : null,
    holdings,
    productHoldings,
    credit: credit ? { tradeDate: day, ...credit } : null,
  };
}

// ---------------------------------------------------------------- Excel export of the filtered list

const EXPORT_BATCH = 2000;

type ExportColumn = {
  title: CodeLabel;
  width: number;
  value: (item: CustomerListItem, language: Language) => string | number | null;
  numFmt?: string;
};

/** A coded column's cell: the code's label (shared/codes.ts) in the export's language; empty stays empty. */
const labelled = (kind: CodeKind, code: string | null, language: Language) => (code === null ? null : codeLabel(kind, code, language));

/** The exported columns: every column of the list, coded ones by label; money as numbers (already rounded to 0.01). */
export const EXPORT_COLUMNS: readonly ExportColumn[] = [
  { title: { zh: '客户号', en: 'Customer no.' }, width: 14, value: (c) => c.customerNo },
  { title: { zh: '客户名称', en: 'Name' }, width: 16, value: (c) => c.name },
  { title: { zh: '客户类型', en: 'Type' }, width: 10, value: (c, lang) => labelled('customerType', c.customerType, lang) },
  { title: { zh: '营业部代码', en: 'Branch code' }, width: 10, value: (c) => c.branchCode },
  { title: { zh: '营业部', en: 'Branch' }, width: 20, value: (c) => c.branchName },
  { title: { zh: '开户日期', en: 'Opened on' }, width: 12, value: (c) => c.openDate },
  { title: { zh: '销户日期', en: 'Closed on' }, width: 12, value: (c) => c.closeDate },
  { title: { zh: '状态', en: 'Status' }, width: 8, value: (c, lang) => labelled('customerStatus', c.status, lang) },
  { title: { zh: '风险等级', en: 'Risk level' }, width: 12, value: (c, lang) => labelled('riskLevel', c.riskLevel, lang) },
  { title: { zh: '手机号', en: 'Mobile' }, width: 14, value: (c) => c.mobile },
  { title: { zh: '级别', en: 'Tier' }, width: 10, value: (c) => c.tier },
  { title: { zh: '生命周期', en: 'Lifecycle' }, width: 10, value: (c, lang) => labelled('lifecycle', c.lifecycle, lang) },
  { title: { zh: '总资产(元)', en: 'Total asset (CNY)' }, width: 18, value: (c) => Number(c.totalAsset), numFmt: '#,##0.00' },
  { title: { zh: '净资产(元)', en: 'Net asset (CNY)' }, width: 18, value: (c) => Number(c.netAsset), numFmt: '#,##0.00' },
  {
    title: { zh: '开发人员', en: 'Developed by' },
    width: 24,
    value: (c, lang) => c.developStaff.map((s) => (s.weight === '1' ? s.name : `${s.name}×${s.weight}`)).join(lang === 'en' ? ', ' : '、') || null,
  },
];

/** The dictionary kind of each coded filter, for the export's 查询参数 row. */
const FILTER_CODES = { view: 'listView', lifecycle: 'lifecycle', status: 'customerStatus', sort: 'customerSort' } as const;

/** The export's file name: 客户列表 or 历史客户 and the day, with an ASCII fallback. */
export function exportFileNames(filter: sql.CustomerListFilter, asOf: string): { utf8: string; ascii: string } {
  const history = filter.view === 'history';
  return history ? xlsxFileNames('历史客户', 'customer-history', asOf) : xlsxFileNames('客户列表', 'customers', asOf);
}

/** The filters as the export's header shows and its audit row records them: only those given. */
function givenFilters(filter: sql.CustomerListFilter): Record<string, string> {
  const shown: Record<string, string> = {};
  for (const key of ['view', 'q', 'branch', 'tier', 'lifecycle', 'status', 'openFrom', 'openTo', 'minAsset', 'maxAsset', 'sort'] as const) {
    const value = filter[key];
    if (value !== undefined && value !== '') shown[key] = String(value);
  }
  return shown;
}

/**
 * Writes every row of the filtered list (page and pageSize ignored) as an .xlsx workbook to `out`,
 * streamed: a cursor is read in batches and each row committed as it arrives. PII is masked by
 * role as on screen; the export is audited ('customer.export', with the filters, the row count and
 * whether PII was unmasked) in the transaction that read it. Returns the number of rows.
 */
export async function exportCustomers(pool: pg.Pool, user: AuthUser, filter: sql.CustomerListFilter, ctx: ReadContext, out: Writable): Promise<number> {
  const query = sql.customerExportQuery(user, ctx.asOf, filter);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const { language } = ctx;
  const title = filter.view === 'history' ? { zh: '历史客户', en: 'Former customers' }[language] : { zh: '客户列表', en: 'Customers' }[language];
  const sheet = workbook.addWorksheet(title);
  sheet.columns = EXPORT_COLUMNS.map((c) => ({ width: c.width }));
  const filters = givenFilters(filter);
  writeExportHeader(sheet, { title, parameters: filters, codes: FILTER_CODES, now: ctx.now ?? new Date(), language });
  const header = sheet.addRow(EXPORT_COLUMNS.map((c) => c.title[language]));
  header.font = { bold: true };
  header.commit();

  const rows = await inReadSnapshot(pool, async (client) => {
    let count = 0;
    await client.query(`declare customer_rows no scroll cursor for ${query.sql}`, query.params);
    for (;;) {
      const batch = await rowsOf<CustomerListItem>(client, `fetch forward ${EXPORT_BATCH} from customer_rows`, []);
      for (const raw of batch) {
        const item = presentPii(user, raw);
        const row = sheet.addRow(EXPORT_COLUMNS.map((c) => c.value(item, language)));
        EXPORT_COLUMNS.forEach((c, i) => {
          if (c.numFmt) row.getCell(i + 1).numFmt = c.numFmt;
        });
        row.commit();
      }
      count += batch.length;
      if (out.writableNeedDrain) await once(out, 'drain');
      if (batch.length < EXPORT_BATCH) break;
    }
    await client.query('close customer_rows');
    await writeAudit(client, {
      user, action: 'customer.export', entity: 'customer', detail: { filters, rows: count, pii: canSeePii(user) }, ip: ctx.ip,
    });
    return count;
  });
  sheet.commit();
  await workbook.commit();
  return rows;
}
