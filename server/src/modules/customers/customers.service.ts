/**
 * Customer list and 360° view, always through the one data scope (access/scope.ts) and with
 * personal information masked per role (access/pii.ts). A view that shows PII unmasked is audited
 * (`customer.view_pii`) in the transaction that read it.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type pg from 'pg';
import { config } from '../../config.js';
import { inTransaction } from '../../db/database.js';
import { notFound } from '../../errors.js';
import { canSeePii, presentPii } from '../access/pii.js';
import { writeAudit } from '../audit/audit.service.js';
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
}

/**
 * A transaction whose reads all see one snapshot, so that an import committing meanwhile cannot mix
 * two days in one answer; the PII audit row is written in it too.
 */
function inReadSnapshot<T>(pool: pg.Pool, read: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return inTransaction(pool, async (client) => {
    await client.query('set transaction isolation level repeatable read');
    return read(client);
  });
}

async function auditPiiView(client: pg.PoolClient, user: AuthUser, ctx: ReadContext, view: { entityId?: string; detail: unknown }): Promise<void> {
  await writeAudit(client, { user, action: 'customer.view_pii', entity: 'customer', entityId: view.entityId, detail: view.detail, ip: ctx.ip });
}

export async function listCustomers(pool: pg.Pool, user: AuthUser, filter: sql.CustomerListFilter, ctx: ReadContext): Promise<CustomerList> {
  const queries = sql.customerListQueries(user, ctx.asOf, filter);
  return inReadSnapshot(pool, async (client) => {
    const [count] = await rowsOf<{ total: string }>(client, queries.count.sql, queries.count.params);
    const page = await rowsOf<CustomerListItem>(client, queries.page.sql, queries.page.params);
    const items = page.map((item) => presentPii(user, item));
    if (canSeePii(user) && items.length) {
      await auditPiiView(client, user, ctx, { detail: { via: 'list', customerNos: items.map((i) => i.customerNo) } });
    }
    return { items, total: Number(count?.total ?? 0) };
  });
}

