/**
 * Customer value (客户价值, RFM) and contribution (客户贡献), business-rules.md §6: the segment
 * counts and the contribution scatter of the caller's scope, their customer lists and Excel exports
 * (audited as exports), and `customerValue` for the 360° profile. Every read is one snapshot; the
 * day is the latest imported trading day on or before the `date` asked (default the last one).
 */
import type { Writable } from 'node:stream';
import type pg from 'pg';
import { Decimal } from 'decimal.js';
import { config } from '../../config.js';
import type { Language } from '../../errors.js';
import { roundHalfUp } from '../../lib/decimal.js';
import { xlsxFileNames } from '../../lib/excel.js';
import { inReadSnapshot } from '../../lib/read-snapshot.js';
import type { ScopeSubject } from '../access/scope.js';
import type { AuthUser } from '../auth/auth.service.js';
import type { ReportColumn } from '../reports/reports.registry.js';
import { exportReport } from '../reports/reports.service.js';
import { SEGMENTS } from './value.rules.js';
import type {
  ContributionAnswer, ContributionCustomer, ContributionCustomerList, ContributionCustomersQuery, RfmAnswer, RfmCustomer, RfmCustomerList, RfmCustomersQuery,
} from './value.schemas.js';
import * as sql from './value.sql.js';
import { importedDayOnOrBefore } from '../figures/figures.sql.js';

/** What a value read needs to know about the request. */
export interface ValueContext {
  user: AuthUser;
  now: Date;
  ip?: string;
  language: Language;
}

/** The scatter sends at most this many points (the largest accounts); the lists page through all. */
export const POINTS_LIMIT = 30_000;

const money = (v: string | null | undefined): string => roundHalfUp(v ?? '0', 2);

/** The reads scan a day of the scope's figures: no JIT (its compile costs more than it saves here), room to hash. */
const READ_SETTINGS = `set local jit = off; set local work_mem = '64MB'`;

function readSnapshot<T>(pool: pg.Pool, read: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return inReadSnapshot(pool, read, READ_SETTINGS);
}

function queryContext(user: ScopeSubject, day: string): sql.ValueQueryContext {
  return { user, day, timeZone: config().TZ_BUSINESS };
}

/**
 * A list's total: the page's rows carry it (count(*) over the filtered rows, before the limit); a
 * page past the end has no row to carry it, so only then is it counted on its own.
 */
async function totalOf(client: pg.PoolClient, rows: readonly { __total: number }[], page: number, count: sql.SqlQuery): Promise<number> {
  if (rows[0]) return rows[0].__total;
  if (page === 1) return 0;
  return (await client.query<{ total: number }>(count.sql, count.params)).rows[0]?.total ?? 0;
}

const EMPTY_SEGMENTS = (): RfmAnswer['segments'] => SEGMENTS.map((s) => ({ segment: s.code, r: s.r, f: s.f, m: s.m, customers: 0, netAsset: '0.00' }));

/** The eight segments of the caller's scope on the day: customers and net assets, with the averages. */
export async function rfmSummary(pool: pg.Pool, user: AuthUser, date: string | undefined): Promise<RfmAnswer> {
  return readSnapshot(pool, async (client) => {
    const day = await importedDayOnOrBefore(client, date);
    if (!day) return { date: null, customers: 0, averages: { r: '0.00', f: '0.00', m: '0.00' }, segments: EMPTY_SEGMENTS() };
    const q = sql.rfmSummaryQuery(queryContext(user, day));
    const { rows } = await client.query<{ n: number; sr: string; sf: string; sm: string; segment: string | null; customers: number; netAsset: string }>(q.sql, q.params);
    const totals = rows[0];
    const found = rows.filter((r) => r.segment !== null);
    const n = totals?.n ?? 0;
    const average = (sum: string | undefined) => (n === 0 ? '0.00' : new Decimal(sum ?? 0).div(n).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2));
    return {
      date: day,
      customers: n,
      averages: { r: average(totals?.sr), f: average(totals?.sf), m: average(totals?.sm) },
      segments: EMPTY_SEGMENTS().map((s) => {
        const row = found.find((x) => x.segment === s.segment);
        return row ? { ...s, customers: row.customers, netAsset: money(row.netAsset) } : s;
      }),
    };
  });
}

interface RfmRow extends Omit<RfmCustomer, 'm' | 'netAsset'> {
  m: string;
  netAsset: string;
}

