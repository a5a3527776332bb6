/**
 * The screen pop crosses processes: two app instances, each with its own pool, on one database (as
 * two server processes behind a load balancer). An agent's event stream is open on instance A; the
 * CTI webhook lands on instance B; PostgreSQL NOTIFY carries the event to A, which writes it to
 * that agent's streams only. Real HTTP (server-sent events cannot be injected).
 */
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { droppablePool } from '../../db/server-admin.js';
import { FIXED_NOW, insertBrokerage, insertLogins, sessionCookie } from '../../../test/fixtures.js';
import { useTestDb } from '../../../test/harness.js';
import { openEventStream, type EventStream } from '../../../test/sse-stream.js';

const db = useTestDb(async (d) => {
  await insertBrokerage(d.pool);
  await insertLogins(d.pool, ['admin', 'broker1', 'service4']);
  await d.pool.query(`insert into cti_agents (extension, user_id) select '8001', id from users where username = 'service4'`);
  await d.pool.query(`insert into cti_agents (extension, user_id) select '8002', id from users where username = 'broker1'`);
});

let a: FastifyInstance;
let b: FastifyInstance;
let poolB: pg.Pool;
let urlA = '';
let urlB = '';
let token = '';

beforeAll(async () => {
  a = await buildApp({ pool: db.pool, now: () => FIXED_NOW });
  poolB = droppablePool(db.url, 3);
  b = await buildApp({ pool: poolB, now: () => FIXED_NOW });
  urlA = await a.listen({ port: 0, host: '127.0.0.1' });
  urlB = await b.listen({ port: 0, host: '127.0.0.1' });
  token = (await b.inject({ method: 'GET', url: '/api/cti/settings', headers: { cookie: await sessionCookie(b, 'admin') } })).json().token;
});

afterAll(async () => {
  await a?.close();
  await b?.close();
  await poolB?.end();
});

function openStream(base: string, cookie: string): Promise<EventStream> {
  return openEventStream(`${base}/api/cti/stream`, cookie);
}

