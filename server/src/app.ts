/**
 * The HTTP application: Fastify with zod schemas (validation, serialization and the OpenAPI document
 * at /api/openapi.json), session cookies, the one error handler that answers every failure as
 * application/problem+json (RFC 9457), the modules' routes, and the web UI when it is built.
 */
import fs from 'node:fs';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifySchemaCompiler, type FastifyServerOptions } from 'fastify';
import { jsonSchemaTransform, serializerCompiler } from 'fastify-type-provider-zod';
import type pg from 'pg';
import type { z } from 'zod';
import { config } from './config.js';
import { ReadRouter } from './db/read-replica.js';
import { AppError, checkInput, checkQuery, crossSiteRequest, httpError, internalError, nulCharacterErrors, preferredLanguage, PROBLEM_CONTENT_TYPE, toProblem, validationFailed } from './errors.js';
import { adminRoutes } from './modules/admin/admin.routes.js';
import { auditRoutes } from './modules/admin/admin.audit.routes.js';
import { calendarRoutes } from './modules/calendar/calendar.routes.js';
import { callcenterRoutes } from './modules/callcenter/callcenter.routes.js';
import { churnRoutes } from './modules/churn/churn.routes.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import { SESSION_COOKIE } from './modules/auth/auth.service.js';
import { contactRoutes } from './modules/contacts/contacts.routes.js';
import { openFollowUpCount } from './modules/contacts/contacts.service.js';
import { customerRoutes } from './modules/customers/customers.routes.js';
import { CUSTOMER_SESSION_COOKIE } from './modules/customer-space/customer-auth.js';
import { customerSpaceRoutes } from './modules/customer-space/customer-space.routes.js';
import { labelRoutes } from './modules/labels/labels.routes.js';
import { kycRoutes } from './modules/kyc/kyc.routes.js';
import { intelligenceRoutes } from './modules/intelligence/intelligence.routes.js';
import { lifecycleRoutes } from './modules/lifecycle/lifecycle.routes.js';
import { marginRoutes } from './modules/margin/margin.routes.js';
import { monitoringRoutes } from './modules/monitoring/monitoring.routes.js';
import { openAlertCount } from './modules/monitoring/monitoring.service.js';
import { payrollRoutes } from './modules/payroll/payroll.routes.js';
import { reportRoutes } from './modules/reports/reports.routes.js';
import { relationshipOperations } from './modules/workflows/operations/relationship.operations.js';
import { registerOperations } from './modules/workflows/workflows.registry.js';
import { workflowRoutes } from './modules/workflows/workflows.routes.js';
import { relationshipRoutes } from './modules/relationships/relationships.routes.js';
import { orgRoutes } from './modules/org/org.routes.js';
import { outreachOperations } from './modules/outreach/outreach.service.js';
import { outreachRoutes } from './modules/outreach/outreach.routes.js';
import { deliveryRoutes } from './modules/outreach/delivery/delivery.routes.js';
import { staffManageRoutes } from './modules/staff/staff.manage.routes.js';
import { staffOperations } from './modules/staff/staff.manage.workflows.js';
import { staffRoutes } from './modules/staff/staff.routes.js';
import { suitabilityRoutes } from './modules/suitability/suitability.routes.js';
import { serviceOperations } from './modules/service/service.content.js';
import { serviceMeRoutes } from './modules/service/service.me.routes.js';
import { serviceRoutes } from './modules/service/service.routes.js';
import { productRoutes } from './modules/products/products.routes.js';
import { registerDayImportedListeners } from './day-imported-listeners.js';
import { trainingRoutes } from './modules/training/training.routes.js';
import { valueRoutes } from './modules/value/value.routes.js';
import { startupGate } from './modules/startup/startup.routes.js';
import type { StartupState } from './modules/startup/startup.state.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The database every route reads and writes through. */
    pool: pg.Pool;
    /** Where reports and heavy read-only lists read: the replica (DATABASE_READ_URL) while it has every imported day, else `pool`. */
    reads: ReadRouter;
    /** The app's clock: `new Date()` unless a test fixes it. */
    clock: () => Date;
  }
}

