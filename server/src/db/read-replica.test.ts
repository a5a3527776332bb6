/**
 * DATABASE_READ_URL against a real streaming replica on this machine (test/replica-cluster.ts: a
 * primary made with initdb, a standby made with pg_basebackup -R, both started by the test). The
 * app reads reports and masked lists on the replica while it has every imported day; while replay
 * is paused and the primary imports a day, the same report is read on the primary and says how far
 * the replica is (X-Replica-Day), never the replica's stale answer.
 *
 * Hand-worked figures: customers 0001 (account FA) and 0002 (FB), both of B01, opened 2025-01-02;
 * total assets FA / FB: 06-02 100000 / 50000, 06-03 110000 / 40000, 06-05 (imported while the
 * replica is paused) 120000 / 30000. customer-assets over [06-02, 06-03]: 2 trading days, 0001 sum
 * 210000, average 105000; 0002 sum 90000, average 45000. Over [06-05, 06-05]: 0001 120000, 0002 30000.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.js';
import { inTransaction, openDatabase, type Database } from './database.js';
import { importMarker, openReadPool } from './read-replica.js';
import { authenticate, createUser } from '../modules/auth/auth.service.js';
import { importDay } from '../modules/extract/extract.service.js';
import { rederiveStaffFiguresSince } from '../modules/attribution/attribution.service.js';
import { runReportJson, prepareReport } from '../modules/reports/reports.service.js';
import { type Rows, writeDay } from '../../test/extract-builder.js';
import { PASSWORD, sessionCookie } from '../../test/fixtures.js';
import { startReplicaPair, type ReplicaPair } from '../../test/replica-cluster.js';
import { account, customer } from '../../test/reports-harness.js';

/** 10:00 in Shanghai on 2025-06-06. */
const NOW = new Date('2025-06-06T02:00:00Z');

const asset = (fund_account: string, total: string) => ({
  fund_account, currency: 'CNY', cash: total, stock_value: '0.00', fund_value: '0.00', bond_value: '0.00', other_value: '0.00', total_asset: total, debt: '0.00',
});

const DAYS: Record<string, Record<string, Rows>> = {
  '2025-06-02': {
    'branches.csv': [{ branch_code: 'B01', branch_name: '上海浦东南路营业部', city: '上海' }],
    'customers.csv': [customer('0001', '甲客户', 'B01', '2025-01-02'), customer('0002', '乙客户', 'B01', '2025-01-02')],
    'fund_accounts.csv': [account('FA', '0001', 'CNY', '2025-01-02'), account('FB', '0002', 'CNY', '2025-01-02')],
    'assets.csv': [asset('FA', '100000.00'), asset('FB', '50000.00')],
  },
  '2025-06-03': { 'assets.csv': [asset('FA', '110000.00'), asset('FB', '40000.00')] },
  '2025-06-05': { 'assets.csv': [asset('FA', '120000.00'), asset('FB', '30000.00')] },
};

const ORG = `
insert into teams (team_code, team_name, branch_code) values ('T1', '财富一组', 'B01');
insert into staff (staff_no, name, category, level, team_code, branch_code, hire_date, contract_type) values
  ('S001', '张伟', 'BROKER', '中级', 'T1', 'B01', '2020-01-01', 'LABOR');
insert into relationships (customer_no, staff_no, kind, weight, added_on, effective_from, guaranteed_rate, source) values
  ('0001', 'S001', 'DEVELOP', 1, '2025-01-02', '2025-01-02', null, 'test');
`;

const FIRST_TWO = '/api/reports/customer-assets?openFrom=2000-01-01&openTo=2025-12-31&from=2025-06-02&to=2025-06-03';
const JUNE_5 = '/api/reports/customer-assets?openFrom=2000-01-01&openTo=2025-12-31&from=2025-06-05&to=2025-06-05';
const row = (customerNo: string, name: string, days: number, sum: string, avg: string) => ({
  customerNo, name, openDate: '2025-01-02', tradingDays: days, assetSum: sum, assetAvg: avg, volumeSum: '0.00', volumeAvg: '0.00',
});

let pair: ReplicaPair;
let primary: Database;
let replicaPool: pg.Pool;
let app: FastifyInstance;
let folderRoot = '';
const cookies: Record<string, string> = {};

