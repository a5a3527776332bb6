/**
 * The end-of-day extract contract (../shared/spec/extract-format.md) as data: every file, its
 * columns and their types, its key, and the references it makes. The importer validates each
 * row against this table while it streams (row-validator.ts); keys and references are checked
 * with set-based SQL over the staged rows.
 */

import { CUSTOMER_STATUSES } from '../../lib/codes.js';
import { ExactDecimal as Decimal } from './exact-decimal.js';

export type ColumnType =
  | { t: 'code' } // non-empty text, case-sensitive, leading zeros kept
  | { t: 'text' }
  | { t: 'date' }
  | { t: 'time' }
  | { t: 'decimal'; scale: number } // money 2, prices 4, quantities 4, rates 6
  | { t: 'enum'; values: readonly string[] };

export interface ColumnSpec {
  name: string;
  type: ColumnType;
  required: boolean;
  /**
   * The column may be left out of the header (a column added to the format later, e.g.
   * customers.csv's lowest_risk_category): absent, every row reads it as empty.
   */
  mayBeAbsent?: boolean;
}

/** A staged row: every column's text, '' for an empty field (null). */
export type Row = Readonly<Record<string, string>>;

/**
 * A row-level rule, checked only on rows whose columns are all well formed: it returns the reason
 * when the row breaks it, else null.
 */
export interface RowRule {
  column: string;
  check: (row: Row) => string | null;
}

/** `columns` of this file must exist in `table` (a reference file may satisfy it too). */
export interface Reference {
  columns: string[];
  table: string;
  tableColumns: string[];
  /** The reference file delivered the same day that can also satisfy the reference. */
  file?: FileName;
  what: string;
}

export type FileName =
  | 'branches.csv' | 'customers.csv' | 'fund_accounts.csv' | 'securities.csv' | 'products.csv' | 'fx_rates.csv'
  | 'assets.csv' | 'positions.csv' | 'orders.csv' | 'trades.csv' | 'fund_flows.csv' | 'credit.csv'
  | 'product_holdings.csv' | 'product_trades.csv';

export interface FileSpec {
  name: FileName;
  kind: 'reference' | 'fact';
  required: boolean;
  columns: ColumnSpec[];
  key: string[];
  references: Reference[];
  rules: RowRule[];
}

const code = (name: string, required = true): ColumnSpec => ({ name, type: { t: 'code' }, required });
const text = (name: string, required = false): ColumnSpec => ({ name, type: { t: 'text' }, required });
const date = (name: string, required = true): ColumnSpec => ({ name, type: { t: 'date' }, required });
const time = (name: string): ColumnSpec => ({ name, type: { t: 'time' }, required: true });
const money = (name: string, required = true): ColumnSpec => ({ name, type: { t: 'decimal', scale: 2 }, required });
const price = (name: string, required = true): ColumnSpec => ({ name, type: { t: 'decimal', scale: 4 }, required });
const qty = (name: string): ColumnSpec => ({ name, type: { t: 'decimal', scale: 4 }, required: true });
const rate = (name: string, required = true): ColumnSpec => ({ name, type: { t: 'decimal', scale: 6 }, required });
const oneOf = (name: string, values: readonly string[], required = true): ColumnSpec => ({ name, type: { t: 'enum', values }, required });

export const CURRENCIES = ['CNY', 'USD', 'HKD'] as const;

const fundAccountRef: Reference = {
  columns: ['fund_account'], table: 'fund_accounts', tableColumns: ['fund_account'], file: 'fund_accounts.csv', what: 'fund account',
};
const securityRef: Reference = {
  columns: ['market', 'security_code'], table: 'securities', tableColumns: ['market', 'security_code'], file: 'securities.csv', what: 'security',
};
const productRef: Reference = {
  columns: ['product_code'], table: 'products', tableColumns: ['product_code'], file: 'products.csv', what: 'product',
};

/** The column is not negative (it has already parsed as a decimal). */
const nonNegative = (column: string): RowRule => ({
  column, check: (r) => (r[column] && Decimal.parse(r[column]!).sign() < 0 ? `must not be negative: ${r[column]}` : null),
});
const positive = (column: string): RowRule => ({
  column, check: (r) => (r[column] && Decimal.parse(r[column]!).sign() <= 0 ? `must be greater than 0: ${r[column]}` : null),
});
const notBefore = (column: string, earlier: string): RowRule => ({
  column, check: (r) => (r[column] && r[earlier] && r[column]! < r[earlier]! ? `${column} ${r[column]} is before ${earlier} ${r[earlier]}` : null),
});
/** |a − b| > 0.01, exactly. */
const apart = (a: Decimal, b: Decimal) => a.minus(b).abs().compare(Decimal.parse('0.01')) > 0;

