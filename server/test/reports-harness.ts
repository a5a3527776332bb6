/**
 * Set-up shared by the report tests: a small brokerage imported through the real importer from
 * hand-made days, an organisation written by SQL, logins made with createUser, and the app on it.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { expect } from 'vitest';
import { inTransaction } from '../src/db/database.js';
import type { Role } from '../src/modules/auth/auth.rules.js';
import { createUser } from '../src/modules/auth/auth.service.js';
import { importDay } from '../src/modules/extract/extract.service.js';
import { rederiveStaffFiguresSince } from '../src/modules/attribution/attribution.service.js';
import { type TestApp, useTestApp } from './app-harness.js';
import { type Rows, writeDay } from './extract-builder.js';
import { PASSWORD } from './fixtures.js';

/** A customers.csv row (a person, NORMAL, ORDINARY investor unless `extra` says otherwise). */
export const customer = (customer_no: string, name: string, branch_code: string, open_date: string, extra: Record<string, string> = {}) => ({
  customer_no, name, customer_type: 'P', branch_code, open_date, status: 'NORMAL', investor_class: 'ORDINARY', ...extra,
});
/** A fund_accounts.csv row (NORMAL account at 0.025 % commission). */
export const account = (fund_account: string, customer_no: string, currency: string, open_date: string) => ({
  fund_account, customer_no, account_kind: 'NORMAL', currency, open_date, status: 'NORMAL', commission_rate: '0.00025',
});
/** An assets.csv row: the given values, zero for the classes not given, no debt. */
export const asset = (fund_account: string, currency: string, v: { cash: string; stock?: string; fund?: string; bond?: string; other?: string; total: string }) => ({
  fund_account, currency, cash: v.cash, stock_value: v.stock ?? '0.00', fund_value: v.fund ?? '0.00', bond_value: v.bond ?? '0.00',
  other_value: v.other ?? '0.00', total_asset: v.total, debt: '0.00',
});
/** A trades.csv row: a buy of 600519 at 100 (quantity = amount ÷ 100) with the given commission and fees. */
export const trade = (trade_no: string, fund_account: string, amount: string, commission: string, handling_fee: string, regulatory_fee: string) => ({
  trade_no, fund_account, market: 'SH', security_code: '600519', side: 'B', price: '100', quantity: String(Number(amount) / 100), amount, commission,
  stamp_duty: '0.00', transfer_fee: '0.00', handling_fee, regulatory_fee, trade_time: '10:00:00', channel: 'MOBILE',
});
/** A fund_flows.csv row in CNY. */
export const flow = (flow_no: string, fund_account: string, flow_type: string, amount: string) => ({ flow_no, fund_account, currency: 'CNY', flow_type, amount, flow_time: '09:00:00' });

/**
 * The logins over team T1 of branch B01 that the staff, staff report and workflow tests share (their
 * organisations agree on these staff): HQ, broker S001 (张伟), S002 (李娜) leading T1, S005 (王强) managing B01.
 */
export const TEAM_T1_LOGINS = {
  hq_user: { role: 'HQ' },
  broker1: { role: 'BROKER', staffNo: 'S001' },
  lead_t1: { role: 'TEAM_LEAD', staffNo: 'S002' },
  bm_b01: { role: 'BRANCH_MANAGER', staffNo: 'S005' },
} as const satisfies ReportsAppOptions['logins'];

export interface ReportsAppOptions {
  /** Prefix of the temporary folder the days are written to. */
  tmpPrefix: string;
  /** The days to import, in order; each must import as SUCCEEDED. */
  days: readonly (readonly [string, Record<string, Rows>])[];
  /** SQL run after the imports (teams, staff, relationships); the staff figures are then derived as an org import does. */
  org: string;
  /** Run in the same transaction right after `org` and the staff figures. */
  afterOrg?: (client: pg.PoolClient) => Promise<void>;
  /** Users created (password PASSWORD) and logged in; their cookies are in `cookies`. */
  logins: Readonly<Record<string, { readonly role: Role; readonly staffNo?: string }>>;
  /** The app's clock. */
  now: Date;
}

export function useReportsApp(opts: ReportsAppOptions): TestApp {
  return useTestApp({
    now: () => opts.now,
    sessions: Object.keys(opts.logins),
    async seed(db) {
      const root = await fs.mkdtemp(path.join(os.tmpdir(), opts.tmpPrefix));
      try {
        for (const [date, files] of opts.days) {
          // forced: the fixtures' days were chosen before the importer followed the exchange calendar,
          // and 2025-06-02 is a holiday (端午); the figures these tests check do not depend on it
          const result = await importDay(db.pool, await writeDay(root, date, files), { startedBy: 'test', force: true });
          if (result.status !== 'SUCCEEDED') throw new Error(`${date}: ${JSON.stringify(result.problems)}`);
        }
      } finally {
        await fs.rm(root, { recursive: true, force: true });
      }
      await inTransaction(db.pool, async (client) => {
        await client.query(opts.org);
        await rederiveStaffFiguresSince(client, '1990-01-01'); // as an org import does, from the earliest relationship
        await opts.afterOrg?.(client);
        for (const [username, login] of Object.entries(opts.logins)) {
          await createUser(client, { username, password: PASSWORD, role: login.role, staffNo: login.staffNo });
        }
      });
    },
  });
}

/** GETs a report as `username`, expects 200 and returns its rows. */
export async function reportRows(t: TestApp, username: string, url: string): Promise<Record<string, unknown>[]> {
  const res = await t.call(username, 'GET', url);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().rows;
}

/** GETs a report as `username`, expects 200 and returns its totals row (null for a report without totals columns). */
export async function reportTotals(t: TestApp, username: string, url: string): Promise<Record<string, string> | null> {
  const res = await t.call(username, 'GET', url);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { totals: Record<string, string> | null }).totals;
}
