/**
 * A small brokerage for integration tests, inserted by SQL, and logins for every role.
 *
 * Relationships as of AS_OF (2025-06-16, a Monday), and who therefore sees which customer:
 *
 *   customer  branch  relationships                                         seen by (besides ALL)
 *   C0001     B01     S001 DEVELOP 1                                        S001, team T11, branch B01
 *   C0002     B01     S001 DEVELOP 0.6 + S002 DEVELOP 0.4 (SPLIT)           S001, S002, T11, B01
 *   C0003     B01     S001 ended 2024-12-31; S002 from 2025-01-01           S002, T11, B01
 *   C0004     B01     S001 ended yesterday (06-15); S003 from today (06-16) S003, B01
 *   C0005     B01     S003 ends today (06-16); S001 starts tomorrow (06-17) S003, B01
 *   C0006     B01     S003 DEVELOP + S004 SERVICE                           S003, S004, T11 (via S004), B01
 *   C0007     B01     none                                                  B01
 *   C0008     B01     S099 DEVELOP (S099 has left, still in team T11)        T11, B01
 *   C2001     B02     S201 DEVELOP                                          S201, team T21, branch B02
 *   C2002     B02     none (closed 2025-04-30)                              B02
 *
 * Teams: T11 (B01) = S001, S002, S004, S005 (lead), S099 (left); T12 (B01) = S003; T21 (B02) = S201, S202 (lead).
 * S006 manages branch B01 and belongs to no team.
 *
 * C0001 has the full set of facts on 2025-06-12/13 (latest day 2025-06-13); C0004's latest daily row is
 * 2025-06-12 (so it reads as CHURNED); C0003 has only a 2025-06-13 daily row without assets (SLEEPING);
 * C0005–C0008, C2001 and C2002 have no daily rows at all.
 */
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { inTransaction } from '../src/db/database.js';
import { createUser } from '../src/modules/auth/auth.service.js';
import type { Role } from '../src/modules/auth/auth.rules.js';
import { REFRESH_CUSTOMER_LATEST } from '../src/modules/customers/customers.sql.js';

export const AS_OF = '2025-06-16';
/** 10:00 in Shanghai on AS_OF. */
export const FIXED_NOW = new Date('2025-06-16T02:00:00Z');
export const PASSWORD = 'correct horse 42';

export const ALL_CUSTOMERS = ['C0001', 'C0002', 'C0003', 'C0004', 'C0005', 'C0006', 'C0007', 'C0008', 'C2001', 'C2002'];

const PARTITIONED = [
  'fact_assets', 'fact_positions', 'fact_orders', 'fact_trades', 'fact_fund_flows', 'fact_credit',
  'fact_product_holdings', 'fact_product_trades', 'sum_account_daily', 'sum_customer_daily',
];

const ORGANISATION = `
insert into branches (branch_code, branch_name, city) values
  ('B01', '北京中关村营业部', '北京'), ('B02', '上海陆家嘴营业部', '上海');
insert into teams (team_code, team_name, branch_code, leader_staff_no) values
  ('T11', '财富一组', 'B01', 'S005'), ('T12', '财富二组', 'B01', null), ('T21', '浦东一组', 'B02', 'S202');
insert into staff (staff_no, name, category, level, team_code, branch_code, hire_date, leave_date, contract_type, status) values
  ('S001', '张伟', 'BROKER', '中级', 'T11', 'B01', '2020-03-01', null, 'LABOR', 'ACTIVE'),
  ('S002', '李娜', 'BROKER', '初级', 'T11', 'B01', '2021-05-10', null, 'AGENCY', 'ACTIVE'),
  ('S003', '王强', 'BROKER', '高级', 'T12', 'B01', '2019-07-01', null, 'LABOR', 'ACTIVE'),
  ('S004', '赵敏', 'SERVICE', '中级', 'T11', 'B01', '2022-01-04', null, 'LABOR', 'ACTIVE'),
  ('S005', '刘洋', 'MANAGER', '资深', 'T11', 'B01', '2015-09-01', null, 'LABOR', 'ACTIVE'),
  ('S006', '陈静', 'MANAGER', '资深', null, 'B01', '2012-02-01', null, 'LABOR', 'ACTIVE'),
  ('S099', '孙离', 'BROKER', '初级', 'T11', 'B01', '2023-01-01', '2025-05-31', 'AGENCY', 'LEFT'),
  ('S201', '周杰', 'BROKER', '中级', 'T21', 'B02', '2020-06-01', null, 'LABOR', 'ACTIVE'),
  ('S202', '吴刚', 'MANAGER', '资深', 'T21', 'B02', '2014-03-01', null, 'LABOR', 'ACTIVE');
`;

