import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { useTestApp, withBrokerage } from '../../../test/app-harness.js';
import { FIXED_NOW, PASSWORD } from '../../../test/fixtures.js';
import { inTransaction } from '../../db/database.js';
import { AppError } from '../../errors.js';
import { createUser } from './auth.service.js';

let now: Date;

const t = useTestApp({
  seed: withBrokerage(['admin', 'broker1', 'broker2', 'broker3', 'service4']),
  now: () => now,
});
beforeEach(() => {
  now = FIXED_NOW;
});

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const minutesLater = (minutes: number) => new Date(FIXED_NOW.getTime() + minutes * 60_000);

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
      permissions: ['customers', 'reports', 'workflows'],
      scopeLevel: 'SELF',
      lastTradingDay: '2025-06-13', // the last day the fixtures import
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
    expect(bodies[0]).toEqual({
      type: 'urn:quancrm:problem:invalid-credentials',
      title: '未登录',
      status: 401,
      detail: '用户名或密码错误。',
      instance: '/api/auth/login',
      code: 'INVALID_CREDENTIALS',
    });
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
  it('refuses with 429 after 10 failures per username and address within 15 minutes, then recovers', async () => {
    for (let i = 0; i < 10; i++) {
      now = minutesLater(i);
      expect((await login('service4', 'wrong', '10.0.0.7')).statusCode).toBe(401);
    }
    now = minutesLater(10);
    const blocked = await login('service4', PASSWORD, '10.0.0.7');
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(blocked.headers['retry-after']).toBe('300'); // the first failure (minute 0) leaves the window at minute 15
    expect(blocked.json()).toMatchObject({ status: 429, code: 'TOO_MANY_ATTEMPTS', detail: '尝试次数过多，请 5 分钟后再试。' });
    expect(await auditActions('service4')).toContain('auth.login_throttled');

    // Another address, or another username from the same address, is not held back.
    expect((await login('service4', PASSWORD, '10.0.0.8')).statusCode).toBe(200);
    expect((await login('broker2', PASSWORD, '10.0.0.7')).statusCode).toBe(200);

    now = minutesLater(15);
    expect((await login('SERVICE4', PASSWORD, '10.0.0.7')).statusCode).toBe(200);
    const left = await t.db.pool.query(`select 1 from login_failures where username_key = 'service4' and ip = '10.0.0.7'`);
    expect(left.rowCount).toBe(0); // a success clears the count
  });
});

describe('sessions', () => {
  it('GET /api/me needs a session: 401 problem+json in Chinese or English', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/me' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({
      type: 'urn:quancrm:problem:unauthorized',
      title: '未登录',
      status: 401,
      detail: '请先登录。',
      instance: '/api/me',
      code: 'UNAUTHORIZED',
    });
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
