/**
 * The audit row of an import, written in the import's own transaction. Imports are started by
 * operators or schedulers, not by logged-in users, so the actor is a name ("cli:root", "startup").
 */
import type pg from 'pg';

export async function writeAuditRow(
  client: pg.PoolClient,
  entry: { actor: string; action: string; entity: string; entityId: string; detail: unknown },
): Promise<void> {
  await client.query(`insert into audit_log (username, action, entity, entity_id, detail) values ($1, $2, $3, $4, $5)`, [
    entry.actor, entry.action, entry.entity, entry.entityId, JSON.stringify(entry.detail),
  ]);
}
