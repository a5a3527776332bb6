/**
 * 推送通知: a 资讯 push's notices through the outreach channels (issue 14, part T; migration 0051;
 * docs/decisions.md "Part T"). When the push asks for them, each customer the push DELIVERED to
 * (suitability matched, in the pusher's scope) is also sent a short SMS and/or e-mail linking to
 * 我的资讯. Each channel's notices are one outreach campaign (source SERVICE_PUSH), planned by the
 * outreach module's own statement (outreach.sql.ts planStatement: opted-out customers, those without
 * an address and those at the frequency cap are skipped with their reason), queued at once — the item
 * passed its publication review, so no CAMPAIGN flow — with a send time out of the quiet hours, and
 * handed to delivery in the push's transaction (delivery/queue.ts), which sends, reports and records
 * each as a contact like any campaign's message. Sending SMS or e-mail needs the `outreach` permission.
 *
 * The texts: the system templates SERVICE_PUSH_SMS / SERVICE_PUSH_EMAIL (reworded by head office in
 * 短信邮件模板), followed by the item's title and the link to it in the customer space.
 */
import type pg from 'pg';
import { config } from '../../config.js';
import { forbidden, validationFailed } from '../../errors.js';
import { bindParam } from '../../lib/sql.js';
import { customerScope } from '../access/scope.js';
import type { AuthUser } from '../auth/auth.service.js';
import { parseTemplate, type TemplatePart } from '../outreach/outreach.rules.js';
import type { OutreachChannel } from '../outreach/outreach.schemas.js';
import { campaignSendTime, loadOutreachSettings, releaseQueued, renderContext } from '../outreach/outreach.service.js';
import { planStatement, renderSql } from '../outreach/outreach.sql.js';
import type { PushNotice } from './service.schemas.js';

type Queryable = pg.Pool | pg.PoolClient;

/** Where the customer reads the item: the customer space's 我的资讯 (PUBLIC_URL, else this server). */
export function contentLink(contentId: string): string {
  const cfg = config();
  return `${(cfg.PUBLIC_URL ?? `http://localhost:${cfg.PORT}`).replace(/\/+$/, '')}/my/content/${contentId}`;
}

/** The notice's texts: the system template's, then the item's title and its link (literal text, never a variable). */
export function noticeTexts(template: { subject: string | null; body: string }, title: string, link: string): { subject: TemplatePart[] | null; body: TemplatePart[] } {
  return {
    subject: template.subject === null ? null : [...parseTemplate(template.subject), { text: `：${title}` }],
    body: [...parseTemplate(template.body), { text: `：《${title}》 ${link}` }],
  };
}

interface Push {
  id: string;
  contentId: string;
  title: string;
  user: AuthUser;
  now: Date;
  today: string;
}

/**
 * Plans and queues the notices of a push just written (its recipients too) in the push's
 * transaction, one campaign per channel. 403 without the `outreach` permission; 422 when a
 * channel's system template is gone.
 */
export async function queuePushNotices(client: pg.PoolClient, push: Push, channels: readonly OutreachChannel[]): Promise<void> {
  if (channels.length === 0) return;
  if (!push.user.permissions.includes('outreach')) throw forbidden();
  const settings = await loadOutreachSettings(client);
  const sendTime = campaignSendTime(null, push.now, settings.quietHours);
  const context = await renderContext(client, push.today, null);
  for (const channel of new Set(channels)) {
    const template = (await client.query<{ id: string; subject: string | null; body: string }>(
      `select id::text as id, subject, body from outreach_templates where system_key = $1`, [`SERVICE_PUSH_${channel}`])).rows[0];
    if (!template) {
      throw validationFailed([{ field: 'notice', message: { zh: `资讯推送通知模板（${channel}）已被删除`, en: `the ${channel} notice template has been deleted` } }]);
    }
    const { rows } = await client.query<{ id: string }>(
      `insert into campaigns (name, channel, template_id, source, service_push_id, status, created_by, created_staff_no, branch_code, team_code,
                              created_at, planned_at, approved_at, not_before)
       values ($1, $2, $3::bigint, 'SERVICE_PUSH', $4::bigint, 'APPROVED', $5::bigint, $6, $7, $8, $9, $9, $9, $10) returning id::text as id`,
      [`资讯通知：${push.title}`.slice(0, 100), channel, template.id, push.id, push.user.id, push.user.staffNo, push.user.branchCode, push.user.teamCode, push.now, sendTime]);
    const campaignId = rows[0]!.id;
    const params: unknown[] = [];
    const audience = `select r.customer_no from service_push_recipients r where r.push_id = ${bindParam(params, push.id)}::bigint and r.status = 'DELIVERED'`;
    const rendered = renderSql(noticeTexts(template, push.title, contentLink(push.contentId)), context, params);
    const plan = planStatement({ campaignId, channel, audience, product: null, today: push.today, sendTime, cap: settings.frequencyCap, queue: rendered }, params);
    const audienceSize = (await client.query(plan, params)).rowCount ?? 0;
    await client.query(`update campaigns set audience = $2 where id = $1::bigint`, [campaignId, audienceSize]);
    await releaseQueued(client, campaignId, push.now);
  }
}

/** The notices of the pushes, counted over the customers in the reader's scope, by push. */
export async function pushNotices(client: Queryable, pushIds: readonly string[], user: AuthUser, today: string): Promise<Map<string, PushNotice[]>> {
  const params: unknown[] = [pushIds];
  const scope = customerScope(user, { alias: 'c', params, asOf: today });
  const { rows } = await client.query<PushNotice & { pushId: string }>(
    `select cp.service_push_id::text as "pushId", cp.id::text as "campaignId", cp.channel, cp.status, cp.not_before as "notBefore",
            count(c.customer_no) filter (where m.status in ('QUEUED', 'SENDING', 'SENT', 'DELIVERED', 'FAILED', 'CANCELLED'))::int as queued,
            count(c.customer_no) filter (where m.status in ('SENT', 'DELIVERED'))::int as sent,
            count(c.customer_no) filter (where m.status = 'FAILED')::int as failed,
            count(c.customer_no) filter (where m.status = 'SKIPPED_OPT_OUT')::int as "skippedOptOut",
            count(c.customer_no) filter (where m.status = 'SKIPPED_NO_ADDRESS')::int as "skippedNoAddress",
            count(c.customer_no) filter (where m.status = 'SKIPPED_CAP')::int as "skippedCap"
       from campaigns cp
       left join (campaign_messages m join customers c on c.customer_no = m.customer_no and ${scope}) on m.campaign_id = cp.id
      where cp.service_push_id = any($1::bigint[])
      group by cp.id
      order by cp.channel desc`, params);
  const out = new Map<string, PushNotice[]>();
  for (const { pushId, notBefore, ...notice } of rows) {
    const list = out.get(pushId) ?? [];
    list.push({ ...notice, notBefore: notBefore === null ? null : new Date(notBefore).toISOString() });
    out.set(pushId, list);
  }
  return out;
}
