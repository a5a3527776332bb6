/**
 * SMS: the provider adapter, speaking Aliyun 短信服务's SendSms (dysmsapi 2017-05-25, the POP RPC
 * style signed with HMAC-SHA1: aliyun-sms.rules.ts; PhoneNumbers, SignName, TemplateCode,
 * TemplateParam JSON of the template's variables, OutId → BizId; a delivery report pushed to a
 * callback with biz_id / out_id / success; an uplink (reply) callback with the mobile and the
 * content), and the embedded gateway that stands in for the provider on a laptop and in tests:
 * it keeps what it is sent in sms_gateway_messages, honours the OutId as an idempotency key and
 * pushes the delivery reports (and the replies simulated on the admin page) to OUR callback
 * endpoints, signed with the shared secret (delivery.rules.ts callbackSignature). In process the
 * sender hands it the messages directly; over HTTP (POST /api/outreach/sms-gateway, what
 * HttpSmsProvider speaks) it checks the POP signature like the provider and answers its shapes.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type pg from 'pg';
import { overlongParams, renderTemplate } from '../outreach.rules.js';
import { encodeParams, popRequestProblem, sendSmsParams, TIMESTAMP_TOLERANCE_MS } from './aliyun-sms.rules.js';
import { callbackSignature } from './delivery.rules.js';

export interface SmsMessage {
  /** Idempotency key `${campaignId}:${customerNo}` (OutId). */
  outId: string;
  mobile: string;
  templateCode: string | null;
  params: Record<string, string>;
  /** The rendered text (what the provider's template produces; the embedded gateway keeps it). */
  content: string;
  /** The signature (签名) shown in 【】; default the configured SMS_SIGN_NAME / QuanCRM. */
  signName?: string;
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
  /** The AccessKey pair a request over HTTP must be signed with (POST /api/outreach/sms-gateway). */
  accessKey?: () => Promise<{ id: string; secret: string }>;
  /** The signature (签名) of a message handed over in process without its own: SMS_SIGN_NAME, as HttpSmsProvider sends it; default QuanCRM. */
  signName?: string;
  log?: (message: string) => void;
}

/** The provider's answer to a SendSms request over HTTP: its HTTP status and JSON body. */
export interface PopAnswer {
  status: 200 | 400 | 404;
  body: { Code: string; Message: string; RequestId: string; BizId?: string; HostId?: string };
}

