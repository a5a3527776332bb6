/**
 * The client address behind a reverse proxy (TRUST_PROXY, config.ts): the login throttle and the
 * audit log must follow the address the proxy saw, never one the client wrote into X-Forwarded-For.
 * This file runs the app with TRUST_PROXY=true, which means one proxy hop.
 */
import { describe, expect, it } from 'vitest';
import { useTestApp, withBrokerage } from '../../../test/app-harness.js';
import { PASSWORD } from '../../../test/fixtures.js';

process.env.TRUST_PROXY = 'true'; // read once by config() when the app is built in beforeAll

const t = useTestApp({ seed: withBrokerage(['broker1', 'broker2']) });
const PROXY = '10.0.0.1';

function loginThroughProxy(username: string, password: string, forwardedFor: string, remoteAddress = PROXY) {
  return t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress, headers: { 'x-forwarded-for': forwardedFor } });
}

describe('TRUST_PROXY=true (one hop)', () => {
  it('throttles 15 wrong passwords with 15 forged X-Forwarded-For addresses, and audits the real one', async () => {
    const statuses: number[] = [];
    for (let i = 1; i <= 15; i++) {
      // The client forged the first entry; the proxy appended the address it saw.
      statuses.push((await loginThroughProxy('broker1', 'wrong', `198.51.100.${i}, 203.0.113.9`)).statusCode);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, ...Array<number>(10).fill(429)]);
    const { rows } = await t.db.pool.query<{ action: string; ip: string }>(
      `select action, ip from audit_log where detail->>'username' = 'broker1' and action like 'auth.%' order by id`,
    );
    expect(rows).toHaveLength(15);
    expect(new Set(rows.map((r) => r.ip))).toEqual(new Set(['203.0.113.9']));
    expect(rows.filter((r) => r.action === 'auth.login_throttled')).toHaveLength(10);
  });

  it('records on the session the client address the proxy saw', async () => {
    const res = await loginThroughProxy('broker2', PASSWORD, '203.0.113.20');
    expect(res.statusCode).toBe(200);
    const { rows } = await t.db.pool.query<{ ip: string }>(`select s.ip from sessions s join users u on u.id = s.user_id where u.username = 'broker2'`);
    expect(rows).toEqual([{ ip: '203.0.113.20' }]);
  });
});
