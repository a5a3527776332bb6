/**
 * The small brokerage of the staff reports' and the staff pages' tests (reports.staff.test.ts and
 * staff.test.ts; its customers, accounts, figures and trading days are described, with the
 * hand-worked figures they give, at the top of both): four trading days from 2025-05-30 to 06-30.
 */
import type { Rows } from './extract-builder.js';
import { account, asset, customer, flow, trade } from './reports-harness.js';

const FA_EARLY = asset('FA', 'CNY', { cash: '10000.00', stock: '50000.00', fund: '20000.00', bond: '10000.00', total: '90000.00' });
const FD = asset('FD', 'CNY', { cash: '1000000.00', total: '1000000.00' });

const DAYS: [string, Record<string, Rows>][] = [
  ['2025-05-30', {
    'branches.csv': [{ branch_code: 'B01', branch_name: '上海浦东南路营业部', city: '上海' }, { branch_code: 'B02', branch_name: '北京金融大街营业部', city: '北京' }],
    'customers.csv': [customer('0001', '甲客户', 'B01', '2025-01-02'), customer('0003', '丙客户', 'B01', '2024-03-01'), customer('2001', '丁客户', 'B02', '2020-01-01')],
    'fund_accounts.csv': [
      account('FA', '0001', 'CNY', '2025-01-02'), account('FAH', '0001', 'HKD', '2025-01-02'),
      account('FC', '0003', 'CNY', '2024-03-01'), account('FD', '2001', 'CNY', '2020-01-01'),
    ],
    'securities.csv': [{ market: 'SH', security_code: '600519', name: '贵州茅台', security_class: 'STOCK' }],
    'fx_rates.csv': [{ currency: 'HKD', rate_to_cny: '0.9' }],
    'assets.csv': [FA_EARLY, asset('FAH', 'HKD', { cash: '1000.00', total: '1000.00' }), asset('FC', 'CNY', { cash: '30000.00', total: '30000.00' }), FD],
    'trades.csv': [trade('T1', 'FA', '100000.00', '20.00', '1.00', '0.50')],
  }],
  ['2025-06-02', {
    'customers.csv': [customer('0002', '乙客户', 'B01', '2025-06-02')],
    'fund_accounts.csv': [account('FB', '0002', 'CNY', '2025-06-02')],
    'assets.csv': [
      FA_EARLY, asset('FAH', 'HKD', { cash: '1000.00', total: '1000.00' }), asset('FB', 'CNY', { cash: '50000.00', total: '50000.00' }),
      asset('FC', 'CNY', { cash: '30000.00', total: '30000.00' }), FD,
    ],
    'trades.csv': [
      trade('T2', 'FA', '200000.00', '40.00', '2.00', '1.00'),
      trade('T3', 'FB', '100000.00', '30.00', '3.00', '1.00'),
      trade('T4', 'FC', '10000.00', '5.00', '0.50', '0.10'),
    ],
  }],
  ['2025-06-16', {
    'customers.csv': [customer('0003', '丙客户', 'B01', '2024-03-01', { close_date: '2025-06-16', status: 'CLOSED' })],
    'products.csv': [{ product_code: 'P001', name: '稳健一号', product_type: 'PUBLIC_FUND', risk_level: 'R2', issuer: '某基金', min_amount: '1000.00' }],
    'assets.csv': [
      asset('FA', 'CNY', { cash: '20000.00', stock: '60000.00', fund: '20000.00', bond: '10000.00', other: '5000.00', total: '115000.00' }),
      asset('FAH', 'HKD', { cash: '2000.00', total: '2000.00' }), asset('FB', 'CNY', { cash: '10000.00', stock: '70000.00', total: '80000.00' }), FD,
    ],
    'trades.csv': [trade('T5', 'FB', '200000.00', '50.00', '5.00', '2.00')],
    'fund_flows.csv': [flow('W1', 'FA', 'BANK_IN', '10000.00')],
    'product_trades.csv': [{ txn_no: 'P1', fund_account: 'FA', product_code: 'P001', txn_type: 'SUBSCRIBE', amount: '5000.00', fee: '0.00', txn_time: '10:00:00' }],
  }],
  ['2025-06-30', {
    'assets.csv': [
      asset('FA', 'CNY', { cash: '20000.00', stock: '60000.00', fund: '20000.00', bond: '10000.00', other: '10000.00', total: '120000.00' }),
      asset('FAH', 'HKD', { cash: '2000.00', total: '2000.00' }), asset('FB', 'CNY', { cash: '20000.00', stock: '80000.00', total: '100000.00' }), FD,
    ],
    'trades.csv': [trade('T6', 'FA', '50000.00', '10.00', '0.50', '0.50'), trade('T7', 'FB', '100000.00', '20.00', '2.00', '1.00')],
    'fund_flows.csv': [flow('W2', 'FA', 'BANK_OUT', '4000.00')],
  }],
];

/** The days of the staff brokerage, each with the `extra` files of that day (positions, orders …) added. */
export function staffBrokerageDays(extra: Readonly<Record<string, Record<string, Rows>>> = {}): [string, Record<string, Rows>][] {
  return DAYS.map(([day, files]) => [day, { ...files, ...extra[day] }]);
}
