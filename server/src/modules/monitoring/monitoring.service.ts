/**
 * Monitoring (异常监控, business-rules.md §9): the derivation of the alerts in the import's
 * transaction, and the alert list, detail and actions. An alert is read and acted on only when its
 * customer is in the caller's data scope (access/scope.ts): 404 otherwise, as for an unknown one.
 * Actions are audited (`alert.<action>`) in the transaction that records them.
 */
import type { Writable } from 'node:stream';
import type pg from 'pg';
import { inTransaction } from '../../db/database.js';
import { conflict, notFound, type Language } from '../../errors.js';
import { codeLabel } from '../../../../shared/codes.js';
import { businessDate } from '../../lib/dates.js';
import { xlsxFileNames } from '../../lib/excel.js';
import { inReadSnapshot } from '../../lib/read-snapshot.js';
import { writeAudit } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth.service.js';
import type { ReportColumn } from '../reports/reports.registry.js';
import { exportReport } from '../reports/reports.service.js';
import { alertTimelineAt, statusAfter, type AlertAction, type AlertStatus } from './monitoring.rules.js';
import type { Alert, AlertActionBody, AlertDetail, AlertFilters } from './monitoring.schemas.js';
import * as sql from './monitoring.sql.js';

/** What an alert operation needs to know about the request. */
export interface AlertContext {
  user: AuthUser;
  /** The app's clock at the request. */
  now: Date;
  ip?: string;
  language: Language;
}

/**
 * Derives the alerts of the imported or re-derived `days` and of the later days their data can
 * change (the next imported trading days within the quick-in-and-out window, which covers the
 * large withdrawal's next day), in the caller's transaction. Returns the days derived.
 */
export async function deriveAlerts(client: pg.PoolClient, days: readonly string[]): Promise<string[]> {
  if (days.length === 0) return [];
  const window = (await client.query<{ n: number }>(sql.QUICK_IN_OUT_DAYS)).rows[0]?.n ?? 3;
  const derived = (await client.query<{ day: string }>(sql.DAYS_TO_DERIVE, [days, window])).rows.map((r) => r.day);
  await deriveAlertsOf(client, derived);
  return derived;
}

/** Derives the alerts of exactly `days` (a bulk load's newest day: no later day exists yet). */
export async function deriveAlertsOf(client: pg.PoolClient, days: readonly string[]): Promise<void> {
  if (days.length) await client.query(sql.DERIVE_ALERTS, [days]);
}

function toAlert(row: sql.AlertRow): Alert {
  return {
    id: row.id, rule: row.rule, customerNo: row.customerNo, customerName: row.customerName, date: row.date,
    evidence: row.evidence as Alert['evidence'], ownerStaffNo: row.ownerStaffNo, ownerName: row.ownerName,
    status: row.status as AlertStatus, withdrawn: row.withdrawn, updatedAt: row.updatedAt.toISOString(),
  };
}

/** The alerts in the caller's scope matching the filter, newest day first, a page at a time. */
export async function listAlerts(pool: pg.Pool, filter: AlertFilters, page: { page: number; pageSize: number }, ctx: AlertContext): Promise<{ items: Alert[]; total: number }> {
  const queries = sql.alertQueries(ctx.user, businessDate(ctx.now), filter, page);
  return inReadSnapshot(pool, async (client) => {
    const [count] = (await client.query<{ total: number }>(queries.count.sql, queries.count.params)).rows;
    const { rows } = await client.query<sql.AlertRow>(queries.rows.sql, queries.rows.params);
    return { items: rows.map(toAlert), total: count?.total ?? 0 };
  });
}

const EXPORT_COLUMNS: readonly ReportColumn[] = [
  { key: 'date', zh: '日期', en: 'Date', kind: 'date' },
  { key: 'rule', zh: '预警规则', en: 'Rule', kind: 'text', code: 'alertRule' },
  { key: 'customerNo', zh: '客户号', en: 'Customer no.', kind: 'text' },
  { key: 'customerName', zh: '客户姓名', en: 'Customer', kind: 'text' },
  { key: 'evidence', zh: '依据', en: 'Evidence', kind: 'text' },
  { key: 'ownerStaffNo', zh: '服务人员编号', en: 'Owner no.', kind: 'text' },
  { key: 'ownerName', zh: '服务人员', en: 'Owner', kind: 'text' },
  { key: 'status', zh: '状态', en: 'Status', kind: 'text', code: 'alertStatus' },
];

/** The Excel file's name: title and day, with an ASCII fallback. */
export function alertExportNames(now: Date): { utf8: string; ascii: string } {
  return xlsxFileNames('异常监控', 'alerts', businessDate(now));
}

