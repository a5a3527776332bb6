/**
 * POST /api/auth/login, POST /api/auth/logout, GET /api/me, POST /api/auth/password (the caller's own
 * password) and the caller's integration tokens.
 */
import type { FastifyRequest } from 'fastify';
import type pg from 'pg';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { config } from '../../config.js';
import { staffPlacement } from '../../lib/schema-fields.js';
import { callerOf, clientContext, credentialsOf, requireUser } from './auth.hooks.js';
import { PERMISSIONS, ROLES } from './auth.rules.js';
import { apiTokenInfo, changePassword, createApiToken, listApiTokens, login, logout, newUserSchema, profileOf, revokeApiToken, SESSION_COOKIE, type AuthUser } from './auth.service.js';

const loginBody = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(1024),
});

const profileSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string().nullable(),
  role: z.enum(ROLES),
  staffNo: z.string().nullable(),
  staff: z
    .object({
      staffNo: z.string(),
      name: z.string(),
      ...staffPlacement,
    })
    .nullable(),
  permissions: z.array(z.enum(PERMISSIONS)),
  scopeLevel: z.enum(['ALL', 'BRANCH', 'TEAM', 'SELF']),
  lastTradingDay: z.string().nullable().describe('the latest imported trading day (YYYY-MM-DD): the day the figures are as of'),
  openFollowUps: z.number().int().describe('the caller’s next actions due today or earlier and not done (首页)'),
  openAlerts: z.number().int().describe('the NEW monitoring alerts of the customers in the caller’s scope (首页)'),
});

export interface AuthRouteOptions {
  /**
   * The user's open follow-ups due by today (the contacts module's count): passed in by app.ts, since
   * contacts builds on auth and auth may not import it back (server/test/module-cycles.test.ts).
   */
  openFollowUps: (pool: pg.Pool, user: AuthUser, now: Date) => Promise<number>;
  /** The NEW alerts in the user's scope (the monitoring module's count), passed in for the same reason. */
  openAlerts: (pool: pg.Pool, user: AuthUser, now: Date) => Promise<number>;
}

const passwordChangeBody = z.object({
  currentPassword: loginBody.shape.password,
  /** The rules of user creation. */
  newPassword: newUserSchema.shape.password,
});

const newTokenBody = z.object({
  name: z.string().trim().min(1).max(64),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});

const tokenIdParams = z.object({ id: z.string().regex(/^\d{1,18}$/) });

function sessionCookieOptions(request: FastifyRequest) {
  return {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: request.protocol === 'https',
    maxAge: config().SESSION_TTL_HOURS * 3600,
  } as const;
}

export const authRoutes: FastifyPluginAsyncZod<AuthRouteOptions> = async (app, opts) => {
  /** The profile of GET /api/me and of a login's answer. */
  const profileWithCounts = async (user: AuthUser) => ({
    ...(await profileOf(app.pool, user)),
    openFollowUps: await opts.openFollowUps(app.pool, user, app.clock()),
    openAlerts: await opts.openAlerts(app.pool, user, app.clock()),
  });

  app.post(
    '/api/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Log in (sets the crm_session cookie)',
        security: [],
        body: loginBody,
        response: { 200: profileSchema },
      },
    },
    async (request, reply) => {
      const session = await login(app.pool, request.body, clientContext(request));
      reply.setCookie(SESSION_COOKIE, session.token, sessionCookieOptions(request));
      return profileWithCounts(session.user);
    },
  );

  app.post(
    '/api/auth/logout',
    { schema: { tags: ['auth'], summary: 'Log out (ends the session)', security: [], response: { 204: z.null() } } },
    async (request, reply) => {
      const secret = request.cookies[SESSION_COOKIE];
      if (secret) await logout(app.pool, secret, clientContext(request));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/me',
    { onRequest: requireUser, schema: { tags: ['auth'], summary: 'The logged-in user', response: { 200: profileSchema } } },
    async (request) => profileWithCounts(callerOf(request)),
  );

  app.post(
    '/api/auth/password',
    {
      onRequest: requireUser,
      schema: {
        tags: ['auth'],
        summary: 'Change the caller’s password (ends their other sessions and revokes their tokens)',
        body: passwordChangeBody,
        response: { 200: z.object({ sessionsEnded: z.number().int(), tokensRevoked: z.number().int() }) },
      },
    },
    async (request) => changePassword(app.pool, callerOf(request), request.body, credentialsOf(request)?.secret ?? '', clientContext(request)),
  );

  app.post(
    '/api/auth/tokens',
    {
      onRequest: requireUser,
      schema: {
        tags: ['auth'],
        summary: 'Create an integration token (its value is shown once)',
        body: newTokenBody,
        response: { 201: apiTokenInfo.extend({ token: z.string() }) },
      },
    },
    async (request, reply) => {
      const token = await createApiToken(app.pool, callerOf(request), request.body, clientContext(request));
      return reply.code(201).send(token);
    },
  );

  app.get(
    '/api/auth/tokens',
    { onRequest: requireUser, schema: { tags: ['auth'], summary: "The caller's integration tokens", response: { 200: z.object({ items: z.array(apiTokenInfo) }) } } },
    async (request) => ({ items: await listApiTokens(app.pool, callerOf(request)) }),
  );

  app.delete(
    '/api/auth/tokens/:id',
    { onRequest: requireUser, schema: { tags: ['auth'], summary: 'Revoke one of the caller’s tokens', params: tokenIdParams, response: { 204: z.null() } } },
    async (request, reply) => {
      await revokeApiToken(app.pool, callerOf(request), request.params.id, clientContext(request));
      return reply.code(204).send(null);
    },
  );
};
