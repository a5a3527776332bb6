import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { useTestApp, withBrokerage } from '../../../test/app-harness.js';
import { FIXED_NOW, PASSWORD } from '../../../test/fixtures.js';
import { expectProblem } from '../../../test/problem.js';
import { inTransaction } from '../../db/database.js';
import { AppError } from '../../errors.js';
import { createUser } from './auth.service.js';

let now: Date;

const t = useTestApp({
  seed: withBrokerage(['admin', 'broker1', 'broker2', 'broker3', 'service4', 'hq_user', 'tl_t11', 'tl_t21', 'bm_b01', 'compliance']),
  now: () => now,
});
beforeEach(() => {
  now = FIXED_NOW;
});

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const minutesLater = (minutes: number) => new Date(FIXED_NOW.getTime() + minutes * 60_000);
const secondsLater = (seconds: number) => new Date(FIXED_NOW.getTime() + seconds * 1000);

async function auditActions(username: string): Promise<string[]> {
  const { rows } = await t.db.pool.query<{ action: string }>(`select action from audit_log where username = $1 or detail->>'username' = $1 order by id`, [username]);
  return rows.map((r) => r.action);
}

function login(username: string, password: string, remoteAddress = '10.0.0.1') {
  return t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress });
}

describe('POST /api/auth/login', () => {
  it('sets an HttpOnly, SameSite=Lax session cookie and stores only its sha256', async () => {
    const res = await login('broker1', PASSWORD);
    expect(res.statusCode).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/^crm_session=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Lax');
    expect(setCookie).toContain('Path=/');
    expect(setCookie).toContain('Max-Age=43200');
    expect(setCookie).not.toContain('Secure');
    const token = res.cookies.find((c) => c.name === 'crm_session')!.value;
    const sessions = await t.db.pool.query<{ id: string; expires_at: Date; ip: string }>(`select s.id, s.expires_at, s.ip from sessions s join users u on u.id = s.user_id where u.username = 'broker1'`);
    expect(sessions.rows.map((s) => s.id)).toContain(sha256(token));
    expect(sessions.rows.map((s) => s.id)).not.toContain(token);
    const session = sessions.rows.find((s) => s.id === sha256(token))!;
    expect(session.expires_at.toISOString()).toBe('2025-06-16T14:00:00.000Z'); // 12 h after FIXED_NOW
    expect(session.ip).toBe('10.0.0.1');
  });

  it('returns the profile and audits the login', async () => {
    const res = await login('broker1', PASSWORD);
    expect(res.json()).toEqual({
      id: expect.any(String),
      username: 'broker1',
      displayName: null,
      role: 'BROKER',
      staffNo: 'S001',
      staff: { staffNo: 'S001', name: '张伟', teamCode: 'T11', teamName: '财富一组', branchCode: 'B01', branchName: '北京中关村营业部' },
      permissions: ['customers', 'reports', 'workflows', 'payroll.view', 'payroll.export', 'contacts.write', 'alerts.act', 'groups.write', 'suitability.confirm'],
      scopeLevel: 'SELF',
      lastTradingDay: '2025-06-13', // the last day the fixtures import
      openFollowUps: 0,
      openAlerts: 0,
    });
    expect(await auditActions('broker1')).toContain('auth.login');
  });

  it('accepts the username in any case', async () => {
    expect((await login('Broker1', PASSWORD)).statusCode).toBe(200);
  });

  it('answers an unknown user, a wrong password and a disabled login with the same 401', async () => {
    await t.db.pool.query(`update users set disabled = true where username = 'broker3'`);
    const responses = await Promise.all([login('nobody', PASSWORD), login('broker2', 'wrong password'), login('broker3', PASSWORD)]);
    for (const res of responses) {
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    const bodies = responses.map((r) => r.json());
    expectProblem(responses[0]!, { status: 401, code: 'INVALID_CREDENTIALS', title: '未登录', detail: '用户名或密码错误。', instance: '/api/auth/login' });
    expect(bodies[1]).toEqual(bodies[0]);
    expect(bodies[2]).toEqual(bodies[0]);
    const { rows } = await t.db.pool.query<{ reason: string }>(
      `select detail->>'reason' as reason from audit_log where action = 'auth.login_failed' order by id`,
    );
    expect(rows.map((r) => r.reason).sort()).toEqual(['disabled', 'unknown_user', 'wrong_password']);
  });

  it('answers in English when the request prefers it', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'nobody', password: 'x' },
      headers: { 'accept-language': 'en-US,en;q=0.9,zh;q=0.5' },
      remoteAddress: '10.9.9.9',
    });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ title: 'Unauthorized', detail: 'Wrong username or password.' });
    expect(res.headers['content-language']).toBe('en');
  });

  it('lists each missing field as 422', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: {} });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ status: 422, code: 'VALIDATION_FAILED', detail: '提交的数据有误，请检查各字段。' });
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(['username', 'password']);
  });
});

