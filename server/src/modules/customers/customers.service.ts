/**
 * Customer list and 360° view, always through the one data scope (access/scope.ts) and with
 * personal information masked per role (access/pii.ts). A view that shows PII unmasked is audited
 * (`customer.view_pii`) in the transaction that read it.
 */
import type pg from 'pg';
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
