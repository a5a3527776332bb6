/**
 * Logins, sessions and integration tokens. Passwords are argon2id hashes; session cookies and
 * tokens are random 32-byte secrets of which only the sha256 is stored. Every login (and failed
 * attempt), logout, token change and user creation is audited in the transaction that makes it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type pg from 'pg';
import { z } from 'zod';
import { config } from '../../config.js';
import { inTransaction } from '../../db/database.js';
import { AppError, conflict, forbidden, notFound, parseInput, tooManyRequests, unprocessable, validationFailed } from '../../errors.js';
import { writeAudit, type AuditActor } from '../audit/audit.service.js';
import {
  isRole,
  loginRetryAfterSeconds,
  loginWindowStart,
  permissionsOf,
  requiresStaff,
  ROLES,
  scopeLevelOf,
  usernameKey,
  type Permission,
  type Role,
  type ScopeLevel,
} from './auth.rules.js';

export const SESSION_COOKIE = 'crm_session';

/** The caller of a request: a login, with what its role may do and the staff record it sees data through. */
export interface AuthUser {
  id: string;
  username: string;
  displayName: string | null;
  role: Role;
  staffNo: string | null;
  /** The linked staff member's team and branch (null without a staff link). */
  teamCode: string | null;
  branchCode: string | null;
  permissions: readonly Permission[];
  scopeLevel: ScopeLevel;
  /** How the request authenticated: the browser's session cookie or an integration token. */
  via: 'session' | 'token';
}

/** 403 unless the caller's role grants `permission` (auth.rules.ts): for routes (requirePermission) and for services. */
export function assertPermission(user: Pick<AuthUser, 'permissions'>, permission: Permission): void {
  if (!user.permissions.includes(permission)) throw forbidden();
}

/** Where a request comes from, and the time it is handled (the app's clock). */
export interface ClientContext {
  ip: string;
  userAgent?: string;
  now: Date;
}

export type Credentials = { kind: 'session' | 'token'; secret: string } | null;

// ---------------------------------------------------------------- secrets and passwords

/** OWASP's argon2id baseline (19 MiB, 2 passes); argon2id is the library's default algorithm. */
const ARGON2_OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

async function passwordMatches(passwordHash: string, password: string): Promise<boolean> {
  return verify(passwordHash, password).catch(() => false);
}

let unknownUserHash: Promise<string> | undefined;
/** Verified against when the username is unknown, so that an unknown user takes as long as a wrong password. */
function hashForUnknownUser(): Promise<string> {
  unknownUserHash ??= hashPassword(randomBytes(16).toString('hex'));
  return unknownUserHash;
}

