/**
 * The hand-made brokerage the importer tests share (extract.test.ts, day-removal.test.ts …): its
 * reference data, two days whose figures were worked out by hand, and a fingerprint of tables.
 */
import type { TestDb } from './harness.js';
import type { Rows } from './extract-builder.js';

export const REFERENCE: Record<string, Rows> = {
  'branches.csv': [
    { branch_code: 'B01', branch_name: '上海浦东南路营业部', city: '上海' },
    { branch_code: 'B02', branch_name: '北京金融大街营业部', city: '北京' },
  ],
  'customers.csv': [
    { customer_no: '0100001', name: '张三', customer_type: 'P', id_type: '0', id_no: '11010519491231002X', gender: 'F', birth_date: '1949-12-31',
      mobile: '13812345678', branch_code: 'B01', open_date: '2026-01-05', status: 'NORMAL', risk_level: 'C4', risk_assessed_on: '2025-03-01', investor_class: 'ORDINARY' },
    { customer_no: '0100002', name: '李四', customer_type: 'P', branch_code: 'B01', open_date: '2026-11-02', status: 'NORMAL', investor_class: 'ORDINARY' },
    { customer_no: '0100003', name: '上海某某投资有限公司', customer_type: 'O', branch_code: 'B02', open_date: '2020-06-01', status: 'NORMAL' },
  ],
  'fund_accounts.csv': [
    { fund_account: 'F1', customer_no: '0100001', account_kind: 'NORMAL', currency: 'CNY', open_date: '2026-01-05', status: 'NORMAL', commission_rate: '0.00025' },
    { fund_account: 'F1U', customer_no: '0100001', account_kind: 'NORMAL', currency: 'USD', open_date: '2026-01-05', status: 'NORMAL', commission_rate: '0.0003' },
    { fund_account: 'F2', customer_no: '0100002', account_kind: 'NORMAL', currency: 'CNY', open_date: '2026-11-02', status: 'NORMAL', commission_rate: '0.00025' },
    { fund_account: 'F3', customer_no: '0100003', account_kind: 'NORMAL', currency: 'CNY', open_date: '2020-06-01', status: 'NORMAL', commission_rate: '0.0002' },
  ],
  'securities.csv': [
    { market: 'SH', security_code: '600519', name: '贵州茅台', security_class: 'STOCK' },
    { market: 'SZ', security_code: '000001', name: '平安银行', security_class: 'STOCK' },
    { market: 'SH', security_code: '900901', name: '云赛B股', security_class: 'STOCK' },
  ],
  'fx_rates.csv': [{ currency: 'USD', rate_to_cny: '7.1000' }],
};

export const asset = (fund_account: string, currency: string, cash: string, stock: string, total: string) => ({
  fund_account, currency, cash, stock_value: stock, fund_value: '0.00', bond_value: '0.00', other_value: '0.00', total_asset: total, debt: '0.00',
});

export function day1(): Record<string, Rows> {
  return {
    ...structuredClone(REFERENCE),
    'assets.csv': [
      asset('F1', 'CNY', '10000.00', '50000.00', '60000.00'),
      asset('F1U', 'USD', '100.00', '900.00', '1000.00'),
      asset('F2', 'CNY', '5000.00', '0.00', '5000.00'),
      asset('F3', 'CNY', '200000.00', '0.00', '200000.00'),
    ],
    'positions.csv': [
      { fund_account: 'F1', market: 'SH', security_code: '600519', quantity: '33', cost_amount: '48000.00', market_value: '50000.00' },
      { fund_account: 'F1U', market: 'SH', security_code: '900901', quantity: '1500', cost_amount: '850.00', market_value: '900.00' },
    ],
    'orders.csv': [
      { order_no: 'O1', fund_account: 'F1', market: 'SH', security_code: '600519', side: 'B', price: '1500.0000', quantity: '10', filled_quantity: '10', status: 'FILLED', channel: 'MOBILE', order_time: '09:31:00' },
      { order_no: 'O2', fund_account: 'F1', market: 'SZ', security_code: '000001', side: 'B', price: '11.2000', quantity: '100', filled_quantity: '0', status: 'CANCELLED', channel: 'WEB', order_time: '10:00:00' },
    ],
    'trades.csv': [
      { trade_no: 'T1', order_no: 'O1', fund_account: 'F1', market: 'SH', security_code: '600519', side: 'B', price: '1500.0000', quantity: '10', amount: '15000.00',
        commission: '5.00', stamp_duty: '0.00', transfer_fee: '0.15', handling_fee: '0.51', regulatory_fee: '0.30', trade_time: '09:31:05', channel: 'MOBILE' },
    ],
    'fund_flows.csv': [
      { flow_no: 'W1', fund_account: 'F2', currency: 'CNY', flow_type: 'BANK_IN', amount: '5000.00', flow_time: '09:00:00' },
      { flow_no: 'W2', fund_account: 'F3', currency: 'CNY', flow_type: 'BANK_OUT', amount: '1234.56', flow_time: '14:00:00' },
    ],
  };
}

export function day2(): Record<string, Rows> {
  return {
    'assets.csv': [
      asset('F1', 'CNY', '10000.00', '52000.00', '62000.00'),
      asset('F1U', 'USD', '100.00', '900.00', '1000.00'),
      asset('F2', 'CNY', '5000.00', '0.00', '5000.00'),
    ],
    'trades.csv': [
      { trade_no: 'T1', order_no: '', fund_account: 'F2', market: 'SZ', security_code: '000001', side: 'S', price: '11.2350', quantity: '300', amount: '3370.50',
        commission: '5.00', stamp_duty: '1.69', transfer_fee: '0.03', handling_fee: '0.11', regulatory_fee: '0.07', trade_time: '13:05:00', channel: 'COUNTER' },
    ],
    'customers.csv': [{ ...structuredClone(REFERENCE['customers.csv']![2]!), close_date: '2026-11-03', status: 'CLOSED' }],
  };
}

/** The business tables the import writes. */
export const EXTRACT_TABLES = [
  'branches', 'customers', 'fund_accounts', 'securities', 'products', 'fx_rates', 'trading_days', 'fact_assets', 'fact_positions', 'fact_orders',
  'fact_trades', 'fact_fund_flows', 'sum_account_daily', 'sum_customer_daily', 'sum_customer_monthly', 'customer_state',
];

/** A fingerprint of each table (run ids, import times and other timestamps left out). */
export async function fingerprint(db: TestDb, tables: readonly string[] = EXTRACT_TABLES): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const t of tables) {
    const cols = (await db.pool.query<{ column_name: string }>(
      `select column_name from information_schema.columns where table_name = $1 and column_name not in ('run_id','imported_at')
         and data_type <> 'timestamp with time zone' order by ordinal_position`, [t],
    )).rows.map((r) => r.column_name);
    const { rows } = await db.pool.query<{ h: string | null; n: string }>(
      `select md5(string_agg(x, '|' order by x)) as h, count(*) as n from (select (${cols.map((c) => `coalesce(${c}::text, '∅')`).join(` || ',' || `)}) as x from ${t}) s`,
    );
    out[t] = `${rows[0]!.n}:${rows[0]!.h ?? ''}`;
  }
  return out;
}

