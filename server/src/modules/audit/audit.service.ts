/**
 * The append-only audit log (business-rules.md §1: who, when, what, from where). `writeAudit` is
 * always called with the client of the transaction that makes the change it records, so the row
 * exists exactly when the change does.
 */
import type pg from 'pg';
import { config } from '../../config.js';
import { inTransaction } from '../../db/database.js';
import { canSeePii, piiFieldsIn } from '../access/pii.js';
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

/** What an unmasked view of personal information showed: whose record (`customer`, `staff`, `workflow` …) and how. */
export interface PiiView {
  entity: string;
  entityId?: string;
  /** How it was seen (`{ via: '360' }`, `{ via: 'list', customerNos }` …). */
  detail: unknown;
  ip?: string;
}

/**
 * Records that `user` was shown personal information (ID number, mobile, e-mail, address) unmasked:
 * `<entity>.view_pii`, written with the client of the transaction that read it (business-rules.md §1).
 * The caller decides that the view was unmasked (access/pii.ts canSeePii) and calls this once per response.
 */
export async function auditPiiView(client: pg.PoolClient, user: AuditActor, view: PiiView): Promise<void> {
  await writeAudit(client, { user, action: `${view.entity}.view_pii`, entity: view.entity, entityId: view.entityId, detail: view.detail, ip: view.ip });
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

/**
 * Newest first. Callers check the `audit` permission. The log's details keep what changed, personal
 * information included (a prospect's ID number, a staff member's mobile): a page showing any of it
 * to `viewer` is itself audited (`audit.view_pii`, with the ids of those rows) in the read's transaction.
 */
export async function listAudit(
  pool: pg.Pool,
  filter: AuditFilter,
  viewer: { user: AuditActor & { role: string }; ip?: string },
): Promise<{ items: AuditRow[]; total: number }> {
  return inTransaction(pool, async (client) => {
    const page = await readAudit(client, filter);
    const withPii = page.items.filter((row) => piiFieldsIn(row.detail).length > 0).map((row) => row.id);
    if (canSeePii(viewer.user) && withPii.length > 0) {
      await auditPiiView(client, viewer.user, { entity: 'audit', detail: { via: 'list', auditIds: withPii }, ip: viewer.ip });
    }
    return page;
  });
}

async function readAudit(client: pg.PoolClient, filter: AuditFilter): Promise<{ items: AuditRow[]; total: number }> {
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

  const total = await client.query<{ n: string }>(`select count(*) as n from audit_log a ${whereSql}`, params);
  const pageParams = [...params];
  const limit = bindParam(pageParams, filter.pageSize);
  const offset = bindParam(pageParams, (filter.page - 1) * filter.pageSize);
  const rows = await client.query<{
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
