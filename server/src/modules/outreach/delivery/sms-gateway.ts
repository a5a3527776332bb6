/**
 * SMS: the provider adapter, shaped like the common Chinese SMS HTTP APIs (Aliyun 短信服务 SendSms:
 * PhoneNumbers, SignName, TemplateCode, TemplateParam JSON, OutId → BizId; a delivery report
 * pushed to a callback with biz_id / out_id / success; an uplink (reply) callback with the mobile and
 * the content), and the embedded gateway that stands in for the provider on a laptop and in tests:
 * it keeps what it is sent in sms_gateway_messages, honours the OutId as an idempotency key and
 * pushes the delivery reports (and the replies simulated on the admin page) to OUR callback
 * endpoints, signed with the shared secret (delivery.rules.ts callbackSignature).
 */
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { callbackSignature } from './delivery.rules.js';

export interface SmsMessage {
  /** Idempotency key `${campaignId}:${customerNo}` (OutId). */
  outId: string;
  mobile: string;
  templateCode: string | null;
  params: Record<string, string>;
  /** The rendered text (what the provider's template produces; the embedded gateway keeps it). */
  content: string;
}

export interface SmsProvider {
  /** Sends the messages; the BizId of each accepted one by OutId (a rejected one is absent, with its error in `errors`). */
  send(messages: readonly SmsMessage[]): Promise<{ accepted: Map<string, string>; errors: Map<string, string> }>;
  /** Which of these OutIds the provider already has (OutId → BizId); null when the provider cannot be asked. */
  find(outIds: readonly string[]): Promise<Map<string, string> | null>;
}

/** Aliyun's delivery report (SmsReport) as pushed to our callback. */
export interface SmsReport {
  biz_id: string;
  out_id?: string;
  phone_number?: string;
  success: boolean;
  err_code?: string;
  err_msg?: string;
  report_time?: string;
}

/** Aliyun's uplink message (SmsUp): a customer's reply. */
export interface SmsReply {
  phone_number: string;
  content: string;
  send_time?: string;
  sign_name?: string;
}

/** Posts a signed JSON body to one of our callbacks. */
export async function postSigned(url: string, secret: string, body: unknown): Promise<Response> {
  const text = JSON.stringify(body);
  const timestamp = String(Date.now());
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-sms-timestamp': timestamp, 'x-sms-signature': callbackSignature(secret, timestamp, text) },
    body: text,
  });
}

export interface EmbeddedGatewayOptions {
  /** Our server's base URL (http://127.0.0.1:PORT): reports go to /api/outreach/sms/reports, replies to /api/outreach/sms/replies. */
  callbackBaseUrl: () => string | undefined;
  /** The callback secret (SMS_CALLBACK_SECRET or the generated one). */
  secret: () => Promise<string>;
  /** Delay before the delivery reports are pushed (ms). */
  reportDelayMs?: number;
  log?: (message: string) => void;
}

function newBizId(): string {
  return `${Date.now()}^${randomBytes(6).toString('hex')}`;
}

/**
 * The embedded gateway: every message is "delivered" (report success) unless its mobile is not 11
 * digits starting with 1 (report failure: MOBILE_NUMBER_ILLEGAL, like the real providers).
 */
export class EmbeddedSmsGateway implements SmsProvider {
  private pending: SmsReport[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly pool: pg.Pool, private readonly options: EmbeddedGatewayOptions) {}

  async send(messages: readonly SmsMessage[]): Promise<{ accepted: Map<string, string>; errors: Map<string, string> }> {
    const accepted = new Map<string, string>();
    if (messages.length === 0) return { accepted, errors: new Map() };
    const { rows } = await this.pool.query<{ outId: string; bizId: string; mobile: string; inserted: boolean }>(
      `with input as (
         select * from unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::text[], $6::text[])
                  as t(out_id, mobile, template_code, params, content, biz_id)
       ), ins as (
         insert into sms_gateway_messages (direction, mobile, template_code, params, content, biz_id, out_id, sign_name)
         select 'OUT', mobile, template_code, params, content, biz_id, out_id, $7 from input
         on conflict (out_id) do nothing
         returning out_id, biz_id, mobile
       )
       select i.out_id as "outId", coalesce(ins.biz_id, s.biz_id) as "bizId", i.mobile, ins.out_id is not null as inserted
       from input i left join ins on ins.out_id = i.out_id left join sms_gateway_messages s on s.out_id = i.out_id`,
      [
        messages.map((m) => m.outId), messages.map((m) => m.mobile), messages.map((m) => m.templateCode),
        messages.map((m) => JSON.stringify(m.params)), messages.map((m) => m.content), messages.map(() => newBizId()), 'QuanCRM',
      ],
    );
    for (const row of rows) {
      accepted.set(row.outId, row.bizId);
      if (row.inserted) {
        const ok = /^1\d{10}$/.test(row.mobile);
        this.pending.push({
          biz_id: row.bizId, out_id: row.outId, phone_number: row.mobile, success: ok,
          ...(ok ? {} : { err_code: 'MOBILE_NUMBER_ILLEGAL', err_msg: '号码格式错误 / invalid mobile number' }),
        });
      }
    }
    this.scheduleReports();
    return { accepted, errors: new Map() };
  }

