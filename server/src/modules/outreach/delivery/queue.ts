/**
 * The hand-over from the campaign side (approval) to delivery (issue 13 item 5).
 *
 * `enqueueCampaign` is called by the approval transaction after it has moved the campaign's
 * messages to QUEUED. It records a dispatch row in the SAME transaction (a transactional outbox:
 * migration 0033) and a NOTIFY that PostgreSQL delivers only at commit; the delivery runner turns
 * the row into a pg-boss job. If the caller rolls back, nothing is sent; if the server is down at
 * commit, the runner finds the row when it starts.
 */
import type pg from 'pg';

export const DISPATCH_CHANNEL = 'outreach_dispatch';

export async function enqueueCampaign(client: pg.PoolClient, campaignId: string): Promise<void> {
  await client.query(
    `insert into outreach_dispatches (campaign_id) values ($1)
     on conflict (campaign_id) do update set requested_at = now()`,
    [campaignId],
  );
  await client.query(`select pg_notify($1, $2)`, [DISPATCH_CHANNEL, campaignId]);
}