function newSecret(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** The stored form of a session or token secret (staff and customer realms alike). */
export function sha256(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

// ---------------------------------------------------------------- users

const USERNAME = /^[A-Za-z0-9_.-]+$/;

/** A new login's fields other than the password. */
export const newLoginSchema = z.object({
  username: z.string().min(3).max(32).regex(USERNAME),
  role: z.enum(ROLES),
  staffNo: z.string().trim().min(1).max(32).optional(),
  displayName: z.string().trim().min(1).max(64).optional(),
});

export const newUserSchema = newLoginSchema.extend({ password: z.string().min(8).max(1024) });
/** A new user as callers pass it; `createUser` validates every field (the role too). */
export interface NewUser {
  username: string;
  password: string;
  role: string;
  staffNo?: string;
  displayName?: string;
}

/** Checks a new login's fields but the password (422 listing each bad one), including the staff link a scoped role needs. */
export function validateNewLogin(input: unknown): z.output<typeof newLoginSchema> {
  return withStaffLink(parseInput(newLoginSchema, input));
}

/** Checks all of a new user's fields, as `validateNewLogin` does, plus the password. */
export function validateNewUser(input: unknown): z.output<typeof newUserSchema> {
  return withStaffLink(parseInput(newUserSchema, input));
}

function withStaffLink<T extends { role: Role; staffNo?: string }>(user: T): T {
  if (requiresStaff(user.role) && !user.staffNo) {
    throw validationFailed([
      {
        field: 'staffNo',
        message: { zh: `角色 ${user.role} 必须关联员工编号。`, en: `Role ${user.role} must be linked to a staff number.` },
      },
    ]);
  }
  return user;
}

export interface CreatedUser {
  id: string;
  username: string;
  role: Role;
  staffNo: string | null;
  displayName: string | null;
}

/**
 * Creates a login and its `user.created` audit row on `client`, inside the caller's transaction.
 * 422 for invalid fields or an unknown staff number, 409 when the username (case-insensitive) is taken.
 */
export async function createUser(
  client: pg.PoolClient,
  input: NewUser,
  by: { user?: AuditActor | null; ip?: string } = {},
): Promise<CreatedUser> {
  const user = validateNewUser(input);
  if (user.staffNo) {
    const staff = await client.query('select 1 from staff where staff_no = $1', [user.staffNo]);
    if (!staff.rowCount) {
      throw unprocessable('STAFF_NOT_FOUND', `员工编号 ${user.staffNo} 不存在。`, `No staff member ${user.staffNo}.`, [
        { field: 'staffNo', message: { zh: '员工编号不存在。', en: 'Unknown staff number.' } },
      ]);
    }
  }
  const passwordHash = await hashPassword(user.password);
  const inserted = await client.query<{ id: string }>(
    `insert into users (username, display_name, password_hash, role, staff_no) values ($1, $2, $3, $4, $5)
     on conflict do nothing returning id`,
    [user.username, user.displayName ?? null, passwordHash, user.role, user.staffNo ?? null],
  );
  const id = inserted.rows[0]?.id;
  if (!id) throw conflict('USERNAME_TAKEN', `用户名 ${user.username} 已被使用。`, `The username ${user.username} is taken.`);
  const created: CreatedUser = {
    id,
    username: user.username,
    role: user.role,
    staffNo: user.staffNo ?? null,
    displayName: user.displayName ?? null,
  };
  await writeAudit(client, {
    user: by.user,
    action: 'user.created',
    entity: 'user',
    entityId: id,
    detail: { username: created.username, role: created.role, staffNo: created.staffNo },
    ip: by.ip,
  });
  return created;
}

// ---------------------------------------------------------------- authentication

interface AuthUserRow {
  id: string;
  username: string;
  display_name: string | null;
  role: string;
  staff_no: string | null;
  disabled: boolean;
  team_code: string | null;
  branch_code: string | null;
}

const AUTH_USER_COLUMNS = `u.id, u.username, u.display_name, u.role, u.staff_no, u.disabled, s.team_code, s.branch_code`;

/** A usable caller, or null for a disabled login or a role this version does not know. */
function toAuthUser(row: AuthUserRow, via: AuthUser['via']): AuthUser | null {
  const scopeLevel = scopeLevelOf(row.role);
  if (row.disabled || !isRole(row.role) || !scopeLevel) return null;
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    staffNo: row.staff_no,
    teamCode: row.team_code,
    branchCode: row.branch_code,
    permissions: permissionsOf(row.role),
    scopeLevel,
    via,
  };
}

/** Only touch `last_seen_at` / `last_used_at` this often: a read must not write on every request. */
const TOUCH_INTERVAL_MS = 5 * 60_000;

export function isStale(lastSeen: Date | null, now: Date): boolean {
  return !lastSeen || now.getTime() - lastSeen.getTime() > TOUCH_INTERVAL_MS;
}

async function userBySession(pool: pg.Pool, secret: string, now: Date): Promise<AuthUser | null> {
  const { rows } = await pool.query<AuthUserRow & { session_id: string; last_seen_at: Date }>(
    `select ${AUTH_USER_COLUMNS}, ses.id as session_id, ses.last_seen_at
       from sessions ses join users u on u.id = ses.user_id left join staff s on s.staff_no = u.staff_no
      where ses.id = $1 and ses.expires_at > $2`,
    [sha256(secret), now],
  );
  const row = rows[0];
  if (!row) return null;
  if (isStale(row.last_seen_at, now)) await pool.query('update sessions set last_seen_at = $2 where id = $1', [row.session_id, now]);
  return toAuthUser(row, 'session');
}

async function userByToken(pool: pg.Pool, secret: string, now: Date): Promise<AuthUser | null> {
  const { rows } = await pool.query<AuthUserRow & { token_id: string; last_used_at: Date | null }>(
    `select ${AUTH_USER_COLUMNS}, t.id as token_id, t.last_used_at
       from api_tokens t join users u on u.id = t.user_id left join staff s on s.staff_no = u.staff_no
      where t.token_hash = $1 and t.revoked_at is null and (t.expires_at is null or t.expires_at > $2)`,
    [sha256(secret), now],
  );
  const row = rows[0];
  if (!row) return null;
  if (isStale(row.last_used_at, now)) await pool.query('update api_tokens set last_used_at = $2 where id = $1', [row.token_id, now]);
  return toAuthUser(row, 'token');
}

/** The caller named by a session cookie or a bearer token, or null when they name no usable login. */
export async function authenticate(pool: pg.Pool, credentials: Credentials, now: Date): Promise<AuthUser | null> {
  if (!credentials) return null;
  return credentials.kind === 'token' ? userByToken(pool, credentials.secret, now) : userBySession(pool, credentials.secret, now);
}

// ---------------------------------------------------------------- login and logout

function invalidCredentials(): AppError {
  return new AppError({ code: 'INVALID_CREDENTIALS', status: 401, zh: '用户名或密码错误。', en: 'Wrong username or password.' });
}

export interface LoginResult {
  /** The session cookie's value; only its sha256 is stored. */
  token: string;
  expiresAt: Date;
  user: AuthUser;
}

/**
 * 401 with one message for an unknown user, a wrong password and a disabled login alike; 429 with
 * Retry-After while the throttle holds the username at this address, or this address, back
 * (auth.rules.ts LOGIN_THROTTLE). The failure and its audit row are committed before the error is thrown.
 */
export async function login(pool: pg.Pool, input: { username: string; password: string }, ctx: ClientContext): Promise<LoginResult> {
  const key = usernameKey(input.username);
  await admitPasswordAttempt(pool, key, { username: input.username, attempt: 'login' }, ctx);
  const { rows } = await pool.query<AuthUserRow & { password_hash: string }>(
    `select ${AUTH_USER_COLUMNS}, u.password_hash from users u left join staff s on s.staff_no = u.staff_no where lower(u.username) = $1`,
    [key],
  );
  const account = rows[0];
  const passwordOk = await passwordMatches(account?.password_hash ?? (await hashForUnknownUser()), input.password);
  const user = account && passwordOk ? toAuthUser(account, 'session') : null;
  const result = await inTransaction(pool, async (client): Promise<LoginResult | null> => {
    if (!user) {
      const reason = !account ? 'unknown_user' : !passwordOk ? 'wrong_password' : 'disabled';
      await writeAudit(client, { user: account, action: 'auth.login_failed', detail: { username: input.username, reason }, ip: ctx.ip });
      return null;
    }
    await clearLoginFailures(client, key, ctx.ip);
    const session = await createSession(client, user.id, ctx);
    await client.query('update users set last_login_at = $2 where id = $1', [user.id, ctx.now]);
    await writeAudit(client, { user, action: 'auth.login', entity: 'user', entityId: user.id, ip: ctx.ip });
    return { ...session, user };
  });
  if (!result) throw invalidCredentials();
  return result;
}

/**
 * Lets one password attempt for a username from `ctx.ip` through the throttle (auth.rules.ts), or
 * answers 429 (audited as `auth.login_throttled`). An attempt let through is counted as a failure at
 * once, committed before the password is checked, so that concurrent attempts cannot slip past the
 * count; a correct password then clears the username's failures at that address (`clearLoginFailures`).
 */
async function admitPasswordAttempt(
  pool: pg.Pool,
  key: string,
  audit: { username: string; attempt: 'login' | 'password_change'; user?: AuditActor },
  ctx: ClientContext,
): Promise<void> {
  const retryAfterSeconds = await inTransaction(pool, async (client) => {
    // Attempts from one address are admitted one at a time (a short lock: the password is checked after it).
    await client.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [`login:${ctx.ip}`]);
    const windowStart = loginWindowStart(ctx.now);
    const { rows } = await client.query<{ user_failures: number; user_last: Date | null; address_failures: number; address_last: Date | null }>(
      `select count(*) filter (where username_key = $1)::int as user_failures, max(failed_at) filter (where username_key = $1) as user_last,
              count(*)::int as address_failures, max(failed_at) as address_last
         from login_failures where ip = $2 and failed_at > $3`,
      [key, ctx.ip, windowStart],
    );
    const tally = rows[0]!;
    const wait = loginRetryAfterSeconds(
      {
        user: { failures: tally.user_failures, lastFailureAt: tally.user_last },
        address: { failures: tally.address_failures, lastFailureAt: tally.address_last },
      },
      ctx.now,
    );
    if (wait > 0) {
      await writeAudit(client, {
        user: audit.user,
        action: 'auth.login_throttled',
        detail: { username: audit.username, attempt: audit.attempt, retryAfterSeconds: wait },
        ip: ctx.ip,
      });
      return wait;
    }
    await client.query('delete from login_failures where failed_at <= $1', [windowStart]);
    await client.query('insert into login_failures (username_key, ip, failed_at) values ($1, $2, $3)', [key, ctx.ip, ctx.now]);
    return 0;
  });
  if (retryAfterSeconds > 0) throw tooManyRequests(retryAfterSeconds);
}

