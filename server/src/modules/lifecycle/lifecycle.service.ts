/**
 * 客户管理 → 级别和分类, 潜在客户, 睡眠客户, 潜在流失客户, 流失客户 (business-rules.md §6): the tier ×
 * lifecycle matrix of the caller's scope with its trend over the last 12 month ends, the
 * customers of a lifecycle (or tier) on a day, and the appointments not yet opened. Scoped by
 * access/scope.ts; PII masked per role and an unmasked view audited; exports audited.
 */
import type { Writable } from 'node:stream';
import type pg from 'pg';
import type { Language } from '../../errors.js';
import { businessDate } from '../../lib/dates.js';
import { xlsxFileNames } from '../../lib/excel.js';
import { inReadSnapshot } from '../../lib/read-snapshot.js';
import { canSeePii, presentPii } from '../access/pii.js';
import { auditPiiView } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth.service.js';
import type { ReportColumn } from '../reports/reports.registry.js';
import { exportReport } from '../reports/reports.service.js';
import { renderReasons } from '../churn/churn.service.js';
import {
  LIFECYCLES, type ClassificationAnswer, type LifecycleList, type LifecycleListFilter, type LifecycleListItem, type ProspectFilter, type ProspectItem,
  type ProspectList,
} from './lifecycle.schemas.js';
import * as sql from './lifecycle.sql.js';
import { importedDayOnOrBefore } from '../figures/figures.sql.js';

/** What a read needs to know about the request. */
export interface LifecycleContext {
  user: AuthUser;
  now: Date;
  ip: string;
  language: Language;
}

type Cell = ClassificationAnswer['cells'][number];

/** The day's cells in the pages' order: lifecycle as LIFECYCLES lists them, then tier highest first (none last). */
async function cellsOn(client: pg.PoolClient, user: AuthUser, asOf: string, day: string, tiers: readonly string[]): Promise<Cell[]> {
  const q = sql.classificationCells(user, asOf, day);
  const rank = (tier: string | null) => (tier === null ? tiers.length : tiers.includes(tier) ? tiers.indexOf(tier) : tiers.length - 0.5);
  return (await client.query<Cell>(q.sql, q.params)).rows
    .sort((a, b) => LIFECYCLES.indexOf(a.lifecycle) - LIFECYCLES.indexOf(b.lifecycle) || rank(a.tier) - rank(b.tier));
}

/** The tier × lifecycle counts and net assets on the day (default the last imported one) and at the last 12 month ends. */
export async function classification(pool: pg.Pool, date: string | undefined, ctx: LifecycleContext): Promise<ClassificationAnswer> {
  const asOf = businessDate(ctx.now);
  return inReadSnapshot(pool, async (client) => {
    const tiers = (await client.query<{ name: string }>(sql.TIERS)).rows.map((r) => r.name);
    const prospectsQuery = sql.prospectQueries(ctx.user, {}).count;
    const prospects = (await client.query<{ total: number }>(prospectsQuery.sql, prospectsQuery.params)).rows[0]?.total ?? 0;
    const day = await importedDayOnOrBefore(client, date);
    if (!day) return { date: null, tiers, cells: [], prospects, trend: [] };
    const cells = await cellsOn(client, ctx.user, asOf, day, tiers);
    const trend: ClassificationAnswer['trend'] = [];
    for (const m of (await client.query<{ month: string; date: string }>(sql.TREND_DAYS, [day])).rows) {
      trend.push({ month: m.month, date: m.date, cells: m.date === day ? cells : await cellsOn(client, ctx.user, asOf, m.date, tiers) });
    }
    return { date: day, tiers, cells, prospects, trend };
  }, 'set local jit = off');
}

type ListRow = Omit<LifecycleListItem, 'churnReasons'> & { staffNames?: string };

/** The customers in scope on the day matching the filter, a page at a time. */
export async function listLifecycle(
  pool: pg.Pool, filter: LifecycleListFilter & { date?: string }, page: { page: number; pageSize: number }, ctx: LifecycleContext,
): Promise<LifecycleList> {
  return inReadSnapshot(pool, async (client) => {
    const tiers = (await client.query<{ name: string }>(sql.TIERS)).rows.map((r) => r.name);
    const day = await importedDayOnOrBefore(client, filter.date);
    if (!day) return { date: null, tiers, items: [], total: 0 };
    const q = sql.lifecycleListQueries(ctx.user, businessDate(ctx.now), day, filter, page);
    const total = (await client.query<{ total: number }>(q.count.sql, q.count.params)).rows[0]?.total ?? 0;
    const rows = (await client.query<ListRow & { churnReasons: unknown }>(q.rows.sql, q.rows.params)).rows;
    const items = rows.map(({ staffNames: _names, churnReasons, ...item }) => ({ ...item, churnReasons: renderReasons(churnReasons, ctx.language) }));
    return { date: day, tiers, items, total };
  }, 'set local jit = off');
}

