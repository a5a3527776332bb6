/**
 * The outreach sender as pg-boss 10 jobs (schema `pgboss`, same database): queue `outreach-send`,
 * one job per campaign (policy `short`: at most one waiting per campaign), each a slice of at most
 * 30 s of sending (sender.ts) that asks for the next: at once, later (quiet hours, not_before) or
 * never (DONE). The dispatcher turns the outbox rows the approval wrote (queue.ts) into jobs, in one
 * transaction with their deletion (pg-boss `send(…, { db })`), when PostgreSQL notifies the commit
 * and every 5 s; at start it resumes every campaign that still has messages to send (a crash).
 */
import PgBoss from 'pg-boss';
import type pg from 'pg';
import { inTransaction } from '../../../db/database.js';
import { DISPATCH_CHANNEL } from './queue.js';
import { sendCampaignSlice, type SenderDeps } from './sender.js';

export const SEND_QUEUE = 'outreach-send';

export interface DeliveryRunner {
  boss: PgBoss;
  /** Moves the outbox rows to jobs now (tests; the runner does it by itself on NOTIFY and every 5 s). */
  dispatch(): Promise<number>;
  stop(): Promise<void>;
}

function bossDb(client: Pick<pg.Pool, 'query'>): PgBoss.Db {
  return { executeSql: (text, values) => client.query(text, values) };
}

export interface RunnerOptions {
  /** Parallel campaigns (workers); default 2. */
  workers?: number;
  sliceMs?: number;
  pollSeconds?: number;
}

export async function startDeliveryRunner(deps: SenderDeps, options: RunnerOptions = {}): Promise<DeliveryRunner> {
  const { pool } = deps;
  const log = deps.log ?? (() => undefined);
  const boss = new PgBoss({ db: bossDb(pool), schema: 'pgboss', schedule: false, maintenanceIntervalSeconds: 60 });
  boss.on('error', (err) => log(`outreach jobs: ${err.message}`));
  await boss.start();
  await boss.createQueue(SEND_QUEUE, { name: SEND_QUEUE, policy: 'short', retryLimit: 20, retryDelay: 5, retryBackoff: true, expireInSeconds: 300 });

  const sendJob = (campaignId: string, startAfter?: Date, db?: PgBoss.Db) =>
    boss.send(SEND_QUEUE, { campaignId }, { singletonKey: campaignId, ...(startAfter ? { startAfter } : {}), ...(db ? { db } : {}) });

  const handler = async ([job]: PgBoss.Job<{ campaignId: string }>[]) => {
    if (!job) return;
    const { campaignId } = job.data;
    const result = await sendCampaignSlice(deps, campaignId, options.sliceMs ?? 30_000);
    if (result.kind === 'CONTINUE') await sendJob(campaignId);
    else if (result.kind === 'LATER') await sendJob(campaignId, result.at);
    else if (result.kind === 'BUSY') await sendJob(campaignId, new Date(Date.now() + 5_000));
  };
  for (let i = 0; i < (options.workers ?? 2); i++) {
    await boss.work<{ campaignId: string }>(SEND_QUEUE, { batchSize: 1, pollingIntervalSeconds: options.pollSeconds ?? 1 }, handler);
  }

  let dispatching: Promise<number> = Promise.resolve(0);
  const dispatchNow = async (): Promise<number> =>
    inTransaction(pool, async (client) => {
      const { rows } = await client.query<{ campaignId: string }>(
        `select campaign_id as "campaignId" from outreach_dispatches order by requested_at limit 100 for update skip locked`,
      );
      for (const row of rows) await sendJob(row.campaignId, undefined, bossDb(client));
      if (rows.length) await client.query(`delete from outreach_dispatches where campaign_id = any($1::bigint[])`, [rows.map((r) => r.campaignId)]);
      return rows.length;
    });
  const dispatch = () => (dispatching = dispatching.then(dispatchNow, dispatchNow));

  // resume: campaigns a stopped server left with messages to send, and cancelled ones with messages a
  // killed worker had claimed (SENDING: recovered by the slice, sender.ts finishCancelled)
  const { rows: unfinished } = await pool.query<{ id: string }>(
    `select c.id from campaigns c where c.status in ('APPROVED', 'SENDING')
        and exists (select 1 from campaign_messages m where m.campaign_id = c.id and m.status in ('QUEUED', 'SENDING'))
     union all
     select c.id from campaigns c where c.status = 'CANCELLED'
        and exists (select 1 from campaign_messages m where m.campaign_id = c.id and m.status = 'SENDING')`,
  );
  for (const c of unfinished) await sendJob(c.id);
  await dispatch();

  const listener = await pool.connect();
  listener.on('notification', () => void dispatch().catch((err: unknown) => log(`outreach dispatch: ${String(err)}`)));
  await listener.query(`listen ${DISPATCH_CHANNEL}`);
  const timer = setInterval(() => void dispatch().catch((err: unknown) => log(`outreach dispatch: ${String(err)}`)), 5_000);
  timer.unref();

  return {
    boss,
    dispatch,
    async stop() {
      clearInterval(timer);
      await listener.query(`unlisten ${DISPATCH_CHANNEL}`).catch(() => undefined);
      listener.release();
      await dispatching.catch(() => undefined);
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}