describe('login throttle', () => {
  async function failuresLeft(usernameKey: string, ip: string): Promise<number> {
    return (await t.db.pool.query(`select 1 from login_failures where username_key = $1 and ip = $2`, [usernameKey, ip])).rowCount ?? 0;
  }

  it('backs off per username and address after 5 failures (1 s, then 2 s …), not at another address or for another username', async () => {
    for (let i = 0; i < 5; i++) expect((await login('service4', 'wrong', '10.0.0.7')).statusCode).toBe(401);
    const blocked = await login('service4', PASSWORD, '10.0.0.7'); // even the right password waits
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(blocked.headers['retry-after']).toBe('1'); // 5 failures: 2^0 s after the latest
    expect(blocked.json()).toMatchObject({ status: 429, code: 'TOO_MANY_ATTEMPTS', detail: '尝试次数过多，请 1 秒后再试。' });
    const { rows } = await t.db.pool.query(`select detail, ip from audit_log where action = 'auth.login_throttled' and detail->>'username' = 'service4'`);
    expect(rows).toEqual([{ detail: { username: 'service4', attempt: 'login', retryAfterSeconds: 1 }, ip: '10.0.0.7' }]);

    // The same user at another address, and another user at this address, are not held back.
    expect((await login('service4', PASSWORD, '10.0.0.8')).statusCode).toBe(200);
    expect((await login('broker2', PASSWORD, '10.0.0.7')).statusCode).toBe(200);

    now = secondsLater(1);
    expect((await login('service4', 'wrong', '10.0.0.7')).statusCode).toBe(401); // the 6th failure, at 1 s
    now = secondsLater(2);
    const again = await login('service4', PASSWORD, '10.0.0.7');
    expect([again.statusCode, again.headers['retry-after']]).toEqual([429, '1']); // 6 failures: 2 s after 1 s → 3 s
    now = secondsLater(3);
    expect((await login('SERVICE4', PASSWORD, '10.0.0.7')).statusCode).toBe(200);
    expect(await failuresLeft('service4', '10.0.0.7')).toBe(0); // a success clears the username's failures at the address
  });

  it('never locks a user out for long: after 10 wrong passwords from a shared office address the user waits 32 s', async () => {
    // Spaced as the backoff allows: 5 at once, then 1, 2, 4, 8 and 16 s after the previous one.
    for (const second of [0, 0, 0, 0, 0, 1, 3, 7, 15, 31]) {
      now = secondsLater(second);
      expect((await login('tl_t11', 'wrong', '10.20.0.1')).statusCode).toBe(401);
    }
    now = secondsLater(62);
    const blocked = await login('tl_t11', PASSWORD, '10.20.0.1');
    expect([blocked.statusCode, blocked.headers['retry-after']]).toEqual([429, '1']); // 10 failures: 2^5 = 32 s after 31 s
    now = secondsLater(63);
    expect((await login('tl_t11', PASSWORD, '10.20.0.1')).statusCode).toBe(200);
  });

  it('throttles one password sprayed over many usernames from one address after 20 failures', async () => {
    for (let i = 1; i <= 20; i++) expect((await login(`guess${i}`, 'Spring2025!', '10.30.0.1')).statusCode).toBe(401);
    const sprayed = await login('guess21', 'Spring2025!', '10.30.0.1');
    expect([sprayed.statusCode, sprayed.headers['retry-after']]).toEqual([429, '1']); // 20 failures at the address: 2^0 s
    expect((await login('tl_t21', PASSWORD, '10.30.0.1')).statusCode).toBe(429); // everyone at that address waits the second
    expect((await login('tl_t21', PASSWORD, '10.30.0.2')).statusCode).toBe(200); // elsewhere nobody does
    const counted = await t.db.pool.query(`select 1 from login_failures where ip = '10.30.0.1'`);
    expect(counted.rowCount).toBe(20); // throttled attempts are refused, not counted
    now = secondsLater(1);
    expect((await login('tl_t21', PASSWORD, '10.30.0.1')).statusCode).toBe(200);
  });

  it('forgets failures older than an hour', async () => {
    for (let i = 0; i < 5; i++) expect((await login('bm_b01', 'wrong', '10.40.0.1')).statusCode).toBe(401);
    now = minutesLater(60);
    expect((await login('bm_b01', 'wrong', '10.40.0.1')).statusCode).toBe(401); // the five left the window: 1 failure now
    expect((await login('bm_b01', PASSWORD, '10.40.0.1')).statusCode).toBe(200);
  });
});