const LIST_COLUMNS: readonly ReportColumn[] = [
  { key: 'customerNo', zh: '客户号', en: 'Customer no.', kind: 'text' },
  { key: 'name', zh: '客户姓名', en: 'Customer', kind: 'text' },
  { key: 'branchName', zh: '营业部', en: 'Branch', kind: 'text' },
  { key: 'tier', zh: '级别', en: 'Tier', kind: 'text' },
  { key: 'lifecycle', zh: '生命周期', en: 'Lifecycle', kind: 'text', code: 'lifecycle' },
  { key: 'totalAsset', zh: '总资产', en: 'Total asset', kind: 'money' },
  { key: 'netAsset', zh: '净资产', en: 'Net asset', kind: 'money' },
  { key: 'lastTradeDate', zh: '最近交易日', en: 'Last trade', kind: 'date' },
  { key: 'daysSinceTrade', zh: '未交易天数', en: 'Days without trade', kind: 'int' },
  { key: 'churnedOn', zh: '流失日', en: 'Churned on', kind: 'date' },
  { key: 'closeDate', zh: '销户日', en: 'Closed on', kind: 'date' },
  { key: 'churnScore', zh: '流失评分', en: 'Churn score', kind: 'rate' },
  { key: 'staffNames', zh: '服务人员', en: 'Staff', kind: 'text' },
];

const TITLES: Readonly<Record<string, { zh: string; en: string; ascii: string }>> = {
  SLEEPING: { zh: '睡眠客户', en: 'Sleeping customers', ascii: 'sleeping-customers' },
  CHURN_RISK: { zh: '潜在流失客户', en: 'Churn-risk customers', ascii: 'churn-risk-customers' },
  CHURNED: { zh: '流失客户', en: 'Churned customers', ascii: 'churned-customers' },
  DORMANT: { zh: '休眠客户', en: 'Dormant customers', ascii: 'dormant-customers' },
  ACTIVE: { zh: '活跃客户', en: 'Active customers', ascii: 'active-customers' },
  POTENTIAL: { zh: '潜在客户', en: 'Potential customers', ascii: 'potential-customers' },
};
const CLASSIFIED = { zh: '级别和分类', en: 'Classification', ascii: 'classification' };

/** The Excel file's name: the list's title and the day. */
export function lifecycleExportNames(filter: LifecycleListFilter, now: Date): { utf8: string; ascii: string } {
  const title = TITLES[filter.lifecycle ?? ''] ?? CLASSIFIED;
  return xlsxFileNames(title.zh, title.ascii, businessDate(now));
}

/** Streams every filtered customer in scope to `out` as .xlsx (audited as an export); returns the number of rows. */
export async function exportLifecycle(pool: pg.Pool, filter: LifecycleListFilter & { date?: string }, ctx: LifecycleContext, out: Writable): Promise<number> {
  const asOf = businessDate(ctx.now);
  const day = await inReadSnapshot(pool, (client) => importedDayOnOrBefore(client, filter.date));
  // before any import: a day no row has, so the file holds the header only
  const { rows } = sql.lifecycleListQueries(ctx.user, asOf, day ?? '1900-01-01', filter);
  const title = TITLES[filter.lifecycle ?? ''] ?? CLASSIFIED;
  return exportReport(
    pool,
    {
      report: { id: 'lifecycle', title: { zh: title.zh, en: title.en }, columns: LIST_COLUMNS, paramCodes: { lifecycle: 'lifecycle' } },
      params: { ...filter, date: day ?? '' },
      query: { text: rows.sql, values: rows.params },
    },
    { user: ctx.user, asOf, now: ctx.now, ip: ctx.ip, language: ctx.language },
    out,
  );
}

const PROSPECT_COLUMNS: readonly ReportColumn[] = [
  { key: 'id', zh: '预约号', en: 'Appointment', kind: 'text' },
  { key: 'name', zh: '姓名', en: 'Name', kind: 'text' },
  { key: 'branchName', zh: '营业部', en: 'Branch', kind: 'text' },
  { key: 'appointmentDate', zh: '预约日期', en: 'Appointment date', kind: 'date' },
  { key: 'staffName', zh: '经纪人', en: 'Staff', kind: 'text' },
  { key: 'status', zh: '状态', en: 'Status', kind: 'text', code: 'appointmentStatus' },
];

/** Streams the prospects in scope to `out` as .xlsx, without their personal information; returns the number of rows. */
export async function exportProspects(pool: pg.Pool, filter: ProspectFilter, ctx: LifecycleContext, out: Writable): Promise<number> {
  const { rows } = sql.prospectQueries(ctx.user, filter);
  return exportReport(
    pool,
    {
      report: { id: 'prospects', title: { zh: '潜在客户', en: 'Prospects' }, columns: PROSPECT_COLUMNS, paramCodes: { status: 'appointmentStatus' } },
      params: { ...filter },
      query: { text: rows.sql, values: rows.params },
    },
    { user: ctx.user, asOf: businessDate(ctx.now), now: ctx.now, ip: ctx.ip, language: ctx.language },
    out,
  );
}

export function prospectExportNames(now: Date): { utf8: string; ascii: string } {
  return xlsxFileNames('潜在客户', 'prospects', businessDate(now));
}

/** 潜在客户: the appointments in scope not yet opened, newest appointment first; PII masked per role. */
export async function listProspects(pool: pg.Pool, filter: ProspectFilter, page: { page: number; pageSize: number }, ctx: LifecycleContext): Promise<ProspectList> {
  const q = sql.prospectQueries(ctx.user, filter, page);
  return inReadSnapshot(pool, async (client) => {
    const total = (await client.query<{ total: number }>(q.count.sql, q.count.params)).rows[0]?.total ?? 0;
    const items = (await client.query<ProspectItem>(q.rows.sql, q.rows.params)).rows.map((item) => presentPii(ctx.user, item));
    if (canSeePii(ctx.user) && items.length) {
      await auditPiiView(client, ctx.user, { entity: 'appointment', detail: { via: 'list', appointmentIds: items.map((i) => i.id) }, ip: ctx.ip });
    }
    return { items, total };
  });
}
