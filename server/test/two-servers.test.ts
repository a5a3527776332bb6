/**
 * Two real server processes (`tsx server/src/main.ts`, as `npm start` with DATABASE_URL) on one
 * database, as behind a load balancer (scale.md: app servers are stateless). Whichever process a
 * request lands on, the answer is the same:
 * - a session made on A is a session on B, and a logout on B ends it on A;
 * - failed logins on A and B count in one throttle;
 * - the same day's import triggered on both at once runs once (the other answers 409 IMPORT_DAY_RUNNING);
 * - a campaign queued once is sent once, each message to its customer exactly once, by the two
 *   processes' pg-boss workers together;
 * - a SendSms nonce taken at the embedded SMS gateway of A is refused at B's (sms_gateway_nonces);
 * - a third process starting while start-up work holds the start-up lock waits for it (not ready until then);
 * - a CTI call event posted to B pops on the agent's stream open on A (LISTEN/NOTIFY).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../src/config.js';
import { inTransaction } from '../src/db/database.js';
import { freePort } from '../src/db/embedded.js';
import { LOCKS } from '../src/db/locks.js';
import { rederiveStaffFiguresSince } from '../src/modules/attribution/attribution.service.js';
import { createUser } from '../src/modules/auth/auth.service.js';
import { importDay } from '../src/modules/extract/extract.service.js';
import { insertExtraCustomers, insertQueuedCampaign, setSendSettings } from '../src/modules/outreach/delivery/delivery.test-fixtures.js';
import { encodeParams, sendSmsParams } from '../src/modules/outreach/delivery/aliyun-sms.rules.js';
import { embeddedSmsSecret, EMBEDDED_SMS_ACCESS_KEY_ID } from '../src/modules/outreach/delivery/delivery.service.js';
import { enqueueCampaign } from '../src/modules/outreach/delivery/queue.js';
import { type Rows, writeDay } from './extract-builder.js';
import { PASSWORD } from './fixtures.js';
import { useTempDir, useTestDb } from './harness.js';
import { account, customer } from './reports-harness.js';
import { openEventStream } from './sse-stream.js';

const asset = (fund_account: string, total: string) => ({
  fund_account, currency: 'CNY', cash: total, stock_value: '0.00', fund_value: '0.00', bond_value: '0.00', other_value: '0.00', total_asset: total, debt: '0.00',
});
const FIRST_DAY: Record<string, Rows> = {
  'branches.csv': [{ branch_code: 'B01', branch_name: '上海浦东南路营业部', city: '上海' }],
  'customers.csv': [customer('0001', '甲客户', 'B01', '2025-01-02', { mobile: '13812345678' })],
  'fund_accounts.csv': [account('FA', '0001', 'CNY', '2025-01-02')],
  'assets.csv': [asset('FA', '100000.00')],
};
const SECOND_DAY: Record<string, Rows> = { 'assets.csv': [asset('FA', '110000.00')] };

const inbox = useTempDir('quancrm-two-servers-inbox-');
const db = useTestDb(async (d) => {
  const days = await fs.mkdtemp(path.join(os.tmpdir(), 'quancrm-two-servers-days-'));
  try {
    const first = await importDay(d.pool, await writeDay(days, '2025-06-02', FIRST_DAY), { startedBy: 'test', force: true });
    if (first.status !== 'SUCCEEDED') throw new Error(JSON.stringify(first.problems));
  } finally {
    await fs.rm(days, { recursive: true, force: true });
  }
  await inTransaction(d.pool, async (client) => {
    await client.query(`insert into teams (team_code, team_name, branch_code) values ('T1', '财富一组', 'B01');
      insert into staff (staff_no, name, category, level, team_code, branch_code, hire_date, contract_type) values ('S001', '张伟', 'BROKER', '中级', 'T1', 'B01', '2020-01-01', 'LABOR');
      insert into relationships (customer_no, staff_no, kind, weight, added_on, effective_from, source) values ('0001', 'S001', 'DEVELOP', 1, '2025-01-02', '2025-01-02', 'test')`);
    await rederiveStaffFiguresSince(client, '1990-01-01');
    await createUser(client, { username: 'admin', password: PASSWORD, role: 'ADMIN' });
    await createUser(client, { username: 'broker1', password: PASSWORD, role: 'BROKER', staffNo: 'S001' });
    await createUser(client, { username: 'throttled', password: PASSWORD, role: 'HQ' });
    await client.query(`insert into cti_agents (extension, user_id) select '8002', id from users where username = 'broker1'`);
  });
  await d.pool.query(
    `insert into outreach_templates (id, name, channel, body, sms_template_code, owner_id)
     select 700, '讲座通知', 'SMS', '{{customerName}}您好，{{staffName}}邀您参加理财讲座。', 'SMS_7001', id from users where username = 'admin'`,
  );
  await insertExtraCustomers(d.pool, 12);
  await setSendSettings(d.pool, 1000);
});

interface Server {
  base: string;
  child: ChildProcess;
  output: () => string;
}

const servers: Server[] = [];

async function startServer(): Promise<Server> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env, DATABASE_URL: db.url, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', CRM_INBOX_DIR: inbox.path,
    CRM_DATA_DIR: inbox.path, OUTREACH_WORKER: 'on', SMTP_EMBEDDED_PORT: '0',
  };
  delete env.DATABASE_READ_URL;
  const tsx = path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const child = spawn(process.execPath, [tsx, 'server/src/main.ts'], { cwd: REPO_ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const server = { base: `http://127.0.0.1:${port}`, child, output: () => output };
  servers.push(server);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${output}`);
    const res = await fetch(`${server.base}/api/status`).catch(() => undefined);
    if (res?.ok && ((await res.json()) as { ready: boolean }).ready) return server;
    await new Promise((r) => setTimeout(r, 100));
  }
}

let a: Server;
let b: Server;

beforeAll(async () => {
  [a, b] = await Promise.all([startServer(), startServer()]);
}, 180_000);

afterAll(async () => {
  for (const s of servers) {
    if (s.child.exitCode !== null || !s.child.pid) continue;
    const exited = new Promise((resolve) => s.child.once('exit', resolve));
    process.kill(-s.child.pid, 'SIGTERM');
    await exited;
  }
});

async function login(server: Server, username: string, password = PASSWORD): Promise<Response> {
  return fetch(`${server.base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
}

async function sessionOn(server: Server, username: string): Promise<string> {
  const res = await login(server, username);
  expect(res.status).toBe(200);
  return /crm_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')![0];
}

function call(server: Server, cookie: string, method: string, url: string, body?: unknown): Promise<Response> {
  return fetch(`${server.base}${url}`, {
    method, headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

describe('two server processes on one database', () => {
  it('a session made on one is a session on the other, and a logout on one ends it on both', async () => {
    const cookie = await sessionOn(a, 'broker1');
    const me = await call(b, cookie, 'GET', '/api/me');
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ username: 'broker1', role: 'BROKER', staffNo: 'S001' });
    expect((await call(b, cookie, 'POST', '/api/auth/logout', {})).status).toBeLessThan(300);
    expect((await call(a, cookie, 'GET', '/api/me')).status).toBe(401);
    expect((await call(b, cookie, 'GET', '/api/me')).status).toBe(401);
  });

  it('counts failed logins on both in one throttle', async () => {
    for (const server of [a, b, a, b, a]) expect((await login(server, 'throttled', 'wrong password 1')).status).toBe(401);
    const { rows } = await db.pool.query(`select count(*)::int as n from login_failures where username_key = 'throttled'`);
    expect(rows).toEqual([{ n: 5 }]);
  });

  it('runs the same day’s import triggered on both at once once; the other is told it is running', async () => {
    await writeDay(inbox.path, '2025-06-03', SECOND_DAY);
    const adminA = await sessionOn(a, 'admin');
    const adminB = await sessionOn(b, 'admin');
    // the test holds the importer's lock, so A's import stays RUNNING (holding the day) until it lets go
    const holder = await db.pool.connect();
    try {
      await holder.query('begin');
      await holder.query('select pg_advisory_xact_lock($1)', [LOCKS.extractImport]);
      const first = call(a, adminA, 'POST', '/api/admin/imports', { day: '20250603', force: true });
      while ((await db.pool.query(`select 1 from import_runs where status = 'RUNNING'`)).rowCount === 0) await new Promise((r) => setTimeout(r, 50));
      const second = await call(b, adminB, 'POST', '/api/admin/imports', { day: '20250603', force: true });
      expect(second.status).toBe(409);
      expect(await second.json()).toMatchObject({ code: 'IMPORT_DAY_RUNNING' });
      await holder.query('commit');
      const done = await first;
      expect(done.status).toBe(200);
      expect(await done.json()).toMatchObject({ status: 'SUCCEEDED', tradeDate: '2025-06-03', replaced: false });
    } finally {
      holder.release();
    }
    const { rows } = await db.pool.query(`select status, trade_date from import_runs where trade_date = '2025-06-03'`);
    expect(rows).toEqual([{ status: 'SUCCEEDED', trade_date: '2025-06-03' }]);
    // once it has finished, the day imports again on either process (a re-import, as always)
    const again = await call(b, adminB, 'POST', '/api/admin/imports', { day: '20250603', force: true });
    expect(await again.json()).toMatchObject({ status: 'SUCCEEDED', replaced: true });
  });

  it('sends a campaign queued once exactly once, with both processes’ workers running', async () => {
    const customers = (await db.pool.query<{ no: string }>(`select customer_no as no from customers where customer_no like 'X%' order by 1`)).rows.map((r) => r.no);
    expect(customers).toHaveLength(12);
    const campaign = await insertQueuedCampaign(db.pool, 'EMAIL', customers);
    await inTransaction(db.pool, (client) => enqueueCampaign(client, campaign.id));
    for (;;) {
      const { rows } = await db.pool.query(`select count(*)::int as n from campaign_messages where campaign_id = $1 and status in ('QUEUED', 'SENDING')`, [campaign.id]);
      if (rows[0].n === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const { rows: statuses } = await db.pool.query(`select status, count(*)::int as n from campaign_messages where campaign_id = $1 group by status`, [campaign.id]);
    expect(statuses).toEqual([{ status: 'DELIVERED', n: 12 }]);
    const { rows: mail } = await db.pool.query(`select count(*)::int as n, count(distinct rcpt)::int as recipients from (select unnest(rcpt_to) as rcpt from mailbox_messages) m`);
    expect(mail).toEqual([{ n: 12, recipients: 12 }]);
  });

  it('refuses a SendSms nonce at the embedded SMS gateway of one process once the other has taken it', async () => {
    const secret = await embeddedSmsSecret(db.pool);
    const params = sendSmsParams({
      accessKeyId: EMBEDDED_SMS_ACCESS_KEY_ID, phoneNumbers: '13900001111', signName: 'QuanCRM', templateCode: 'SMS_7001',
      templateParam: { customerName: '孙分成', staffName: '张伟' }, outId: 'raw:two-servers', at: new Date(), nonce: 'two-servers-nonce',
    }, secret);
    const post = async (server: Server) => {
      const res = await fetch(`${server.base}/api/outreach/sms-gateway`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: encodeParams(params) });
      return { status: res.status, body: (await res.json()) as Record<string, string> };
    };
    expect(await post(a)).toMatchObject({ status: 200, body: { Code: 'OK' } });
    expect(await post(b)).toMatchObject({ status: 400, body: { Code: 'SignatureNonceUsed' } });
    expect(await post(a)).toMatchObject({ status: 400, body: { Code: 'SignatureNonceUsed' } });
  });

  it('takes turns at start-up: a process starting while another does its start-up work (the demo build) waits for it', async () => {
    const holder = await db.pool.connect();
    let c: Promise<Server> | undefined;
    try {
      await holder.query('select pg_advisory_lock($1)', [LOCKS.startup]);
      c = startServer();
      const waiting = `select 1 from pg_locks where locktype = 'advisory' and not granted and objid = $1 and database = (select oid from pg_database where datname = current_database())`;
      while ((await db.pool.query(waiting, [LOCKS.startup])).rowCount === 0) await new Promise((r) => setTimeout(r, 100));
      const status = await fetch(`${servers.at(-1)!.base}/api/status`);
      expect(((await status.json()) as { ready: boolean }).ready).toBe(false);
    } finally {
      await holder.query('select pg_advisory_unlock($1)', [LOCKS.startup]);
      holder.release();
    }
    const started = await c;
    expect(((await (await fetch(`${started.base}/api/status`)).json()) as { ready: boolean }).ready).toBe(true);
  });

  it('pops a call posted to one process on the agent’s stream open on the other', async () => {
    const adminB = await sessionOn(b, 'admin');
    const token = ((await (await call(b, adminB, 'GET', '/api/cti/settings')).json()) as { token: string }).token;
    const stream = await openEventStream(`${a.base}/api/cti/stream`, await sessionOn(a, 'broker1'));
    try {
      expect(await stream.next()).toEqual({ event: 'ready', data: { extension: '8002' } });
      const posted = await fetch(`${b.base}/api/cti/events`, {
        method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ event: 'RINGING', callId: 'two-1', callerNumber: '13812345678', extension: '8002' }),
      });
      expect(posted.status).toBe(200);
      expect(await stream.next()).toMatchObject({ event: 'call', data: { callId: 'two-1', event: 'RINGING', call: { callId: 'two-1', customers: [{ customerNo: '0001', inScope: true }] } } });
    } finally {
      stream.close();
    }
  });
});
