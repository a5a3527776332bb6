/**
 * Set-based SQL for the importer: staging tables, repeated keys and unknown references over the
 * staged text, and the typed upserts and inserts. Every statement works on a whole file.
 */
import { FILES, FILE_BY_NAME, stagingTable, type FileName, type FileSpec } from './extract.spec.js';

/** Quotes an SQL identifier (header names may be anything). */
export function ident(name: string): string {
  return '"' + name.replace(/"/g, '""') + '"';
}

/** Rows whose key repeats within the file (the second and later occurrences), with the first line. */
export function duplicateKeysSql(spec: FileSpec, limit: number): string {
  const keys = spec.key.map((k) => `s.${ident(k)}`).join(', ');
  return `with d as (
    select s.line_no, min(s.line_no) over (partition by ${keys}) as first_line, ${spec.key.map((k) => `s.${ident(k)}`).join(` || '/' || `)} as key
    from ${stagingTable(spec.name)} s
    where (${keys}) in (select ${keys} from ${stagingTable(spec.name)} s group by ${keys} having count(*) > 1)
  )
  select line_no + 1 as line, first_line + 1 as first_line, key, count(*) over () as total from d where line_no <> first_line order by line_no limit ${limit}`;
}

/**
 * Rows referencing something unknown: not in the database and not in the same day's reference
 * file (when that file was delivered and staged).
 */
export function unknownReferencesSql(spec: FileSpec, refIndex: number, stagedFiles: ReadonlySet<FileName>, limit: number): string {
  const ref = spec.references[refIndex]!;
  const match = (alias: string, cols: string[]) => ref.columns.map((c, i) => `${alias}.${ident(cols[i]!)} = s.${ident(c)}`).join(' and ');
  const inFile =
    ref.file && stagedFiles.has(ref.file) ? `and not exists (select 1 from ${stagingTable(ref.file)} r where ${match('r', ref.tableColumns)})` : '';
  return `select s.line_no + 1 as line, ${ref.columns.map((c) => `coalesce(s.${ident(c)}, '')`).join(` || '/' || `)} as value, count(*) over () as total
  from ${stagingTable(spec.name)} s
  where ${ref.columns.map((c) => `s.${ident(c)} <> ''`).join(' and ')}
    and not exists (select 1 from ${ref.table} t where ${match('t', ref.tableColumns)}) ${inFile}
  order by s.line_no limit ${limit}`;
}

const n = (col: string) => `nullif(s.${col}, '')`;

/** Reference upserts. A row never overwrites one last changed by a later day (a re-delivered old day). */
export const UPSERT_SQL: Partial<Record<FileName, string>> = {
  'branches.csv': `insert into branches (branch_code, branch_name, city, updated_on)
    select s.branch_code, s.branch_name, ${n('city')}, $1::date from stg_branches s
    on conflict (branch_code) do update set branch_name = excluded.branch_name, city = excluded.city, updated_on = excluded.updated_on
    where branches.updated_on is null or branches.updated_on <= excluded.updated_on`,
  'customers.csv': `insert into customers (customer_no, name, customer_type, id_type, id_no, gender, birth_date, mobile, email, address,
      branch_code, open_date, close_date, status, risk_level, risk_assessed_on, investor_class, lowest_risk_category, first_seen_on, updated_on)
    select s.customer_no, s.name, s.customer_type, ${n('id_type')}, ${n('id_no')}, ${n('gender')}, ${n('birth_date')}::date, ${n('mobile')},
      ${n('email')}, ${n('address')}, s.branch_code, s.open_date::date, ${n('close_date')}::date, s.status, ${n('risk_level')},
      ${n('risk_assessed_on')}::date, coalesce(${n('investor_class')}, 'ORDINARY'), coalesce(s.lowest_risk_category = 'Y', false), $1::date, $1::date
    from stg_customers s
    on conflict (customer_no) do update set name = excluded.name, customer_type = excluded.customer_type, id_type = excluded.id_type,
      id_no = excluded.id_no, gender = excluded.gender, birth_date = excluded.birth_date, mobile = excluded.mobile, email = excluded.email,
      address = excluded.address, branch_code = excluded.branch_code, open_date = excluded.open_date, close_date = excluded.close_date,
      status = excluded.status, risk_level = excluded.risk_level, risk_assessed_on = excluded.risk_assessed_on,
      investor_class = excluded.investor_class, lowest_risk_category = excluded.lowest_risk_category, updated_on = excluded.updated_on,
      first_seen_on = least(customers.first_seen_on, excluded.first_seen_on)
    where customers.updated_on <= excluded.updated_on`,
  'fund_accounts.csv': `insert into fund_accounts (fund_account, customer_no, account_kind, currency, open_date, close_date, status, commission_rate, updated_on)
    select s.fund_account, s.customer_no, s.account_kind, s.currency, s.open_date::date, ${n('close_date')}::date, s.status,
      ${n('commission_rate')}::numeric, $1::date
    from stg_fund_accounts s
    on conflict (fund_account) do update set customer_no = excluded.customer_no, account_kind = excluded.account_kind,
      currency = excluded.currency, open_date = excluded.open_date, close_date = excluded.close_date, status = excluded.status,
      commission_rate = excluded.commission_rate, updated_on = excluded.updated_on
    where fund_accounts.updated_on <= excluded.updated_on`,
  'securities.csv': `insert into securities (market, security_code, name, security_class, updated_on)
    select s.market, s.security_code, s.name, s.security_class, $1::date from stg_securities s
    on conflict (market, security_code) do update set name = excluded.name, security_class = excluded.security_class, updated_on = excluded.updated_on
    where securities.updated_on <= excluded.updated_on`,
  'products.csv': `insert into products (product_code, name, product_type, risk_level, issuer, min_amount, updated_on)
    select s.product_code, s.name, s.product_type, s.risk_level, ${n('issuer')}, ${n('min_amount')}::numeric, $1::date from stg_products s
    on conflict (product_code) do update set name = excluded.name, product_type = excluded.product_type, risk_level = excluded.risk_level,
      issuer = excluded.issuer, min_amount = excluded.min_amount, updated_on = excluded.updated_on
    where products.updated_on <= excluded.updated_on`,
  'fx_rates.csv': `insert into fx_rates (trade_date, currency, rate_to_cny) select $1::date, s.currency, s.rate_to_cny::numeric from stg_fx_rates s`,
};

/** Fact inserts: the day's rows, typed, with the customer key taken from the fund account. */
export const FACT_INSERT_SQL: Partial<Record<FileName, string>> = {
  'assets.csv': `insert into fact_assets (trade_date, customer_no, fund_account, currency, cash, stock_value, fund_value, bond_value, other_value, total_asset, debt)
    select $1::date, a.customer_no, s.fund_account, s.currency, s.cash::numeric, s.stock_value::numeric, s.fund_value::numeric,
      s.bond_value::numeric, s.other_value::numeric, s.total_asset::numeric, coalesce(${n('debt')}::numeric, 0)
    from stg_assets s join fund_accounts a on a.fund_account = s.fund_account`,
  'positions.csv': `insert into fact_positions (trade_date, customer_no, fund_account, market, security_code, quantity, cost_amount, market_value)
    select $1::date, a.customer_no, s.fund_account, s.market, s.security_code, s.quantity::numeric, ${n('cost_amount')}::numeric, s.market_value::numeric
    from stg_positions s join fund_accounts a on a.fund_account = s.fund_account`,
  'orders.csv': `insert into fact_orders (trade_date, customer_no, order_no, fund_account, market, security_code, side, price, quantity, filled_quantity, status, channel, order_time)
    select $1::date, a.customer_no, s.order_no, s.fund_account, s.market, s.security_code, s.side, ${n('price')}::numeric, s.quantity::numeric,
      s.filled_quantity::numeric, s.status, s.channel, s.order_time::time
    from stg_orders s join fund_accounts a on a.fund_account = s.fund_account`,
  'trades.csv': `insert into fact_trades (trade_date, customer_no, trade_no, order_no, fund_account, market, security_code, side, price, quantity, amount,
      commission, stamp_duty, transfer_fee, handling_fee, regulatory_fee, trade_time, channel)
    select $1::date, a.customer_no, s.trade_no, ${n('order_no')}, s.fund_account, s.market, s.security_code, s.side, s.price::numeric, s.quantity::numeric,
      s.amount::numeric, s.commission::numeric, s.stamp_duty::numeric, s.transfer_fee::numeric, s.handling_fee::numeric, s.regulatory_fee::numeric,
      s.trade_time::time, s.channel
    from stg_trades s join fund_accounts a on a.fund_account = s.fund_account`,
  'fund_flows.csv': `insert into fact_fund_flows (trade_date, customer_no, flow_no, fund_account, currency, flow_type, amount, flow_time)
    select $1::date, a.customer_no, s.flow_no, s.fund_account, s.currency, s.flow_type, s.amount::numeric, s.flow_time::time
    from stg_fund_flows s join fund_accounts a on a.fund_account = s.fund_account`,
  'credit.csv': `insert into fact_credit (trade_date, customer_no, fund_account, financing_debt, lending_debt, interest_payable, collateral_value)
    select $1::date, a.customer_no, s.fund_account, s.financing_debt::numeric, s.lending_debt::numeric, s.interest_payable::numeric, s.collateral_value::numeric
    from stg_credit s join fund_accounts a on a.fund_account = s.fund_account`,
  'product_holdings.csv': `insert into fact_product_holdings (trade_date, customer_no, fund_account, product_code, units, market_value)
    select $1::date, a.customer_no, s.fund_account, s.product_code, s.units::numeric, s.market_value::numeric
    from stg_product_holdings s join fund_accounts a on a.fund_account = s.fund_account`,
  'product_trades.csv': `insert into fact_product_trades (trade_date, customer_no, txn_no, fund_account, product_code, txn_type, amount, fee, txn_time)
    select $1::date, a.customer_no, s.txn_no, s.fund_account, s.product_code, s.txn_type, s.amount::numeric, s.fee::numeric, s.txn_time::time
    from stg_product_trades s join fund_accounts a on a.fund_account = s.fund_account`,
};

export const FACT_TABLES = [
  'fact_assets', 'fact_positions', 'fact_orders', 'fact_trades', 'fact_fund_flows', 'fact_credit', 'fact_product_holdings', 'fact_product_trades',
] as const;

/** Fact and summary tables partitioned by month of trade_date. */
export const PARTITIONED_TABLES = [...FACT_TABLES, 'sum_account_daily', 'sum_customer_daily'] as const;

/** The staging table of a file: its header's columns, plus the absent ones (ColumnSpec.mayBeAbsent) as empty text. */
export function stagingDdl(spec: FileSpec, stagedColumns: readonly string[], absentColumns: readonly string[] = []): string {
  const columns = [...stagedColumns.map((c) => `${ident(c)} text`), ...absentColumns.map((c) => `${ident(c)} text not null default ''`)];
  return `create temp table ${stagingTable(spec.name)} (line_no bigint generated always as identity, ${columns.join(', ')}) on commit drop`;
}

export { FILES, FILE_BY_NAME };