/** Streams every filtered alert in the caller's scope to `out` as .xlsx (audited as an export); returns the number of rows. */
export async function exportAlerts(pool: pg.Pool, filter: AlertFilters, ctx: AlertContext, out: Writable): Promise<number> {
  const asOf = businessDate(ctx.now);
  const { rows } = sql.alertQueries(ctx.user, asOf, filter);
  return exportReport(
    pool,
    {
      report: { id: 'alerts', title: { zh: '异常监控', en: 'Alerts' }, columns: EXPORT_COLUMNS, paramCodes: { rule: 'alertRule', status: 'alertStatus' } },
      params: { ...filter },
      query: { text: rows.sql, values: rows.params },
    },
    { user: ctx.user, asOf, now: ctx.now, ip: ctx.ip ?? '', language: ctx.language },
    out,
  );
}

const AUDIT_ACTIONS: Readonly<Record<AlertAction, string>> = { acknowledge: 'alert.acknowledge', close: 'alert.close', note: 'alert.note' }; // audit action by alert action

async function alertInScope(client: pg.PoolClient, user: AuthUser, asOf: string, id: string, lock = false): Promise<sql.AlertRow> {
  const query = sql.alertById(user, asOf, id, lock);
  const [row] = (await client.query<sql.AlertRow>(query.sql, query.params)).rows;
  if (!row) throw notFound();
  return row;
}

async function detailOf(client: pg.PoolClient, row: sql.AlertRow): Promise<AlertDetail> {
  const { rows } = await client.query<{ at: Date; action: AlertDetail['history'][number]['action']; comment: string | null; by: string; byName: string }>(
    sql.ALERT_HISTORY, [row.customerNo, row.id],
  );
  return { ...toAlert(row), history: rows.map((h) => ({ ...h, at: h.at.toISOString() })) };
}

/** One alert in the caller's scope with its history; 404 when unknown or out of scope. */
export async function getAlert(pool: pg.Pool, id: string, ctx: AlertContext): Promise<AlertDetail> {
  return inReadSnapshot(pool, async (client) => detailOf(client, await alertInScope(client, ctx.user, businessDate(ctx.now), id)));
}

/**
 * Acknowledges, closes or annotates an alert in the caller's scope (404 otherwise); 409 when the
 * status does not allow the action (monitoring.rules.ts). Recorded in its history and audited.
 */
export async function actOnAlert(pool: pg.Pool, id: string, body: AlertActionBody, ctx: AlertContext): Promise<Alert> {
  return inTransaction(pool, async (client) => {
    const asOf = businessDate(ctx.now);
    const row = await alertInScope(client, ctx.user, asOf, id, true);
    const next = statusAfter(row.status as AlertStatus, body.action);
    if (next === null) {
      const done = { acknowledge: 'acknowledged', close: 'closed', note: 'noted' }[body.action];
      throw conflict(
        'ALERT_STATUS',
        `该预警${codeLabel('alertStatus', row.status, 'zh')}，不能${codeLabel('alertAction', body.action, 'zh')}。`,
        `The alert is ${codeLabel('alertStatus', row.status, 'en').toLowerCase()}: it cannot be ${done}.`,
      );
    }
    await client.query(sql.SET_STATUS, [row.customerNo, row.id, next, ctx.now]);
    await client.query(sql.INSERT_HISTORY, [row.customerNo, row.id, ctx.now, body.action, body.comment ?? null, ctx.user.id]);
    await writeAudit(client, {
      user: ctx.user, action: AUDIT_ACTIONS[body.action], entity: 'alert', entityId: row.id,
      detail: { customerNo: row.customerNo, rule: row.rule, status: next, ...(body.comment !== undefined ? { comment: body.comment } : {}) }, ip: ctx.ip,
    });
    return toAlert(await alertInScope(client, ctx.user, asOf, id));
  });
}

/** How many NEW alerts the user's scope holds (首页). */
export async function openAlertCount(pool: pg.Pool, user: AuthUser, now: Date): Promise<number> {
  const query = sql.openAlertCount(user, businessDate(now));
  const { rows } = await pool.query<{ n: number }>(query.sql, query.params);
  return rows[0]?.n ?? 0;
}

/** A customer's alerts as timeline entries, newest first, at most `limit` (the caller checked the scope). */
export async function customerAlertEntries(client: pg.PoolClient, customerNo: string, limit: number): Promise<{ kind: 'ALERT'; at: string; alert: Alert }[]> {
  const { rows } = await client.query<sql.AlertRow>(sql.CUSTOMER_ALERTS, [customerNo, limit]);
  return rows.map((row) => ({ kind: 'ALERT', at: alertTimelineAt(row.date), alert: toAlert(row) }));
}
