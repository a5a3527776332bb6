import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../lib/dates.js';
import { DEMO_FACTS, demoPeople } from './demo-facts.js';
import { fillFees } from './fees.js';
import { EXTRACT_HEADERS, generateDemo, ORG_HEADERS, type DemoSummary } from './generator.js';
import { isValidIdNo, isValidMobile } from '../../../../shared/identity.js';
import { genderOfIdNo, isValidUscc } from './idcard.js';
import { isLowestRiskCategory } from './people.js';
import { parseFixed } from './money.js';
import { PRODUCTS } from './products.js';

type Row = Record<string, string>;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quancrm-demo-test-'));
const END = '2026-11-20';
const SMALL = { customers: 300, days: 8, seed: 42, end: END } as const;
let summary: DemoSummary;
let dayDirs: string[];

function readCsv(file: string, encoding: 'utf-8' | 'gbk' = 'utf-8'): { header: string; rows: Row[] } {
  const bytes = fs.readFileSync(file);
  const text = encoding === 'gbk' ? iconv.decode(bytes, 'gbk') : bytes.toString('utf8');
  const header = text.slice(0, text.indexOf('\n'));
  return { header, rows: parse(text, { columns: true, skip_empty_lines: true }) as Row[] };
}

function rowsOf(day: string, name: string): Row[] {
  const file = path.join(summary.extractDir, day, name);
  return fs.existsSync(file) ? readCsv(file).rows : [];
}