export const FILES: readonly FileSpec[] = [
  {
    name: 'branches.csv', kind: 'reference', required: false,
    columns: [code('branch_code'), text('branch_name', true), text('city')],
    key: ['branch_code'], references: [], rules: [],
  },
  {
    name: 'customers.csv', kind: 'reference', required: false,
    columns: [
      code('customer_no'), text('name', true), oneOf('customer_type', ['P', 'O', 'F']), text('id_type'), text('id_no'),
      text('gender'), date('birth_date', false), text('mobile'), text('email'), text('address'), code('branch_code'),
      date('open_date'), date('close_date', false), oneOf('status', CUSTOMER_STATUSES),
      oneOf('risk_level', ['C1', 'C2', 'C3', 'C4', 'C5'], false), date('risk_assessed_on', false),
      oneOf('investor_class', ['ORDINARY', 'PRO_A', 'PRO_B', 'PRO_C'], false),
      // 风险承受能力最低类别 (suitability.md): Y, or empty / absent for no
      { ...oneOf('lowest_risk_category', ['Y'], false), mayBeAbsent: true },
    ],
    key: ['customer_no'],
    references: [{ columns: ['branch_code'], table: 'branches', tableColumns: ['branch_code'], file: 'branches.csv', what: 'branch' }],
    rules: [
      notBefore('close_date', 'open_date'),
      {
        // the lowest category is a kind of C1 investor
        column: 'lowest_risk_category',
        check: (r) => (r.lowest_risk_category === 'Y' && r.risk_level !== 'C1' ? `Y marks a C1 investor, but risk_level is ${r.risk_level || 'empty'}` : null),
      },
    ],
  },
  {
    name: 'fund_accounts.csv', kind: 'reference', required: false,
    columns: [
      code('fund_account'), code('customer_no'), oneOf('account_kind', ['NORMAL', 'CREDIT']), oneOf('currency', CURRENCIES),
      date('open_date'), date('close_date', false), code('status'), rate('commission_rate', false),
    ],
    key: ['fund_account'],
    references: [{ columns: ['customer_no'], table: 'customers', tableColumns: ['customer_no'], file: 'customers.csv', what: 'customer' }],
    rules: [notBefore('close_date', 'open_date'), nonNegative('commission_rate')],
  },
  {
    name: 'securities.csv', kind: 'reference', required: false,
    columns: [oneOf('market', ['SH', 'SZ', 'BJ']), code('security_code'), text('name', true), oneOf('security_class', ['STOCK', 'FUND', 'BOND', 'REPO', 'OTHER'])],
    key: ['market', 'security_code'], references: [], rules: [],
  },
  {
    name: 'products.csv', kind: 'reference', required: false,
    columns: [
      code('product_code'), text('name', true), oneOf('product_type', ['PUBLIC_FUND', 'ASSET_MGMT', 'BOND', 'STRUCTURED', 'ADVISORY']),
      oneOf('risk_level', ['R1', 'R2', 'R3', 'R4', 'R5']), text('issuer'), money('min_amount', false),
    ],
    key: ['product_code'], references: [], rules: [nonNegative('min_amount')],
  },
  {
    name: 'fx_rates.csv', kind: 'reference', required: false,
    columns: [oneOf('currency', ['USD', 'HKD']), rate('rate_to_cny')],
    key: ['currency'], references: [], rules: [positive('rate_to_cny')],
  },
  {
    name: 'assets.csv', kind: 'fact', required: true,
    columns: [
      code('fund_account'), oneOf('currency', CURRENCIES), money('cash'), money('stock_value'), money('fund_value'),
      money('bond_value'), money('other_value'), money('total_asset'), money('debt', false),
    ],
    key: ['fund_account', 'currency'], references: [fundAccountRef],
    rules: [
      {
        column: 'total_asset',
        check: (r) => {
          const parts = ['cash', 'stock_value', 'fund_value', 'bond_value', 'other_value'].map((c) => Decimal.parse(r[c]!));
          const sum = parts.reduce((a, b) => a.plus(b));
          return apart(Decimal.parse(r.total_asset!), sum)
            ? `total_asset ${r.total_asset} differs from cash + stock_value + fund_value + bond_value + other_value = ${sum.toString()} by more than 0.01`
            : null;
        },
      },
      nonNegative('debt'),
    ],
  },
  {
    name: 'positions.csv', kind: 'fact', required: true,
    columns: [code('fund_account'), oneOf('market', ['SH', 'SZ', 'BJ']), code('security_code'), qty('quantity'), money('cost_amount', false), money('market_value')],
    key: ['fund_account', 'market', 'security_code'], references: [fundAccountRef, securityRef], rules: [],
  },
  {
    name: 'orders.csv', kind: 'fact', required: true,
    columns: [
      code('order_no'), code('fund_account'), oneOf('market', ['SH', 'SZ', 'BJ']), code('security_code'), oneOf('side', ['B', 'S']),
      price('price', false), qty('quantity'), qty('filled_quantity'), oneOf('status', ['FILLED', 'PARTIAL', 'CANCELLED', 'REJECTED']),
      oneOf('channel', ['COUNTER', 'PHONE', 'WEB', 'MOBILE', 'API']), time('order_time'),
    ],
    key: ['order_no'], references: [fundAccountRef, securityRef],
    rules: [
      positive('quantity'), nonNegative('filled_quantity'), nonNegative('price'),
      {
        column: 'filled_quantity',
        check: (r) => (Decimal.parse(r.filled_quantity!).compare(Decimal.parse(r.quantity!)) > 0 ? `filled_quantity ${r.filled_quantity} exceeds quantity ${r.quantity}` : null),
      },
    ],
  },
  {
    name: 'trades.csv', kind: 'fact', required: true,
    columns: [
      code('trade_no'), code('order_no', false), code('fund_account'), oneOf('market', ['SH', 'SZ', 'BJ']), code('security_code'),
      oneOf('side', ['B', 'S']), price('price'), qty('quantity'), money('amount'), money('commission'), money('stamp_duty'),
      money('transfer_fee'), money('handling_fee'), money('regulatory_fee'), time('trade_time'),
      oneOf('channel', ['COUNTER', 'PHONE', 'WEB', 'MOBILE', 'API']),
    ],
    key: ['trade_no'], references: [fundAccountRef, securityRef],
    rules: [
      {
        column: 'amount',
        check: (r) => {
          const product = Decimal.parse(r.price!).times(Decimal.parse(r.quantity!));
          return apart(Decimal.parse(r.amount!), product) ? `amount ${r.amount} differs from price × quantity = ${product.toString()} by more than 0.01` : null;
        },
      },
      positive('quantity'), nonNegative('price'), nonNegative('commission'), nonNegative('stamp_duty'),
      nonNegative('transfer_fee'), nonNegative('handling_fee'), nonNegative('regulatory_fee'),
    ],
  },
  {
    name: 'fund_flows.csv', kind: 'fact', required: true,
    columns: [
      code('flow_no'), code('fund_account'), oneOf('currency', CURRENCIES),
      oneOf('flow_type', ['BANK_IN', 'BANK_OUT', 'DIVIDEND', 'INTEREST', 'FEE', 'OTHER']), money('amount'), time('flow_time'),
    ],
    key: ['flow_no'], references: [fundAccountRef], rules: [positive('amount')],
  },
  {
    name: 'credit.csv', kind: 'fact', required: false,
    columns: [code('fund_account'), money('financing_debt'), money('lending_debt'), money('interest_payable'), money('collateral_value')],
    key: ['fund_account'], references: [fundAccountRef],
    rules: [nonNegative('financing_debt'), nonNegative('lending_debt'), nonNegative('interest_payable'), nonNegative('collateral_value')],
  },
  {
    name: 'product_holdings.csv', kind: 'fact', required: false,
    columns: [code('fund_account'), code('product_code'), qty('units'), money('market_value')],
    key: ['fund_account', 'product_code'], references: [fundAccountRef, productRef], rules: [nonNegative('units')],
  },
  {
    name: 'product_trades.csv', kind: 'fact', required: false,
    columns: [
      code('txn_no'), code('fund_account'), code('product_code'), oneOf('txn_type', ['SUBSCRIBE', 'PURCHASE', 'REDEEM']),
      money('amount'), money('fee'), time('txn_time'),
    ],
    key: ['txn_no'], references: [fundAccountRef, productRef], rules: [positive('amount'), nonNegative('fee')],
  },
];

export const FILE_BY_NAME: ReadonlyMap<string, FileSpec> = new Map(FILES.map((f) => [f.name, f]));

/** Staging table name of a file: `stg_assets` for assets.csv. */
export function stagingTable(file: FileName): string {
  return 'stg_' + file.replace(/\.csv$/, '');
}