export interface AppOptions {
  pool: pg.Pool;
  /** A streaming replica's pool (DATABASE_READ_URL) for reports and heavy lists; default none (everything on `pool`). */
  readPool?: pg.Pool;
  log?: FastifyServerOptions['logger'];
  /** Test clock; decides "today" for data scope, session expiry and the login throttle. */
  now?: () => Date;
  /** The built web UI; default web/dist of the repository, served only when it exists. */
  webRoot?: string;
  /** The start-up state (demo build); without it the API is ready at once. */
  startup?: StartupState;
  /** Only the start-up gate, /api/status and the web UI: main.ts answers with it while the database opens. */
  gateOnly?: boolean;
}

const DEFAULT_WEB_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: withoutQueryStrings(opts.log),
    trustProxy: config().trustProxy,
    // The router's own refusals (a malformed %-escape, a path parameter over 100 characters → 414) as problem+json.
    frameworkErrors: (error, request, reply) => sendProblem(request, addEdgeHeaders(request, reply), asAppError(error)),
    clientErrorHandler: answerClientError,
  });
  app.decorate('pool', opts.pool);
  app.decorate('reads', new ReadRouter(opts.pool, opts.readPool, (message) => app.log.warn(message)));
  app.decorate('clock', opts.now ?? (() => new Date()));
  app.decorateRequest('user', null);
  app.decorateRequest('customerNo', null); // the customer realm's caller (customer-space/customer-auth.ts)
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler((error, request, reply) => {
    const appError = asAppError(error);
    // 503 is an answer on purpose (the demo build's gate), not a failure
    if (appError.status >= 500 && appError.status !== 503) request.log.error({ err: error }, 'request failed');
    return sendProblem(request, reply, appError);
  });
  hardenEdge(app);

  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'QuanCRM API', version: '0.1.0', description: '券商客户关系管理系统 — CRM for securities brokerages' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          bearer: { type: 'http', scheme: 'bearer' },
          // the customer realm's own session (客户专属空间, /api/me/…): never a staff credential
          customerSession: { type: 'apiKey', in: 'cookie', name: CUSTOMER_SESSION_COOKIE },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  startupGate(app, opts.startup);
  if (opts.gateOnly) return serveWebUi(app, opts.webRoot ?? DEFAULT_WEB_ROOT).then(() => app);

  // The workflow engine's flow types, registered here rather than by importing their files.
  registerOperations([...relationshipOperations, ...staffOperations, ...outreachOperations, ...serviceOperations]);
  registerDayImportedListeners();
  // The API's plugins, one after the other in this order (the OpenAPI document lists their routes in it).
  // auth first; GET /api/me counts the open follow-ups and the NEW alerts through the contacts and
  // monitoring modules, which build on auth.
  await app.register(authRoutes, { openFollowUps: openFollowUpCount, openAlerts: openAlertCount });
  const apiRoutes = [
    auditRoutes, customerRoutes, reportRoutes, payrollRoutes, staffRoutes,
    staffManageRoutes, relationshipRoutes, orgRoutes, adminRoutes, calendarRoutes, workflowRoutes, contactRoutes, monitoringRoutes,
    valueRoutes, churnRoutes, labelRoutes, lifecycleRoutes, intelligenceRoutes, marginRoutes,
    suitabilityRoutes, productRoutes, outreachRoutes, deliveryRoutes, trainingRoutes, callcenterRoutes, kycRoutes, customerSpaceRoutes, serviceRoutes, serviceMeRoutes,
  ];
  for (const routes of apiRoutes) await app.register(routes);

  await serveWebUi(app, opts.webRoot ?? DEFAULT_WEB_ROOT);
  return app;
}