function checksums(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = createHash('sha256').update(fs.readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

/** Money text to cents, insisting on exactly two decimals. */
function money(text: string | undefined): number {
  expect(text).toMatch(/^-?\d+\.\d{2}$/);
  return parseFixed(text as string, 2);
}

beforeAll(async () => {
  summary = await generateDemo({ outDir: path.join(tmp, 'a'), ...SMALL });
  dayDirs = fs.readdirSync(summary.extractDir).sort();
});

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('demo generator output', () => {
  it('writes one folder per trading day and the org files', () => {
    expect(summary.days).toEqual(['2026-11-11', '2026-11-12', '2026-11-13', '2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20']);
    expect(dayDirs).toEqual(summary.days.map((d) => d.replace(/-/g, '')));
    expect(summary.branches).toBe(5);
    expect(summary.teams).toBe(20);
    expect(summary.staff).toBe(125);
    expect(summary.customers).toBe(300);
    for (const name of Object.keys(ORG_HEADERS)) expect(fs.existsSync(path.join(summary.orgDir, name))).toBe(true);
  });

  it('is deterministic: the same options give byte-identical files', async () => {
    const again = await generateDemo({ outDir: path.join(tmp, 'b'), ...SMALL });
    const first = checksums(path.join(tmp, 'a'));
    expect(Object.keys(first).length).toBeGreaterThan(80);
    expect(checksums(path.join(tmp, 'b'))).toEqual(first);
    expect(again.rows).toEqual(summary.rows);
    expect(again.patterns).toEqual(summary.patterns);
    const other = await generateDemo({ outDir: path.join(tmp, 'c'), ...SMALL, seed: 43 });
    expect(checksums(path.join(tmp, 'c'))).not.toEqual(first);
    expect(other.customers).toBe(300);
  });

  it('refuses to write into a non-empty folder unless told to overwrite', async () => {
    await expect(generateDemo({ outDir: path.join(tmp, 'a'), ...SMALL })).rejects.toThrow(/not empty/);
    await generateDemo({ outDir: path.join(tmp, 'b'), ...SMALL, days: 2, overwrite: true });
    expect(fs.readdirSync(path.join(tmp, 'b', 'extract'))).toEqual(['20261119', '20261120']);
  });

  it('writes manifests whose row counts and checksums match the files', () => {
    for (const day of dayDirs) {
      const dir = path.join(summary.extractDir, day);
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as {
        format: string;
        trade_date: string;
        encoding: string;
        files: Record<string, { rows: number; sha256: string }>;
      };
      expect(manifest.format).toBe('quancrm-extract/1');
      expect(manifest.trade_date.replace(/-/g, '')).toBe(day);
      expect(manifest.encoding).toBe('utf-8');
      const present = fs.readdirSync(dir).filter((f) => f.endsWith('.csv')).sort();
      expect(Object.keys(manifest.files).sort()).toEqual(present);
      for (const required of ['assets.csv', 'positions.csv', 'orders.csv', 'trades.csv', 'fund_flows.csv']) expect(present).toContain(required);
      for (const [name, meta] of Object.entries(manifest.files)) {
        const bytes = fs.readFileSync(path.join(dir, name));
        expect(createHash('sha256').update(bytes).digest('hex')).toBe(meta.sha256);
        const text = bytes.toString('utf8');
        expect(text.endsWith('\n')).toBe(true);
        expect(text).not.toContain('\r');
        expect(text.slice(0, text.indexOf('\n'))).toBe(EXTRACT_HEADERS[name as keyof typeof EXTRACT_HEADERS]);
        expect(readCsv(path.join(dir, name)).rows.length).toBe(meta.rows);
      }
    }
  });

  it('carries full reference data on the first day and only changes later', () => {
    const first = dayDirs[0] as string;
    expect(rowsOf(first, 'branches.csv').map((b) => b.branch_code)).toEqual(['B001', 'B002', 'B003', 'B004', 'B005']);
    expect(rowsOf(first, 'securities.csv').length).toBeGreaterThan(200);
    expect(rowsOf(first, 'products.csv').length).toBeGreaterThanOrEqual(15);
    const customers = rowsOf(first, 'customers.csv');
    expect(customers.length).toBeGreaterThan(290);
    for (const day of dayDirs.slice(1)) {
      expect(fs.existsSync(path.join(summary.extractDir, day, 'branches.csv'))).toBe(false);
      expect(fs.existsSync(path.join(summary.extractDir, day, 'securities.csv'))).toBe(false);
      expect(rowsOf(day, 'customers.csv').length).toBeLessThan(30);
    }
  });

  it('references only accounts, securities and products known that day or earlier', () => {
    const accounts = new Map<string, string>(); // fund_account → currency
    const securities = new Set<string>();
    const products = new Set<string>();
    const closedOn = new Map<string, string>(); // fund_account → close date
    for (const day of dayDirs) {
      for (const r of rowsOf(day, 'fund_accounts.csv')) {
        accounts.set(r.fund_account as string, r.currency as string);
        if (r.close_date) closedOn.set(r.fund_account as string, r.close_date);
      }
      for (const r of rowsOf(day, 'securities.csv')) securities.add(`${r.market}:${r.security_code}`);
      for (const r of rowsOf(day, 'products.csv')) products.add(r.product_code as string);
      const date = `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6)}`;
      for (const name of ['assets.csv', 'positions.csv', 'orders.csv', 'trades.csv', 'fund_flows.csv', 'credit.csv', 'product_holdings.csv', 'product_trades.csv']) {
        const keys = new Set<string>();
        for (const r of rowsOf(day, name)) {
          expect(accounts.has(r.fund_account as string), `${day}/${name}: ${r.fund_account}`).toBe(true);
          if (r.security_code !== undefined) expect(securities.has(`${r.market}:${r.security_code}`)).toBe(true);
          if (r.product_code !== undefined) expect(products.has(r.product_code)).toBe(true);
          if (r.currency !== undefined) expect(r.currency).toBe(accounts.get(r.fund_account as string));
          const closed = closedOn.get(r.fund_account as string);
          if (closed !== undefined) expect(closed > date, `${name} row for ${r.fund_account} closed on ${closed}`).toBe(true);
          const key =
            name === 'positions.csv'
              ? `${r.fund_account}:${r.market}:${r.security_code}`
              : name === 'product_holdings.csv'
                ? `${r.fund_account}:${r.product_code}`
                : (r.order_no && name === 'orders.csv' ? r.order_no : (r.trade_no ?? r.flow_no ?? r.txn_no ?? r.fund_account)) as string;
          expect(keys.has(key), `${day}/${name}: repeated key ${key}`).toBe(false);
          keys.add(key);
        }
      }
    }
  });

  it('keeps every asset row whole: total = cash + values, values = positions by class', () => {
    const classOf = new Map(rowsOf(dayDirs[0] as string, 'securities.csv').map((s) => [`${s.market}:${s.security_code}`, s.security_class as string]));
    const column: Record<string, string> = { STOCK: 'stock_value', FUND: 'fund_value', BOND: 'bond_value', REPO: 'other_value', OTHER: 'other_value' };
    let rows = 0;
    for (const day of dayDirs) {
      const byAccount = new Map<string, Record<string, number>>();
      for (const p of rowsOf(day, 'positions.csv')) {
        const sums = byAccount.get(p.fund_account as string) ?? {};
        const col = column[classOf.get(`${p.market}:${p.security_code}`) as string] as string;
        sums[col] = (sums[col] ?? 0) + money(p.market_value);
        money(p.cost_amount);
        expect(p.quantity).toMatch(/^\d+$/);
        byAccount.set(p.fund_account as string, sums);
      }
      for (const a of rowsOf(day, 'assets.csv')) {
        const parts = ['cash', 'stock_value', 'fund_value', 'bond_value', 'other_value'].map((k) => money(a[k]));
        expect(parts.reduce((s, x) => s + x, 0)).toBe(money(a.total_asset));
        expect(money(a.cash)).toBeGreaterThanOrEqual(0);
        const sums = byAccount.get(a.fund_account as string) ?? {};
        for (const k of ['stock_value', 'fund_value', 'bond_value', 'other_value']) expect(money(a[k])).toBe(sums[k] ?? 0);
        rows++;
      }
    }
    expect(rows).toBeGreaterThan(2000);
  });

  it('prices every trade exactly and charges the fees of suitability.md', () => {
    const rates = new Map<string, number>();
    const classOf = new Map(rowsOf(dayDirs[0] as string, 'securities.csv').map((s) => [`${s.market}:${s.security_code}`, s.security_class as string]));
    let trades = 0;
    for (const day of dayDirs) {
      for (const r of rowsOf(day, 'fund_accounts.csv')) rates.set(r.fund_account as string, parseFixed(r.commission_rate as string, 6));
      const orders = new Map(rowsOf(day, 'orders.csv').map((o) => [o.order_no as string, o]));
      const filled = new Map<string, number>();
      for (const t of rowsOf(day, 'trades.csv')) {
        expect(t.price).toMatch(/^\d+\.\d{2,4}$/);
        const amount = money(t.amount);
        // price (4 decimals) × quantity, in cents, rounded half up
        const exact = parseFixed(t.price as string, 4) * Number(t.quantity);
        expect(amount).toBe(Math.floor((exact + 50) / 100));
        const fees = fillFees(amount, rates.get(t.fund_account as string) as number, t.side as 'B' | 'S', classOf.get(`${t.market}:${t.security_code}`) as string);
        expect([money(t.commission), money(t.handling_fee), money(t.regulatory_fee), money(t.stamp_duty), money(t.transfer_fee)]).toEqual([
          fees.commission,
          fees.handlingFee,
          fees.regulatoryFee,
          fees.stampDuty,
          fees.transferFee,
        ]);
        expect(money(t.commission)).toBeLessThanOrEqual(Math.floor((amount * 3) / 1000));
        if (amount >= 200_000) expect(money(t.commission)).toBeGreaterThanOrEqual(500);
        const order = orders.get(t.order_no as string) as Row;
        expect(order).toBeDefined();
        expect([order.fund_account, order.security_code, order.side, order.price]).toEqual([t.fund_account, t.security_code, t.side, t.price]);
        expect(t.trade_time! >= order.order_time!).toBe(true);
        expect(/^(09:3\d|09:[45]\d|10:\d\d|11:[0-2]\d|13:\d\d|14:\d\d):\d\d$/.test(t.trade_time as string)).toBe(true);
        filled.set(t.order_no as string, (filled.get(t.order_no as string) ?? 0) + Number(t.quantity));
        trades++;
      }
      for (const o of orders.values()) {
        expect(Number(o.filled_quantity)).toBe(filled.get(o.order_no as string) ?? 0);
        if (o.status === 'FILLED') expect(o.filled_quantity).toBe(o.quantity);
        if (o.status === 'CANCELLED' || o.status === 'REJECTED') expect(o.filled_quantity).toBe('0');
        if (o.status === 'PARTIAL') expect(Number(o.filled_quantity)).toBeLessThan(Number(o.quantity));
        expect(['COUNTER', 'PHONE', 'WEB', 'MOBILE', 'API']).toContain(o.channel);
      }
    }
    expect(trades).toBeGreaterThan(500);
  });

  it('describes customers with valid identity numbers and mobiles', () => {
    let individuals = 0;
    for (const c of rowsOf(dayDirs[0] as string, 'customers.csv')) {
      expect(c.customer_no).toMatch(/^\d{10}$/);
      expect(isValidMobile(c.mobile as string)).toBe(true);
      expect(['NORMAL', 'FROZEN', 'LOST', 'DORMANT']).toContain(c.status);
      expect(c.open_date! < END).toBe(true);
      if (c.customer_type === 'P') {
        individuals++;
        expect(c.id_type).toBe('0');
        expect(isValidIdNo(c.id_no as string)).toBe(true);
        expect(genderOfIdNo(c.id_no as string)).toBe(c.gender);
        expect(c.id_no!.slice(6, 14)).toBe(c.birth_date!.replace(/-/g, ''));
        expect(c.birth_date! >= '1950-01-01' && c.birth_date! <= '2003-12-31').toBe(true);
      } else if (c.customer_type === 'O') {
        expect(c.id_type).toBe('A');
        expect(isValidUscc(c.id_no as string)).toBe(true);
      }
      if (c.risk_level) expect(c.risk_level).toMatch(/^C[1-5]$/);
    }
    expect(individuals).toBeGreaterThan(250);
  });

  it('marks a third of the C1 individuals as of the lowest risk category, and no one else', () => {
    let c1 = 0;
    let lowest = 0;
    for (const day of dayDirs) {
      for (const c of rowsOf(day, 'customers.csv')) {
        const expected = c.risk_level === 'C1' && c.customer_type === 'P' && isLowestRiskCategory(SMALL.seed, Number(c.customer_no) - 1_000_000_001);
        expect(c.lowest_risk_category, c.customer_no).toBe(expected ? 'Y' : '');
        if (c.risk_level === 'C1' && c.customer_type === 'P') c1++;
        if (expected) lowest++;
      }
    }
    expect(c1).toBeGreaterThan(10);
    expect(lowest).toBeGreaterThan(0);
    // the draw itself: a third of the customers, whatever the seed
    for (const seed of [42, 20_261_120]) {
      let marked = 0;
      for (let i = 0; i < 30_000; i++) if (isLowestRiskCategory(seed, i)) marked++;
      expect(marked / 30_000).toBeGreaterThan(0.32);
      expect(marked / 30_000).toBeLessThan(0.35);
    }
  });

  it('opens and closes customers during the period', () => {
    let opened = 0;
    let closed = 0;
    for (const day of dayDirs.slice(1)) {
      const date = `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6)}`;
      for (const c of rowsOf(day, 'customers.csv')) {
        if (c.open_date === date) opened++;
        if (c.status === 'CLOSED') {
          closed++;
          expect(c.close_date).toBe(date);
          const accounts = rowsOf(day, 'fund_accounts.csv').filter((a) => a.customer_no === c.customer_no);
          expect(accounts.length).toBeGreaterThan(0);
          for (const a of accounts) expect([a.status, a.close_date]).toEqual(['CLOSED', date]);
        }
      }
    }
    expect(opened).toBeGreaterThanOrEqual(2);
    expect(closed).toBeGreaterThanOrEqual(1);
  });

  it('plays the DEMO_FACTS scenarios', () => {
    const last = dayDirs[dayDirs.length - 1] as string;
    const beforeLast = dayDirs[dayDirs.length - 2] as string;
    const c = DEMO_FACTS.customers;
    const account = (customerNo: string, kind = '1'): string => '0001' + kind + customerNo.slice(3);
    // frequent cancelling on the last day
    const orders = rowsOf(last, 'orders.csv').filter((o) => o.fund_account === account(c.frequentCancels));
    expect(orders.length).toBeGreaterThanOrEqual(20);
    expect(orders.filter((o) => o.status === 'CANCELLED').length * 2).toBeGreaterThanOrEqual(orders.length);
    // large withdrawal: ≥ 50 % of the previous day's net asset and ≥ 500,000
    const prev = rowsOf(beforeLast, 'assets.csv').filter((a) => a.fund_account === account(c.largeWithdrawal));
    const netAsset = prev.reduce((s, a) => s + money(a.total_asset) - money(a.debt), 0);
    const out = rowsOf(last, 'fund_flows.csv').filter((f) => f.fund_account === account(c.largeWithdrawal) && f.flow_type === 'BANK_OUT');
    expect(out.length).toBe(1);
    expect(money(out[0]!.amount)).toBeGreaterThanOrEqual(Math.max(50_000_000, netAsset / 2));
    // quick in-and-out ending on the second-to-last day, with no trade between
    const quick = account(c.quickInOut);
    const flows = dayDirs.flatMap((d, k) => rowsOf(d, 'fund_flows.csv').filter((f) => f.fund_account === quick).map((row) => ({ k, row })));
    const bankIn = flows.find((f) => f.row.flow_type === 'BANK_IN');
    const bankOut = flows.find((f) => f.row.flow_type === 'BANK_OUT' && f.k > (bankIn?.k ?? 99));
    expect(bankIn && bankOut).toBeTruthy();
    expect(bankOut!.k - bankIn!.k).toBeLessThanOrEqual(3);
    expect(money(bankOut!.row.amount) * 10).toBeGreaterThanOrEqual(money(bankIn!.row.amount) * 9);
    for (let k = bankIn!.k; k <= bankOut!.k; k++) expect(rowsOf(dayDirs[k] as string, 'trades.csv').some((t) => t.fund_account === quick)).toBe(false);
    // closing on the last day
    const closing = rowsOf(last, 'customers.csv').find((r) => r.customer_no === c.closing);
    expect([closing?.status, closing?.close_date]).toEqual(['CLOSED', END]);
    expect(rowsOf(last, 'assets.csv').some((a) => a.fund_account === account(c.closing))).toBe(false);
    // margin accounts below the liquidation and the warning lines on the last day
    const ratio = (customerNo: string): number => {
      const r = rowsOf(last, 'credit.csv').find((x) => x.fund_account === account(customerNo, '8')) as Row;
      return money(r.collateral_value) / (money(r.financing_debt) + money(r.lending_debt) + money(r.interest_payable));
    };
    expect(ratio(c.marginBelowLiquidation)).toBeLessThan(1.3);
    expect(ratio(c.marginBelowWarning)).toBeGreaterThan(1.3);
    expect(ratio(c.marginBelowWarning)).toBeLessThan(1.5);
    // the USD account holds a Shanghai B share; rates are sent on most days
    const usd = rowsOf(last, 'positions.csv').filter((p) => p.fund_account === account(c.usdAccount, '2'));
    expect(usd.length).toBeGreaterThan(0);
    expect(usd[0]!.security_code).toMatch(/^900/);
    expect(rowsOf(dayDirs[0] as string, 'fx_rates.csv').map((r) => r.currency)).toEqual(['USD', 'HKD']);
    // institution and product account
    const first = rowsOf(dayDirs[0] as string, 'customers.csv');
    expect(first.find((r) => r.customer_no === c.institution)?.customer_type).toBe('O');
    expect(first.find((r) => r.customer_no === c.productAccount)?.investor_class).toBe('PRO_A');
  });
});

describe('demo org files', () => {
  const org = (name: keyof typeof ORG_HEADERS): Row[] => {
    const { header, rows } = readCsv(path.join(summary.orgDir, name));
    expect(header).toBe(ORG_HEADERS[name]);
    return rows;
  };

  it('has the DEMO_FACTS people where they say they are', () => {
    const staff = new Map(org('staff.csv').map((s) => [s.staff_no as string, s]));
    const teams = new Map(org('teams.csv').map((t) => [t.team_code as string, t]));
    expect(staff.get(DEMO_FACTS.branchManager)).toMatchObject({ category: 'MANAGER', branch_code: 'B001', team_code: '' });
    expect(teams.get(DEMO_FACTS.team)).toMatchObject({ branch_code: 'B001', leader_staff_no: DEMO_FACTS.teamLead });
    expect(staff.get(DEMO_FACTS.teamLead)).toMatchObject({ team_code: DEMO_FACTS.team, branch_code: 'B001' });
    expect(staff.get(DEMO_FACTS.broker)).toMatchObject({ category: 'BROKER', team_code: DEMO_FACTS.team });
    expect(staff.get(DEMO_FACTS.service)).toMatchObject({ category: 'SERVICE', team_code: DEMO_FACTS.team });
    expect(staff.get(DEMO_FACTS.distributor)?.category).toBe('DISTRIBUTOR');
    expect(staff.get(DEMO_FACTS.leaver)?.leave_date).not.toBe('');
    for (const s of staff.values()) {
      expect(isValidMobile(s.mobile as string)).toBe(true);
      expect(s.email).toMatch(/^[a-z0-9.]+@qszq\.com\.cn$/);
    }
    expect(demoPeople(summary.orgDir).find((p) => p.role === 'BROKER')?.staffNo).toBe(DEMO_FACTS.broker);
    const rels = org('relationships.csv');
    expect(rels.filter((r) => r.customer_no === DEMO_FACTS.customers.split).map((r) => [r.staff_no, r.weight])).toEqual([
      [DEMO_FACTS.broker, '0.6'],
      [DEMO_FACTS.secondBroker, '0.4'],
    ]);
    const changed = rels.filter((r) => r.customer_no === DEMO_FACTS.customers.changedRelationship);
    expect(changed.map((r) => r.staff_no)).toEqual([DEMO_FACTS.broker, DEMO_FACTS.secondBroker]);
    expect(changed[0]!.ended_on).toBe(addDays(changed[1]!.effective_from as string, -1));
    expect(rels.find((r) => r.customer_no === DEMO_FACTS.customers.distributorCustomer)?.guaranteed_rate).toBe('0.0001');
  });

  it('keeps relationships within the branch, within weight 1, without overlaps, and not after a leave date', () => {
    const staff = new Map(org('staff.csv').map((s) => [s.staff_no as string, s]));
    const branchOf = new Map<string, string>();
    const openOf = new Map<string, string>();
    for (const day of dayDirs) {
      for (const c of rowsOf(day, 'customers.csv')) {
        branchOf.set(c.customer_no as string, c.branch_code as string);
        openOf.set(c.customer_no as string, c.open_date as string);
      }
    }
    const rels = org('relationships.csv');
    expect(rels.length).toBeGreaterThan(250);
    const byCustomer = new Map<string, Row[]>();
    for (const r of rels) {
      const s = staff.get(r.staff_no as string) as Row;
      expect(s, r.staff_no).toBeDefined();
      expect(s.branch_code).toBe(branchOf.get(r.customer_no as string));
      expect(['DEVELOP', 'SERVICE']).toContain(r.kind);
      expect(Number(r.weight)).toBeGreaterThan(0);
      expect(Number(r.weight)).toBeLessThanOrEqual(1);
      expect(r.added_on! <= r.effective_from!).toBe(true);
      expect(r.effective_from! >= openOf.get(r.customer_no as string)!).toBe(true);
      expect(r.effective_from! >= s.hire_date!).toBe(true);
      if (r.ended_on) expect(r.ended_on >= r.effective_from!).toBe(true);
      if (s.leave_date) expect(r.ended_on !== '' && r.ended_on! <= s.leave_date).toBe(true);
      if (r.confirmed_on) expect(r.confirmed_on >= r.effective_from!).toBe(true);
      if (r.guaranteed_rate) expect(s.category).toBe('DISTRIBUTOR');
      if (r.kind === 'DEVELOP') expect(['BROKER', 'ACCOUNT_MANAGER', 'DISTRIBUTOR']).toContain(s.category);
      expect(r.assessment_set).toMatch(/^\d{4}年度考核集$/);
      byCustomer.set(r.customer_no as string, [...(byCustomer.get(r.customer_no as string) ?? []), r]);
    }
    const overlaps = (a: Row, b: Row): boolean =>
      a.effective_from! <= (b.ended_on || '9999-12-31') && b.effective_from! <= (a.ended_on || '9999-12-31');
    for (const list of byCustomer.values()) {
      for (let x = 0; x < list.length; x++) {
        for (let y = x + 1; y < list.length; y++) {
          if (list[x]!.staff_no === list[y]!.staff_no && list[x]!.kind === list[y]!.kind) expect(overlaps(list[x]!, list[y]!)).toBe(false);
        }
      }
      // the weights of DEVELOP relationships in force on any day sum to at most 1 (checked at each start)
      const develop = list.filter((r) => r.kind === 'DEVELOP');
      for (const r of develop) {
        const tenths = develop.filter((o) => overlaps(o, { ...r, ended_on: r.effective_from } as Row)).reduce((s, o) => s + Math.round(Number(o.weight) * 10), 0);
        expect(tenths).toBeLessThanOrEqual(10);
      }
    }
    expect([...byCustomer.values()].filter((l) => l.filter((r) => r.kind === 'DEVELOP').length > 0).length / branchOf.size).toBeGreaterThan(0.8);
  });
});

describe('GBK extracts', () => {
  it('write every file in GBK and round-trip the Chinese text', async () => {
    const gbk = await generateDemo({ outDir: path.join(tmp, 'gbk'), customers: 60, days: 2, seed: 7, end: END, encoding: 'gbk' });
    const utf = await generateDemo({ outDir: path.join(tmp, 'utf'), customers: 60, days: 2, seed: 7, end: END });
    const day = fs.readdirSync(gbk.extractDir).sort()[0] as string;
    const manifest = JSON.parse(fs.readFileSync(path.join(gbk.extractDir, day, 'manifest.json'), 'utf8')) as { encoding: string };
    expect(manifest.encoding).toBe('gbk');
    for (const name of ['customers.csv', 'securities.csv', 'products.csv', 'branches.csv']) {
      const bytes = fs.readFileSync(path.join(gbk.extractDir, day, name));
      const text = iconv.decode(bytes, 'gbk');
      expect(text).toBe(fs.readFileSync(path.join(utf.extractDir, day, name), 'utf8'));
      expect(bytes.equals(Buffer.from(text, 'utf8'))).toBe(false); // really GBK bytes
      expect(iconv.encode(text, 'gbk').equals(bytes)).toBe(true);
    }
    const names = readCsv(path.join(gbk.extractDir, day, 'customers.csv'), 'gbk').rows.map((r) => r.name as string);
    expect(names.every((n) => /[\u4e00-\u9fa5]/.test(n))).toBe(true);
  });
});

describe('at a larger size', () => {
  it('never holds the same security twice in one account (margin accounts included)', async () => {
    // 100,000 customers once produced repeated positions in margin accounts; 30,000 has ~900 of them
    const out = path.join(tmp, 'large');
    await generateDemo({ outDir: out, customers: 30_000, days: 1, seed: 7, end: END });
    const [day] = fs.readdirSync(path.join(out, 'extract'));
    const lines = fs.readFileSync(path.join(out, 'extract', day!, 'positions.csv'), 'utf8').trim().split('\n').slice(1);
    const keys = lines.map((l) => l.split(',').slice(0, 3).join('/'));
    expect(lines.length).toBeGreaterThan(10_000);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('the intelligence patterns of a 120-day demo (issue 12)', () => {
  // 3,000 customers over 120 trading days: the default proportions at a ninth of the default size
  const N = 3_000;
  const DAYS = 120;
  let demo: DemoSummary;
  let days: string[];
  /** a simple reader for the files without quoted fields */
  const plain = (day: string, name: string): string[][] => {
    const file = path.join(demo.extractDir, day, name);
    if (!fs.existsSync(file)) return [];
    return fs.readFileSync(file, 'utf8').split('\n').slice(1, -1).map((l) => l.split(','));
  };
  const customerOf = (account: string): number => Number(account.slice(5)) - 1;
  let netAsset: Float64Array; // yuan, per day and customer (CNY accounts and foreign ones at the day's rate)
  let bankOut: Float64Array;
  let bankIn: Float64Array;
  let trades: Uint16Array;
  const closedOn = new Map<number, number>(); // customer → day index of its closing
  const statusAtStart = new Map<number, string>();
  const openOn = new Map<number, string>();
  const rate = new Map<number, number>(); // commission rate of the CNY account on the first day

  beforeAll(async () => {
    demo = await generateDemo({ outDir: path.join(tmp, 'patterns'), customers: N, days: DAYS, seed: 20_261_120, end: END });
    days = fs.readdirSync(demo.extractDir).sort();
    netAsset = new Float64Array(N * DAYS);
    bankOut = new Float64Array(N * DAYS);
    bankIn = new Float64Array(N * DAYS);
    trades = new Uint16Array(N * DAYS);
    const fx = { CNY: 1, USD: 7, HKD: 0.9 };
    days.forEach((day, d) => {
      for (const [currency, r] of plain(day, 'fx_rates.csv')) fx[currency as 'USD' | 'HKD'] = Number(r);
      const file = path.join(demo.extractDir, day, 'customers.csv');
      for (const c of fs.existsSync(file) ? readCsv(file).rows : []) {
        const i = Number(c.customer_no) - 1_000_000_001;
        if (d === 0) statusAtStart.set(i, c.status as string);
        openOn.set(i, c.open_date as string);
        if (c.status === 'CLOSED' && !closedOn.has(i)) closedOn.set(i, d);
      }
      if (d === 0) for (const a of plain(day, 'fund_accounts.csv')) if (a[2] === 'NORMAL' && a[3] === 'CNY') rate.set(customerOf(a[0]!), Number(a[7]));
      for (const a of plain(day, 'assets.csv')) netAsset[d * N + customerOf(a[0]!)]! += (Number(a[7]) - Number(a[8])) * fx[a[1] as 'CNY'];
      for (const f of plain(day, 'fund_flows.csv')) {
        const x = d * N + customerOf(f[1]!);
        if (f[3] === 'BANK_OUT') bankOut[x]! += Number(f[4]) * fx[f[2] as 'CNY'];
        if (f[3] === 'BANK_IN') bankIn[x]! += Number(f[4]) * fx[f[2] as 'CNY'];
      }
      for (const t of plain(day, 'trades.csv')) trades[d * N + customerOf(t[2]!)]!++;
    });
  });

  /** §7's second event: the first day the net asset is below 1,000 while the BANK_OUT of the 20 days ending that day reach 80 % of the net asset before them. */
  const drainedOn = (i: number): number => {
    let out20 = 0;
    for (let d = 0; d < DAYS; d++) {
      out20 += bankOut[d * N + i]!;
      if (d >= 20) out20 -= bankOut[(d - 20) * N + i]!;
      const before = d >= 20 ? netAsset[(d - 20) * N + i]! : 0;
      if (before > 0 && netAsset[d * N + i]! < 1_000 && out20 >= 0.8 * before) return d;
    }
    return -1;
  };

  it('has churners in a realistic proportion, of both events, spread over the period', () => {
    const events = new Map<number, number>(); // customer → day of the first event
    let drainedOnly = 0;
    for (let i = 0; i < N; i++) {
      const closed = closedOn.get(i) ?? -1;
      const drained = drainedOn(i);
      if (closed < 0 && drained < 0) continue;
      if (closed < 0) drainedOnly++;
      events.set(i, drained >= 0 && (closed < 0 || drained < closed) ? drained : closed);
    }
    // every closing is scheduled (the pinned one of DEMO_FACTS included); a drain without closing is
    // a scheduled drain, or now and then a small account that happened to be emptied
    expect(closedOn.size).toBe(demo.patterns.churnClose + 1);
    expect(drainedOnly).toBeGreaterThanOrEqual(demo.patterns.churnDrain);
    expect(drainedOnly).toBeLessThanOrEqual(demo.patterns.churnDrain + 5);
    expect(demo.patterns.churnClose).toBeGreaterThan(20);
    expect(demo.patterns.churnDrain).toBeGreaterThan(demo.patterns.churnClose);
    // 2–4 % of the customers over 120 trading days (a few per cent a year), some without warning
    expect(events.size / N).toBeGreaterThan(0.02);
    expect(events.size / N).toBeLessThan(0.04);
    expect(demo.patterns.churnAbrupt / (demo.patterns.churnClose + demo.patterns.churnDrain)).toBeGreaterThan(0.08);
    // each third of the period has at least a fifth of the churn
    const thirds = [0, 0, 0];
    for (const d of events.values()) thirds[Math.min(2, Math.floor((d * 3) / DAYS))]!++;
    for (const t of thirds) expect(t / events.size).toBeGreaterThan(0.2);
  });

  it('lets churners drift away before they go, and gives false alarms that recover', () => {
    // money out over the 40 days before the churner's final week, against the same for everyone at the last day
    const share = (i: number, end: number): number => {
      const start = netAsset[(end - 40) * N + i]!;
      let out = 0;
      for (let d = end - 39; d <= end; d++) out += bankOut[d * N + i]!;
      return start > 0 ? out / start : 0;
    };
    let churners = 0;
    let churnersOut = 0;
    for (let i = 0; i < N; i++) {
      const closed = closedOn.get(i) ?? -1;
      const drained = drainedOn(i);
      const d = drained >= 0 && (closed < 0 || drained < closed) ? drained : closed;
      if (d < 60) continue;
      churners++;
      if (share(i, d - 6) >= 0.1) churnersOut++;
    }
    let others = 0;
    let othersOut = 0;
    for (let i = 0; i < N; i++) {
      if (closedOn.has(i) || drainedOn(i) >= 0 || netAsset[(DAYS - 47) * N + i]! < 5_000) continue;
      others++;
      if (share(i, DAYS - 7) >= 0.1) othersOut++;
    }
    expect(churners).toBeGreaterThan(20);
    // precursors are there but noisy: well above the rate of the others, far from all churners
    expect(churnersOut / churners).toBeGreaterThan((2 * othersOut) / others);
    expect(churnersOut / churners).toBeLessThan(0.9);
    expect(othersOut).toBeGreaterThan(0);
    // at least as many customers dip and recover as leave, and some trade less and stay
    expect(demo.patterns.recovering).toBeGreaterThan(demo.patterns.churnClose + demo.patterns.churnDrain);
    expect(demo.patterns.declining).toBeGreaterThan(10);
  });

  it('has sleepers, dormant customers and large accounts that contribute little', () => {
    const last = days[DAYS - 1] as string;
    const lastDate = `${last.slice(0, 4)}-${last.slice(4, 6)}-${last.slice(6)}`;
    let sleepers = 0;
    for (let i = 0; i < N; i++) {
      if (closedOn.has(i) || statusAtStart.get(i) !== 'NORMAL') continue;
      let traded = false;
      for (let d = 0; d < DAYS && !traded; d++) traded = trades[d * N + i]! > 0;
      // 睡眠: no trade for 180 days (none in the 120 imported, and open for longer), assets remain
      if (!traded && addDays(openOn.get(i)!, 180) <= lastDate && netAsset[(DAYS - 1) * N + i]! > 0) sleepers++;
    }
    expect(sleepers / N).toBeGreaterThan(0.05);
    expect([...statusAtStart.values()].filter((s) => s === 'DORMANT').length / N).toBeGreaterThan(0.03);
    // 大而不赚: the negotiated low rates (below 0.015 %) belong to large, rarely trading accounts
    const low = [...rate].filter(([, r]) => r < 0.00015).map(([i]) => i);
    expect(low.length).toBe(demo.patterns.bigLowCommission);
    expect(low.length / N).toBeGreaterThan(0.01);
    let tradesOfLow = 0;
    for (const i of low) {
      expect(netAsset[i]!).toBeGreaterThanOrEqual(900_000); // started at ≥ 1,000,000 (prices move)
      for (let d = 0; d < DAYS; d++) tradesOfLow += trades[d * N + i]!;
    }
    expect(tradesOfLow / low.length).toBeLessThan(8); // at most 0.044 orders a day: a few trades in 120 days
  });

  it('has large withdrawals, quick in-and-outs, cancel storms, margin accounts near the lines and product buyers', () => {
    let large = 0;
    let quick = 0;
    for (let i = 0; i < N; i++) {
      for (let d = 1; d < DAYS; d++) {
        const out = bankOut[d * N + i]!;
        if (out >= 500_000 && out >= 0.5 * netAsset[(d - 1) * N + i]!) large++;
      }
      for (let d = 0; d < DAYS; d++) {
        if (bankIn[d * N + i]! === 0) continue;
        for (let e = d, traded = false; e <= Math.min(DAYS - 1, d + 3) && !traded; e++) {
          traded = trades[e * N + i]! > 0;
          if (!traded && bankOut[e * N + i]! >= 0.9 * bankIn[d * N + i]!) {
            quick++;
            break;
          }
        }
      }
    }
    expect(large).toBeGreaterThanOrEqual(demo.patterns.largeWithdrawals + 1);
    expect(quick).toBeGreaterThanOrEqual(demo.patterns.quickInOut + 1);
    let storms = 0;
    for (const day of days) {
      const orders = new Map<string, [number, number]>();
      for (const o of plain(day, 'orders.csv')) {
        const c = orders.get(o[1]!) ?? [0, 0];
        c[0]++;
        if (o[8] === 'CANCELLED') c[1]++;
        orders.set(o[1]!, c);
      }
      for (const [total, cancelled] of orders.values()) if (total >= 20 && cancelled * 2 >= total) storms++;
    }
    expect(storms).toBe(demo.patterns.cancelStorms + 1); // and the pinned one on the last day
    expect(demo.patterns.cancelStorms).toBeGreaterThanOrEqual(2);
    const ratios = plain(days[DAYS - 1] as string, 'credit.csv').map((r) => Number(r[4]) / (Number(r[1]) + Number(r[2]) + Number(r[3])));
    expect(ratios.filter((r) => r < 1.3).length).toBeGreaterThanOrEqual(1);
    expect(ratios.filter((r) => r >= 1.3 && r < 1.5).length).toBeGreaterThanOrEqual(1);
    const buyers = new Set<string>();
    for (const day of days) for (const t of plain(day, 'product_trades.csv')) if (t[3] !== 'REDEEM') buyers.add(t[1]!);
    expect(buyers.size / N).toBeGreaterThan(0.05);
  });

  it('puts money newly transferred in into products, and sells the advisory services to active and larger customers, the dearer ones to the wealthier', () => {
    // purchases (not advisory) per customer-day within 10 trading days after a BANK_IN (that day included) and otherwise
    const fresh = [0, 0];
    const other = [0, 0];
    const advisory: { code: string; trades: number; netAsset: number }[] = [];
    const bought = new Uint8Array(N * DAYS);
    const tradesOf = (i: number): number => {
      let n = 0;
      for (let d = 0; d < DAYS; d++) n += trades[d * N + i]!;
      return n;
    };
    days.forEach((day, d) => {
      for (const t of plain(day, 'product_trades.csv')) {
        if (t[3] === 'REDEEM') continue;
        const i = customerOf(t[1]!);
        if (t[2]!.startsWith('QSA')) advisory.push({ code: t[2]!, trades: tradesOf(i), netAsset: netAsset[d * N + i]! });
        else bought[d * N + i] = 1;
      }
    });
    for (let i = 0; i < N; i++) {
      let lastIn = -100;
      for (let d = 0; d < DAYS; d++) {
        if (bankIn[d * N + i]! > 0) lastIn = d;
        const bucket = d - lastIn <= 10 ? fresh : other;
        bucket[0] = bucket[0]! + 1;
        bucket[1] = bucket[1]! + bought[d * N + i]!;
      }
    }
    // the generator triples the chance for those days; other traits blur it, but not below half of that
    expect((fresh[1]! / fresh[0]!) / (other[1]! / other[0]!)).toBeGreaterThan(1.5);
    const everyone = Array.from({ length: N }, (_, i) => tradesOf(i)).reduce((a, b) => a + b, 0) / N;
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(advisory.length).toBeGreaterThan(30);
    expect(mean(advisory.map((a) => a.trades))).toBeGreaterThan(3 * everyone);
    const median = (xs: number[]): number => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const briefing = median(advisory.filter((a) => a.code === 'QSA003').map((a) => a.netAsset));
    expect(median(advisory.filter((a) => a.code !== 'QSA003').map((a) => a.netAsset))).toBeGreaterThan(briefing);
    // subscriptions per customer-day of 300,000 yuan or more against those of less than 100,000 (with assets): the
    // generator weighs wealth 0.8–1 against 0.16 (ADVISORY_SIZE); the low-activity large accounts blur it, not below 2
    const perDay = (keep: (x: number) => boolean): number => {
      let customerDays = 0;
      for (let x = 0; x < N * DAYS; x++) if (netAsset[x]! > 0 && keep(netAsset[x]!)) customerDays++;
      return advisory.filter((a) => a.netAsset > 0 && keep(a.netAsset)).length / customerDays;
    };
    expect(perDay((x) => x >= 300_000) / perDay((x) => x < 100_000)).toBeGreaterThan(2);
  });

  it('buys funds through regular monthly plans (定投): the same fund debited about a month apart, three times or more', () => {
    const plannable = new Set(['217022', '000001', '161005', '163402', '110022']); // the public funds above R1
    const debits = new Map<string, string[]>(); // account + fund → the days of its purchases (申购)
    for (const day of days) {
      for (const t of plain(day, 'product_trades.csv')) {
        if (t[3] !== 'PURCHASE' || !plannable.has(t[2]!)) continue;
        const key = `${t[1]} ${t[2]}`;
        debits.set(key, [...(debits.get(key) ?? []), day]);
      }
    }
    const gap = (a: string, b: string): number => (Date.parse(`${b.slice(0, 4)}-${b.slice(4, 6)}-${b.slice(6)}`) - Date.parse(`${a.slice(0, 4)}-${a.slice(4, 6)}-${a.slice(6)}`)) / 86_400_000;
    // a plan's debit falls on its day of the month or the first trading day after (up to 7 days late): 21–38 days apart
    const monthly = [...debits.values()].filter((ds) => ds.length >= 3 && ds.every((d, k) => k === 0 || (gap(ds[k - 1]!, d) >= 21 && gap(ds[k - 1]!, d) <= 38)));
    expect(monthly.length).toBeGreaterThanOrEqual(N * 0.005);
    // repeat buyers are a minority of the fund buyers
    expect(monthly.length).toBeLessThan(debits.size);
  });

  it.each([
    ['QSS002', 'QSS004', 0.45, 18_000], // 鲨鱼鳍1号 → 2号
    ['QSB002', 'QSB003', 0.9, 8_000], // 稳盈2号 → 3号
    ['QSS006', 'QSS007', 0.92, 20_000], // 雪球2号 → 3号
  ])('pays %s out at its maturity (principal and coupon) and its holders subscribe %s launched that day', (note, next, at, couponPpm) => {
    const maturity = Math.floor(DAYS * at);
    const heldBefore = new Map(plain(days[maturity - 1]!, 'product_holdings.csv').filter((h) => h[1] === note).map((h) => [h[0]!, Math.round(Number(h[3]) * 100)]));
    expect(heldBefore.size).toBeGreaterThan(0);
    const trades = plain(days[maturity]!, 'product_trades.csv');
    const paid = trades.filter((t) => t[2] === note && t[3] === 'REDEEM');
    // every holder (none closes in between) paid: market value + round-half-up(market value × coupon ÷ 1,000,000), in cents
    expect(paid.length).toBe(heldBefore.size);
    for (const t of paid) {
      const mv = heldBefore.get(t[1]!)!;
      expect(Math.round(Number(t[4]) * 100)).toBe(mv + Math.floor((mv * couponPpm + 500_000) / 1_000_000));
    }
    const rolled = trades.filter((t) => t[2] === next && t[3] === 'SUBSCRIBE' && heldBefore.has(t[1]!));
    expect(rolled.length).toBeGreaterThan(0);
    expect(rolled.length / paid.length).toBeGreaterThan(0.3);
    expect(plain(days[maturity]!, 'product_holdings.csv').filter((h) => h[1] === note)).toEqual([]);
  });

  it('sells the R5 products to few customers, each a C5 or a professional investor', () => {
    const who = new Map<number, { risk: string; inv: string }>();
    let r5 = 0;
    for (const day of days) {
      const file = path.join(demo.extractDir, day, 'customers.csv');
      for (const c of fs.existsSync(file) ? readCsv(file).rows : []) {
        who.set(Number(c.customer_no) - 1_000_000_001, { risk: c.risk_level as string, inv: c.investor_class as string });
      }
      for (const t of plain(day, 'product_trades.csv')) {
        if (t[3] === 'REDEEM' || (t[2] !== 'QSP001' && t[2] !== 'QSS003')) continue;
        r5++;
        const c = who.get(customerOf(t[1]!))!;
        expect(c.inv !== 'ORDINARY' || c.risk === 'C5', `${t[1]} ${c.inv} ${c.risk}`).toBe(true);
      }
    }
    expect(r5).toBeLessThan(N * 0.01);
  });

  it('issues R2 notes and R4 snowballs every month, subscribed by the customers they suit: the R2 monthly issues mostly by the conservative', () => {
    const issues = PRODUCTS.filter((p) => p.monthly);
    expect(issues.length).toBeGreaterThan(0);
    // the monthly issues come last, so the draw among the other products is the one before they were added
    expect(PRODUCTS.slice(PRODUCTS.length - issues.length).every((p) => p.monthly)).toBe(true);
    const family = new Map(PRODUCTS.map((p) => [p.code, `${p.type} R${p.risk}`]));
    const who = new Map<number, { risk: string; inv: string }>();
    const blocks = Array.from({ length: DAYS / 20 }, () => ({ bond: new Set<string>(), snowball: new Set<string>() }));
    const monthlyBond: string[] = [];
    days.forEach((day, d) => {
      const file = path.join(demo.extractDir, day, 'customers.csv');
      for (const c of fs.existsSync(file) ? readCsv(file).rows : []) who.set(Number(c.customer_no) - 1_000_000_001, { risk: c.risk_level as string, inv: c.investor_class as string });
      for (const t of plain(day, 'product_trades.csv')) {
        if (t[3] !== 'SUBSCRIBE') continue;
        const c = who.get(customerOf(t[1]!))!;
        if (family.get(t[2]!) === 'BOND R2') blocks[Math.floor(d / 20)]!.bond.add(t[1]!);
        if (family.get(t[2]!) === 'STRUCTURED R4') {
          blocks[Math.floor(d / 20)]!.snowball.add(t[1]!);
          expect(c.inv !== 'ORDINARY' || c.risk === 'C4' || c.risk === 'C5', `${t[1]} ${c.inv} ${c.risk}`).toBe(true);
        }
        if (t[2]!.startsWith('QSB1')) monthlyBond.push(c.inv === 'ORDINARY' ? c.risk : 'PRO');
      }
    });
    // every 20 trading days (about a month) both kinds sell
    for (const b of blocks) expect([b.bond.size > 0, b.snowball.size > 0]).toEqual([true, true]);
    expect(monthlyBond.filter((r) => r === 'C2').length / monthlyBond.length).toBeGreaterThan(0.5);
  });

  it('has margin calls met within two trading days below the liquidation line', () => {
    const pinned = new Set(['000180000003', '000180000011']); // DEMO_FACTS' margin accounts stay below the lines
    const below = new Map<string, number>(); // credit account → consecutive days below 130 % so far
    let longest = 0;
    let calls = 0;
    for (const day of days) {
      const seen = new Set<string>();
      for (const r of plain(day, 'credit.csv')) {
        if (pinned.has(r[0]!)) continue;
        const debt = Number(r[1]) + Number(r[2]) + Number(r[3]);
        if (debt > 0 && Number(r[4]) < 1.3 * debt) {
          const run = (below.get(r[0]!) ?? 0) + 1;
          below.set(r[0]!, run);
          longest = Math.max(longest, run);
          seen.add(r[0]!);
        }
      }
      for (const a of [...below.keys()]) if (!seen.has(a)) below.delete(a);
      calls += plain(day, 'fund_flows.csv').filter((f) => f[1]![4] === '8' && f[3] === 'BANK_IN').length;
    }
    // a customer below the line on day d tops up on d + 1 or d + 2, so at most two days in a row
    expect(longest).toBeLessThanOrEqual(2);
    expect(calls).toBeGreaterThan(0);
  });

  it('writes contact records by the serving staff, none after a closing, most for the wealthiest', () => {
    const { header, rows } = readCsv(demo.contactsFile);
    expect(header).toBe('customer_no,staff_no,channel,at,summary,next_action,next_due_on,next_done_at');
    expect(rows.length).toBe(demo.patterns.contacts);
    // about 0.5 to 4 contacts per customer over the period
    expect(rows.length / N).toBeGreaterThan(0.5);
    expect(rows.length / N).toBeLessThan(4);
    const rels = new Map<string, Row[]>();
    for (const r of readCsv(path.join(demo.orgDir, 'relationships.csv')).rows) rels.set(r.customer_no as string, [...(rels.get(r.customer_no as string) ?? []), r]);
    const first = summaryDate(days[0] as string);
    const last = summaryDate(days[DAYS - 1] as string);
    let open = 0;
    let done = 0;
    for (const c of rows) {
      expect(['COUNTER', 'CALL_CENTER', 'PHONE', 'VISIT', 'SMS', 'EMAIL', 'WECHAT', 'WEB']).toContain(c.channel);
      expect(c.summary).toMatch(/[\u4e00-\u9fa5]/);
      const date = c.at!.slice(0, 10);
      expect(c.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\+08:00$/);
      expect(date >= first && date <= last).toBe(true);
      const inForce = (rels.get(c.customer_no as string) ?? []).filter((r) => r.effective_from! <= date && (!r.ended_on || r.ended_on >= date));
      expect(inForce.map((r) => r.staff_no)).toContain(c.staff_no);
      const i = Number(c.customer_no) - 1_000_000_001;
      if (closedOn.has(i)) expect(days.indexOf(date.replace(/-/g, ''))).toBeLessThan(closedOn.get(i)!);
      expect(c.next_action === '').toBe(c.next_due_on === '');
      if (c.next_done_at) {
        expect(c.next_action).not.toBe('');
        expect(c.next_done_at >= c.at!).toBe(true);
        done++;
      } else if (c.next_action) open++;
    }
    expect(open).toBeGreaterThan(0);
    expect(done).toBeGreaterThan(open);
    // the wealthiest customers are contacted most
    const perCustomer = new Map<string, number>();
    for (const c of rows) perCustomer.set(c.customer_no as string, (perCustomer.get(c.customer_no as string) ?? 0) + 1);
    const rich = [...netAsset.subarray(0, N)].map((v, i) => [v, i] as const).filter(([v]) => v >= 1_000_000);
    const poor = [...netAsset.subarray(0, N)].map((v, i) => [v, i] as const).filter(([v]) => v > 0 && v < 100_000);
    const mean = (list: (readonly [number, number])[]): number => list.reduce((s, [, i]) => s + (perCustomer.get(String(1_000_000_001 + i)) ?? 0), 0) / list.length;
    expect(mean(rich)).toBeGreaterThan(5 * mean(poor));
  });
});

describe('the prospects (潜在客户)', () => {
  it('are approved appointments with a broker of the branch in the last 40 trading days, by people with valid identities', () => {
    const { header, rows } = readCsv(summary.prospectsFile);
    expect(header).toBe('name,id_no,mobile,branch_code,appointment_date,staff_no,weight,status');
    expect(rows.length).toBe(summary.patterns.prospects);
    expect(rows.length).toBe(2); // one in 200 of the 300 customers, rounded
    const staff = new Map(readCsv(path.join(summary.orgDir, 'staff.csv')).rows.map((s) => [s.staff_no as string, s]));
    const customers = new Set(rowsOf(dayDirs[0] as string, 'customers.csv').map((c) => c.id_no));
    for (const p of rows) {
      expect(p.name).toMatch(/^[\u4e00-\u9fa5]{2,4}$/);
      expect(isValidIdNo(p.id_no as string)).toBe(true);
      expect(customers.has(p.id_no)).toBe(false);
      expect(isValidMobile(p.mobile as string)).toBe(true);
      expect(summary.days).toContain(p.appointment_date);
      expect(staff.get(p.staff_no as string)?.branch_code).toBe(p.branch_code);
      expect(['BROKER', 'ACCOUNT_MANAGER', 'DISTRIBUTOR']).toContain(staff.get(p.staff_no as string)?.category);
      expect([p.weight, p.status]).toEqual(['1', 'APPROVED']);
    }
  });
});

function summaryDate(ymd: string): string {
  return `${ymd.slice(0, 4)}-${ymd.slice(4, 6)}-${ymd.slice(6)}`;
}
