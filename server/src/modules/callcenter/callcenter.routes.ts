/**
 * Call center over HTTP (呼叫中心, issue 14 item 2):
 * - POST /api/cti/events — the CTI system's webhook (Authorization: Bearer CTI_TOKEN, never a session)
 * - GET /api/cti/stream — the agent's server-sent events (session cookie): `ready`, then `call`
 *   `{callId, event, call}` (the card as GET /api/cti/calls/{callId} answers it) for each event of a call routed to the agent's extension; a comment line every
 *   HEARTBEAT_MS, which also re-checks the session (a logged-out stream ends)
 * - GET /api/cti/me, GET /api/cti/calls/{callId}, POST …/record, POST …/prospect — the agent's pop
 * - GET/POST/DELETE /api/cti/agents, GET /api/cti/settings — 系统管理 → 呼叫中心坐席
 * - GET /api/cti/prospects — 来电潜客
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { config } from '../../config.js';
import { AppError } from '../../errors.js';
import { writeAudit } from '../audit/audit.service.js';
import { callerOf, credentialsOf, requirePermission, requireUser } from '../auth/auth.hooks.js';
import { authenticate } from '../auth/auth.service.js';
import { storedSecret } from '../outreach/delivery/delivery.service.js';
import { CallHub, type CallSignal } from './callcenter.hub.js';
import {
  agent, agentList, call, callList, callListQuery, callParams, callRecordBody, ctiEventAnswer, ctiEventBody, ctiSettings, extensionParams, myAgent, newAgentBody, prospectBody,
  prospectList, prospectListQuery,
} from './callcenter.schemas.js';
import {
  addAgent, extensionOf, getCall, handleCtiEvent, listAgents, listCalls, listProspects, noteProspect, recordCall, removeAgent, type CallContext,
} from './callcenter.service.js';

export const CTI_WEBHOOK_PATH = '/api/cti/events';
const HEARTBEAT_MS = 20_000;

function contextOf(request: FastifyRequest): CallContext {
  return { now: request.server.clock(), ip: request.ip };
}

function tokenInvalid(): AppError {
  return new AppError({ code: 'CTI_TOKEN_INVALID', status: 401, zh: 'CTI 令牌缺失或错误。', en: 'The CTI token is missing or wrong.' });
}

function notAnAgent(): AppError {
  return new AppError({ code: 'CTI_NOT_AN_AGENT', status: 404, zh: '您没有分机号，不是呼叫中心坐席。', en: 'You have no extension: you are not a call-center agent.' });
}

export interface CallcenterOptions {
  /** Heartbeat period of the event stream (tests shorten it). */
  heartbeatMs?: number;
}