/** Request log lines carry the path only: a customer search's query may hold a mobile or ID number. */
function withoutQueryStrings(logger: AppOptions['log']): AppOptions['log'] {
  if (!logger) return false;
  const options = logger === true ? {} : logger;
  return {
    ...options,
    serializers: {
      ...options.serializers,
      req: (req) => ({ method: req.method, url: req.url?.split('?')[0], remoteAddress: req.socket?.remoteAddress }),
    },
  };
}

/**
 * zod validation whose 422 lists every bad field in Chinese and English (errors.ts `checkInput`); a
 * query string may hold only the parameters its schema names (`checkQuery`).
 */
const validatorCompiler: FastifySchemaCompiler<z.core.$ZodType> =
  ({ schema, httpPart }) =>
  (data) => {
    const result = httpPart === 'querystring' ? checkQuery(schema, data, httpPart) : checkInput(schema, data, httpPart);
    return result.success ? { value: result.data } : { error: result.error };
  };

// ---------------------------------------------------------------- the edge: CSRF, NUL characters, media types, headers

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every response's security headers. The web UI loads its scripts and styles from /assets (no inline
 * script); antd writes inline style elements and attributes, ECharts draws on a canvas, the favicon
 * is a data: URL.
 */
const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; '),
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'cross-origin-opener-policy': 'same-origin',
};

/**
 * The hooks every request passes at the edge:
 * - CSRF (onRequest, before any route's login check): a state change (POST, PUT, PATCH, DELETE)
 *   that a browser sends from another site's page is 403 CROSS_SITE_REQUEST (`isCrossSite`).
 * - Media type: only JSON bodies are parsed; text/plain (what an HTML form or a no-cors fetch can
 *   send without a preflight) is 415 before any handler runs.
 * - NUL characters (preValidation): PostgreSQL cannot store U+0000 in text, so a NUL anywhere in the
 *   path parameters, the query or the body is a 422 naming the field, whatever the route's schema.
 * - Headers (onSend): SECURITY_HEADERS on every response, HSTS when the request came over TLS
 *   (`request.protocol`: X-Forwarded-Proto counts only from a trusted proxy), and `no-store` on
 *   every API answer (they carry personal data); the web UI's files keep their own caching.
 */
function hardenEdge(app: FastifyInstance): void {
  app.removeContentTypeParser('text/plain');
  app.addHook('onRequest', async (request) => {
    if (isCrossSite(request)) throw crossSiteRequest();
  });
  app.addHook('preValidation', async (request) => {
    const fieldErrors = [...nulCharacterErrors(request.params), ...nulCharacterErrors(request.query), ...nulCharacterErrors(request.body)];
    if (fieldErrors.length) throw validationFailed(fieldErrors);
  });
  app.addHook('onSend', async (request, reply, payload) => {
    addEdgeHeaders(request, reply);
    return payload;
  });
}

/** The headers of `hardenEdge` (also for the router's refusals, which skip the onSend hooks). */
function addEdgeHeaders(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  reply.headers(SECURITY_HEADERS);
  if (request.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000');
  if (isApiPath(request.url)) reply.header('cache-control', 'no-store');
  return reply;
}

/**
 * Whether a state change comes from another site's page. Browsers mark every POST, PUT, PATCH and
 * DELETE with Origin, and current ones with Sec-Fetch-Site too: a change passes when Sec-Fetch-Site
 * is `same-origin` (or `none`: typed by the user), or, without it, when the Origin's host is the
 * request's Host (X-Forwarded-Host from a trusted proxy). A request with neither header is not sent
 * by a browser page (curl, an integration), so it cannot be forged cross-site and passes; so does a
 * request with an Authorization header (a bearer token, which a browser never adds on its own).
 */
function isCrossSite(request: FastifyRequest): boolean {
  if (SAFE_METHODS.has(request.method) || request.headers.authorization !== undefined) return false;
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined) return site !== 'same-origin' && site !== 'none';
  const origin = request.headers.origin;
  return origin !== undefined && !isSameHost(origin, request.host);
}

