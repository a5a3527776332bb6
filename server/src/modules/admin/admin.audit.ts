/**
 * Reading the audit log (GET /api/audit, 系统管理 → 审计日志). The log is written through
 * audit/audit.service.ts by every module; reading it needs the PII rules of access/, so it lives
 * here, above auth and access, and the audit module stays below them (no import cycle).
 */
import type pg from 'pg';
import { z } from 'zod';
import { config } from '../../config.js';
import { inTransaction } from '../../db/database.js';
import { canSeePii, piiFieldsIn } from '../access/pii.js';
import { bindParam } from '../access/scope.js';
import { auditPiiView, type AuditActor } from '../audit/audit.service.js';

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

/** A row of the log as GET /api/audit answers it. */
export const auditRow = z.object({
  id: z.string(),
  at: z.string(),
  userId: z.string().nullable(),
  username: z.string().nullable(),
  action: z.string(),
  entity: z.string().nullable(),
  entityId: z.string().nullable(),
  detail: z.unknown(),
  ip: z.string().nullable(),
});
export type AuditRow = z.infer<typeof auditRow>;

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