describe('sessions', () => {
  it('GET /api/me needs a session: 401 problem+json in Chinese or English', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/me' });
    expectProblem(res, { status: 401, code: 'UNAUTHORIZED', title: '未登录', detail: '请先登录。', instance: '/api/me' });
    const en = await t.app.inject({ method: 'GET', url: '/api/me', headers: { 'accept-language': 'en' } });
    expect(en.json()).toMatchObject({ title: 'Unauthorized', detail: 'Please sign in.' });
  });

  it('logout ends the session', async () => {
    const cookie = await t.login('broker2');
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode).toBe(200);
    const out = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/^crm_session=;.*Expires=Thu, 01 Jan 1970/);
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode).toBe(401);
    expect(await auditActions('broker2')).toContain('auth.logout');
  });

  it('expires after SESSION_TTL_HOURS', async () => {
    const cookie = await t.login('broker2');
    now = minutesLater(12 * 60 - 1);
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode).toBe(200);
    now = minutesLater(12 * 60);
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('stops working when the user is disabled', async () => {
    const cookie = await t.login('admin');
    await t.db.pool.query(`update users set disabled = true where username = 'admin'`);
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode).toBe(401);
    await t.db.pool.query(`update users set disabled = false where username = 'admin'`);
  });
});

describe('integration tokens', () => {
  it('authenticate as their user until revoked', async () => {
    const cookie = await t.login('broker1');
    const created = await t.app.inject({ method: 'POST', url: '/api/auth/tokens', headers: { cookie }, payload: { name: 'ETL', expiresInDays: 30 } });
    expect(created.statusCode).toBe(201);
    const token = created.json();
    expect(token).toMatchObject({ name: 'ETL', createdAt: FIXED_NOW.toISOString(), expiresAt: '2025-07-16T02:00:00.000Z', revokedAt: null });
    expect(token.token).toMatch(/^crm_[A-Za-z0-9_-]{43}$/);
    const stored = await t.db.pool.query<{ token_hash: string }>('select token_hash from api_tokens where id = $1', [token.id]);
    expect(stored.rows[0]!.token_hash).toBe(sha256(token.token));

    const bearer = { authorization: `Bearer ${token.token}` };
    const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: bearer });
    expect(me.statusCode).toBe(200);
    expect(me.json().username).toBe('broker1');

    const listed = await t.app.inject({ method: 'GET', url: '/api/auth/tokens', headers: { cookie } });
    expect(listed.json().items).toEqual([{ id: token.id, name: 'ETL', createdAt: token.createdAt, expiresAt: token.expiresAt, lastUsedAt: FIXED_NOW.toISOString(), revokedAt: null }]);
    expect(listed.body).not.toContain(token.token);

    // A token cannot manage tokens: a leaked one must not mint more.
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/tokens', headers: bearer })).statusCode).toBe(403);

    const revoked = await t.app.inject({ method: 'DELETE', url: `/api/auth/tokens/${token.id}`, headers: { cookie } });
    expect(revoked.statusCode).toBe(204);
    const after = await t.app.inject({ method: 'GET', url: '/api/me', headers: bearer });
    expect(after.statusCode).toBe(401);
    expect(await auditActions('broker1')).toEqual(expect.arrayContaining(['auth.token_created', 'auth.token_revoked']));
  });

  it('expire', async () => {
    const cookie = await t.login('broker1');
    const token = (await t.app.inject({ method: 'POST', url: '/api/auth/tokens', headers: { cookie }, payload: { name: 'short', expiresInDays: 1 } })).json();
    now = minutesLater(24 * 60);
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${token.token}` } })).statusCode).toBe(401);
  });

  it("cannot be revoked by someone else, and an unknown or malformed one is 401", async () => {
    const owner = await t.login('broker1');
    const token = (await t.app.inject({ method: 'POST', url: '/api/auth/tokens', headers: { cookie: owner }, payload: { name: 'mine' } })).json();
    expect(token.expiresAt).toBeNull();
    const other = await t.login('broker2');
    const res = await t.app.inject({ method: 'DELETE', url: `/api/auth/tokens/${token.id}`, headers: { cookie: other } });
    expect(res.statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${token.token}` } })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: 'Bearer crm_nope' } })).statusCode).toBe(401);
    // A bad Authorization header is not silently ignored in favour of the cookie.
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: 'Basic abc', cookie: owner } })).statusCode).toBe(401);
  });
});