async function clearLoginFailures(client: pg.PoolClient, key: string, ip: string): Promise<void> {
  await client.query('delete from login_failures where username_key = $1 and ip = $2', [key, ip]);
}

async function createSession(client: pg.PoolClient, userId: string, ctx: ClientContext): Promise<{ token: string; expiresAt: Date }> {
  const token = newSecret();
  const expiresAt = new Date(ctx.now.getTime() + config().SESSION_TTL_HOURS * 3_600_000);
  await client.query('delete from sessions where user_id = $1 and expires_at <= $2', [userId, ctx.now]);
  await client.query(
    `insert into sessions (id, user_id, created_at, expires_at, last_seen_at, ip, user_agent) values ($1, $2, $3, $4, $3, $5, $6)`,
    [sha256(token), userId, ctx.now, expiresAt, ctx.ip, ctx.userAgent ?? null],
  );
  return { token, expiresAt };
}

/** Ends the session named by the cookie's value (if it still exists) and audits it. */
export async function logout(pool: pg.Pool, sessionSecret: string, ctx: ClientContext): Promise<void> {
  await inTransaction(pool, async (client) => {
    const { rows } = await client.query<{ id: string; username: string }>(
      `with ended as (delete from sessions where id = $1 returning user_id)
       select u.id, u.username from ended join users u on u.id = ended.user_id`,
      [sha256(sessionSecret)],
    );
    const user = rows[0];
    if (user) await writeAudit(client, { user, action: 'auth.logout', entity: 'user', entityId: user.id, ip: ctx.ip });
  });
}