/** The customers of a segment (or of every one) in the caller's scope, M high to low, a page at a time. */
export async function listRfmCustomers(pool: pg.Pool, user: AuthUser, query: Omit<RfmCustomersQuery, 'format'>): Promise<RfmCustomerList> {
  return readSnapshot(pool, async (client) => {
    const day = await importedDayOnOrBefore(client, query.date);
    if (!day) return { date: null, items: [], total: 0 };
    const q = sql.rfmCustomerQueries(queryContext(user, day), { segment: query.segment }, { page: query.page, pageSize: query.pageSize });
    const { rows } = await client.query<RfmRow & { __total: number }>(q.rows.sql, q.rows.params);
    const total = await totalOf(client, rows, query.page, q.count);
    return { date: day, total, items: rows.map(({ __total: _total, ...r }) => ({ ...r, m: money(r.m), netAsset: money(r.netAsset) })) };
  });
}

const RFM_COLUMNS: readonly ReportColumn[] = [
  { key: 'customerNo', zh: '客户号', en: 'Customer no.', kind: 'text' },
  { key: 'name', zh: '客户姓名', en: 'Customer', kind: 'text' },
  { key: 'branchName', zh: '营业部', en: 'Branch', kind: 'text' },
  { key: 'segment', zh: '客户价值分群', en: 'RFM segment', kind: 'text', code: 'rfmSegment' },
  { key: 'r', zh: 'R（距上次交易交易日数）', en: 'R (trading days since last trade)', kind: 'int' },
  { key: 'f', zh: 'F（近250日交易天数）', en: 'F (trading days with trades, last 250)', kind: 'int' },
  { key: 'm', zh: 'M（近250日净佣金）', en: 'M (net commission, last 250 days)', kind: 'money', total: true },
  { key: 'netAsset', zh: '净资产', en: 'Net asset', kind: 'money', total: true },
  { key: 'tier', zh: '级别', en: 'Tier', kind: 'text' },
  { key: 'staff', zh: '服务人员', en: 'Staff', kind: 'text' },
];

/** The export's file name: title and day (the one asked, else today), with an ASCII fallback. */
export function valueExportNames(what: 'rfm' | 'contribution', day: string): { utf8: string; ascii: string } {
  return what === 'rfm' ? xlsxFileNames('客户价值', 'customer-value', day) : xlsxFileNames('客户贡献', 'customer-contribution', day);
}

/** The day an export answers (the latest imported on or before `date`); null when nothing is imported. */
async function exportDay(pool: pg.Pool, date: string | undefined): Promise<string | null> {
  return readSnapshot(pool, (client) => importedDayOnOrBefore(client, date));
}

/** Streams the RFM customers of the filter as .xlsx (audited as an export); returns the number of rows. */
export async function exportRfmCustomers(pool: pg.Pool, filter: { date?: string; segment?: string }, ctx: ValueContext, out: Writable): Promise<number> {
  const day = await exportDay(pool, filter.date);
  const q = sql.rfmCustomerQueries(queryContext(ctx.user, day ?? '1900-01-01'), { segment: filter.segment }, null);
  return exportReport(
    pool,
    {
      report: { id: 'customer-value', title: { zh: '客户价值', en: 'Customer value (RFM)' }, columns: RFM_COLUMNS, paramCodes: { segment: 'rfmSegment' } },
      params: { date: day ?? '', ...(filter.segment ? { segment: filter.segment } : {}) },
      query: { text: q.rows.sql, values: q.rows.params },
    },
    { user: ctx.user, asOf: day ?? '', now: ctx.now, ip: ctx.ip ?? '', language: ctx.language },
    out,
  );
}