async function importFixtureDay(day: string): Promise<void> {
  const result = await importDay(primary.pool, await writeDay(folderRoot, day, DAYS[day]!), { startedBy: 'test', force: true, today: '2025-06-06' });
  if (result.status !== 'SUCCEEDED') throw new Error(`${day}: ${JSON.stringify(result.problems)}`);
}

function get(username: string, url: string) {
  return app.inject({ method: 'GET', url, headers: { cookie: cookies[username]! } });
}

beforeAll(async () => {
  pair = await startReplicaPair();
  primary = await openDatabase({ DATABASE_URL: pair.primaryUrl, dataDir: '/nonexistent' }, { poolSize: 4 });
  folderRoot = await fs.mkdtemp(path.join(os.tmpdir(), 'quancrm-replica-days-'));
  await importFixtureDay('2025-06-02');
  await importFixtureDay('2025-06-03');
  await inTransaction(primary.pool, async (client) => {
    await client.query(ORG);
    await rederiveStaffFiguresSince(client, '1990-01-01');
    await createUser(client, { username: 'hq_user', password: PASSWORD, role: 'HQ' });
    await createUser(client, { username: 'broker1', password: PASSWORD, role: 'BROKER', staffNo: 'S001' });
  });
  replicaPool = await openReadPool(pair.replicaUrl, { poolSize: 3 });
  app = await buildApp({ pool: primary.pool, readPool: replicaPool, now: () => NOW });
  for (const username of ['hq_user', 'broker1']) cookies[username] = await sessionCookie(app, username);
  await pair.caughtUp();
}, 180_000);

afterAll(async () => {
  await app?.close();
  await replicaPool?.end();
  await primary?.close();
  await pair?.stop();
  if (folderRoot) await fs.rm(folderRoot, { recursive: true, force: true });
});

