/**
 * Staff reads (人员管理 / 营销管理): the list, a profile with its history, and the relationship-scoped
 * lists of one staff member — current and history customers, monthly indicators and trading
 * statistics, the customers' assets, holdings and flows. Every read first finds the staff
 * member through the caller's `staffScope` (404 when unknown or out of scope alike) and reads its
 * customers' figures through the caller's `customerScope`. A profile shown with unmasked mobile or
 * e-mail is audited (`staff.view_pii`) in the transaction that read it.
 */
import type pg from 'pg';
import { notFound, validationFailed, type AppError } from '../../errors.js';
import { addMonths } from '../../lib/dates.js';
import { inReadSnapshot } from '../../lib/read-snapshot.js';
import { canSeePii, presentPii } from '../access/pii.js';
import { auditPiiView } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth.service.js';
import { assertNotArchived } from '../housekeeping/archive.service.js';
import { REPORTS } from '../reports/reports.registry.js';
import { showValue } from '../reports/reports.rules.js';
import type { ReportContext } from '../reports/reports.sql.js';
import type {
  FlowsFilter, HoldingsFilter, IndicatorsFilter, MonthlyIndicator, MonthlyTrading, StaffAssets, StaffCustomer,
  StaffCustomers, StaffCustomersFilter, StaffFlow, StaffFlows, StaffHoldings, StaffHolding, StaffIndicators, StaffList, StaffListFilter,
  StaffListItem, StaffProfile,
} from './staff.schemas.js';
import * as sql from './staff.sql.js';

/** What a staff read needs to know about the request. */
export interface ReadContext {
  /** Today in the business time zone: "current" relationships and the data scope's day. */
  asOf: string;
  ip: string;
}

type Client = pg.PoolClient;

async function rowsOf<Row extends pg.QueryResultRow>(client: Client, query: sql.Query): Promise<Row[]> {
  return (await client.query<Row>(query.text, query.values)).rows;
}

async function totalOf(client: Client, query: sql.Query): Promise<number> {
  const [row] = await rowsOf<{ total: number }>(client, query);
  return row?.total ?? 0;
}

type ProfileRow = StaffListItem & { mobile: string | null; email: string | null };

/** The staff member if in the caller's staff scope, else 404 (unknown and out of scope alike). */
async function staffInScope(client: Client, user: AuthUser, ctx: ReadContext, staffNo: string): Promise<ProfileRow> {
  const [row] = await rowsOf<ProfileRow>(client, sql.staffProfileQuery(user, ctx.asOf, staffNo));
  if (!row) throw notFound();
  return row;
}

/** The last imported trading day on or before today; null before the first import. */
async function lastTradingDay(client: Client, asOf: string): Promise<string | null> {
  const [row] = (await client.query<{ day: string | null }>(sql.LAST_TRADING_DAY, [asOf])).rows;
  return row?.day ?? null;
}

function reportContext(user: AuthUser, ctx: ReadContext): ReportContext {
  return { user, asOf: ctx.asOf };
}

// ---------------------------------------------------------------- list and profile

export async function listStaff(pool: pg.Pool, user: AuthUser, filter: StaffListFilter, ctx: ReadContext): Promise<StaffList> {
  const queries = sql.staffListQueries(user, ctx.asOf, filter);
  return inReadSnapshot(pool, async (client) => ({
    total: await totalOf(client, queries.count),
    items: await rowsOf<StaffListItem>(client, queries.page),
  }));
}

export async function getStaffProfile(pool: pg.Pool, user: AuthUser, staffNo: string, ctx: ReadContext): Promise<StaffProfile> {
  return inReadSnapshot(pool, async (client) => {
    const row = await staffInScope(client, user, ctx, staffNo);
    if (canSeePii(user) && (row.mobile !== null || row.email !== null)) {
      await auditPiiView(client, user, { entity: 'staff', entityId: staffNo, detail: { via: 'profile' }, ip: ctx.ip });
    }
    const [counts] = (await client.query<StaffProfile['counts']>(sql.STAFF_COUNTS, [staffNo, ctx.asOf])).rows;
    const history = (await client.query<StaffProfile['history'][number]>(sql.STAFF_HISTORY, [staffNo, ctx.asOf])).rows;
    const { mobile, email } = presentPii(user, { mobile: row.mobile, email: row.email });
    return {
      ...row,
      mobile,
      email,
      asOf: ctx.asOf,
      counts: counts ?? { currentCustomers: 0, developWeight: '0', historyCustomers: 0 },
      history,
    };
  });
}

// ---------------------------------------------------------------- customers

export async function listStaffCustomers(
  pool: pg.Pool,
  user: AuthUser,
  staffNo: string,
  filter: StaffCustomersFilter,
  ctx: ReadContext,
): Promise<StaffCustomers> {
  const queries = sql.staffCustomerQueries(user, ctx.asOf, staffNo, filter);
  return inReadSnapshot(pool, async (client) => {
    await staffInScope(client, user, ctx, staffNo);
    return {
      view: filter.view,
      asOf: ctx.asOf,
      total: await totalOf(client, queries.count),
      items: await rowsOf<StaffCustomer>(client, queries.page),
    };
  });
}

// ---------------------------------------------------------------- indicators