/** The contribution of the caller's scope on the day: exact totals, the rule, and the scatter's points. */
export async function contributionSummary(pool: pg.Pool, user: AuthUser, date: string | undefined): Promise<ContributionAnswer> {
  return readSnapshot(pool, async (client) => {
    const day = await importedDayOnOrBefore(client, date);
    const settings = (await client.query<{ tiers: string[]; low: string | null }>(
      `select coalesce((select array_agg(x.name order by x.min desc) from (
                select tr->>'name' as name, (tr->>'min')::numeric as min from settings st, jsonb_array_elements(st.value) tr where st.key = 'tiers'
                 order by 2 desc limit coalesce((select (value->>'largeTopTiers')::int from settings where key = 'contribution'), 1)) x), '{}') as tiers,
              (select value->>'lowContributionPercent' from settings where key = 'contribution') as low`,
    )).rows[0];
    const rule = { largeTiers: settings?.tiers ?? [], lowContributionPercent: settings?.low ?? '0' };
    const emptyPoints = { customerNo: [], name: [], avgNetAsset: [], contribution: [], flagged: [] };
    if (!day) {
      const zero = '0.00';
      return {
        date: null,
        summary: { customers: 0, netCommission: zero, cashSpread: zero, marginInterest: zero, productFees: zero, contactCost: zero, staffCost: zero, contribution: zero, avgNetAsset: zero, flagged: 0, flaggedAvgNetAsset: zero, flaggedContribution: zero },
        rule, points: emptyPoints, pointsLimit: POINTS_LIMIT, truncated: false,
      };
    }
    const q = sql.contributionOverviewQuery(queryContext(user, day), POINTS_LIMIT);
    type Row = Record<string, string> & { customers: number; flagged: number; customerNo: string | null; name: string; pointAsset: string; pointContribution: string; pointFlagged: boolean };
    const { rows } = await client.query<Row>(q.sql, q.params);
    const t = rows[0];
    const shown = rows.filter((r) => r.customerNo !== null);
    const points = {
      customerNo: shown.map((r) => r.customerNo ?? ''), name: shown.map((r) => r.name), avgNetAsset: shown.map((r) => r.pointAsset),
      contribution: shown.map((r) => r.pointContribution), flagged: shown.map((r) => r.pointFlagged),
    };
    const customers = t?.customers ?? 0;
    return {
      date: day,
      summary: {
        customers,
        netCommission: money(t?.netCommission), cashSpread: money(t?.cashSpread), marginInterest: money(t?.marginInterest), productFees: money(t?.productFees),
        contactCost: money(t?.contactCost), staffCost: money(t?.staffCost), contribution: money(t?.contribution), avgNetAsset: money(t?.avgNetAsset),
        flagged: t?.flagged ?? 0, flaggedAvgNetAsset: money(t?.flaggedAvgNetAsset), flaggedContribution: money(t?.flaggedContribution),
      },
      rule,
      points,
      pointsLimit: POINTS_LIMIT,
      truncated: customers > POINTS_LIMIT,
    };
  });
}

const MONEY_PARTS = ['netAsset', 'avgNetAsset', 'netCommission', 'cashSpread', 'marginInterest', 'productFees', 'contactCost', 'staffCost', 'contribution'] as const;

/** The contribution customers of the filter in the caller's scope, with every part, a page at a time. */
export async function listContributionCustomers(pool: pg.Pool, user: AuthUser, query: Omit<ContributionCustomersQuery, 'format'>): Promise<ContributionCustomerList> {
  return readSnapshot(pool, async (client) => {
    const day = await importedDayOnOrBefore(client, query.date);
    if (!day) return { date: null, items: [], total: 0 };
    const q = sql.contributionCustomerQueries(queryContext(user, day), { flagged: query.flagged, sort: query.sort }, { page: query.page, pageSize: query.pageSize });
    const { rows } = await client.query<ContributionCustomer & { __total: number }>(q.rows.sql, q.rows.params);
    const total = await totalOf(client, rows, query.page, q.count);
    return {
      date: day,
      total,
      items: rows.map(({ __total: _total, ...r }) => {
        const shown = { ...r };
        for (const key of MONEY_PARTS) shown[key] = money(r[key]);
        return shown;
      }),
    };
  });
}

const CONTRIBUTION_COLUMNS: readonly ReportColumn[] = [
  { key: 'customerNo', zh: '客户号', en: 'Customer no.', kind: 'text' },
  { key: 'name', zh: '客户姓名', en: 'Customer', kind: 'text' },
  { key: 'branchName', zh: '营业部', en: 'Branch', kind: 'text' },
  { key: 'tier', zh: '级别', en: 'Tier', kind: 'text' },
  { key: 'netAsset', zh: '净资产', en: 'Net asset', kind: 'money', total: true },
  { key: 'avgNetAsset', zh: '20日日均净资产', en: '20-day average net asset', kind: 'money', total: true },
  { key: 'netCommission', zh: '净佣金', en: 'Net commission', kind: 'money', total: true },
  { key: 'cashSpread', zh: '利差收入', en: 'Cash interest spread', kind: 'money', total: true },
  { key: 'marginInterest', zh: '融资融券利息', en: 'Margin interest', kind: 'money', total: true },
  { key: 'productFees', zh: '产品费用分成', en: 'Product fees', kind: 'money', total: true },
  { key: 'contacts', zh: '接触次数', en: 'Contacts', kind: 'int', total: true },
  { key: 'contactCost', zh: '接触成本', en: 'Contact cost', kind: 'money', total: true },
  { key: 'staffCost', zh: '人员成本', en: 'Staff cost', kind: 'money', total: true },
  { key: 'contribution', zh: '客户贡献', en: 'Contribution', kind: 'money', total: true },
  { key: 'flagged', zh: '大额低贡献', en: 'Large, low contribution', kind: 'text', code: 'yesNo' },
  { key: 'staff', zh: '服务人员', en: 'Staff', kind: 'text' },
];

