/**
 * The append-only audit log (business-rules.md §1: who, when, what, from where). `writeAudit` is
 * always called with the client of the transaction that makes the change it records, so the row
 * exists exactly when the change does.
 */
import type pg from 'pg';
import { config } from '../../config.js';
import { bindParam } from '../access/scope.js';

/** The actor: a login (`id` and `username`), or a named process such as `cli:root` (`username` only). */
export interface AuditActor {
  id?: string | null;
  username: string;
}

export interface AuditEntry {
  user?: AuditActor | null;
  /** `auth.login`, `customer.view_pii`, `user.created` … */
  action: string;
  entity?: string;
  entityId?: string;
  detail?: unknown;
  ip?: string;
}

export async function writeAudit(client: pg.PoolClient, entry: AuditEntry): Promise<void> {
  await client.query(
    `insert into audit_log (user_id, username, action, entity, entity_id, detail, ip) values ($1, $2, $3, $4, $5, $6, $7)`,
    [
      entry.user?.id ?? null,
      entry.user?.username ?? null,
      entry.action,
      entry.entity ?? null,
      entry.entityId ?? null,
      entry.detail === undefined ? null : JSON.stringify(entry.detail),
      entry.ip ?? null,
    ],
  );
}

export interface AuditFilter {
  /** First and last day (YYYY-MM-DD, inclusive) in the business time zone. */
  from?: string;
  to?: string;
  username?: string;
  action?: string;
  entity?: string;
  page: number;
  pageSize: number;
}

export interface AuditRow {
  id: string;
  at: string;
  userId: string | null;
  username: string | null;
  action: string;
  entity: string | null;
  entityId: string | null;
  detail: unknown;
  ip: string | null;
}

/** Newest first. Callers check the `audit` permission. */
export async function listAudit(pool: pg.Pool, filter: AuditFilter): Promise<{ items: AuditRow[]; total: number }> {
  const params: unknown[] = [];
  const where: string[] = [];
  // A day starts at midnight in the business time zone.
  const startOfDay = (day: string) => `(${bindParam(params, day)}::date)::timestamp at time zone ${bindParam(params, config().TZ_BUSINESS)}`;
  if (filter.from) where.push(`a.at >= ${startOfDay(filter.from)}`);
  if (filter.to) where.push(`a.at < ${startOfDay(filter.to)} + interval '1 day'`);
  if (filter.username) where.push(`a.username = ${bindParam(params, filter.username)}`);
  if (filter.action) where.push(`a.action = ${bindParam(params, filter.action)}`);
  if (filter.entity) where.push(`a.entity = ${bindParam(params, filter.entity)}`);
  const whereSql = where.length ? `where ${where.join(' and ')}` : '';

  const total = await pool.query<{ n: string }>(`select count(*) as n from audit_log a ${whereSql}`, params);
  const pageParams = [...params];
  const limit = bindParam(pageParams, filter.pageSize);
  const offset = bindParam(pageParams, (filter.page - 1) * filter.pageSize);
  const rows = await pool.query<{
    id: string;
    at: Date;
    user_id: string | null;
    username: string | null;
    action: string;
    entity: string | null;
    entity_id: string | null;
    detail: unknown;
    ip: string | null;
  }>(
    `select a.id, a.at, a.user_id, a.username, a.action, a.entity, a.entity_id, a.detail, a.ip
       from audit_log a ${whereSql}
      order by a.at desc, a.id desc
      limit ${limit} offset ${offset}`,
    pageParams,
  );
  return {
    total: Number(total.rows[0]?.n ?? 0),
    items: rows.rows.map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      userId: r.user_id,
      username: r.username,
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id,
      detail: r.detail,
      ip: r.ip,
    })),
  };
}
