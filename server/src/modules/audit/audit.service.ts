/**
 * The append-only audit log (business-rules.md §1: who, when, what, from where). `writeAudit` is
 * always called with the client of the transaction that makes the change it records, so the row
 * exists exactly when the change does.
 *
 * This module only writes, and imports no other module: every module (auth's logins included)
 * writes through it. The log is read in admin (admin.audit.ts, GET /api/audit), above auth and access.
 */
import type pg from 'pg';

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