const CUSTOMERS = `
insert into customers (customer_no, name, customer_type, id_type, id_no, mobile, email, address, branch_code,
                       open_date, close_date, status, risk_level, first_seen_on, updated_on) values
  ('C0001', '钱多多', 'P', '0', '110101199001011234', '13812345678', 'qian.duoduo@example.com', '北京市海淀区中关村大街1号', 'B01', '2024-01-10', null, 'NORMAL', 'C4', '2024-01-10', '2025-06-13'),
  ('C0002', '孙分成', 'P', '0', '310101198502023456', '13900001111', null, null, 'B01', '2025-03-01', null, 'NORMAL', 'C3', '2025-03-01', '2025-06-13'),
  ('C0003', '周三', 'P', '0', '110101197003033333', '13700003333', null, null, 'B01', '2023-06-01', null, 'NORMAL', 'C2', '2023-06-01', '2025-06-13'),
  ('C0004', '吴四', 'P', '0', '110101197104044444', '13700004444', null, null, 'B01', '2024-02-01', null, 'NORMAL', 'C3', '2024-02-01', '2025-06-13'),
  ('C0005', '郑五', 'P', '0', '110101197205055555', '13700005555', null, null, 'B01', '2025-01-01', null, 'NORMAL', 'C3', '2025-01-01', '2025-06-13'),
  ('C0006', '冯六', 'P', '0', '110101197306066666', '13700006666', null, null, 'B01', '2024-05-01', null, 'NORMAL', 'C3', '2024-05-01', '2025-06-13'),
  ('C0007', '陈七', 'P', '0', '110101197407077777', '13700007777', null, null, 'B01', '2022-07-07', null, 'FROZEN', 'C1', '2022-07-07', '2025-06-13'),
  ('C0008', '褚八', 'O', '1', '91110108MA01XYZ8', '13700008888', null, null, 'B01', '2024-01-01', null, 'NORMAL', 'C5', '2024-01-01', '2025-06-13'),
  ('C2001', '卫东', 'P', '0', '310101198001012001', '13600002001', null, null, 'B02', '2024-01-01', null, 'NORMAL', 'C4', '2024-01-01', '2025-06-13'),
  ('C2002', '蒋西', 'P', '0', '310101198102022002', '13600002002', null, null, 'B02', '2021-01-01', '2025-04-30', 'CLOSED', 'C2', '2021-01-01', '2025-04-30');
insert into relationships (customer_no, staff_no, kind, weight, added_on, effective_from, ended_on, source) values
  ('C0001', 'S001', 'DEVELOP', 1,   '2024-01-10', '2024-01-10', null,         'test'),
  ('C0002', 'S001', 'DEVELOP', 0.6, '2025-03-01', '2025-03-01', null,         'test'),
  ('C0002', 'S002', 'DEVELOP', 0.4, '2025-03-01', '2025-03-01', null,         'test'),
  ('C0003', 'S001', 'DEVELOP', 1,   '2023-06-01', '2023-06-01', '2024-12-31', 'test'),
  ('C0003', 'S002', 'DEVELOP', 1,   '2025-01-01', '2025-01-01', null,         'test'),
  ('C0004', 'S001', 'DEVELOP', 1,   '2024-02-01', '2024-02-01', '2025-06-15', 'test'),
  ('C0004', 'S003', 'DEVELOP', 1,   '2025-06-10', '2025-06-16', null,         'test'),
  ('C0005', 'S003', 'DEVELOP', 1,   '2025-01-01', '2025-01-01', '2025-06-16', 'test'),
  ('C0005', 'S001', 'DEVELOP', 1,   '2025-06-10', '2025-06-17', null,         'test'),
  ('C0006', 'S003', 'DEVELOP', 1,   '2024-05-01', '2024-05-01', null,         'test'),
  ('C0006', 'S004', 'SERVICE', 1,   '2024-05-01', '2024-05-01', null,         'test'),
  ('C0008', 'S099', 'DEVELOP', 1,   '2024-01-01', '2024-01-01', null,         'test'),
  ('C2001', 'S201', 'DEVELOP', 1,   '2024-01-01', '2024-01-01', null,         'test');
`;