describe('revoking credentials', () => {
  async function newToken(cookie: string, name: string): Promise<{ id: string; token: string }> {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/tokens', headers: { cookie }, payload: { name } });
    expect(res.statusCode).toBe(201);
    return res.json();
  }
  const meWithToken = async (token: string) => (await t.app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${token}` } })).statusCode;
  const meWithCookie = async (cookie: string) => (await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode;
  const userId = async (username: string) => (await t.db.pool.query<{ id: string }>('select id from users where username = $1', [username])).rows[0]!.id;

  it('an administrator’s password reset revokes every token of the login', async () => {
    const admin = await t.login('admin');
    const token = await newToken(await t.login('hq_user'), 'nightly ETL');
    expect(await meWithToken(token.token)).toBe(200);
    const reset = await t.app.inject({
      method: 'POST',
      url: `/api/admin/users/${await userId('hq_user')}/reset-password`,
      headers: { cookie: admin },
      payload: { password: 'reset by admin 1' },
    });
    expect(reset.statusCode).toBe(200);
    expect(await meWithToken(token.token)).toBe(401);
    const stored = await t.db.pool.query<{ revoked_at: Date | null }>('select revoked_at from api_tokens where id = $1', [token.id]);
    expect(stored.rows[0]!.revoked_at).not.toBeNull();
    const audit = await t.db.pool.query(`select detail from audit_log where action = 'user.password_reset' and detail->>'username' = 'hq_user'`);
    expect(audit.rows).toEqual([{ detail: { username: 'hq_user', sessionsEnded: 1, tokensRevoked: 1 } }]);
  });

  it('disabling revokes the tokens, and enabling again does not revive them', async () => {
    const admin = await t.login('admin');
    const token = await newToken(await t.login('compliance'), 'audit export');
    const id = await userId('compliance');
    const patch = (disabled: boolean) => t.app.inject({ method: 'PATCH', url: `/api/admin/users/${id}`, headers: { cookie: admin }, payload: { disabled } });
    expect((await patch(true)).statusCode).toBe(200);
    expect(await meWithToken(token.token)).toBe(401);
    expect((await patch(false)).statusCode).toBe(200);
    expect(await meWithToken(token.token)).toBe(401);
    const audit = await t.db.pool.query<{ action: string; detail: { tokensRevoked?: number } }>(
      `select action, detail from audit_log where action in ('user.disabled', 'user.enabled') and entity_id = $1 order by id`,
      [id],
    );
    expect(audit.rows.map((r) => [r.action, r.detail.tokensRevoked])).toEqual([['user.disabled', 1], ['user.enabled', undefined]]);
  });

  it('enabling revokes a token left from a login disabled before tokens were revoked on disabling', async () => {
    const token = await newToken(await t.login('broker1'), 'left over');
    await t.db.pool.query(`update users set disabled = true where username = 'broker1'`); // as an older version disabled
    expect(await meWithToken(token.token)).toBe(401);
    const enabled = await t.app.inject({ method: 'PATCH', url: `/api/admin/users/${await userId('broker1')}`, headers: { cookie: await t.login('admin') }, payload: { disabled: false } });
    expect(enabled.statusCode).toBe(200);
    expect(await meWithToken(token.token)).toBe(401);
  });

  describe('POST /api/auth/password', () => {
    const change = (cookie: string, payload: unknown, headers: Record<string, string> = {}) =>
      t.app.inject({ method: 'POST', url: '/api/auth/password', headers: { cookie, ...headers }, payload: payload as Record<string, string> });

    it('changes the password, ends the other sessions, revokes the tokens, keeps this session, audited', async () => {
      await t.db.pool.query(`delete from sessions where user_id = (select id from users where username = 'tl_t21')`); // earlier tests' logins
      const here = await t.login('tl_t21');
      const elsewhere = await t.login('tl_t21');
      const token = await newToken(here, 'reporting');
      const res = await change(here, { currentPassword: PASSWORD, newPassword: 'a brand new one 7' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ sessionsEnded: 1, tokensRevoked: 1 });
      expect(await meWithCookie(here)).toBe(200);
      expect(await meWithCookie(elsewhere)).toBe(401);
      expect(await meWithToken(token.token)).toBe(401);
      expect((await login('tl_t21', PASSWORD, '10.50.0.1')).statusCode).toBe(401);
      expect((await login('tl_t21', 'a brand new one 7', '10.50.0.1')).statusCode).toBe(200);
      const { rows } = await t.db.pool.query<{ password_hash: string }>(`select password_hash from users where username = 'tl_t21'`);
      expect(rows[0]!.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      const audit = await t.db.pool.query(`select username, entity, detail from audit_log where action = 'auth.password_changed'`);
      expect(audit.rows).toEqual([{ username: 'tl_t21', entity: 'user', detail: { sessionsEnded: 1, tokensRevoked: 1 } }]);
    });

    it('refuses a wrong current password (422 naming the field), counted by the login throttle', async () => {
      const cookie = await t.login('broker2');
      for (let i = 0; i < 5; i++) {
        const wrong = await change(cookie, { currentPassword: `not it ${i}`, newPassword: 'whatever it is 1' });
        expect(wrong.statusCode).toBe(422);
        expect(wrong.json()).toMatchObject({ code: 'WRONG_CURRENT_PASSWORD', detail: '当前密码不正确。', errors: [{ field: 'currentPassword', message: '当前密码不正确。' }] });
      }
      const throttled = await change(cookie, { currentPassword: PASSWORD, newPassword: 'whatever it is 1' }, { 'accept-language': 'en' });
      expect([throttled.statusCode, throttled.headers['retry-after']]).toEqual([429, '1']);
      expect(throttled.json().detail).toBe('Too many attempts; try again in 1 second.');
      // The same key as a login of that username from that address (the harness's 127.0.0.1).
      expect((await login('broker2', PASSWORD, '127.0.0.1')).statusCode).toBe(429);
      expect(await meWithCookie(cookie)).toBe(200); // a failed change ends nothing
      expect(await auditActions('broker2')).toEqual(expect.arrayContaining(['auth.password_change_failed', 'auth.login_throttled']));
      now = secondsLater(1);
      expect((await change(cookie, { currentPassword: PASSWORD, newPassword: 'whatever it is 1' })).statusCode).toBe(200);
    });

    it('applies the password rules of user creation and refuses the same password', async () => {
      const cookie = await t.login('bm_b01');
      const short = await change(cookie, { currentPassword: PASSWORD, newPassword: 'short' });
      expect(short.statusCode).toBe(422);
      expect(short.json().errors.map((e: { field: string }) => e.field)).toEqual(['newPassword']);
      const same = await change(cookie, { currentPassword: PASSWORD, newPassword: PASSWORD });
      expect(same.statusCode).toBe(422);
      expect(same.json().errors).toEqual([{ field: 'newPassword', message: '新密码不能与当前密码相同。' }]);
      expect((await change(cookie, {})).json().errors.map((e: { field: string }) => e.field)).toEqual(['currentPassword', 'newPassword']);
    });

    it('needs a browser session: 401 without one, 403 with an integration token', async () => {
      expect((await t.app.inject({ method: 'POST', url: '/api/auth/password', payload: { currentPassword: PASSWORD, newPassword: 'long enough 11' } })).statusCode).toBe(401);
      const token = await newToken(await t.login('service4'), 'bot');
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/auth/password',
        headers: { authorization: `Bearer ${token.token}` },
        payload: { currentPassword: PASSWORD, newPassword: 'long enough 11' },
      });
      expect(res.statusCode).toBe(403);
    });
  });
});

describe('createUser', () => {
  async function attempt(input: Parameters<typeof createUser>[1]): Promise<AppError> {
    const error = await inTransaction(t.db.pool, (client) => createUser(client, input)).catch((e: unknown) => e);
    if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
    return error;
  }

  it('stores an argon2id hash and writes the audit row in the same transaction', async () => {
    const user = await inTransaction(t.db.pool, (client) =>
      createUser(client, { username: 'new.broker', password: 'long enough', role: 'BROKER', staffNo: 'S002', displayName: '新经纪人' }, { user: { id: null, username: 'cli:test' } }),
    );
    expect(user).toEqual({ id: expect.any(String), username: 'new.broker', role: 'BROKER', staffNo: 'S002', displayName: '新经纪人' });
    const { rows } = await t.db.pool.query<{ password_hash: string }>('select password_hash from users where id = $1', [user.id]);
    expect(rows[0]!.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const audit = await t.db.pool.query(`select username, entity, entity_id, detail from audit_log where action = 'user.created' and entity_id = $1`, [user.id]);
    expect(audit.rows).toEqual([{ username: 'cli:test', entity: 'user', entity_id: user.id, detail: { username: 'new.broker', role: 'BROKER', staffNo: 'S002' } }]);
  });

  it('leaves neither user nor audit row when the transaction rolls back', async () => {
    await expect(
      inTransaction(t.db.pool, async (client) => {
        await createUser(client, { username: 'ghost', password: 'long enough', role: 'HQ' });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect((await t.db.pool.query(`select 1 from users where username = 'ghost'`)).rowCount).toBe(0);
    expect((await t.db.pool.query(`select 1 from audit_log where detail->>'username' = 'ghost'`)).rowCount).toBe(0);
  });

  it('refuses a taken username in any case', async () => {
    const error = await attempt({ username: 'BROKER1', password: 'long enough', role: 'HQ' });
    expect([error.status, error.code]).toEqual([409, 'USERNAME_TAKEN']);
  });

  it.each([
    [{ username: 'ab', password: 'long enough', role: 'HQ' }, ['username']],
    [{ username: 'has space', password: 'long enough', role: 'HQ' }, ['username']],
    [{ username: 'a'.repeat(33), password: 'long enough', role: 'HQ' }, ['username']],
    [{ username: 'okname', password: 'short', role: 'HQ' }, ['password']],
    [{ username: 'okname', password: 'long enough', role: 'GUEST' }, ['role']],
    [{ username: 'okname', password: 'long enough', role: 'BROKER' }, ['staffNo']],
    [{ username: 'okname', password: 'long enough', role: 'TEAM_LEAD' }, ['staffNo']],
  ])('refuses %j (422 naming %j)', async (input, fields) => {
    const error = await attempt(input as Parameters<typeof createUser>[1]);
    expect(error.status).toBe(422);
    expect(error.fieldErrors.map((f) => f.field)).toEqual(fields);
  });

  it('refuses an unknown staff number', async () => {
    const error = await attempt({ username: 'okname', password: 'long enough', role: 'BROKER', staffNo: 'S404' });
    expect([error.status, error.code]).toEqual([422, 'STAFF_NOT_FOUND']);
  });
});