export const callcenterRoutes: FastifyPluginAsyncZod<CallcenterOptions> = async (app, opts) => {
  const hub = new CallHub(app.pool, app.log);
  // open streams are requests in flight: end them first, or closing the server would wait for every agent's browser
  const openStreams = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const end of [...openStreams]) end();
  });
  app.addHook('onClose', async () => hub.close());
  const ctiToken = () => storedSecret(app.pool, 'cti-token', config().CTI_TOKEN);
  const heartbeatMs = opts.heartbeatMs ?? HEARTBEAT_MS;

  app.post(
    CTI_WEBHOOK_PATH,
    {
      // after the content type is checked (415 first, as every state change) and before the body is
      // validated: an unauthenticated caller learns nothing about the body's shape
      preValidation: async (request) => {
        const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1] ?? '';
        const a = Buffer.from(bearer);
        const b = Buffer.from(await ctiToken());
        if (a.length !== b.length || !timingSafeEqual(a, b)) throw tokenInvalid();
      },
      schema: {
        tags: ['callcenter'],
        summary: 'A call event from the CTI system (bearer CTI token): RINGING pops the caller at the agent of the extension; TRANSFERRED moves the call (and the pop) to toExtension; HANGUP records the call',
        security: [{ bearer: [] }],
        body: ctiEventBody,
        response: { 200: ctiEventAnswer },
      },
    },
    async (request) => handleCtiEvent(app.pool, request.body, contextOf(request)),
  );

  await app.register(async (plain) => {
    const agents = plain.withTypeProvider<ZodTypeProvider>();
    agents.addHook('onRequest', requireUser);

    agents.get(
      '/api/cti/me',
      { schema: { tags: ['callcenter'], summary: 'The caller’s extension (null: not an agent)', response: { 200: myAgent } } },
      async (request) => ({ extension: await extensionOf(app.pool, callerOf(request).id) }),
    );

    agents.get(
      '/api/cti/stream',
      {
        schema: {
          tags: ['callcenter'],
          summary: 'Server-sent events for the caller’s extension: `ready`, then `call` {callId, event, call: the card} (404 for a login without an extension)',
          response: { 200: z.string().describe('text/event-stream') },
        },
      },
      async (request, reply) => {
        const user = callerOf(request);
        const extension = await extensionOf(app.pool, user.id);
        if (!extension) throw notAnAgent();
        const credentials = credentialsOf(request);
        const res = reply.raw;
        reply.hijack();
        res.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-store',
          connection: 'keep-alive',
          'x-accel-buffering': 'no', // a proxy (nginx) passes each event at once
          'x-content-type-options': 'nosniff',
        });
        res.write('retry: 3000\n\n');
        let ended = false;
        let unsubscribe: (() => void) | null = null;
        const end = () => {
          if (ended) return;
          ended = true;
          openStreams.delete(end);
          clearInterval(heartbeat);
          unsubscribe?.();
          res.end();
        };
        const heartbeat = setInterval(() => {
          void authenticate(app.pool, credentials, app.clock())
            .then((still) => {
              if (!still) end();
              // the stream may have ended while the session was read: a write after its end would be an uncaught error
              else if (!ended) res.write(': heartbeat\n\n');
            })
            .catch(() => end());
        }, heartbeatMs);
        request.raw.on('close', end);
        // the reply is hijacked: a failed write (the browser gone) is this stream's end, not the process's
        res.on('error', end);
        openStreams.add(end);
        try {
          // each event goes with the call's card as this agent may see it (read like GET /api/cti/calls/{id}:
          // masked, scoped, audited), so the pop needs no second round trip; events stay in order
          let queue = Promise.resolve();
          unsubscribe = await hub.subscribe(user.id, (signal: CallSignal) => {
            queue = queue.then(async () => {
              const call = await getCall(app.pool, user, signal.callId, contextOf(request)).catch((err: unknown) => {
                request.log.warn({ err }, 'cti: the card of a pushed call could not be read');
                return null;
              });
              if (!ended) res.write(`event: call\ndata: ${JSON.stringify({ callId: signal.callId, event: signal.event, call })}\n\n`);
            }).catch((err: unknown) => {
              request.log.warn({ err }, 'cti: a pushed call could not be written');
            });
          });
          if (ended) unsubscribe();
          else res.write(`event: ready\ndata: ${JSON.stringify({ extension })}\n\n`);
        } catch (err) {
          request.log.warn({ err }, 'cti: stream could not subscribe');
          end();
        }
      },
    );

    agents.get(
      '/api/cti/calls',
      {
        schema: {
          tags: ['callcenter'],
          summary: '通话记录: the calls the caller held and (mine=false) those of the agents in the caller’s staff scope, newest first: answered or missed, duration, agents, customer, contact record',
          querystring: callListQuery,
          response: { 200: callList },
        },
      },
      async (request) => listCalls(app.pool, callerOf(request), request.query, contextOf(request)),
    );
    agents.get(
      '/api/cti/calls/:callId',
      {
        schema: {
          tags: ['callcenter'],
          summary: 'A call routed to the caller, with its caller’s card (the screen pop); 404 for anyone else’s call',
          params: callParams,
          response: { 200: call },
        },
      },
      async (request) => getCall(app.pool, callerOf(request), request.params.callId, contextOf(request)),
    );

    agents.post(
      '/api/cti/calls/:callId/record',
      {
        onRequest: requirePermission('contacts.write'),
        schema: {
          tags: ['callcenter'],
          summary: 'Record the caller’s own call for a customer with a summary (the contact record, CALL_CENTER)',
          params: callParams,
          body: callRecordBody,
          response: { 200: call },
        },
      },
      async (request) => recordCall(app.pool, callerOf(request), request.params.callId, request.body, contextOf(request)),
    );

    agents.post(
      '/api/cti/calls/:callId/prospect',
      {
        onRequest: requirePermission('contacts.write'),
        schema: {
          tags: ['callcenter'],
          summary: 'Note the caller of one’s own call as a prospect (来电潜客), the number taken from the call',
          params: callParams,
          body: prospectBody,
          response: { 201: call },
        },
      },
      async (request, reply) => reply.code(201).send(await noteProspect(app.pool, callerOf(request), request.params.callId, request.body, contextOf(request))),
    );

    agents.get(
      '/api/cti/prospects',
      {
        onRequest: requirePermission('customers'),
        schema: {
          tags: ['callcenter'],
          summary: 'Prospects noted from calls (来电潜客) by the staff in the caller’s scope, newest first',
          querystring: prospectListQuery,
          response: { 200: prospectList },
        },
      },
      async (request) => listProspects(app.pool, callerOf(request), request.query, contextOf(request)),
    );

    const manage = requirePermission('users');
    agents.get(
      '/api/cti/agents',
      { onRequest: manage, schema: { tags: ['callcenter'], summary: 'The agents and their extensions (呼叫中心坐席)', response: { 200: agentList } } },
      async () => listAgents(app.pool),
    );
    agents.post(
      '/api/cti/agents',
      {
        onRequest: manage,
        schema: { tags: ['callcenter'], summary: 'Give a staff login an extension', body: newAgentBody, response: { 201: agent } },
      },
      async (request, reply) => reply.code(201).send(await addAgent(app.pool, callerOf(request), request.body, contextOf(request))),
    );
    agents.delete(
      '/api/cti/agents/:extension',
      { onRequest: manage, schema: { tags: ['callcenter'], summary: 'Take an extension away', params: extensionParams, response: { 204: z.null() } } },
      async (request, reply) => {
        await removeAgent(app.pool, callerOf(request), request.params.extension, contextOf(request));
        return reply.code(204).send(null);
      },
    );
    agents.get(
      '/api/cti/settings',
      {
        onRequest: requirePermission('settings'),
        schema: { tags: ['callcenter'], summary: 'The CTI webhook’s address and token, for the administrator who sets up the CTI system (audited)', response: { 200: ctiSettings } },
      },
      async (request) => {
        const user = callerOf(request);
        const token = await ctiToken();
        await app.pool.connect().then(async (client) => {
          try {
            await writeAudit(client, { user, action: 'callcenter.token_view', entity: 'setting', entityId: 'cti-token', ip: request.ip });
          } finally {
            client.release();
          }
        });
        return { token, configured: Boolean(config().CTI_TOKEN), webhookPath: CTI_WEBHOOK_PATH };
      },
    );
  });
};
