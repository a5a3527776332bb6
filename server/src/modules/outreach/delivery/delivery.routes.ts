/**
 * Outreach delivery over HTTP:
 * - GET /api/outreach/unsubscribe?token= — the e-mail's unsubscribe link (no login; a signed token)
 * - POST /api/outreach/sms/reports, /api/outreach/sms/replies — the SMS provider's callbacks
 *   (Aliyun-shaped JSON arrays), authenticated by the shared secret: headers x-sms-timestamp and
 *   x-sms-signature (HMAC-SHA256 of `${timestamp}\n${body}`), or `?key=<secret>` for a provider that
 *   can only be given a URL; never by session
 * - POST /api/outreach/sms-gateway (a form body) — the embedded SMS gateway's SendSms,
 *   Aliyun's POP request signed with the gateway's AccessKey (SMS_ACCESS_KEY_ID / _SECRET, else
 *   quancrm-embedded and a secret generated into outreach_secrets); what HttpSmsProvider speaks
 * - GET /api/outreach/mailbox, /api/outreach/sms-inbox (+ a simulated reply): the admin page
 *   邮件与短信收件箱 (permission `settings`: administrators)
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { config } from '../../../config.js';
import { badRequest, notFound } from '../../../errors.js';
import { requirePermission, requireUser } from '../../auth/auth.hooks.js';
import { callbackSignatureValid } from './delivery.rules.js';
import {
  callbackUnauthorized, embeddedSmsSecret, EMBEDDED_SMS_ACCESS_KEY_ID, listMailbox, listSmsInbox, mailboxMessage, recordSmsReplies, recordSmsReports, storedSecret,
  unsubscribe, unsubscribePage,
} from './delivery.service.js';
import { EmbeddedSmsGateway } from './sms-gateway.js';

declare module 'fastify' {
  interface FastifyRequest {
    rawBody?: string;
  }
}

const paging = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
};
const idParams = z.object({ id: z.string().regex(/^\d{1,18}$/) });

const smsReport = z.object({
  biz_id: z.string().min(1).max(64),
  out_id: z.string().max(100).optional(),
  phone_number: z.string().max(32).optional(),
  success: z.boolean(),
  err_code: z.string().max(64).optional(),
  err_msg: z.string().max(500).optional(),
  report_time: z.string().max(40).optional(),
  send_time: z.string().max(40).optional(),
  sms_size: z.union([z.string(), z.number()]).optional(),
});
const smsReply = z.object({
  phone_number: z.string().min(5).max(32),
  content: z.string().min(1).max(1000),
  send_time: z.string().max(40).optional(),
  sign_name: z.string().max(64).optional(),
  dest_code: z.string().max(32).optional(),
  sequence_id: z.union([z.string(), z.number()]).optional(),
});

const mailboxItem = z.object({
  id: z.string(), receivedAt: z.string(), mailFrom: z.string().nullable(), rcptTo: z.array(z.string()), subject: z.string().nullable(), messageId: z.string().nullable(),
});
const smsItem = z.object({
  id: z.string(), direction: z.enum(['OUT', 'REPLY']), receivedAt: z.string(), mobile: z.string(), templateCode: z.string().nullable(),
  content: z.string().nullable(), bizId: z.string().nullable(), outId: z.string().nullable(),
  reportStatus: z.enum(['DELIVERED', 'FAILED']).nullable(), reportedAt: z.string().nullable(),
});

export const deliveryRoutes: FastifyPluginAsyncZod = async (app) => {
  const unsubscribeSecret = () => storedSecret(app.pool, 'unsubscribe', config().OUTREACH_SECRET);
  const callbackSecret = () => storedSecret(app.pool, 'sms-callback', config().SMS_CALLBACK_SECRET);

  app.get(
    '/api/outreach/unsubscribe',
    {
      schema: {
        tags: ['outreach'],
        summary: 'The unsubscribe link of an outreach e-mail (no login): records the opt-out once and answers a bilingual page; 400 for a bad token',
        security: [],
        querystring: z.object({ token: z.string().max(1000).optional() }),
        response: { 200: z.string() },
      },
    },
    async (request, reply) => {
      const result = await unsubscribe(app.pool, await unsubscribeSecret(), request.query.token ?? '', app.clock());
      return reply.type('text/html; charset=utf-8').send(unsubscribePage(result));
    },
  );

  // The callbacks: a JSON parser that keeps the raw body for the signature (this plugin only).
  await app.register(async (plain) => {
    const callbacks = plain.withTypeProvider<ZodTypeProvider>();
    callbacks.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
      const text = typeof body === 'string' ? body : body.toString('utf8');
      request.rawBody = text;
      try {
        done(null, JSON.parse(text));
      } catch {
        done(badRequest('INVALID_JSON', '请求体不是有效的 JSON。', 'The request body is not valid JSON.'), undefined);
      }
    });
    callbacks.addHook('preHandler', async (request: FastifyRequest) => {
      const secret = await callbackSecret();
      const key = (request.query as { key?: string } | undefined)?.key;
      if (key !== undefined) {
        const a = Buffer.from(key);
        const b = Buffer.from(secret);
        if (a.length === b.length && timingSafeEqual(a, b)) return;
        throw callbackUnauthorized();
      }
      const timestamp = request.headers['x-sms-timestamp'];
      const signature = request.headers['x-sms-signature'];
      if (typeof timestamp !== 'string' || typeof signature !== 'string'
        || !callbackSignatureValid(secret, timestamp, request.rawBody ?? '', signature, Date.now())) throw callbackUnauthorized();
    });
    const callbackQuery = z.object({ key: z.string().max(200).optional() });

    callbacks.post(
      '/api/outreach/sms/reports',
      {
        schema: {
          tags: ['outreach'], summary: 'SMS delivery reports from the provider (signed callback)', security: [],
          querystring: callbackQuery, body: z.array(smsReport).min(1).max(1000),
          response: { 200: z.object({ code: z.literal(0), msg: z.string(), updated: z.number().int() }) },
        },
      },
      async (request) => ({ code: 0 as const, msg: '成功', ...(await recordSmsReports(app.pool, request.body, app.clock())) }),
    );

    callbacks.post(
      '/api/outreach/sms/replies',
      {
        schema: {
          tags: ['outreach'], summary: 'Customers replies (uplink SMS) from the provider (signed callback); TD / T / 退订 opts out', security: [],
          querystring: callbackQuery, body: z.array(smsReply).min(1).max(1000),
          response: { 200: z.object({ code: z.literal(0), msg: z.string(), matched: z.number().int(), optOuts: z.number().int() }) },
        },
      },
      async (request) => ({ code: 0 as const, msg: '成功', ...(await recordSmsReplies(app.pool, request.body, app.clock())) }),
    );
  });

  // The embedded gateway's SendSms over HTTP: form bodies kept as text (this plugin only).
  await app.register(async (plain) => {
    const pop = plain.withTypeProvider<ZodTypeProvider>();
    pop.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(typeof body === 'string' ? body : body.toString('utf8'))));
    });
    const gateway = new EmbeddedSmsGateway(app.pool, {
      callbackBaseUrl: () => {
        const address = app.server.address();
        return address && typeof address === 'object' ? `http://127.0.0.1:${address.port}` : undefined;
      },
      secret: callbackSecret,
      accessKey: async () => ({ id: config().SMS_ACCESS_KEY_ID ?? EMBEDDED_SMS_ACCESS_KEY_ID, secret: await embeddedSmsSecret(app.pool) }),
      log: (m) => app.log.warn(m),
    });
    const popParams = z.record(z.string(), z.string());
    const popAnswer = z.object({ Code: z.string(), Message: z.string(), RequestId: z.string(), BizId: z.string().optional(), HostId: z.string().optional() })
      .describe('Aliyun SendSms answer: Code OK with BizId, or the provider’s error code');
    const summary = 'The embedded SMS gateway’s SendSms (Aliyun dysmsapi 2017-05-25, POP HMAC-SHA1 signature): 400 SignatureDoesNotMatch, 404 InvalidAccessKeyId.NotFound … like the provider';
    pop.post(
      '/api/outreach/sms-gateway',
      { schema: { tags: ['outreach'], summary, security: [], body: popParams, response: { 200: popAnswer, 400: popAnswer, 404: popAnswer } } },
      async (request, reply) => {
        const result = await gateway.receivePop('POST', request.body, Date.now());
        return reply.code(result.status).send(result.body);
      },
    );
  });

  const admin = { onRequest: [requireUser, requirePermission('settings')] };

  app.get(
    '/api/outreach/mailbox',
    {
      ...admin,
      schema: {
        tags: ['outreach'], summary: 'What the embedded SMTP server received, newest first (邮件收件箱)',
        querystring: z.object({ q: z.string().trim().max(100).optional(), ...paging }),
        response: { 200: z.object({ items: z.array(mailboxItem), total: z.number().int() }) },
      },
    },
    async (request) => listMailbox(app.pool, request.query),
  );

  app.get(
    '/api/outreach/mailbox/:id',
    {
      ...admin,
      schema: {
        tags: ['outreach'], summary: 'One received mail with its text and raw source', params: idParams,
        response: { 200: mailboxItem.extend({ textBody: z.string().nullable(), raw: z.string() }) },
      },
    },
    async (request) => {
      const message = await mailboxMessage(app.pool, request.params.id);
      if (!message) throw notFound();
      return message;
    },
  );

  app.get(
    '/api/outreach/sms-inbox',
    {
      ...admin,
      schema: {
        tags: ['outreach'], summary: 'What the embedded SMS gateway was sent and the replies it received, newest first (短信收件箱)',
        querystring: z.object({ direction: z.enum(['OUT', 'REPLY']).optional(), q: z.string().trim().max(100).optional(), ...paging }),
        response: { 200: z.object({ items: z.array(smsItem), total: z.number().int() }) },
      },
    },
    async (request) => listSmsInbox(app.pool, request.query),
  );

  app.post(
    '/api/outreach/sms-inbox/replies',
    {
      ...admin,
      schema: {
        tags: ['outreach'], summary: 'Simulate a customer replying to the embedded SMS gateway (try 回复TD)',
        body: z.object({ mobile: z.string().trim().regex(/^1\d{10}$/, '手机号须为 11 位数字 / mobile must be 11 digits'), content: z.string().trim().min(1).max(500) }),
        response: { 201: z.object({ id: z.string(), matched: z.number().int(), optOuts: z.number().int() }) },
      },
    },
    async (request, reply) => {
      if (config().SMS_URL) throw badRequest('SMS_GATEWAY_NOT_EMBEDDED', '已配置真实短信服务商，无法模拟回复。', 'A real SMS provider is configured: replies cannot be simulated.');
      const gateway = new EmbeddedSmsGateway(app.pool, { callbackBaseUrl: () => undefined, secret: callbackSecret });
      const { id } = await gateway.receiveReply(request.body.mobile, request.body.content);
      // the gateway hands the reply to the same handler as the signed callback
      const result = await recordSmsReplies(app.pool, [{ phone_number: request.body.mobile, content: request.body.content }], app.clock());
      return reply.code(201).send({ id, ...result });
    },
  );
};