// ---------------------------------------------------------------- password change and revocation

/**
 * Ends every session of a login but `keepSessionId` (the sha256 of the one to keep) and revokes all
 * its integration tokens: on a password change or reset, and when a login is disabled or enabled (an
 * enabled login starts with no token, so that enabling never revives one). `now` is the revocation
 * time (the transaction's time when omitted).
 */
export async function revokeCredentials(
  client: pg.PoolClient,
  userId: string,
  options: { now?: Date; keepSessionId?: string } = {},
): Promise<{ sessionsEnded: number; tokensRevoked: number }> {
  const sessions = await client.query('delete from sessions where user_id = $1 and id is distinct from $2', [userId, options.keepSessionId ?? null]);
  const tokens = await client.query('update api_tokens set revoked_at = coalesce($2::timestamptz, now()) where user_id = $1 and revoked_at is null', [
    userId,
    options.now ?? null,
  ]);
  return { sessionsEnded: sessions.rowCount ?? 0, tokensRevoked: tokens.rowCount ?? 0 };
}

export interface PasswordChange {
  currentPassword: string;
  newPassword: string;
}

/**
 * The caller changes their own password (from a browser session only). A wrong current password is a
 * failed attempt for the login throttle (422 naming the field; 429 while throttled). The new password
 * follows the rules of user creation (the route checks them) and must differ from the current one.
 * Ends every other session and revokes every token of the login; audited as `auth.password_changed`.
 */
