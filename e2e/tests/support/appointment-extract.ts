/**
 * The extract that brings the appointed prospect for the appointment journey: one new customer
 * with a fund account and a balance, opened on the extract's day, added to a day built from the
 * demo's last day folder. The manifest (rows, sha256) is recomputed and written last
 * (extract-format.md).
 *
 * The day is the next trading day after the demo's last day (the exchange calendar the server
 * ships, which the importer follows: it refuses a weekend or holiday), carried forward (end-of-day
 * balances copied, the day's orders, trades and flows empty) — when that day is not after today
 * (the importer refuses a future day). The demo ends on the last trading day before today, so on
 * a weekend or holiday the next trading day is still to come, and a relationship starting then is not yet effective: the broker could not see the
 * customer today (data scope holds relationships effective today). Then the demo's last day is
 * re-delivered instead (every file as it was, plus the new rows; a re-delivered day replaces the
 * day, extract-format.md), so the journey ends with the customer visible whatever day it runs.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { nextTradingDay } from '../../../server/src/modules/calendar/calendar.rules.js';

/** Today in the business time zone (Asia/Shanghai), YYYY-MM-DD. */
export function businessToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** The extract's day: the next trading day after the demo's last day unless it is after today, else the last day again. */
export function openDayFor(lastDay: string, today: string): { tradeDate: string; redelivery: boolean } {
  const next = nextTradingDay(lastDay);
  return next <= today ? { tradeDate: next, redelivery: false } : { tradeDate: lastDay, redelivery: true };
}

/** Balance files carried forward unchanged (no dates or day-bound numbers in them). */
const CARRIED = ['assets.csv', 'positions.csv', 'credit.csv', 'product_holdings.csv', 'fx_rates.csv'];
/** The day's movements: required (or listed) files written with their header only. */
const EMPTIED = ['orders.csv', 'trades.csv', 'fund_flows.csv', 'product_trades.csv'];

