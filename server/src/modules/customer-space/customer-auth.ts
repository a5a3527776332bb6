/**
 * The customer realm's sessions (客户专属空间): a customer who logged in with their mobile and a
 * one-time code (customer-login.service.ts) holds the HttpOnly cookie `crm_customer_session`, whose
 * sha256 names a row of customer_sessions. The staff realm (auth module: crm_session / bearer tokens,
 * sessions of users) never reads it, and `requireCustomer` never reads the staff's: a customer session
 * never authenticates a staff endpoint, nor a staff session a customer one.
 *
 *   app.get('/api/me/x', { preHandler: requireCustomer }, async (request) => {
 *     const customerNo = customerOf(request); // the logged-in customer's number
 *   });
 */
import '@fastify/cookie';
import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type pg from 'pg';
import { config } from '../../config.js';
import { unauthorized } from '../../errors.js';
import { isStale, sha256 } from '../auth/auth.service.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The logged-in customer's number (客户号); set by `requireCustomer`, null elsewhere. */
    customerNo: string | null;
  }
}

export const CUSTOMER_SESSION_COOKIE = 'crm_customer_session';

/** The customer named by a session secret, or null (unknown, expired, or the customer closed). */
export async function customerBySession(pool: pg.Pool, secret: string, now: Date): Promise<string | null> {
  const { rows } = await pool.query<{ id: string; customerNo: string; lastSeenAt: Date }>(
    `select s.id, s.customer_no as "customerNo", s.last_seen_at as "lastSeenAt"
       from customer_sessions s join customers c on c.customer_no = s.customer_no
      where s.id = $1 and s.expires_at > $2 and c.status <> 'CLOSED'`,
    [sha256(secret), now],
  );
  const row = rows[0];
  if (!row) return null;
  if (isStale(row.lastSeenAt, now)) { // touched at most every 5 minutes, as staff sessions
    await pool.query('update customer_sessions set last_seen_at = $2 where id = $1', [row.id, now]);
  }
  return row.customerNo;
}

/**
 * Fastify onRequest (or preHandler) hook: 401 unless the request carries a valid customer session
 * cookie; sets `request.customerNo`. An Authorization header (the staff realm's bearer tokens) is
 * never a customer's credential: a request carrying one is 401 here.
 */
export async function requireCustomer(request: FastifyRequest): Promise<void> {
  const secret = request.cookies[CUSTOMER_SESSION_COOKIE];
  if (!secret || request.headers.authorization !== undefined) throw unauthorized();
  const customerNo = await customerBySession(request.server.pool, secret, request.server.clock());
  if (!customerNo) throw unauthorized();
  request.customerNo = customerNo;
}

/** The customer set by `requireCustomer`; 401 if a route forgot the hook (fail closed). */
export function customerOf(request: FastifyRequest): string {
  if (!request.customerNo) throw unauthorized();
  return request.customerNo;
}

/**
 * A new session of `customerNo` (in the login's transaction): the cookie's value and its expiry.
 * `mobile`: the number the code went to (its cti_phone_key); the session may switch to the other
 * open accounts carrying it (a household, customer-space.service.ts switchAccount).
 */
export async function createCustomerSession(
  client: pg.PoolClient,
  customerNo: string,
  ctx: { ip: string; userAgent?: string; now: Date },
  mobile: string | null = null,
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(ctx.now.getTime() + config().SESSION_TTL_HOURS * 3_600_000);
  await client.query('delete from customer_sessions where customer_no = $1 and expires_at <= $2', [customerNo, ctx.now]);
  await client.query(
    `insert into customer_sessions (id, customer_no, created_at, expires_at, last_seen_at, ip, user_agent, mobile) values ($1, $2, $3, $4, $3, $5, $6, $7)`,
    [sha256(token), customerNo, ctx.now, expiresAt, ctx.ip, ctx.userAgent ?? null, mobile],
  );
  return { token, expiresAt };
}

/** Sets the customer session cookie (HttpOnly, SameSite=Lax, Secure over TLS). */
export function setCustomerCookie(request: FastifyRequest, reply: FastifyReply, token: string): void {
  reply.setCookie(CUSTOMER_SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: request.protocol === 'https',
    maxAge: config().SESSION_TTL_HOURS * 3600,
  });
}

export function clearCustomerCookie(reply: FastifyReply): void {
  reply.clearCookie(CUSTOMER_SESSION_COOKIE, { path: '/' });
}