export async function changePassword(
  pool: pg.Pool,
  user: AuthUser,
  input: PasswordChange,
  sessionSecret: string,
  ctx: ClientContext,
): Promise<{ sessionsEnded: number; tokensRevoked: number }> {
  requireSession(user);
  if (input.newPassword === input.currentPassword) {
    throw validationFailed([
      { field: 'newPassword', message: { zh: '新密码不能与当前密码相同。', en: 'The new password must differ from the current one.' } },
    ]);
  }
  const key = usernameKey(user.username);
  await admitPasswordAttempt(pool, key, { username: user.username, attempt: 'password_change', user }, ctx);
  const { rows } = await pool.query<{ password_hash: string }>('select password_hash from users where id = $1', [user.id]);
  const current = rows[0];
  if (!current || !(await passwordMatches(current.password_hash, input.currentPassword))) {
    await inTransaction(pool, (client) =>
      writeAudit(client, { user, action: 'auth.password_change_failed', entity: 'user', entityId: user.id, detail: { reason: 'wrong_password' }, ip: ctx.ip }),
    );
    throw unprocessable('WRONG_CURRENT_PASSWORD', '当前密码不正确。', 'The current password is wrong.', [
      { field: 'currentPassword', message: { zh: '当前密码不正确。', en: 'Wrong password.' } },
    ]);
  }
  const passwordHash = await hashPassword(input.newPassword);
  return inTransaction(pool, async (client) => {
    await client.query('update users set password_hash = $2 where id = $1', [user.id, passwordHash]);
    await clearLoginFailures(client, key, ctx.ip);
    const revoked = await revokeCredentials(client, user.id, { now: ctx.now, keepSessionId: sha256(sessionSecret) });
    await writeAudit(client, { user, action: 'auth.password_changed', entity: 'user', entityId: user.id, detail: revoked, ip: ctx.ip });
    return revoked;
  });
}

// ---------------------------------------------------------------- the caller's profile

export interface Profile {
  id: string;
  username: string;
  displayName: string | null;
  role: Role;
  staffNo: string | null;
  staff: { staffNo: string; name: string; teamCode: string | null; teamName: string | null; branchCode: string; branchName: string } | null;
  permissions: Permission[];
  scopeLevel: ScopeLevel;
  /** The latest imported trading day (the day the figures are as of), null before the first import. */
  lastTradingDay: string | null;
}

export async function profileOf(pool: pg.Pool, user: AuthUser): Promise<Profile> {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    staffNo: user.staffNo,
    staff: user.staffNo ? await staffProfile(pool, user.staffNo) : null,
    permissions: [...user.permissions],
    scopeLevel: user.scopeLevel,
    lastTradingDay: (await pool.query<{ d: string | null }>('select max(trade_date) as d from trading_days')).rows[0]?.d ?? null,
  };
}