/** Streams the contribution customers of the filter as .xlsx (audited as an export); returns the number of rows. */
export async function exportContributionCustomers(pool: pg.Pool, filter: sql.ContributionListFilter & { date?: string }, ctx: ValueContext, out: Writable): Promise<number> {
  const day = await exportDay(pool, filter.date);
  const q = sql.contributionCustomerQueries(queryContext(ctx.user, day ?? '1900-01-01'), { flagged: filter.flagged, sort: filter.sort }, null);
  const text = `select q.*, q.flagged::text as flagged_code from (${q.rows.sql}) q`;
  return exportReport(
    pool,
    {
      report: {
        id: 'customer-contribution', title: { zh: '客户贡献', en: 'Customer contribution' },
        columns: CONTRIBUTION_COLUMNS.map((c) => (c.key === 'flagged' ? { ...c, key: 'flagged_code' } : c)),
        paramCodes: { flagged: 'yesNo' },
      },
      params: { date: day ?? '', ...(filter.flagged !== undefined ? { flagged: String(filter.flagged) } : {}), sort: filter.sort },
      query: { text, values: q.rows.params },
    },
    { user: ctx.user, asOf: day ?? '', now: ctx.now, ip: ctx.ip ?? '', language: ctx.language },
    out,
  );
}

/** A customer's value for the 360° profile (interfaces.md: `rfm`, `contribution`); the caller checked the scope. */
export interface CustomerValue {
  rfm: { r: number; f: number; m: string; segment: string; segmentCode: string; rLevel: 'H' | 'L'; fLevel: 'H' | 'L'; mLevel: 'H' | 'L' } | null;
  contribution: {
    netCommission: string; cashSpread: string; marginInterest: string; productFees: string; contactCost: string; staffCost: string; contribution: string; flagged: boolean;
  } | null;
}

/**
 * The customer's R, F, M and segment against the averages of the caller's scope (so a broker and
 * HQ may see different segments for the same customer) and its contribution, on `date` (an
 * imported trading day). Both null when the customer is not open on the day. `segment` is the
 * Chinese name of §6 (interfaces.md), `segmentCode` the dictionary code.
 */
export async function customerValue(client: pg.PoolClient, user: ScopeSubject, customerNo: string, date: string): Promise<CustomerValue> {
  // the scope's totals scan a day of figures: JIT would cost more than it saves (for the rest of the caller's transaction too)
  await client.query('set local jit = off');
  const ctx = queryContext(user, date);
  const r = sql.customerRfmQuery(ctx, customerNo);
  const [rfm] = (await client.query<{ r: number; f: number; m: string; rLevel: 'H' | 'L'; fLevel: 'H' | 'L'; mLevel: 'H' | 'L'; segment: string }>(r.sql, r.params)).rows;
  const c = sql.customerContributionQuery(ctx, customerNo);
  const [parts] = (await client.query<Record<string, string> & { flagged: boolean }>(c.sql, c.params)).rows;
  return {
    rfm: rfm
      ? { r: rfm.r, f: rfm.f, m: money(rfm.m), segment: SEGMENTS.find((s) => s.code === rfm.segment)?.zh ?? rfm.segment, segmentCode: rfm.segment, rLevel: rfm.rLevel, fLevel: rfm.fLevel, mLevel: rfm.mLevel }
      : null,
    contribution: parts
      ? {
          netCommission: money(parts.netCommission), cashSpread: money(parts.cashSpread), marginInterest: money(parts.marginInterest), productFees: money(parts.productFees),
          contactCost: money(parts.contactCost), staffCost: money(parts.staffCost), contribution: money(parts.contribution), flagged: parts.flagged,
        }
      : null,
  };
}