const REFERENCE = `
insert into fund_accounts (fund_account, customer_no, account_kind, currency, open_date, status, commission_rate, updated_on) values
  ('F0001',  'C0001', 'NORMAL', 'CNY', '2024-01-10', 'NORMAL', 0.00025, '2025-06-13'),
  ('F0001H', 'C0001', 'NORMAL', 'HKD', '2024-03-01', 'NORMAL', 0.0003,  '2025-06-13'),
  ('F0001C', 'C0001', 'CREDIT', 'CNY', '2024-06-01', 'NORMAL', null,    '2025-06-13'),
  ('F0002',  'C0002', 'NORMAL', 'CNY', '2025-03-01', 'NORMAL', 0.0002,  '2025-06-13');
insert into securities (market, security_code, name, security_class, updated_on) values
  ('SH', '600519', '贵州茅台', 'STOCK', '2025-06-13'), ('SZ', '000001', '平安银行', 'STOCK', '2025-06-13');
insert into products (product_code, name, product_type, risk_level, updated_on) values
  ('P001', '稳健理财1号', 'ASSET_MGMT', 'R2', '2025-06-13');
insert into trading_days (trade_date, usd_rate, hkd_rate, run_id) values
  ('2025-05-30', 7.2, 0.92, 1), ('2025-06-12', 7.2, 0.92, 2), ('2025-06-13', 7.2, 0.92, 3);
`;

const FACTS = `
insert into sum_customer_daily (trade_date, customer_no, branch_code, is_open, total_asset, net_asset, debt, cash_cny,
                                stock_value, fund_value, bond_value, other_value, product_value) values
  ('2025-06-12', 'C0001', 'B01', true, 1200000, 1150000, 50000, 100000, 1000000, 70000, 30000, 0, 50000),
  ('2025-06-13', 'C0001', 'B01', true, 1234567.125, 1200000.005, 34567.12, 200000.5, 900000, 100000, 30000, 4566.625, 50000),
  ('2025-06-13', 'C0002', 'B01', true, 50000.005, 50000.005, 0, 50000.005, 0, 0, 0, 0, 0),
  ('2025-06-12', 'C0004', 'B01', true, 300, 300, 0, 300, 0, 0, 0, 0, 0);
insert into fact_assets (trade_date, customer_no, fund_account, currency, cash, stock_value, fund_value, bond_value, other_value, total_asset, debt) values
  ('2025-06-13', 'C0001', 'F0001',  'CNY', 150000.50, 900000, 100000, 30000, 0, 1180000.50, 0),
  ('2025-06-13', 'C0001', 'F0001H', 'HKD', 54347.83, 0, 0, 0, 0, 54347.83, 0);
insert into sum_account_daily (trade_date, customer_no, fund_account, currency, fx_rate, total_asset_cny) values
  ('2025-06-13', 'C0001', 'F0001',  'CNY', 1,    1180000.5),
  ('2025-06-13', 'C0001', 'F0001H', 'HKD', 0.92, 50000.0036);
insert into fact_positions (trade_date, customer_no, fund_account, market, security_code, quantity, cost_amount, market_value) values
  ('2025-06-12', 'C0001', 'F0001', 'SH', '600519', 600, 960000, 900000),
  ('2025-06-13', 'C0001', 'F0001', 'SH', '600519', 500, 800000, 750000),
  ('2025-06-13', 'C0001', 'F0001', 'SZ', '000001', 10000, 120000, 150000);
insert into fact_trades (trade_date, customer_no, trade_no, order_no, fund_account, market, security_code, side, price, quantity,
                         amount, commission, stamp_duty, transfer_fee, handling_fee, regulatory_fee, trade_time, channel) values
  ('2025-06-12', 'C0001', 'T001', 'O001', 'F0001', 'SH', '600519', 'BUY', 1500, 100, 150000, 37.50, 0, 1.50, 5.13, 3.00, '10:15:00', 'APP'),
  ('2025-06-13', 'C0001', 'T002', 'O002', 'F0001', 'SZ', '000001', 'SELL', 15, 1000, 15000, 5.00, 7.50, 0.15, 0.51, 0.30, '14:02:30', 'APP');
insert into fact_orders (trade_date, customer_no, order_no, fund_account, market, security_code, side, price, quantity, filled_quantity, status, channel, order_time) values
  ('2025-06-12', 'C0001', 'O001', 'F0001', 'SH', '600519', 'BUY', 1500, 100, 100, 'FILLED', 'APP', '10:14:58'),
  ('2025-06-13', 'C0001', 'O002', 'F0001', 'SZ', '000001', 'SELL', 15, 1000, 1000, 'FILLED', 'APP', '14:02:29');
insert into fact_fund_flows (trade_date, customer_no, flow_no, fund_account, currency, flow_type, amount, flow_time) values
  ('2025-06-12', 'C0001', 'FL001', 'F0001', 'CNY', 'BANK_IN', 200000, '09:30:00');
insert into fact_credit (trade_date, customer_no, fund_account, financing_debt, lending_debt, interest_payable, collateral_value) values
  ('2025-06-13', 'C0001', 'F0001C', 100000, 20000, 1000, 302500);
insert into fact_product_holdings (trade_date, customer_no, fund_account, product_code, units, market_value) values
  ('2025-06-13', 'C0001', 'F0001', 'P001', 48000, 50000);
insert into sum_customer_monthly (month, customer_no, branch_code, open_days, trade_days, month_end_date, asset_sum, asset_end,
                                  net_asset_end, cash_end, stock_value_end, volume, quantity, commission, fees, trade_count,
                                  bank_in, bank_out, product_sales) values
  ('2025-05-01', 'C0001', 'B01', 1, 1, '2025-05-30', 1100000.004, 1100000.004, 1050000, 100000, 900000, 300000, 200, 75.005, 8, 2, 0, 0, 0),
  ('2025-06-01', 'C0001', 'B01', 2, 2, '2025-06-13', 2434567.125, 1234567.125, 1200000.005, 200000.5, 900000, 165000, 1100, 42.5, 9.09, 2, 200000, 0, 0);
`;

