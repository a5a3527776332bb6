/**
 * The HTTP application: Fastify with zod schemas (validation, serialization and the OpenAPI document
 * at /api/openapi.json), session cookies, the one error handler that answers every failure as
 * application/problem+json (RFC 9457), the modules' routes, and the web UI when it is built.
 */
import fs from 'node:fs';
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
import { AppError, checkInput, httpError, internalError, preferredLanguage, PROBLEM_CONTENT_TYPE, toProblem } from './errors.js';
import { adminRoutes } from './modules/admin/admin.routes.js';
import { auditRoutes } from './modules/audit/audit.routes.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import { SESSION_COOKIE } from './modules/auth/auth.service.js';
import { customerRoutes } from './modules/customers/customers.routes.js';
import { payrollRoutes } from './modules/payroll/payroll.routes.js';
import { reportRoutes } from './modules/reports/reports.routes.js';
import { workflowRoutes } from './modules/workflows/workflows.routes.js';
import { relationshipRoutes } from './modules/relationships/relationships.routes.js';
import { staffManageRoutes } from './modules/staff/staff.manage.routes.js';
import { staffRoutes } from './modules/staff/staff.routes.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The database every route reads and writes through. */
    pool: pg.Pool;
    /** The app's clock: `new Date()` unless a test fixes it. */
    clock: () => Date;
  }
}

export interface AppOptions {
  pool: pg.Pool;
  log?: FastifyServerOptions['logger'];
  /** Test clock; decides "today" for data scope, session expiry and the login throttle. */
  now?: () => Date;
  /** The built web UI; default web/dist of the repository, served only when it exists. */
  webRoot?: string;
}

const DEFAULT_WEB_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: withoutQueryStrings(opts.log), trustProxy: config().TRUST_PROXY === 'true' });
  app.decorate('pool', opts.pool);
  app.decorate('clock', opts.now ?? (() => new Date()));
  app.decorateRequest('user', null);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler((error, request, reply) => {
    const appError = asAppError(error);
    if (appError.status >= 500) request.log.error({ err: error }, 'request failed');
    return sendProblem(request, reply, appError);
  });

  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'QuanCRM API', version: '0.1.0', description: '券商客户关系管理系统 — CRM for securities brokerages' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  await app.register(authRoutes);
  await app.register(auditRoutes);
  await app.register(customerRoutes);
  await app.register(reportRoutes);
  await app.register(payrollRoutes);
  await app.register(staffRoutes);
  await app.register(staffManageRoutes);
  await app.register(relationshipRoutes);
  await app.register(adminRoutes);
  await app.register(workflowRoutes);

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

/** zod validation whose 422 lists every bad field in Chinese and English (errors.ts `checkInput`). */
const validatorCompiler: FastifySchemaCompiler<z.core.$ZodType> =
  ({ schema, httpPart }) =>
  (data) => {
    const result = checkInput(schema, data, httpPart);
    return result.success ? { value: result.data } : { error: result.error };
  };

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