/** The months from `first` to `last`, both included. */
export function monthsBetween(first: string, last: string): string[] {
  const months: string[] = [];
  for (let m = first; m <= last; m = addMonths(m, 1)) months.push(m);
  return months;
}

/** Default: the twelve months up to the current one; one bound given alone spans twelve months from or to it. */
function monthRange(filter: { monthFrom?: string | undefined; monthTo?: string | undefined }, asOf: string): { monthFrom: string; monthTo: string } {
  const monthTo = filter.monthTo ?? (filter.monthFrom ? addMonths(filter.monthFrom, 11) : asOf.slice(0, 7));
  return { monthFrom: filter.monthFrom ?? addMonths(monthTo, -11), monthTo };
}

const STAFF_MONTHLY = REPORTS.get('staff-monthly');

/** A staff-monthly row as that report shows it (counts to 0.01 as numbers, money to 0.01 as strings). */
function shownIndicator(month: string, raw: Record<string, unknown>): MonthlyIndicator {
  if (!STAFF_MONTHLY) throw new Error('the staff-monthly report is not registered');
  const shown = Object.fromEntries(STAFF_MONTHLY.columns.filter((c) => c.key !== 'staffNo').map((c) => [c.key, showValue(c.kind, raw[c.key])]));
  return { month, ...shown } as MonthlyIndicator;
}

export async function getStaffIndicators(
  pool: pg.Pool,
  user: AuthUser,
  staffNo: string,
  filter: IndicatorsFilter,
  ctx: ReadContext,
): Promise<StaffIndicators> {
  const { monthFrom, monthTo } = monthRange(filter, ctx.asOf);
  return inReadSnapshot(pool, async (client) => {
    await staffInScope(client, user, ctx, staffNo);
    const months: MonthlyIndicator[] = [];
    for (const month of monthsBetween(monthFrom, monthTo)) {
      const [raw] = await rowsOf<Record<string, unknown>>(client, sql.monthlyIndicatorQuery(reportContext(user, ctx), staffNo, month));
      if (raw) months.push(shownIndicator(month, raw));
    }
    const trading = await rowsOf<MonthlyTrading>(client, sql.monthlyTradingQuery(user, staffNo, monthFrom, monthTo));
    return { monthFrom, monthTo, months, trading };
  });
}

// ---------------------------------------------------------------- assets, holdings, flows

export async function getStaffAssets(pool: pg.Pool, user: AuthUser, staffNo: string, filter: { date?: string | undefined }, ctx: ReadContext): Promise<StaffAssets> {
  return inReadSnapshot(pool, async (client) => {
    await staffInScope(client, user, ctx, staffNo);
    const date = filter.date ?? (await lastTradingDay(client, ctx.asOf));
    const zero = '0.00';
    if (!date) {
      return {
        date: null,
        items: [],
        totals: { stockValue: zero, fundValue: zero, bondValue: zero, otherValue: zero, cashCny: zero, cashUsd: zero, cashHkd: zero, totalAsset: zero, commission: zero },
      };
    }
    const items = await rowsOf<StaffAssets['items'][number]>(client, sql.staffAssetsQuery(reportContext(user, ctx), staffNo, date));
    const [totals] = await rowsOf<StaffAssets['totals']>(client, sql.staffAssetTotalsQuery(reportContext(user, ctx), staffNo, date));
    if (!totals) throw new Error('staff asset totals: no row');
    return { date, items, totals };
  });
}

export async function getStaffHoldings(pool: pg.Pool, user: AuthUser, staffNo: string, filter: HoldingsFilter, ctx: ReadContext): Promise<StaffHoldings> {
  return inReadSnapshot(pool, async (client) => {
    await staffInScope(client, user, ctx, staffNo);
    const date = filter.date ?? (await lastTradingDay(client, ctx.asOf));
    if (!date) return { date: null, items: [], total: 0 };
    await assertNotArchived(client, date, date);
    const queries = sql.staffHoldingsQueries(user, ctx.asOf, staffNo, { date, page: filter.page, pageSize: filter.pageSize });
    return { date, total: await totalOf(client, queries.count), items: await rowsOf<StaffHolding>(client, queries.page) };
  });
}

export async function getStaffFlows(pool: pg.Pool, user: AuthUser, staffNo: string, filter: FlowsFilter, ctx: ReadContext): Promise<StaffFlows> {
  return inReadSnapshot(pool, async (client) => {
    await staffInScope(client, user, ctx, staffNo);
    const to = filter.to ?? (await lastTradingDay(client, ctx.asOf)) ?? filter.from;
    if (!to) return { kind: filter.kind, from: null, to: null, items: [], total: 0 };
    const from = filter.from ?? `${to.slice(0, 7)}-01`;
    if (from > to) throw badRange();
    await assertNotArchived(client, from, to);
    const queries = sql.staffFlowQueries(user, ctx.asOf, staffNo, { kind: filter.kind, from, to, page: filter.page, pageSize: filter.pageSize });
    return { kind: filter.kind, from, to, total: await totalOf(client, queries.count), items: await rowsOf<StaffFlow>(client, queries.page) };
  });
}

/** `from` given alone, after the default `to` (the last trading day). */
function badRange(): AppError {
  return validationFailed([{ field: 'to', message: { zh: '须给出不早于 from 的 to', en: 'give a `to` not before `from`' } }]);
}