async function webhook(base: string, body: Record<string, unknown>): Promise<Response> {
  return fetch(`${base}/api/cti/events`, {
    method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
}

describe('GET /api/cti/stream across two app instances', () => {
  it('a webhook on instance B reaches the agent’s streams on A (two tabs) and no other agent’s', async () => {
    const serviceCookie = await sessionCookie(a, 'service4');
    const tab1 = await openStream(urlA, serviceCookie);
    const tab2 = await openStream(urlA, serviceCookie);
    const other = await openStream(urlB, await sessionCookie(b, 'broker1'));
    expect(await tab1.next()).toEqual({ event: 'ready', data: { extension: '8001' } });
    expect(await tab2.next()).toEqual({ event: 'ready', data: { extension: '8001' } });
    expect(await other.next()).toEqual({ event: 'ready', data: { extension: '8002' } });

    expect((await webhook(urlB, { event: 'RINGING', callId: 'n-1', callerNumber: '13812345678', extension: '8001' })).status).toBe(200);
    expect(await tab1.next()).toMatchObject({ event: 'call', data: { callId: 'n-1', event: 'RINGING', call: { callId: 'n-1', customers: [{ customerNo: 'C0001', mobile: '138****5678', inScope: false }] } } });
    expect(await tab2.next()).toMatchObject({ event: 'call', data: { callId: 'n-1', event: 'RINGING', call: { callId: 'n-1' } } });

    // broker1's stream: its first call event is its own call, not service4's
    expect((await webhook(urlA, { event: 'RINGING', callId: 'n-2', callerNumber: '13812345678', extension: '8002' })).status).toBe(200);
    expect(await other.next()).toMatchObject({ event: 'call', data: { callId: 'n-2', event: 'RINGING', call: { callId: 'n-2' } } });
    // and service4's tabs go on with their own call's next event
    expect((await webhook(urlA, { event: 'HANGUP', callId: 'n-1', callerNumber: '13812345678', extension: '8001' })).status).toBe(200);
    expect(await tab1.next()).toMatchObject({ event: 'call', data: { callId: 'n-1', event: 'HANGUP', call: { callId: 'n-1' } } });
    tab1.close();
    tab2.close();
    other.close();
  });

  it('a refused event notifies nobody', async () => {
    const tab = await openStream(urlA, await sessionCookie(a, 'service4'));
    expect((await tab.next()).event).toBe('ready');
    expect((await webhook(urlB, { event: 'RINGING', callId: 'n-3', callerNumber: '13812345678', extension: '9999' })).status).toBe(422);
    expect((await webhook(urlB, { event: 'RINGING', callId: 'n-4', callerNumber: '13812345678', extension: '8001' })).status).toBe(200);
    expect(await tab.next()).toMatchObject({ event: 'call', data: { callId: 'n-4', event: 'RINGING', call: { callId: 'n-4' } } });
    tab.close();
  });

  it('a transfer from 8001 to 8002 moves the pop to broker1’s stream; service4’s pop learns the call left', async () => {
    const from = await openStream(urlA, await sessionCookie(a, 'service4'));
    const to = await openStream(urlA, await sessionCookie(a, 'broker1'));
    expect((await from.next()).event).toBe('ready');
    expect((await to.next()).event).toBe('ready');
    expect((await webhook(urlB, { event: 'RINGING', callId: 'n-5', callerNumber: '13812345678', extension: '8001' })).status).toBe(200);
    expect(await from.next()).toMatchObject({ event: 'call', data: { callId: 'n-5', event: 'RINGING', call: { extension: '8001', transferredAway: false } } });
    expect((await webhook(urlB, { event: 'TRANSFERRED', callId: 'n-5', callerNumber: '13812345678', extension: '8001', toExtension: '8002' })).status).toBe(200);
    expect(await to.next()).toMatchObject({
      event: 'call',
      data: { callId: 'n-5', event: 'TRANSFERRED', call: { extension: '8002', transferredAway: false, customers: [{ customerNo: 'C0001', inScope: true }], agents: [{ extension: '8001' }, { extension: '8002' }] } },
    });
    expect(await from.next()).toMatchObject({ event: 'call', data: { callId: 'n-5', event: 'TRANSFERRED', call: { extension: '8002', transferredAway: true } } });
    from.close();
    to.close();
  });

  it('a LISTEN connection the server ends is replaced: the process goes on and the next call still pops', async () => {
    const listenerPid = async (): Promise<number | null> =>
      (await db.pool.query<{ pid: number }>(`select pid from pg_stat_activity where datname = current_database() and query = 'listen cti_events'`)).rows[0]?.pid ?? null;
    const tab = await openStream(urlA, await sessionCookie(a, 'service4'));
    expect((await tab.next()).event).toBe('ready');
    const before = await listenerPid();
    expect(before).not.toBeNull();
    await db.pool.query('select pg_terminate_backend($1)', [before]);
    let after: number | null = null;
    for (let i = 0; i < 100 && (after === null || after === before); i++) {
      await new Promise((r) => setTimeout(r, 100));
      after = await listenerPid();
    }
    expect(after).not.toBeNull();
    expect(after).not.toBe(before);
    expect((await webhook(urlB, { event: 'RINGING', callId: 'n-6', callerNumber: '13812345678', extension: '8001' })).status).toBe(200);
    expect(await tab.next()).toMatchObject({ event: 'call', data: { callId: 'n-6', event: 'RINGING', call: { callId: 'n-6' } } });
    tab.close();
  });

  it('closing the app ends the open streams (a shutdown does not wait for the agents’ browsers)', async () => {
    const tab = await openStream(urlA, await sessionCookie(a, 'service4'));
    expect((await tab.next()).event).toBe('ready');
    await a.close();
    await expect(tab.next()).rejects.toThrow('the stream ended');
  });
});