  async find(outIds: readonly string[]): Promise<Map<string, string>> {
    const { rows } = await this.pool.query<{ outId: string; bizId: string }>(
      `select out_id as "outId", biz_id as "bizId" from sms_gateway_messages where out_id = any($1::text[])`, [outIds],
    );
    return new Map(rows.map((r) => [r.outId, r.bizId]));
  }

  /** A customer's reply arriving at the gateway (the admin page's simulation): kept, then pushed to our replies callback. */
  async receiveReply(mobile: string, content: string): Promise<{ id: string; forwarded: boolean }> {
    const { rows } = await this.pool.query<{ id: string }>(
      `insert into sms_gateway_messages (direction, mobile, content) values ('REPLY', $1, $2) returning id`, [mobile, content],
    );
    const base = this.options.callbackBaseUrl();
    if (!base) return { id: rows[0]!.id, forwarded: false };
    const reply: SmsReply = { phone_number: mobile, content, send_time: new Date().toISOString(), sign_name: 'QuanCRM' };
    const response = await postSigned(`${base}/api/outreach/sms/replies`, await this.options.secret(), [reply]);
    return { id: rows[0]!.id, forwarded: response.ok };
  }

  private scheduleReports(): void {
    if (this.timer || this.pending.length === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flushing = this.flushing.then(() => this.flushReports());
    }, this.options.reportDelayMs ?? 200);
    this.timer.unref();
  }

  /** Pushes the pending delivery reports (and marks them in the gateway's own table). */
  async flushReports(): Promise<void> {
    const reports = this.pending.splice(0, this.pending.length);
    if (reports.length === 0) return;
    try {
      await this.pool.query(
        `update sms_gateway_messages s set report_status = r.status, reported_at = now()
         from unnest($1::text[], $2::text[]) as r(biz_id, status) where s.biz_id = r.biz_id`,
        [reports.map((r) => r.biz_id), reports.map((r) => (r.success ? 'DELIVERED' : 'FAILED'))],
      );
      const base = this.options.callbackBaseUrl();
      if (!base) return;
      const secret = await this.options.secret();
      for (let i = 0; i < reports.length; i += 1000) {
        const response = await postSigned(`${base}/api/outreach/sms/reports`, secret, reports.slice(i, i + 1000));
        if (!response.ok) this.options.log?.(`SMS gateway: the report callback answered ${response.status}`);
      }
    } catch (err) {
      this.options.log?.(`SMS gateway: delivery reports not pushed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** Waits for the reports scheduled so far to be pushed (tests, shutdown). */
  async drain(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.flushing = this.flushing.then(() => this.flushReports());
    }
    await this.flushing;
  }
}

export interface HttpSmsOptions {
  url: string;
  accessKeyId: string;
  accessKeySecret: string;
  signName: string;
}

/**
 * A real provider over HTTP, Aliyun-shaped: one POST per message with PhoneNumbers, SignName,
 * TemplateCode, TemplateParam (JSON) and OutId, signed with the access key (HMAC-SHA256 of the body
 * in `x-acs-signature`); the answer `{ Code: "OK", BizId }`. A real deployment points SMS_URL at the
 * provider's endpoint or at a thin relay that speaks its exact signing scheme. The provider cannot be
 * asked by OutId, so a message whose worker died mid-send is not sent again (at most once).
 */
export class HttpSmsProvider implements SmsProvider {
  constructor(private readonly options: HttpSmsOptions) {}

  async send(messages: readonly SmsMessage[]): Promise<{ accepted: Map<string, string>; errors: Map<string, string> }> {
    const accepted = new Map<string, string>();
    const errors = new Map<string, string>();
    const queue = [...messages];
    const worker = async () => {
      for (let m = queue.shift(); m; m = queue.shift()) {
        const body = JSON.stringify({
          PhoneNumbers: m.mobile, SignName: this.options.signName, TemplateCode: m.templateCode, TemplateParam: JSON.stringify(m.params), OutId: m.outId,
        });
        try {
          const response = await fetch(this.options.url, {
            method: 'POST',
            headers: {
              'content-type': 'application/json', 'x-acs-accesskey-id': this.options.accessKeyId,
              'x-acs-signature': callbackSignature(this.options.accessKeySecret, '', body),
            },
            body,
            signal: AbortSignal.timeout(20_000),
          });
          const answer = (await response.json().catch(() => ({}))) as { Code?: string; BizId?: string; Message?: string };
          if (response.ok && answer.Code === 'OK' && answer.BizId) accepted.set(m.outId, answer.BizId);
          else errors.set(m.outId, `${answer.Code ?? response.status}: ${answer.Message ?? ''}`.slice(0, 500));
        } catch (err) {
          errors.set(m.outId, (err instanceof Error ? err.message : String(err)).slice(0, 500));
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(8, messages.length) }, worker));
    return { accepted, errors };
  }

  async find(): Promise<null> {
    return null;
  }
}