const CUSTOMER_HEADER = [
  'customer_no', 'name', 'customer_type', 'id_type', 'id_no', 'gender', 'birth_date', 'mobile', 'email', 'address',
  'branch_code', 'open_date', 'close_date', 'status', 'risk_level', 'risk_assessed_on', 'investor_class',
];
const ACCOUNT_HEADER = ['fund_account', 'customer_no', 'account_kind', 'currency', 'open_date', 'close_date', 'status', 'commission_rate'];

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** A valid 18-digit resident ID number (GB 11643: ISO 7064 MOD 11-2 check digit) born on the date, sequence `seq` (0–999). */
export function makeIdNo(areaCode: string, birthDate: string, seq: number): string {
  const first17 = `${areaCode}${birthDate.replace(/-/g, '')}${String(seq).padStart(3, '0')}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (ID_WEIGHTS[i] ?? 0);
  return first17 + ID_CHECK.charAt(sum % 11);
}

/** The demo's extract folder inside the server's data folder (seed.ts writes <data>/demo/extract/YYYYMMDD). */
export function demoExtractDir(dataDir: string): string {
  return path.join(dataDir, 'demo', 'extract');
}

async function dayFolders(extractDir: string): Promise<string[]> {
  const names = (await fs.readdir(extractDir)).filter((n) => /^\d{8}$/.test(n)).sort();
  return names.filter((n) => existsSync(path.join(extractDir, n, 'manifest.json')));
}

/** The last day the demo delivered, as YYYY-MM-DD. */
export async function lastDemoDay(dataDir: string): Promise<string> {
  const days = await dayFolders(demoExtractDir(dataDir));
  const last = days.at(-1);
  if (!last) throw new Error(`no demo day folder in ${demoExtractDir(dataDir)}`);
  return `${last.slice(0, 4)}-${last.slice(4, 6)}-${last.slice(6, 8)}`;
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function csvLine(header: string[], row: Record<string, string>): string {
  return header.map((h) => csvField(row[h] ?? '')).join(',');
}

/** The highest code in a column of every day's file (the first column of customers or fund accounts). */
async function maxCode(folders: string[], file: string): Promise<string> {
  let max = '';
  for (const folder of folders) {
    const full = path.join(folder, file);
    if (!existsSync(full)) continue;
    const lines = (await fs.readFile(full, 'utf8')).split('\n').slice(1);
    for (const line of lines) {
      const code = line.split(',')[0] ?? '';
      if (code.length > max.length || (code.length === max.length && code > max)) max = code;
    }
  }
  if (!/^\d+$/.test(max)) throw new Error(`cannot find a numeric ${file} code to follow (found '${max}')`);
  return max;
}

/** The next code after a numeric one, keeping its width (leading zeros). */
function nextCode(code: string): string {
  return (BigInt(code) + 1n).toString().padStart(code.length, '0');
}

export interface Prospect {
  name: string;
  idNo: string;
  mobile: string;
  branchCode: string;
}

export interface NextDay {
  folderName: string;
  tradeDate: string;
  customerNo: string;
  fundAccount: string;
}

/**
 * Writes <inboxDir>/<YYYYMMDD>/ (see the top of this file for the day) with the prospect as a
 * customer opened that day (cash 50,000.00 CNY). Returns the folder name and the new codes.
 */
export async function writeNextDayWithCustomer(dataDir: string, inboxDir: string, prospect: Prospect, today = businessToday()): Promise<NextDay & { redelivery: boolean }> {
  const extractDir = demoExtractDir(dataDir);
  const days = await dayFolders(extractDir);
  const lastName = days.at(-1);
  if (!lastName) throw new Error(`no demo day folder in ${extractDir}`);
  const source = path.join(extractDir, lastName);
  const sourceManifest = JSON.parse(await fs.readFile(path.join(source, 'manifest.json'), 'utf8')) as {
    format: string;
    trade_date: string;
    encoding: string;
    files: Record<string, { rows: number; sha256: string }>;
  };
  if (sourceManifest.encoding !== 'utf-8') throw new Error(`the demo day is ${sourceManifest.encoding}; this builder writes utf-8 only`);

  const { tradeDate, redelivery } = openDayFor(sourceManifest.trade_date, today);
  const folderName = tradeDate.replace(/-/g, '');
  // codes after every one delivered so far: the demo's days and what earlier runs left in the inbox
  const delivered = [...days.map((d) => path.join(extractDir, d)), ...(existsSync(inboxDir) ? (await dayFolders(inboxDir)).map((d) => path.join(inboxDir, d)) : [])];
  const customerNo = nextCode(await maxCode(delivered, 'customers.csv'));
  const fundAccount = nextCode(await maxCode(delivered, 'fund_accounts.csv'));
  const birth = `${prospect.idNo.slice(6, 10)}-${prospect.idNo.slice(10, 12)}-${prospect.idNo.slice(12, 14)}`;
  const gender = Number(prospect.idNo.charAt(16)) % 2 === 1 ? 'M' : 'F';

  const files = new Map<string, string>();
  const rows = new Map<string, number>(); // data rows per file: the source manifest's count, plus what is appended
  const read = (name: string) => fs.readFile(path.join(source, name), 'utf8');
  const copy = async (name: string) => {
    files.set(name, await read(name));
    rows.set(name, sourceManifest.files[name]?.rows ?? 0);
  };
  if (redelivery) {
    for (const name of Object.keys(sourceManifest.files)) await copy(name);
  } else {
    for (const name of CARRIED) if (name in sourceManifest.files) await copy(name);
    for (const name of EMPTIED) {
      if (!(name in sourceManifest.files)) continue;
      files.set(name, `${(await read(name)).split('\n')[0] ?? ''}\n`);
      rows.set(name, 0);
    }
  }
  /** A file's rows with one more appended (its own header kept, or the given one for a new file). */
  const append = (name: string, header: string[], row: Record<string, string>) => {
    const text = files.get(name) ?? `${header.join(',')}\n`;
    const own = (text.split('\n')[0] ?? '').split(',');
    files.set(name, `${text.endsWith('\n') ? text : `${text}\n`}${csvLine(own, row)}\n`);
    rows.set(name, (rows.get(name) ?? 0) + 1);
  };
  append(
    'customers.csv',
    CUSTOMER_HEADER,
    {
      customer_no: customerNo,
      name: prospect.name,
      customer_type: 'P',
      id_type: '0',
      id_no: prospect.idNo,
      gender,
      birth_date: birth,
      mobile: prospect.mobile,
      branch_code: prospect.branchCode,
      open_date: tradeDate,
      status: 'NORMAL',
      risk_level: 'C3',
      risk_assessed_on: tradeDate,
      investor_class: 'ORDINARY',
    },
  );
  append(
    'fund_accounts.csv',
    ACCOUNT_HEADER,
    {
      fund_account: fundAccount,
      customer_no: customerNo,
      account_kind: 'NORMAL',
      currency: 'CNY',
      open_date: tradeDate,
      status: 'NORMAL',
      commission_rate: '0.00025',
    },
  );
  append('assets.csv', ['fund_account', 'currency', 'cash', 'stock_value', 'fund_value', 'bond_value', 'other_value', 'total_asset', 'debt'], {
    fund_account: fundAccount,
    currency: 'CNY',
    cash: '50000.00',
    stock_value: '0.00',
    fund_value: '0.00',
    bond_value: '0.00',
    other_value: '0.00',
    total_asset: '50000.00',
    debt: '0.00',
  });

  const folder = path.join(inboxDir, folderName);
  await fs.rm(folder, { recursive: true, force: true });
  await fs.mkdir(folder, { recursive: true });
  const manifest = { format: sourceManifest.format, trade_date: tradeDate, encoding: 'utf-8', files: {} as Record<string, { rows: number; sha256: string }> };
  for (const [name, text] of files) {
    const bytes = Buffer.from(text, 'utf8');
    await fs.writeFile(path.join(folder, name), bytes);
    manifest.files[name] = { rows: rows.get(name) ?? 0, sha256: createHash('sha256').update(bytes).digest('hex') };
  }
  // written last: the day is complete only when its manifest exists
  await fs.writeFile(path.join(folder, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return { folderName, tradeDate, customerNo, fundAccount, redelivery };
}