describe('DATABASE_READ_URL on a streaming replica', () => {
  it('is a real standby that refuses writes, and the read pool is read-only', async () => {
    const { rows } = await replicaPool.query<{ standby: boolean }>('select pg_is_in_recovery() as standby');
    expect(rows).toEqual([{ standby: true }]);
    await expect(replicaPool.query(`insert into settings (key, value, updated_by) values ('x', '{}', 'test')`)).rejects.toMatchObject({ code: '25006' });
  });

  it('reads a report on the replica while it has every imported day', async () => {
    expect(await importMarker(replicaPool)).toEqual(await importMarker(primary.pool));
    const choice = await app.reads.choose();
    expect(choice.source).toBe('replica');
    expect(choice.pool).toBe(replicaPool);
    const res = await get('hq_user', FIRST_TWO);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['x-data-source']).toBe('replica');
    expect(res.headers['x-replica-day']).toBeUndefined();
    expect(res.json().rows).toEqual([row('0001', '甲客户', 2, '210000.00', '105000.00'), row('0002', '乙客户', 2, '90000.00', '45000.00')]);
  });

  it('reads a broker’s (masked) customer list, the staff list and the lists of derived figures on the replica', async () => {
    const list = await get('broker1', '/api/customers?pageSize=10');
    expect(list.statusCode, list.body).toBe(200);
    expect(list.headers['x-data-source']).toBe('replica');
    expect(list.json().items.map((c: { customerNo: string }) => c.customerNo)).toEqual(['0001']);
    const staff = await get('hq_user', '/api/staff?pageSize=10');
    expect(staff.statusCode, staff.body).toBe(200);
    expect(staff.headers['x-data-source']).toBe('replica');
    expect(staff.json().items.map((s: { staffNo: string }) => s.staffNo)).toEqual(['S001']);
    // the lists of import-derived figures, answered as the primary answers them
    for (const url of ['/api/churn/scores?pageSize=10', '/api/margin/accounts?pageSize=10', '/api/intelligence/rfm/customers?pageSize=10', '/api/intelligence/contribution/customers?pageSize=10']) {
      const res = await get('hq_user', url);
      expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
      expect(res.headers['x-data-source'], url).toBe('replica');
      const onPrimary = await buildApp({ pool: primary.pool, now: () => NOW });
      try {
        const same = await onPrimary.inject({ method: 'GET', url, headers: { cookie: cookies.hq_user! } });
        expect(same.headers['x-data-source']).toBeUndefined();
        expect(res.json(), url).toEqual(same.json());
      } finally {
        await onPrimary.close();
      }
    }
  });

  it('while the replica lags, a day it does not have is read on the primary and says how far the replica is', async () => {
    await pair.pauseReplay();
    try {
      await importFixtureDay('2025-06-05');
      // the replica really is stale: the same report read there has no 06-05
      const prepared = prepareReport('customer-assets', { openFrom: '2000-01-01', openTo: '2025-12-31', from: '2025-06-05', to: '2025-06-05' }, {
        user: (await authenticate(primary.pool, { kind: 'session', secret: cookies.hq_user!.replace(/^crm_session=/, '') }, NOW))!, asOf: '2025-06-06', now: NOW, ip: '127.0.0.1', language: 'zh',
      });
      const stale = JSON.parse((await runReportJson(replicaPool, prepared, 'zh')).toString('utf8')) as { rows: unknown[] };
      const fresh = [row('0001', '甲客户', 1, '120000.00', '120000.00'), row('0002', '乙客户', 1, '30000.00', '30000.00')];
      expect(stale.rows).not.toEqual(fresh);
      expect((await importMarker(replicaPool)).lastDay).toBe('2025-06-03');

      const res = await get('hq_user', JUNE_5);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['x-data-source']).toBe('primary');
      expect(res.headers['x-replica-day']).toBe('2025-06-03');
      expect(res.json().rows).toEqual(fresh);
      // a day both have is read on the primary too while the replica is behind (its figures may change with a later day's import)
      const older = await get('hq_user', FIRST_TWO);
      expect(older.headers['x-data-source']).toBe('primary');
      const list = await get('broker1', '/api/customers?pageSize=10');
      expect(list.headers['x-data-source']).toBe('primary');
    } finally {
      await pair.resumeReplay();
    }
    await pair.caughtUp();
    const res = await get('hq_user', JUNE_5);
    expect(res.headers['x-data-source']).toBe('replica');
    expect(res.json().rows).toEqual([row('0001', '甲客户', 1, '120000.00', '120000.00'), row('0002', '乙客户', 1, '30000.00', '30000.00')]);
  });

  it('reads a buffered answer again on the primary when the replica cancels it (a recovery conflict), and not for other errors', async () => {
    const conflict = Object.assign(new Error('canceling statement due to conflict with recovery'), { code: '40001' });
    const ran: string[] = [];
    const { value, choice } = await app.reads.read(async (pool) => {
      ran.push(pool === replicaPool ? 'replica' : 'primary');
      if (pool === replicaPool) throw conflict;
      return (await pool.query<{ standby: boolean }>('select pg_is_in_recovery() as standby')).rows[0]!.standby;
    });
    expect(ran).toEqual(['replica', 'primary']);
    expect(value).toBe(false);
    expect(choice).toMatchObject({ source: 'primary', fallback: 'REPLICA_UNAVAILABLE' });
    const syntax = Object.assign(new Error('syntax error'), { code: '42601' });
    await expect(app.reads.read(async () => Promise.reject(syntax))).rejects.toBe(syntax);
  });

  it('reads an Excel export on the replica and audits it on the primary', async () => {
    const res = await get('hq_user', `${FIRST_TWO}&format=xlsx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-data-source']).toBe('replica');
    const { rows } = await primary.pool.query(`select username, entity_id, detail->>'rows' as n from audit_log where action = 'report.export'`);
    expect(rows).toEqual([{ username: 'hq_user', entity_id: 'customer-assets', n: '2' }]);
  });

  it('reads the primary while the replica is down', async () => {
    await pair.stopReplica();
    const choice = await app.reads.choose();
    expect(choice).toMatchObject({ source: 'primary', fallback: 'REPLICA_UNAVAILABLE' });
    const res = await get('hq_user', FIRST_TWO);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['x-data-source']).toBe('primary');
    expect(res.json().rows).toEqual([row('0001', '甲客户', 2, '210000.00', '105000.00'), row('0002', '乙客户', 2, '90000.00', '45000.00')]);
  });
});