async function staffProfile(pool: pg.Pool, staffNo: string): Promise<Profile['staff']> {
  const { rows } = await pool.query<NonNullable<Profile['staff']>>(
    `select s.staff_no as "staffNo", s.name, s.team_code as "teamCode", t.team_name as "teamName",
            s.branch_code as "branchCode", b.branch_name as "branchName"
       from staff s join branches b on b.branch_code = s.branch_code left join teams t on t.team_code = s.team_code
      where s.staff_no = $1`,
    [staffNo],
  );
  return rows[0] ?? null;
}

// ---------------------------------------------------------------- integration tokens

/** An integration token as the API shows it (never its secret, shown once at creation). */
export const apiTokenInfo = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiTokenInfo = z.infer<typeof apiTokenInfo>;

/** Tokens are managed from a browser session only: a leaked token must not mint or keep others. */
function requireSession(user: AuthUser): void {
  if (user.via !== 'session') throw forbidden();
}

/** A new token for the caller; its secret is returned this once and only its sha256 is kept. */
export async function createApiToken(
  pool: pg.Pool,
  user: AuthUser,
  input: { name: string; expiresInDays?: number },
  ctx: ClientContext,
): Promise<ApiTokenInfo & { token: string }> {
  requireSession(user);
  const token = newSecret('crm_');
  const expiresAt = input.expiresInDays ? new Date(ctx.now.getTime() + input.expiresInDays * 86_400_000) : null;
  return inTransaction(pool, async (client) => {
    const { rows } = await client.query<{ id: string }>(
      `insert into api_tokens (user_id, name, token_hash, created_at, expires_at) values ($1, $2, $3, $4, $5) returning id`,
      [user.id, input.name, sha256(token), ctx.now, expiresAt],
    );
    const id = rows[0]!.id;
    await writeAudit(client, { user, action: 'auth.token_created', entity: 'api_token', entityId: id, detail: { name: input.name }, ip: ctx.ip });
    return {
      id,
      name: input.name,
      token,
      createdAt: ctx.now.toISOString(),
      expiresAt: expiresAt?.toISOString() ?? null,
      lastUsedAt: null,
      revokedAt: null,
    };
  });
}

export async function listApiTokens(pool: pg.Pool, user: AuthUser): Promise<ApiTokenInfo[]> {
  requireSession(user);
  const { rows } = await pool.query<{ id: string; name: string; created_at: Date; expires_at: Date | null; last_used_at: Date | null; revoked_at: Date | null }>(
    `select id, name, created_at, expires_at, last_used_at, revoked_at from api_tokens where user_id = $1 order by created_at desc, id desc`,
    [user.id],
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    createdAt: r.created_at.toISOString(),
    expiresAt: r.expires_at?.toISOString() ?? null,
    lastUsedAt: r.last_used_at?.toISOString() ?? null,
    revokedAt: r.revoked_at?.toISOString() ?? null,
  }));
}

/** Revokes one of the caller's own tokens; 404 for anyone else's or an unknown id. Revoking twice is harmless. */
export async function revokeApiToken(pool: pg.Pool, user: AuthUser, tokenId: string, ctx: ClientContext): Promise<void> {
  requireSession(user);
  await inTransaction(pool, async (client) => {
    const { rows } = await client.query<{ revoked_now: boolean }>(
      `update api_tokens t set revoked_at = coalesce(t.revoked_at, $3)
         from (select id, revoked_at from api_tokens where id = $1 and user_id = $2 for update) prev
        where t.id = prev.id
      returning prev.revoked_at is null as revoked_now`,
      [tokenId, user.id, ctx.now],
    );
    const token = rows[0];
    if (!token) throw notFound();
    if (token.revoked_now) await writeAudit(client, { user, action: 'auth.token_revoked', entity: 'api_token', entityId: tokenId, ip: ctx.ip });
  });
}
