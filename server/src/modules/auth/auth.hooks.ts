/**
 * Request hooks that every protected route uses:
 *
 *   app.get('/api/x', { onRequest: [requireUser, requirePermission('audit')] }, async (request) => {
 *     const user = callerOf(request); // AuthUser
 *   });
 *
 * or, for a whole plugin, `app.addHook('onRequest', requireUser)`.
 */
import '@fastify/cookie';
import type { FastifyRequest } from 'fastify';
import { unauthorized } from '../../errors.js';
import type { Permission } from './auth.rules.js';
import { assertPermission, authenticate, SESSION_COOKIE, type AuthUser, type ClientContext, type Credentials } from './auth.service.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller; set by `requireUser`, null before it runs and on public routes. */
    user: AuthUser | null;
  }
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * The request's credentials: an `Authorization: Bearer` token wins over the session cookie. Any other
 * Authorization header is credentials that fail (never a silent fall-back to the cookie).
 */
export function credentialsOf(request: FastifyRequest): Credentials {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) return { kind: 'token', secret: BEARER.exec(authorization)?.[1] ?? '' };
  const cookie = request.cookies[SESSION_COOKIE];
  return cookie ? { kind: 'session', secret: cookie } : null;
}

export function clientContext(request: FastifyRequest): ClientContext {
  return { ip: request.ip, userAgent: request.headers['user-agent'], now: request.server.clock() };
}

/** onRequest hook: 401 unless the request carries a valid session cookie or bearer token. */
export async function requireUser(request: FastifyRequest): Promise<void> {
  const user = await authenticate(request.server.pool, credentialsOf(request), request.server.clock());
  if (!user) throw unauthorized();
  request.user = user;
}

/** onRequest hook (after `requireUser`): 403 unless the caller's role has `permission`. */
export function requirePermission(permission: Permission): (request: FastifyRequest) => Promise<void> {
  return async (request) => {
    assertPermission(callerOf(request), permission);
  };
}

/** The caller set by `requireUser`; 401 if a route forgot the hook (fail closed). */
export function callerOf(request: FastifyRequest): AuthUser {
  if (!request.user) throw unauthorized();
  return request.user;
}
