/**
 * Writes hand-made end-of-day folders for tests: CSV files from rows, and a manifest whose rows
 * and sha256 match (unless a test overrides them to provoke a refusal).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import iconv from 'iconv-lite';

export type Rows = Array<Record<string, string | number | null | undefined>>;

export const HEADERS: Record<string, string[]> = {
  'branches.csv': ['branch_code', 'branch_name', 'city'],
  'customers.csv': ['customer_no', 'name', 'customer_type', 'id_type', 'id_no', 'gender', 'birth_date', 'mobile', 'email', 'address',
    'branch_code', 'open_date', 'close_date', 'status', 'risk_level', 'risk_assessed_on', 'investor_class'],
  'fund_accounts.csv': ['fund_account', 'customer_no', 'account_kind', 'currency', 'open_date', 'close_date', 'status', 'commission_rate'],
  'securities.csv': ['market', 'security_code', 'name', 'security_class'],
  'products.csv': ['product_code', 'name', 'product_type', 'risk_level', 'issuer', 'min_amount'],
  'fx_rates.csv': ['currency', 'rate_to_cny'],
  'assets.csv': ['fund_account', 'currency', 'cash', 'stock_value', 'fund_value', 'bond_value', 'other_value', 'total_asset', 'debt'],
  'positions.csv': ['fund_account', 'market', 'security_code', 'quantity', 'cost_amount', 'market_value'],
  'orders.csv': ['order_no', 'fund_account', 'market', 'security_code', 'side', 'price', 'quantity', 'filled_quantity', 'status', 'channel', 'order_time'],
  'trades.csv': ['trade_no', 'order_no', 'fund_account', 'market', 'security_code', 'side', 'price', 'quantity', 'amount', 'commission',
    'stamp_duty', 'transfer_fee', 'handling_fee', 'regulatory_fee', 'trade_time', 'channel'],
  'fund_flows.csv': ['flow_no', 'fund_account', 'currency', 'flow_type', 'amount', 'flow_time'],
  'credit.csv': ['fund_account', 'financing_debt', 'lending_debt', 'interest_payable', 'collateral_value'],
  'product_holdings.csv': ['fund_account', 'product_code', 'units', 'market_value'],
  'product_trades.csv': ['txn_no', 'fund_account', 'product_code', 'txn_type', 'amount', 'fee', 'txn_time'],
};

const REQUIRED = ['assets.csv', 'positions.csv', 'orders.csv', 'trades.csv', 'fund_flows.csv'];

function field(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(name: string, rows: Rows, header = HEADERS[name]!): string {
  return [header.join(','), ...rows.map((r) => header.map((h) => field(r[h])).join(','))].join('\n') + '\n';
}

export interface DayOptions {
  encoding?: 'utf-8' | 'gbk';
  /** Raw file contents that replace the generated CSV of that name. */
  raw?: Record<string, string | Buffer>;
  /** Changes to the manifest after it is computed. */
  manifest?: (m: { format: string; trade_date: string; encoding: string; files: Record<string, { rows: number; sha256: string }> }) => void;
  /** Files written to the folder but not listed in the manifest. */
  unlisted?: Record<string, string>;
  folderName?: string;
}

/** Writes <root>/<YYYYMMDD>/ with the given files (required fact files default to header-only). */
export async function writeDay(root: string, date: string, files: Record<string, Rows>, opts: DayOptions = {}): Promise<string> {
  const folder = path.join(root, opts.folderName ?? date.replace(/-/g, ''));
  await fs.rm(folder, { recursive: true, force: true });
  await fs.mkdir(folder, { recursive: true });
  const encoding = opts.encoding ?? 'utf-8';
  const all: Record<string, Rows> = { ...Object.fromEntries(REQUIRED.map((f) => [f, []])), ...files };
  const manifest = { format: 'quancrm-extract/1', trade_date: date, encoding, files: {} as Record<string, { rows: number; sha256: string }> };
  for (const [name, rows] of Object.entries(all)) {
    const raw = opts.raw?.[name];
    const text = raw ?? toCsv(name, rows);
    const bytes = Buffer.isBuffer(text) ? text : encoding === 'gbk' ? iconv.encode(text, 'gbk') : Buffer.from(text, 'utf8');
    await fs.writeFile(path.join(folder, name), bytes);
    const lines = bytes.toString('latin1').split('\n').filter((l) => l.length > 0).length - 1;
    manifest.files[name] = { rows: raw !== undefined ? Math.max(0, lines) : rows.length, sha256: createHash('sha256').update(bytes).digest('hex') };
  }
  for (const [name, text] of Object.entries(opts.raw ?? {})) {
    if (!(name in all)) {
      const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8');
      await fs.writeFile(path.join(folder, name), bytes);
      manifest.files[name] = { rows: 0, sha256: createHash('sha256').update(bytes).digest('hex') };
    }
  }
  for (const [name, text] of Object.entries(opts.unlisted ?? {})) await fs.writeFile(path.join(folder, name), text);
  opts.manifest?.(manifest);
  await fs.writeFile(path.join(folder, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return folder;
}