/** Our name for the embedded gateway in the answers' HostId. */
const GATEWAY_HOST = 'dysmsapi.embedded.quancrm';

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

  /**
   * A SendSms request over HTTP (form body or query), checked as Aliyun checks it — AccessKeyId,
   * signature, timestamp, the nonce used once — then sent like the sender's own messages. The text
   * kept is our SMS template with that provider template code (sms_template_code) filled with the
   * TemplateParam; an unknown template code or a TemplateParam that is not an object of strings is
   * refused with the provider's business codes (HTTP 200, Code ≠ OK).
   */
  /**
   * Takes a SignatureNonce once within the timestamp tolerance, in the database (migration 0046):
   * a nonce used on one server process is refused on every other one. False when it was taken.
   */
  private async takeNonce(nonce: string, nowMs: number): Promise<boolean> {
    await this.pool.query('delete from sms_gateway_nonces where forget_at < $1', [new Date(nowMs)]);
    const { rowCount } = await this.pool.query(
      'insert into sms_gateway_nonces (nonce, forget_at) values ($1, $2) on conflict (nonce) do nothing',
      [nonce, new Date(nowMs + 2 * TIMESTAMP_TOLERANCE_MS)],
    );
    return rowCount === 1;
  }

  async receivePop(method: string, params: Readonly<Record<string, string>>, nowMs: number): Promise<PopAnswer> {
    const requestId = randomUUID().toUpperCase();
    const fail = (status: PopAnswer['status'], code: string, message: string): PopAnswer => ({ status, body: { Code: code, Message: message, RequestId: requestId, HostId: GATEWAY_HOST } });
    const key = this.options.accessKey ? await this.options.accessKey() : undefined;
    const problem = popRequestProblem(method, params, (id) => (key && id === key.id ? key.secret : undefined), nowMs);
    if (problem) return fail(problem.status, problem.code, problem.message);
    if (!(await this.takeNonce(params.SignatureNonce!, nowMs))) return fail(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.');
    if (params.Action !== 'SendSms') return fail(404, 'InvalidApi.NotFound', 'Specified api is not found, please check your url and method.');
    for (const name of ['PhoneNumbers', 'SignName', 'TemplateCode'] as const) {
      if (!params[name]) return fail(400, `Missing${name}`, `${name} is mandatory for this action.`);
    }
    const business = (code: string, message: string): PopAnswer => ({ status: 200, body: { Code: code, Message: message, RequestId: requestId } });
    if (params.PhoneNumbers!.includes(',')) return business('isv.MOBILE_COUNT_OVER_LIMIT', '手机号码数量超过限制（内置网关每次一个号码）');
    let templateParam: Record<string, string> = {};
    try {
      const parsed: unknown = params.TemplateParam ? JSON.parse(params.TemplateParam) : {};
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || Object.values(parsed).some((v) => typeof v !== 'string')) throw new Error('not an object of strings');
      templateParam = parsed as Record<string, string>;
    } catch {
      return business('isv.INVALID_JSON_PARAM', 'JSON参数不合法，只接受字符串值');
    }
    const overlong = overlongParams(templateParam);
    if (overlong) return business('isv.PARAM_LENGTH_LIMIT', overlong);
    const { rows } = await this.pool.query<{ body: string }>(
      `select body from outreach_templates where channel = 'SMS' and sms_template_code = $1 order by updated_at desc, id desc limit 1`, [params.TemplateCode],
    );
    if (!rows[0]) return business('isv.SMS_TEMPLATE_ILLEGAL', `该账号下找不到对应模板 ${params.TemplateCode}`);
    const outId = params.OutId || `pop:${requestId}`;
    const { accepted } = await this.send([{
      outId, mobile: params.PhoneNumbers!, templateCode: params.TemplateCode!, params: templateParam, signName: params.SignName,
      content: renderTemplate(rows[0].body, templateParam),
    }]);
    return { status: 200, body: { Code: 'OK', Message: 'OK', RequestId: requestId, BizId: accepted.get(outId)! } };
  }

  async send(all: readonly SmsMessage[]): Promise<{ accepted: Map<string, string>; errors: Map<string, string> }> {
    const accepted = new Map<string, string>();
    // a variable over the provider's limit is refused as the provider refuses it (isv.PARAM_LENGTH_LIMIT), not kept
    const errors = new Map<string, string>();
    const messages = all.filter((m) => {
      const overlong = overlongParams(m.params);
      if (overlong) errors.set(m.outId, `isv.PARAM_LENGTH_LIMIT: ${overlong}`);
      return !overlong;
    });
    if (messages.length === 0) return { accepted, errors };
    const { rows } = await this.pool.query<{ outId: string; bizId: string; mobile: string; inserted: boolean }>(
      `with input as (
         select * from unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::text[], $6::text[], $7::text[])
                  as t(out_id, mobile, template_code, params, content, biz_id, sign_name)
       ), ins as (
         insert into sms_gateway_messages (direction, mobile, template_code, params, content, biz_id, out_id, sign_name)
         select 'OUT', mobile, template_code, params, content, biz_id, out_id, sign_name from input
         on conflict (out_id) do nothing
         returning out_id, biz_id, mobile
       )
       select i.out_id as "outId", coalesce(ins.biz_id, s.biz_id) as "bizId", i.mobile, ins.out_id is not null as inserted
       from input i left join ins on ins.out_id = i.out_id left join sms_gateway_messages s on s.out_id = i.out_id`,
      [
        messages.map((m) => m.outId), messages.map((m) => m.mobile), messages.map((m) => m.templateCode),
        messages.map((m) => JSON.stringify(m.params)), messages.map((m) => m.content), messages.map(() => newBizId()), messages.map((m) => m.signName ?? this.options.signName ?? 'QuanCRM'),
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
    return { accepted, errors };
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
  /** The SendSms endpoint: https://dysmsapi.aliyuncs.com/ (or the embedded gateway's /api/outreach/sms-gateway). */
  url: string;
  accessKeyId: string;
  accessKeySecret: string;
  signName: string;
  regionId?: string;
}

/**
 * A real provider over HTTP: Aliyun's SendSms, one signed POST (form body) per message with
 * PhoneNumbers, SignName, TemplateCode (the template's sms_template_code), TemplateParam (the
 * template's variables as fixed at approval) and OutId (the idempotency key); the answer
 * `{ Code: "OK", BizId }`, anything else an error `Code: Message`. Aliyun cannot be asked by OutId,
 * so a message whose worker died mid-send is not sent again (at most once).
 */
export class HttpSmsProvider implements SmsProvider {
  constructor(private readonly options: HttpSmsOptions) {}

  async send(messages: readonly SmsMessage[]): Promise<{ accepted: Map<string, string>; errors: Map<string, string> }> {
    const accepted = new Map<string, string>();
    const errors = new Map<string, string>();
    const queue = [...messages];
    const worker = async () => {
      for (let m = queue.shift(); m; m = queue.shift()) {
        if (!m.templateCode) {
          errors.set(m.outId, 'the SMS template has no provider template code (短信模板编号): not sent');
          continue;
        }
        const params = sendSmsParams({
          accessKeyId: this.options.accessKeyId, phoneNumbers: m.mobile, signName: m.signName ?? this.options.signName, templateCode: m.templateCode,
          templateParam: m.params, outId: m.outId, at: new Date(), nonce: randomUUID(), regionId: this.options.regionId,
        }, this.options.accessKeySecret, 'POST');
        try {
          const response = await fetch(this.options.url, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', accept: 'application/json' },
            body: encodeParams(params),
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