/** The latest day's tier and lifecycle (computed at import time in production), read through the customer_state view. */
const CUSTOMER_STATE = `
insert into sum_customer_daily (trade_date, customer_no, branch_code, is_open) values ('2025-06-13', 'C0003', 'B01', true);
update sum_customer_daily d set net_asset_sum20 = v.s20, days20 = 2, tier = v.tier, lifecycle = v.lifecycle, last_trade_date = v.last_trade::date
from (values
  ('C0001', 2350000, '玉满堂', 'ACTIVE',   '2025-06-13'),
  ('C0002', 100000,  '银满堂', 'ACTIVE',   null),
  ('C0003', 0,       '银满堂', 'SLEEPING', null)) v(customer_no, s20, tier, lifecycle, last_trade)
where d.trade_date = '2025-06-13' and d.customer_no = v.customer_no;
`;

/** Inserts the brokerage described above. */
export async function insertBrokerage(pool: pg.Pool): Promise<void> {
  await inTransaction(pool, async (client) => {
    for (const table of PARTITIONED) {
      for (const day of ['2025-05-01', '2025-06-01']) await client.query('select crm_ensure_partition($1, $2)', [table, day]);
    }
    await client.query(ORGANISATION);
    await client.query(CUSTOMERS);
    await client.query(REFERENCE);
    await client.query(FACTS);
    await client.query(CUSTOMER_STATE);
    // the customer list's latest figures, as the import's derivation leaves them (migration 0053)
    await client.query(REFRESH_CUSTOMER_LATEST);
  });
}

/**
 * Records that only the scope test (test/scope.test.ts) needs, kept out of insertBrokerage so that no
 * other test's counts change: a fund account of branch B02 (F2001 of C2001), outside every B01 login's scope.
 */
export async function insertOtherBranchAccount(pool: pg.Pool): Promise<void> {
  await pool.query(
    `insert into fund_accounts (fund_account, customer_no, account_kind, currency, open_date, status, commission_rate, updated_on)
     values ('F2001', 'C2001', 'NORMAL', 'CNY', '2024-01-01', 'NORMAL', 0.0003, '2025-06-13')`,
  );
}

/** One login per role (password PASSWORD); `broker_left` is linked to S099, who has left. */
export const LOGINS: Readonly<Record<string, { role: Role; staffNo?: string }>> = {
  admin: { role: 'ADMIN' },
  hq_user: { role: 'HQ' },
  compliance: { role: 'COMPLIANCE' },
  bm_b01: { role: 'BRANCH_MANAGER', staffNo: 'S006' },
  tl_t11: { role: 'TEAM_LEAD', staffNo: 'S005' },
  tl_t21: { role: 'TEAM_LEAD', staffNo: 'S202' },
  broker1: { role: 'BROKER', staffNo: 'S001' },
  broker2: { role: 'BROKER', staffNo: 'S002' },
  broker3: { role: 'BROKER', staffNo: 'S003' },
  service4: { role: 'SERVICE', staffNo: 'S004' },
  broker_left: { role: 'BROKER', staffNo: 'S099' },
};

export async function insertLogins(pool: pg.Pool, usernames: readonly string[] = Object.keys(LOGINS)): Promise<void> {
  await inTransaction(pool, async (client) => {
    for (const username of usernames) {
      const login = LOGINS[username];
      if (!login) throw new Error(`fixtures: no login ${username}`);
      await createUser(client, { username, password: PASSWORD, role: login.role, staffNo: login.staffNo });
    }
  });
}

/** Logs in through the API and returns the `cookie` header value that carries the session. */
export async function sessionCookie(app: FastifyInstance, username: string, password = PASSWORD): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'crm_session');
  if (!cookie) throw new Error(`login ${username}: no session cookie`);
  return `crm_session=${cookie.value}`;
}