/** `origin`'s host and port are `host`'s (default ports compared under the origin's scheme); `null` never is. */
function isSameHost(origin: string, host: string): boolean {
  try {
    const from = new URL(origin);
    return from.host === new URL(`${from.protocol}//${host}`).host;
  } catch {
    return false;
  }
}

/**
 * Node's HTTP parser refuses some requests before Fastify sees them (headers and URL over 16 kB → 431,
 * a malformed request → 400, a timeout → 408); they are answered as problem+json too, in Chinese
 * (the request's Accept-Language is unknown).
 */
function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed || !socket.writable) {
    socket.destroy();
    return;
  }
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const code = status === 431 ? 'REQUEST_HEADERS_TOO_LARGE' : status === 408 ? 'REQUEST_TIMEOUT' : 'BAD_REQUEST';
  const body = JSON.stringify(toProblem(httpError(status, code), 'zh', ''));
  const headers: Record<string, string> = {
    ...SECURITY_HEADERS,
    'content-type': PROBLEM_CONTENT_TYPE,
    'content-length': String(Buffer.byteLength(body)),
    'cache-control': 'no-store',
    connection: 'close',
  };
  const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('');
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n${head}\r\n${body}`);
}

/** Fastify's own client errors (malformed JSON, unsupported media type …) carry a 4xx statusCode and a code. */
function isFrameworkClientError(error: unknown): error is { statusCode: number; code: string } {
  if (typeof error !== 'object' || error === null || !('statusCode' in error) || !('code' in error)) return false;
  const { statusCode, code } = error;
  return typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500 && typeof code === 'string';
}

function asAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (isFrameworkClientError(error)) return httpError(error.statusCode, error.code);
  return internalError(error);
}

function sendProblem(request: FastifyRequest, reply: FastifyReply, error: AppError): FastifyReply {
  const language = preferredLanguage(request.headers['accept-language']);
  const instance = request.url.split('?')[0] ?? request.url;
  return reply
    .code(error.status)
    .headers({ ...error.headers, 'content-language': language === 'en' ? 'en' : 'zh-CN', vary: 'Accept-Language' })
    .type(PROBLEM_CONTENT_TYPE)
    .send(toProblem(error, language, instance));
}

function isApiPath(url: string): boolean {
  return url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');
}

function routeNotFound(request: FastifyRequest): AppError {
  const route = `${request.method} ${request.url.split('?')[0]}`;
  return new AppError({ code: 'ROUTE_NOT_FOUND', status: 404, zh: `没有这个接口：${route}`, en: `No such endpoint: ${route}` });
}

/**
 * The built web UI (static files, and index.html for every other non-API GET so that client-side
 * routes load), or, when it is not built, a small page at / that says the API is running.
 */
async function serveWebUi(app: FastifyInstance, webRoot: string): Promise<void> {
  const hasWebUi = fs.existsSync(path.join(webRoot, 'index.html'));
  if (hasWebUi) {
    await app.register(fastifyStatic, {
      root: webRoot,
      preCompressed: true, // the .br/.gz copies written by web/scripts/compress.mjs at build time
      setHeaders: (reply, filePath) => {
        // Hashed bundles never change under their name; index.html must be revalidated to pick up a new build.
        const hashed = filePath.includes(`${path.sep}assets${path.sep}`);
        reply.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  else app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.type('text/html; charset=utf-8').send(API_HOME_PAGE));

  app.setNotFoundHandler((request, reply) => {
    const wantsPage = request.method === 'GET' || request.method === 'HEAD';
    if (hasWebUi && wantsPage && !isApiPath(request.url)) return reply.sendFile('index.html');
    return sendProblem(request, reply, routeNotFound(request));
  });
}

const API_HOME_PAGE = `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>QuanCRM</title></head>
<body>
  <h1>QuanCRM</h1>
  <p>API 正在运行。网页界面尚未构建。 / The API is running; the web UI has not been built.</p>
  <p><a href="/api/openapi.json">/api/openapi.json</a> — OpenAPI</p>
</body>
</html>
`;