/** The 360° view; 404 for an unknown customer and for one outside the caller's scope alike. */
export async function getCustomer360(pool: pg.Pool, user: AuthUser, customerNo: string, ctx: ReadContext): Promise<Customer360> {
  const profileSql = sql.profileQuery(user, ctx.asOf, customerNo);
  return inReadSnapshot(pool, async (client) => {
    const [profile] = await rowsOf<CustomerProfile>(client, profileSql.sql, profileSql.params);
    if (!profile) throw notFound();
    if (canSeePii(user)) await auditPiiView(client, user, ctx, { entityId: customerNo, detail: { via: '360' } });

    // A connection runs one query at a time, so the sections are read one after another.
    const byCustomer = [customerNo];
    const [latestDay] = await rowsOf<{ day: string | null }>(client, sql.LATEST_DAY, byCustomer);
    const accounts = await rowsOf<Section<'accounts'>>(client, sql.FUND_ACCOUNTS, byCustomer);
    const latest = latestDay?.day ? await readLatestDay(client, customerNo, latestDay.day) : null;
    const recentTrades = await rowsOf<Section<'recentTrades'>>(client, sql.RECENT_TRADES, byCustomer);
    const recentOrders = await rowsOf<Section<'recentOrders'>>(client, sql.RECENT_ORDERS, byCustomer);
    const recentFlows = await rowsOf<Section<'recentFlows'>>(client, sql.RECENT_FLOWS, byCustomer);
    const relationships = await rowsOf<Section<'relationships'>>(client, sql.RELATIONSHIPS, [customerNo, ctx.asOf]);
    const monthlyTrend = await rowsOf<Section<'monthlyTrend'>>(client, sql.MONTHLY_TREND, byCustomer);
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
      contacts: [],
      labels: [],
      alerts: [],
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

/** Assets, holdings and credit of the customer's last trading day with data. */
async function readLatestDay(
  client: pg.PoolClient,
  customerNo: string,
  day: string,
): Promise<Pick<Customer360, 'assets' | 'holdings' | 'productHoldings' | 'credit'>> {
  const params = [customerNo, day];
  const [totals] = await rowsOf<Omit<Assets, 'tradeDate' | 'accounts'>>(client, sql.DAY_TOTALS, params);
  const accounts = await rowsOf<Assets['accounts'][number]>(client, sql.ACCOUNT_ASSETS, params);
  const holdings = await rowsOf<Section<'holdings'>>(client, sql.HOLDINGS, params);
  const productHoldings = await rowsOf<Section<'productHoldings'>>(client, sql.PRODUCT_HOLDINGS, params);
  const [credit] = await rowsOf<Omit<Credit, 'tradeDate'>>(client, sql.CREDIT_SUMMARY, params);
  return {
    assets: totals ? { tradeDate: day, ...totals, accounts } : null,
    holdings,
    productHoldings,
    credit: credit ? { tradeDate: day, ...credit } : null,
  };
}

// ---------------------------------------------------------------- Excel export of the filtered list

const EXPORT_BATCH = 2000;

/** Chinese labels of the coded columns, as the web shows them. */
const LABELS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  customerType: { P: '个人', O: '机构', F: '产品' },
  status: { NORMAL: '正常', FROZEN: '冻结', LOST: '挂失', DORMANT: '休眠', CLOSED: '销户' },
  lifecycle: { POTENTIAL: '潜在', ACTIVE: '活跃', SLEEPING: '睡眠', DORMANT: '休眠', CHURNED: '流失' },
};

type ExportColumn = { title: string; width: number; value: (item: CustomerListItem) => string | number | null; numFmt?: string };

const label = (kind: string, code: string | null) => (code === null ? null : (LABELS[kind]?.[code] ?? code));

/** The exported columns: every column of the list, titles in Chinese; money as numbers (already rounded to 0.01). */
export const EXPORT_COLUMNS: readonly ExportColumn[] = [
  { title: '客户号', width: 14, value: (c) => c.customerNo },
  { title: '客户名称', width: 16, value: (c) => c.name },
  { title: '客户类型', width: 10, value: (c) => label('customerType', c.customerType) },
  { title: '营业部代码', width: 10, value: (c) => c.branchCode },
  { title: '营业部', width: 20, value: (c) => c.branchName },
  { title: '开户日期', width: 12, value: (c) => c.openDate },
  { title: '销户日期', width: 12, value: (c) => c.closeDate },
  { title: '状态', width: 8, value: (c) => label('status', c.status) },
  { title: '风险等级', width: 8, value: (c) => c.riskLevel },
  { title: '手机号', width: 14, value: (c) => c.mobile },
  { title: '级别', width: 10, value: (c) => c.tier },
  { title: '生命周期', width: 10, value: (c) => label('lifecycle', c.lifecycle) },
  { title: '总资产(元)', width: 18, value: (c) => Number(c.totalAsset), numFmt: '#,##0.00' },
  { title: '净资产(元)', width: 18, value: (c) => Number(c.netAsset), numFmt: '#,##0.00' },
  { title: '开发人员', width: 24, value: (c) => c.developStaff.map((s) => (s.weight === '1' ? s.name : `${s.name}×${s.weight}`)).join('、') || null },
];

/** The export's file name: 客户列表 or 历史客户 and the day, with an ASCII fallback. */
export function exportFileNames(filter: sql.CustomerListFilter, asOf: string): { utf8: string; ascii: string } {
  const history = filter.view === 'history';
  return { utf8: `${history ? '历史客户' : '客户列表'}_${asOf}.xlsx`, ascii: `${history ? 'customer-history' : 'customers'}_${asOf}.xlsx` };
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

function businessTime(now: Date): string {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone: config().TZ_BUSINESS, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).format(now);
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
  const title = filter.view === 'history' ? '历史客户' : '客户列表';
  const sheet = workbook.addWorksheet(title);
  sheet.columns = EXPORT_COLUMNS.map((c) => ({ width: c.width }));
  const heading = sheet.addRow([title]);
  heading.font = { bold: true, size: 14 };
  heading.commit();
  const filters = givenFilters(filter);
  sheet.addRow(['查询条件', Object.entries(filters).map(([k, v]) => `${k}=${v}`).join('; ')]).commit();
  sheet.addRow(['查询时间', businessTime(ctx.now ?? new Date())]).commit();
  sheet.addRow([]).commit();
  const header = sheet.addRow(EXPORT_COLUMNS.map((c) => c.title));
  header.font = { bold: true };
  header.commit();

  const rows = await inReadSnapshot(pool, async (client) => {
    let count = 0;
    await client.query(`declare customer_rows no scroll cursor for ${query.sql}`, query.params);
    for (;;) {
      const batch = await rowsOf<CustomerListItem>(client, `fetch forward ${EXPORT_BATCH} from customer_rows`, []);
      for (const raw of batch) {
        const item = presentPii(user, raw);
        const row = sheet.addRow(EXPORT_COLUMNS.map((c) => c.value(item)));
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
