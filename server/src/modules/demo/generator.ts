/**
 * The demo brokerage generator (`npm run crm -- demo`): a realistic, deterministic synthetic
 * brokerage written as end-of-day extract folders (extract-format.md) plus the org CSVs
 * (interfaces.md), so a newcomer sees a living system and tests have volume to chew on.
 *
 * Output: <outDir>/extract/YYYYMMDD/ (one folder per trading day; manifest.json written last),
 * <outDir>/org/{teams,staff,relationships}.csv, and beside them what the trading system does not
 * deliver: <outDir>/contacts.csv (接触记录, contacts.ts) and <outDir>/prospects.csv (approved
 * appointments not yet opened). The intelligence patterns it plays on purpose (churn with its
 * precursors, false alarms, 大而不赚, alerts, margin calls) are counted in DemoSummary.patterns
 * and described in docs/decisions.md ("Demo: churn, false alarms …").
 *
 * How it stays fast and exact: the whole brokerage lives in typed arrays (one slot per customer,
 * account and position), money is integer cents (prices 1/10000, rates millionths, see money.ts),
 * each day is simulated once, customer by customer, and every row goes straight to a streaming,
 * hashing CSV sink (csv-sink.ts); no day's rows are held in memory. The same options give
 * byte-identical files: all randomness comes from seeded streams, and nothing reads the clock
 * except to choose the default end date.
 *
 * Codes this generator uses where the extract format leaves them open:
 * - customers.id_type: '0' 居民身份证 (resident ID, individuals), 'A' 统一社会信用代码 (unified social
 *   credit code, institutions), 'B' 基金业协会产品备案编码 (AMAC filing code, product accounts).
 * - customers.gender: 'M' / 'F' for individuals (matching the ID number), empty otherwise.
 * - fund_accounts.status mirrors the customer's status (NORMAL, FROZEN, LOST, DORMANT, CLOSED).
 * - fund_account numbers: 4-digit branch number + kind digit (1 normal CNY, 8 credit, 2 USD,
 *   3 HKD) + 7-digit customer sequence, e.g. '000110000001'.
 * - fund_flows OTHER is an inflow (e.g. 红利税退还); FEE an outflow.
 * - product_trades: amount is the gross amount (a purchase's payment including its fee; a
 *   redemption's value before its fee); an ADVISORY subscription's amount is the service fee,
 *   and its fee equals its amount. Financial products are not in assets.csv (the trading system
 *   keeps them apart from the fund account's total asset).
 */
import fs from 'node:fs';
import path from 'node:path';
import { CUSTOMER_STATUSES } from '../../lib/codes.js';
import { addDays, businessDate, dateOf, dayNumber } from '../../lib/dates.js';
import { previousTradingDay, tradingDayOnOrAfter, tradingDayOnOrBefore, tradingDaysEnding } from '../calendar/calendar.rules.js';
import { CONTACTS_HEADER, planContacts } from './contacts.js';
import { CsvSink, csvField, type DemoEncoding, type SinkResult } from './csv-sink.js';
import { DEMO_FACTS, demoPeople } from './demo-facts.js';
import { fillFees, MIN_FILL_CENTS, type FillFees } from './fees.js';
import { makeIdNo, makeMobile, makeUscc } from './idcard.js';
import {
  buildMarket,
  CLASS_TEXT,
  CLS_BOND,
  CLS_FUND,
  CLS_REPO,
  CLS_STOCK,
  CUR_CNY,
  CUR_HKD,
  CUR_USD,
  CURRENCY_TEXT,
  type DemoMarket,
} from './market.js';
import { cents, divFloor, mulDivRoundHalfUp, fixed, ppm, price4 } from './money.js';
import { CITY_AREAS, OTHER_AREA_CODES } from './names.js';
import { BRANCHES, buildOrg, RelationshipPlanner, type DemoOrg, type PinnedRelationships } from './org.js';
import { institutionName, isLowestRiskCategory, personalEmail, personName, productAccountName, productFilingCode, streetAddress } from './people.js';
import { PRODUCTS } from './products.js';
import { createRng, hashSeed, WeightedTable, type Rng } from './rng.js';
import { SECURITIES } from './securities.js';

export interface DemoOptions {
  outDir: string;
  /** default 26,631 (the seed brokerage's branch) */
  customers?: number;
  /** trading days, default 120 (about six months) */
  days?: number;
  /** default 20261120 */
  seed?: number;
  /** last trading day (YYYY-MM-DD); default: the last trading day strictly before today in Asia/Shanghai */
  end?: string;
  /** default utf-8; gbk writes every extract file in GBK and says so in the manifest (org CSVs stay UTF-8, as interfaces.md requires) */
  encoding?: DemoEncoding;
  /** replace <outDir>/extract and <outDir>/org when they exist and are not empty (default: refuse) */
  overwrite?: boolean;
}

/**
 * What the demo plays on purpose (issue 12: every intelligence page populated), as scheduled; the
 * generator tests count them again in the files.
 */
export interface DemoPatterns {
  /** churners (流失) who sell out, transfer out and close their account */
  churnClose: number;
  /** churners who transfer out all but less than 1,000 yuan and keep the account open (drained) */
  churnDrain: number;
  /** churners of either kind without any warning (no drift before the final weeks) */
  churnAbrupt: number;
  /** customers whose activity dips (some transfer part of their money out) and recovers: the false alarms */
  recovering: number;
  /** customers who trade less and less but stay */
  declining: number;
  /** large accounts at a negotiated low commission rate that rarely trade (大而不赚) */
  bigLowCommission: number;
  quickInOut: number;
  /** customer-days with a cancel storm (频繁撤单) */
  cancelStorms: number;
  largeWithdrawals: number;
  /** contact records written to contacts.csv */
  contacts: number;
  /** approved appointments (预约开户) not yet opened, written to prospects.csv: the 潜在客户 */
  prospects: number;
}

export interface DemoSummary {
  extractDir: string;
  orgDir: string;
  /** the contact records (接触记录), loaded by the first start after the org import */
  contactsFile: string;
  /** the approved appointments of people who have not opened yet (潜在客户), loaded with the contacts */
  prospectsFile: string;
  patterns: DemoPatterns;
  days: string[];
  customers: number;
  fundAccounts: number;
  staff: number;
  teams: number;
  branches: number;
  /** total rows per file name, over all days */
  rows: Record<string, number>;
  bytes: number;
  ms: number;
}

export const DEMO_DEFAULTS = { customers: 26_631, days: 120, seed: 20_261_120 } as const;

export const EXTRACT_HEADERS = {
  'branches.csv': 'branch_code,branch_name,city',
  'customers.csv':
    'customer_no,name,customer_type,id_type,id_no,gender,birth_date,mobile,email,address,branch_code,open_date,close_date,status,risk_level,risk_assessed_on,investor_class,lowest_risk_category',
  'fund_accounts.csv': 'fund_account,customer_no,account_kind,currency,open_date,close_date,status,commission_rate',
  'securities.csv': 'market,security_code,name,security_class',
  'products.csv': 'product_code,name,product_type,risk_level,issuer,min_amount',
  'fx_rates.csv': 'currency,rate_to_cny',
  'assets.csv': 'fund_account,currency,cash,stock_value,fund_value,bond_value,other_value,total_asset,debt',
  'positions.csv': 'fund_account,market,security_code,quantity,cost_amount,market_value',
  'orders.csv': 'order_no,fund_account,market,security_code,side,price,quantity,filled_quantity,status,channel,order_time',
  'trades.csv':
    'trade_no,order_no,fund_account,market,security_code,side,price,quantity,amount,commission,stamp_duty,transfer_fee,handling_fee,regulatory_fee,trade_time,channel',
  'fund_flows.csv': 'flow_no,fund_account,currency,flow_type,amount,flow_time',
  'credit.csv': 'fund_account,financing_debt,lending_debt,interest_payable,collateral_value',
  'product_holdings.csv': 'fund_account,product_code,units,market_value',
  'product_trades.csv': 'txn_no,fund_account,product_code,txn_type,amount,fee,txn_time',
} as const;
export type ExtractFile = keyof typeof EXTRACT_HEADERS;
const REQUIRED_FILES: ReadonlySet<string> = new Set(['assets.csv', 'positions.csv', 'orders.csv', 'trades.csv', 'fund_flows.csv']);

export const ORG_HEADERS = {
  'teams.csv': 'team_code,team_name,branch_code,leader_staff_no',
  'staff.csv': 'staff_no,name,category,level,team_code,branch_code,hire_date,leave_date,contract_type,mobile,email',
  'relationships.csv': 'customer_no,staff_no,kind,weight,assessment_set,added_on,effective_from,confirmed_on,ended_on,guaranteed_rate',
} as const;

// ---------------------------------------------------------------- codes of the in-memory model

const T_P = 0;
const T_O = 1;
const T_F = 2;
const TYPE_TEXT = ['P', 'O', 'F'] as const;
// customer statuses by their index in CUSTOMER_STATUSES
const ST_NORMAL = 0;
const ST_FROZEN = 1;
const ST_LOST = 2;
const ST_DORMANT = 3;
const ST_CLOSED = 4;
const INV_ORDINARY = 0;
const INV_PRO_A = 1;
const INV_PRO_B = 2;
const INV_PRO_C = 3;
const INV_TEXT = ['ORDINARY', 'PRO_A', 'PRO_B', 'PRO_C'] as const;
const K_NORMAL = 0;
const K_CREDIT = 1;
const HAS_CREDIT = 1;
const HAS_USD = 2;
const HAS_HKD = 4;
/** position slots per account (the demo keeps 1–4 holdings per account) */
const SLOTS = 4;
/** product holding slots per account */
const PSLOTS = 2;
const NO_DAY = -2_147_483_648;
/** an assessment older than this many days counts as none (suitability.md) */
const ASSESSMENT_VALID_DAYS = 730;

/** the highest daily purchase chance of purchaseRate (0.00035 × 6 × 2.5 × 2 × 1.5 × 3) */
const MAX_PURCHASE_RATE = 0.04725;
/** the trading days after a transfer in from the bank during which the new money looks for a product */
const NEW_MONEY_DAYS = 10;
/**
 * the highest daily chance of an advisory subscription (advisoryShare 1: a customer of a year or more placing
 * ADVISORY_FULL_ORDERS orders a day or more with 1,000,000 yuan or more)
 */
const MAX_ADVISORY_RATE = 0.0055;
const ADVISORY_FULL_ORDERS = 5;
/** advisoryShare's weight by the customer's wealth (yuan): 1,000,000+, 300,000+, 100,000+, less */
const ADVISORY_SIZE = [[1_000_000, 1], [300_000, 0.8], [100_000, 0.48], [0, 0.16]] as const;
/** advisoryShare's weight for a customer of less than a year (an advisory service is bought with experience) */
const ADVISORY_NEW_CUSTOMER = 0.5;
/** the chance that a purchase (申购) of a non-money public fund starts a regular investment plan (定投) in it */
const PLAN_START_CHANCE = 0.4;
/** the chance that a fund holder at the start of the period already has a plan in a fund held */
const PLAN_HELD_CHANCE = 0.5;
/** the chance per instalment that the customer ends the plan (终止定投) */
const PLAN_STOP_CHANCE = 0.05;
/** consecutive failed debits (扣款失败: too little cash) after which a plan ends */
const PLAN_MAX_FAILS = 3;
/** an instalment missed by more than this many calendar days (the customer inactive) is skipped */
const PLAN_LATE_DAYS = 7;
/** the chance that a holder of a maturing note reinvests the pay-out in the series' next issue */
const ROLLOVER_CHANCE = 0.7;
/** the chance that a customer about to buy a product anyway takes the monthly issue of their risk appetite a broker offers them (offeredIssue) */
const ISSUE_TAKE_CHANCE = 0.5;
/** a broker's offer of a monthly issue multiplies the customer's purchase chance (purchaseRate) on the days of its subscription week: of the customer's risk appetite, or only suitable */
const ISSUE_OFFER_BOOST = 6;
const ISSUE_OFFER_BOOST_OTHER = 2;
/** the products a customer comes across by chance (pickProduct's draw): all but the monthly issues, listed last, so the draw is as before they were added */
const DRAWN_PRODUCTS = PRODUCTS.filter((p) => !p.monthly).length;
/** A fixed trait of 15 % of the customers, seen in the extract only through what they do: they like financial products. */
function productMinded(i: number): boolean {
  return (Math.imul(i + 1, 0x9e3779b1) >>> 0) % 100 < 15;
}
/** Whether product p is bought through regular investment plans (定投): the public funds other than money funds (R1). */
function plannable(p: number): boolean {
  return PRODUCTS[p]!.type === 'PUBLIC_FUND' && PRODUCTS[p]!.risk >= 2;
}
/** The calendar day number one month after `dayNum`, on the same day of the month (at most the 28th). */
function nextMonth(dayNum: number): number {
  const [y, m, d] = dateOf(dayNum).split('-').map(Number) as [number, number, number];
  return dayNumber(`${m === 12 ? y + 1 : y}-${String(m === 12 ? 1 : m + 1).padStart(2, '0')}-${String(Math.min(d, 28)).padStart(2, '0')}`);
}
const ADVISORY_PRODUCTS: readonly number[] = PRODUCTS.flatMap((p, j) => (p.type === 'ADVISORY' ? [j] : []));
const CHANNELS = new WeightedTable(['MOBILE', 'WEB', 'COUNTER', 'PHONE', 'API'] as const, [72, 10, 7, 4, 7]);
const TIMES: string[] = Array.from({ length: 86_400 }, (_, s) => {
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  return `${h < 10 ? '0' : ''}${h}:${m < 10 ? '0' : ''}${m}:${sec < 10 ? '0' : ''}${sec}`;
});

/** A second of the continuous trading sessions 09:30–11:29 and 13:00–14:58, leaving a minute for fills. */
function sessionSecond(rng: Rng): number {
  const u = rng.int(0, 14_279);
  return u < 7140 ? 34_200 + u : 46_800 + (u - 7140);
}

/** A Poisson count given e^-λ (Knuth's method: fine for the small λ of a customer's orders). */
function poisson(rng: Rng, expNegLambda: number): number {
  let k = 0;
  let p = rng.next();
  while (p > expNegLambda) {
    k++;
    p *= rng.next();
  }
  return k;
}

function logUniform(rng: Rng, lo: number, hi: number): number {
  return Math.exp(Math.log(lo) + rng.next() * (Math.log(hi) - Math.log(lo)));
}

// ---------------------------------------------------------------- pinned customers (DEMO_FACTS)

interface PinnedSpec {
  readonly type: number;
  readonly wealthYuan: number;
  readonly lambda: number;
  readonly risk: number;
  readonly inv: number;
  /** maintenance ratio of a credit account on the last day */
  readonly marginRatio?: number;
  readonly usd?: boolean;
  readonly product?: string;
  readonly rel: PinnedRelationships;
}

/** Index i is customer 100000000(i+1); see DEMO_FACTS.customers for what each is for. */
const PINNED: readonly PinnedSpec[] = [
  { type: T_P, wealthYuan: 3_200_000, lambda: 3, risk: 4, inv: INV_ORDINARY, product: 'QS0001', rel: { develop: [[3, 10]], service: 7 } },
  { type: T_P, wealthYuan: 300_000, lambda: 0.8, risk: 3, inv: INV_ORDINARY, rel: { develop: [[3, 6], [4, 4]] } },
  { type: T_P, wealthYuan: 900_000, lambda: 0.5, risk: 4, inv: INV_ORDINARY, marginRatio: 1.25, rel: { develop: [[3, 10]] } },
  { type: T_P, wealthYuan: 150_000, lambda: 0.5, risk: 3, inv: INV_ORDINARY, usd: true, rel: { develop: [[3, 10]] } },
  { type: T_O, wealthYuan: 20_000_000, lambda: 1, risk: 4, inv: INV_PRO_B, rel: { develop: [[4, 10]] } },
  { type: T_F, wealthYuan: 50_000_000, lambda: 2, risk: 5, inv: INV_PRO_A, rel: { develop: [[3, 10]] } },
  { type: T_P, wealthYuan: 200_000, lambda: 0.5, risk: 3, inv: INV_ORDINARY, rel: { develop: [[3, 10]] } },
  { type: T_P, wealthYuan: 500_000, lambda: 4, risk: 4, inv: INV_ORDINARY, rel: { develop: [[3, 10]] } },
  { type: T_P, wealthYuan: 2_500_000, lambda: 1, risk: 4, inv: INV_ORDINARY, rel: { develop: [[3, 10]] } },
  { type: T_P, wealthYuan: 80_000, lambda: 0.3, risk: 2, inv: INV_ORDINARY, rel: { develop: [[3, 10]] } },
  { type: T_P, wealthYuan: 1_200_000, lambda: 0.5, risk: 5, inv: INV_ORDINARY, marginRatio: 1.42, rel: { develop: [[3, 10]] } },
  { type: T_P, wealthYuan: 400_000, lambda: 1, risk: 3, inv: INV_ORDINARY, rel: { develop: [[12, 10]] } },
  { type: T_P, wealthYuan: 250_000, lambda: 1, risk: 3, inv: INV_ORDINARY, rel: { develop: [[3, 10]], changeTo: 4 } },
];
const PIN_MARGIN_LOW = 2;
const PIN_QUICK = 6;
const PIN_CANCELS = 7;
const PIN_WITHDRAWAL = 8;
const PIN_CLOSING = 9;
const PIN_MARGIN_WARNING = 10;
const PIN_CHANGED = 12;

// ---------------------------------------------------------------- scheduled events

type DayEvent =
  | { kind: 'liquidate'; customer: number }
  | { kind: 'bankIn'; customer: number; amount: number }
  /** BANK_OUT of `share` of the cash (or of `of` cents when given), at least `minAmount` */
  | { kind: 'bankOutShare'; customer: number; share: number; minAmount: number; of?: number }
  /** BANK_OUT of all the cash but `keep` cents (at most a tenth of it) */
  | { kind: 'sweep'; customer: number; keep?: number }
  /** sells one holding (part of the money leaving) */
  | { kind: 'trim'; customer: number }
  | { kind: 'cancels'; customer: number };

/**
 * A customer's drift (流失 or a dip): its trading activity falls linearly from day `from` to `floor`
 * times the usual at `low`, stays there, and climbs back from `upFrom` to normal at `upTo` (never,
 * for a churner). Day indices of the period; they may lie before it (the drift began earlier).
 */
interface Journey {
  readonly kind: 'CLOSE' | 'DRAIN' | 'RECOVER' | 'DECLINE';
  readonly from: number;
  readonly low: number;
  readonly upFrom: number;
  readonly upTo: number;
  readonly floor: number;
  /** the closing or the drain, -1 for none */
  readonly churnDay: number;
}
const NEVER = 1_000_000;

/** The share of its usual trading a customer on a journey does on day d. */
function activityFactor(j: Journey, d: number): number {
  if (d <= j.from) return 1;
  if (d < j.low) return 1 - ((1 - j.floor) * (d - j.from)) / (j.low - j.from);
  if (d < j.upFrom) return j.floor;
  if (d < j.upTo) return j.floor + ((1 - j.floor) * (d - j.upFrom)) / (j.upTo - j.upFrom);
  return 1;
}

/** How much a customer on a journey is contacted on day d: less while drifting away, not after leaving. */
function contactFactor(j: Journey | undefined, d: number): number {
  if (!j) return 1;
  if (j.kind === 'CLOSE' || j.kind === 'DRAIN') return d >= j.churnDay ? 0 : d > j.from ? 0.35 : 1;
  return 1;
}

interface DayFiles {
  readonly sinks: Map<ExtractFile, CsvSink>;
  readonly ymd: string;
  orderSeq: number;
  tradeSeq: number;
  flowSeq: number;
  txnSeq: number;
}

interface Resolved {
  readonly outDir: string;
  readonly customers: number;
  readonly days: readonly string[];
  readonly seed: number;
  readonly encoding: DemoEncoding;
}

/** The default last day: the last trading day strictly before today in Asia/Shanghai. */
export function defaultEndDate(now: Date = new Date()): string {
  return previousTradingDay(businessDate(now, 'Asia/Shanghai'));
}

class DemoBrokerage {
  private readonly rng: Rng;
  private readonly market: DemoMarket;
  private readonly days: readonly string[];
  private readonly dayNum: Int32Array;
  private readonly n: number;
  /** customers that exist before the period (the rest open during it) */
  private readonly existing: number;
  readonly org: DemoOrg;
  private readonly planner: RelationshipPlanner;
  private readonly changeDate: string | undefined;

  // customers
  private readonly cType: Uint8Array;
  private readonly cBranch: Uint8Array;
  private readonly cOpen: Int32Array;
  /** period day index of the opening, -1 when opened before the period */
  private readonly cOpenIdx: Int32Array;
  /** period day index of the closing, -1 when none */
  private readonly cCloseIdx: Int32Array;
  private readonly cStatus: Uint8Array;
  private readonly cRisk: Uint8Array;
  private readonly cRiskOn: Int32Array;
  private readonly cInv: Uint8Array;
  private readonly cContactVersion: Uint16Array;
  private readonly cExpNegLambda: Float64Array;
  private readonly cWealth: Float64Array;
  private readonly cFlags: Uint8Array;
  private readonly cFirstAccount: Int32Array;
  private readonly cAccounts: Uint8Array;
  private readonly cQuietFrom: Int32Array;
  private readonly cQuietTo: Int32Array;
  private readonly cScripted: Uint8Array;
  private readonly cRefDay: Int32Array;
  /** period day index of the last BANK_IN */
  private readonly cLastBankIn: Int32Array;
  /** index into `journeys`, -1 for none */
  private readonly cJourney: Int32Array;
  private readonly journeys: Journey[] = [];
  /** a large account at a negotiated low commission rate that rarely trades */
  private readonly cBigLow: Uint8Array;
  readonly patterns: DemoPatterns = {
    churnClose: 0, churnDrain: 0, churnAbrupt: 0, recovering: 0, declining: 0, bigLowCommission: 0, quickInOut: 0, cancelStorms: 0, largeWithdrawals: 0, contacts: 0, prospects: 0,
  };

  // fund accounts
  readonly accountCount: number;
  private readonly aCustomer: Int32Array;
  private readonly aKind: Uint8Array;
  private readonly aCurrency: Uint8Array;
  private readonly aRate: Uint16Array;
  private readonly aOpen: Int32Array;
  private readonly aNo: string[];
  private readonly aCash: Float64Array;
  private readonly aQuiet: Uint8Array;
  private readonly aRefDay: Int32Array;
  // credit accounts
  private readonly aFinancing: Float64Array;
  private readonly aInterest: Float64Array;
  private readonly aLendSecurity: Int16Array;
  private readonly aLendQty: Float64Array;
  /** a margin call (追加担保物) met by a BANK_IN of aCallAmount cents on this day index, -1 none */
  private readonly aCallDay: Int32Array;
  private readonly aCallAmount: Float64Array;
  // positions: SLOTS per account
  private readonly sSecurity: Int16Array;
  private readonly sQty: Float64Array;
  private readonly sCost: Float64Array;
  private readonly sBuyDay: Int32Array;
  private readonly sBuyQty: Float64Array;
  // product holdings: PSLOTS per account (units in 1/100)
  private readonly pProduct: Int16Array;
  private readonly pUnits: Float64Array;
  // regular investment plans (定投), one per customer at most: the fund, the instalment (cents), the next
  // debit's calendar day number, the consecutive failed debits
  private readonly planProduct: Int16Array;
  private readonly planAmount: Float64Array;
  private readonly planDue: Int32Array;
  private readonly planFails: Uint8Array;

  private readonly events: DayEvent[][];
  private readonly interestDays: ReadonlySet<number>;
  private readonly productIndex = new Map<string, number>();
  /** 1 on the trading days within a monthly issue's subscription week */
  private readonly issueWeek: Uint8Array;

  constructor(private readonly cfg: Resolved) {
    const { seed, days } = cfg;
    const D = days.length;
    this.days = days;
    this.dayNum = Int32Array.from(days, (d) => dayNumber(d));
    this.rng = createRng(hashSeed(seed, 0x5e7));
    const rng = this.rng;
    this.market = buildMarket(seed, D);
    PRODUCTS.forEach((p, j) => this.productIndex.set(p.code, j));
    this.issueWeek = new Uint8Array(D);
    for (let p = DRAWN_PRODUCTS; p < PRODUCTS.length; p++) {
      const launch = this.market.productLaunch[p] as number;
      for (let d = launch; launch > 0 && d < Math.min(D, launch + 5); d++) this.issueWeek[d] = 1;
    }
    const n = cfg.customers;
    this.n = n;
    const newCount = D < 3 ? 0 : Math.max(2, Math.round(n * 0.00012 * (D - 1)));
    // churn in a few per cent a year (about 750 of 26,631 customers over 120 days): 40 % close, 60 % drain
    const closeCount = D < 3 ? 0 : Math.max(1, Math.round(n * 0.000095 * D));
    const drainCount = D < 25 ? 0 : Math.round(n * 0.00014 * D);
    this.existing = n - newCount;
    const firstDay = days[0] as string;
    const day0 = this.dayNum[0] as number;

    // organisation: the leaver leaves in the middle of the period (or before it, for short periods)
    const leaveDate = D >= 4 ? (days[Math.floor(D / 2)] as string) : addDays(firstDay, -30);
    this.org = buildOrg(seed, n, firstDay, leaveDate);
    const changeDays = days.filter((d, k) => k >= 1 && Number(d.slice(8)) >= 8 && Number(d.slice(8)) <= 22);
    this.changeDate = changeDays.length > 0 ? changeDays[Math.floor(changeDays.length / 2)] : undefined;
    this.planner = new RelationshipPlanner(seed, this.org, firstDay, changeDays);

    // ------------------------------------------------------------ customers
    this.cType = new Uint8Array(n);
    this.cBranch = new Uint8Array(n);
    this.cOpen = new Int32Array(n);
    this.cOpenIdx = new Int32Array(n).fill(-1);
    this.cCloseIdx = new Int32Array(n).fill(-1);
    this.cStatus = new Uint8Array(n);
    this.cRisk = new Uint8Array(n);
    this.cRiskOn = new Int32Array(n).fill(NO_DAY);
    this.cInv = new Uint8Array(n);
    this.cContactVersion = new Uint16Array(n);
    this.cExpNegLambda = new Float64Array(n).fill(1);
    this.cWealth = new Float64Array(n);
    this.cFlags = new Uint8Array(n);
    this.cFirstAccount = new Int32Array(n);
    this.cAccounts = new Uint8Array(n);
    this.cQuietFrom = new Int32Array(n).fill(-1);
    this.cQuietTo = new Int32Array(n).fill(-2);
    this.cScripted = new Uint8Array(n);
    this.cRefDay = new Int32Array(n).fill(-1);
    this.cLastBankIn = new Int32Array(n).fill(-100);
    this.planProduct = new Int16Array(n).fill(-1);
    this.planAmount = new Float64Array(n);
    this.planDue = new Int32Array(n);
    this.planFails = new Uint8Array(n);
    this.cJourney = new Int32Array(n).fill(-1);
    this.cBigLow = new Uint8Array(n);

    const branchTable = new WeightedTable(
      BRANCHES.map((_, b) => b),
      BRANCHES.map((b) => b.share),
    );
    const historyStart = dayNumber('2000-01-04');
    const lastBefore = dayNumber(previousTradingDay(firstDay));
    let accounts = 0;
    for (let i = 0; i < n; i++) {
      const pin = i < PINNED.length ? PINNED[i] : undefined;
      const type = pin ? pin.type : rng.chance(0.95) ? T_P : rng.chance(0.8) ? T_O : T_F;
      this.cType[i] = type;
      this.cBranch[i] = pin ? 0 : branchTable.pick(rng);
      if (i < this.existing) {
        const f = (i + 0.5) / this.existing;
        const raw = historyStart + Math.floor((lastBefore - historyStart) * f ** 0.6);
        this.cOpen[i] = dayNumber(tradingDayOnOrBefore(dateOf(raw)));
      } else {
        const idx = 1 + Math.floor(((i - this.existing) * (D - 1)) / newCount);
        this.cOpenIdx[i] = idx;
        this.cOpen[i] = this.dayNum[idx] as number;
      }
      // wealth (net asset at the start, or the target of a new customer), in cents
      let wealthYuan: number;
      if (pin) wealthYuan = pin.wealthYuan;
      else if (type === T_P) {
        const u = rng.next();
        if (u < 0.2) wealthYuan = logUniform(rng, 10, 5_000);
        else if (u < 0.8) wealthYuan = logUniform(rng, 10_000, 200_000);
        else if (u < 0.95) wealthYuan = logUniform(rng, 200_000, 1_000_000);
        else if (u < 0.995) wealthYuan = logUniform(rng, 1_000_000, 5_000_000);
        else wealthYuan = Math.min(80_000_000, 5_000_000 * (1 - rng.next()) ** (-1 / 1.3));
      } else if (type === T_O) {
        wealthYuan = rng.chance(0.92) ? logUniform(rng, 200_000, 10_000_000) : logUniform(rng, 10_000_000, 100_000_000);
      } else {
        wealthYuan = logUniform(rng, 3_000_000, 100_000_000);
      }
      // status (customers opening in the period start NORMAL)
      let status = ST_NORMAL;
      if (!pin && i < this.existing) {
        if (wealthYuan < 2_000 && type === T_P && rng.chance(0.4)) {
          status = ST_DORMANT;
          wealthYuan = rng.next() * 99;
        } else if (rng.chance(0.012)) status = ST_FROZEN;
        else if (rng.chance(0.008)) status = ST_LOST;
      }
      this.cStatus[i] = status;
      this.cWealth[i] = Math.round(wealthYuan * 100);
      // risk category, assessment date, investor class
      const openDay = this.cOpen[i] as number;
      if (pin) {
        this.cRisk[i] = pin.risk;
        this.cInv[i] = pin.inv;
      } else if (type === T_P) {
        const u = rng.next();
        this.cRisk[i] = u < 0.07 ? 0 : u < 0.15 ? 1 : u < 0.35 ? 2 : u < 0.7 ? 3 : u < 0.92 ? 4 : 5;
        this.cInv[i] = wealthYuan >= 5_000_000 && rng.chance(0.5) ? INV_PRO_B : rng.chance(0.015) ? INV_PRO_C : INV_ORDINARY;
      } else {
        this.cRisk[i] = rng.chance(0.5) ? 4 : 5;
        this.cInv[i] = type === T_F ? INV_PRO_A : rng.chance(0.4) ? INV_PRO_B : INV_ORDINARY;
      }
      if (this.cInv[i] !== INV_ORDINARY && this.cRisk[i] !== 0) this.cRisk[i] = Math.max(this.cRisk[i] as number, 4);
      if (this.cRisk[i] !== 0) {
        const latest = Math.max(openDay, day0 - 1);
        const earliest = Math.max(openDay, day0 - (rng.chance(0.2) ? 1500 : ASSESSMENT_VALID_DAYS - 30));
        this.cRiskOn[i] = pin ? day0 - 200 : earliest + Math.floor(rng.next() * Math.max(1, latest - earliest));
      }
      // trading activity: orders per day, Pareto-like (most customers rarely trade)
      let lambda: number;
      if (pin) lambda = pin.lambda;
      else if (status !== ST_NORMAL || wealthYuan < 5_000) lambda = 0.02;
      else {
        const v = rng.next();
        lambda = v < 0.5 ? 0.02 + rng.next() * 0.13 : v < 0.82 ? 0.3 + rng.next() * 1.0 : v < 0.97 ? 1.6 + rng.next() * 3.9 : 6.5 + rng.next() * 11;
        // 大而不赚: about a quarter of the large accounts negotiated a low rate and hardly trade
        if (wealthYuan >= 1_000_000 && type !== T_F && i < this.existing && rng.chance(0.25)) {
          this.cBigLow[i] = 1;
          lambda = 0.004 + rng.next() * 0.04;
        }
      }
      this.cExpNegLambda[i] = Math.exp(-lambda);
      // extra accounts
      let flags = 0;
      if (pin) {
        if (pin.marginRatio !== undefined) flags |= HAS_CREDIT;
        if (pin.usd) flags |= HAS_USD;
      } else if (i < this.existing && status === ST_NORMAL && (type === T_P || type === T_O)) {
        if (wealthYuan >= 300_000 && openDay <= day0 - 400 && rng.chance(0.18)) flags |= HAS_CREDIT;
        if (type === T_P && wealthYuan >= 30_000 && rng.chance(0.012)) flags |= HAS_USD;
        if (type === T_P && wealthYuan >= 30_000 && rng.chance(0.003)) flags |= HAS_HKD;
      }
      if (flags & HAS_CREDIT && this.cInv[i] === INV_ORDINARY) {
        // margin needs C4 or above (suitability.md)
        this.cRisk[i] = Math.max(this.cRisk[i] as number, 4);
        if (this.cRiskOn[i] === NO_DAY) this.cRiskOn[i] = day0 - 100;
      }
      this.cFlags[i] = flags;
      this.cFirstAccount[i] = accounts;
      const count = 1 + (flags & HAS_CREDIT ? 1 : 0) + (flags & HAS_USD ? 1 : 0) + (flags & HAS_HKD ? 1 : 0);
      this.cAccounts[i] = count;
      accounts += count;
    }

    // ------------------------------------------------------------ fund accounts
    const A = accounts;
    this.accountCount = A;
    this.aCustomer = new Int32Array(A);
    this.aKind = new Uint8Array(A);
    this.aCurrency = new Uint8Array(A);
    this.aRate = new Uint16Array(A);
    this.aOpen = new Int32Array(A);
    this.aNo = new Array<string>(A);
    this.aCash = new Float64Array(A);
    this.aQuiet = new Uint8Array(A);
    this.aRefDay = new Int32Array(A).fill(-1);
    this.aFinancing = new Float64Array(A);
    this.aInterest = new Float64Array(A);
    this.aLendSecurity = new Int16Array(A).fill(-1);
    this.aLendQty = new Float64Array(A);
    this.aCallDay = new Int32Array(A).fill(-1);
    this.aCallAmount = new Float64Array(A);
    this.sSecurity = new Int16Array(A * SLOTS).fill(-1);
    this.sQty = new Float64Array(A * SLOTS);
    this.sCost = new Float64Array(A * SLOTS);
    this.sBuyDay = new Int32Array(A * SLOTS).fill(-1);
    this.sBuyQty = new Float64Array(A * SLOTS);
    this.pProduct = new Int16Array(A * PSLOTS).fill(-1);
    this.pUnits = new Float64Array(A * PSLOTS);

    const rates = new WeightedTable([150, 180, 200, 250, 300], [15, 15, 25, 30, 15]);
    for (let i = 0; i < n; i++) {
      const branchNo = String((this.cBranch[i] as number) + 1).padStart(4, '0');
      const seq = String(i + 1).padStart(7, '0');
      const flags = this.cFlags[i] as number;
      const wealth = this.cWealth[i] as number;
      const type = this.cType[i] as number;
      const fresh = (this.cOpenIdx[i] as number) >= 0;
      let a = this.cFirstAccount[i] as number;
      const setup = (kind: number, currency: number, digit: string, open: number): number => {
        this.aCustomer[a] = i;
        this.aKind[a] = kind;
        this.aCurrency[a] = currency;
        this.aRate[a] = this.cBigLow[i] === 1 ? rng.pick([80, 100, 120]) : type === T_P ? rates.pick(rng) : rng.chance(0.7) ? 150 : 180;
        this.aOpen[a] = open;
        this.aNo[a] = branchNo + digit + seq;
        return a++;
      };
      const normal = setup(K_NORMAL, CUR_CNY, '1', this.cOpen[i] as number);
      if (!fresh && this.cStatus[i] !== ST_DORMANT) this.allocate(normal, wealth, type !== T_P);
      else if (!fresh) this.aCash[normal] = wealth;
      if (flags & HAS_CREDIT) {
        const open = this.cOpen[i] as number;
        const from = open + 180;
        const creditOpen = dayNumber(tradingDayOnOrBefore(dateOf(from + Math.floor(rng.next() * Math.max(1, day0 - 1 - from)))));
        const credit = setup(K_CREDIT, CUR_CNY, '8', creditOpen);
        const ratio = PINNED[i]?.marginRatio;
        if (ratio !== undefined) this.setupPinnedMargin(credit, Math.round(wealth * 0.6), ratio);
        else this.setupMargin(credit, Math.round(wealth * (0.3 + rng.next() * 0.5)));
      }
      if (flags & HAS_USD) this.allocateForeign(setup(K_NORMAL, CUR_USD, '2', this.cOpen[i] as number), wealth, CUR_USD);
      if (flags & HAS_HKD) this.allocateForeign(setup(K_NORMAL, CUR_HKD, '3', this.cOpen[i] as number), wealth, CUR_HKD);
      // financial products held by a few per cent of customers
      const pin = i < PINNED.length ? PINNED[i] : undefined;
      if (pin?.product) this.holdProduct(normal, this.productIndex.get(pin.product) as number, Math.round(wealth * 0.15));
      else if (!pin && !fresh && type !== T_F && this.cStatus[i] === ST_NORMAL && wealth >= 5_000_000 && rng.chance(productMinded(i) ? 0.5 : 0.04)) {
        const k = rng.chance(0.25) ? 2 : 1;
        for (let j = 0; j < k; j++) {
          const p = this.pickProduct(i, wealth * 0.3, 0);
          if (p >= 0) this.holdProduct(normal, p, Math.max(PRODUCTS[p]!.minAmount * 100, Math.round(wealth * (0.05 + rng.next() * 0.25))));
        }
        // a fund held may be one the customer buys monthly: the next debit falls within the first month
        const fund = this.pProduct[normal * PSLOTS] as number;
        if (fund >= 0 && plannable(fund) && rng.chance(PLAN_HELD_CHANCE)) {
          this.startPlan(i, fund, rng.int(1, 5) * 100_000, day0 + rng.int(0, 29));
        }
      }
    }

    // ------------------------------------------------------------ scheduled events
    this.events = Array.from({ length: D }, () => []);
    const at = (d: number, e: DayEvent): void => {
      if (d >= 0 && d < D) (this.events[d] as DayEvent[]).push(e);
    };
    const quiet = (i: number, from: number, to: number): void => {
      this.cScripted[i] = 1;
      this.cQuietFrom[i] = from;
      this.cQuietTo[i] = to;
      this.onlyTradables(i);
    };
    const scheduleClosing = (i: number, closeIdx: number, k: number): void => {
      const sell = closeIdx - k;
      quiet(i, sell, closeIdx);
      this.cCloseIdx[i] = closeIdx;
      at(sell, { kind: 'liquidate', customer: i });
      if (sell + 1 < closeIdx - 1) at(sell + 1, { kind: 'bankOutShare', customer: i, share: 0.8 + rng.next() * 0.15, minAmount: 0 });
      at(closeIdx - 1, { kind: 'sweep', customer: i });
    };
    const scheduleQuickInOut = (i: number, t: number, k: number, amount: number): void => {
      quiet(i, t, t + k);
      at(t, { kind: 'bankIn', customer: i, amount });
      at(t + k, { kind: 'bankOutShare', customer: i, share: 0.9 + rng.next() * 0.09, minAmount: 0, of: amount });
    };
    const scheduleWithdrawal = (i: number, t: number): void => {
      quiet(i, t - 1, t);
      at(t - 1, { kind: 'liquidate', customer: i });
      at(t, { kind: 'bankOutShare', customer: i, share: 0.6 + rng.next() * 0.3, minAmount: 50_000_000 });
    };
    // pinned scenarios (DEMO_FACTS); those that need days happen when the period has them.
    // The pinned margin accounts stay untouched, so their maintenance ratio lands where it should.
    for (let i = 0; i < PINNED.length; i++) this.cScripted[i] = 1;
    this.aQuiet[(this.cFirstAccount[PIN_MARGIN_LOW] as number) + 1] = 1;
    this.aQuiet[(this.cFirstAccount[PIN_MARGIN_WARNING] as number) + 1] = 1;
    if (D >= 3) scheduleQuickInOut(PIN_QUICK, Math.max(0, D - 4), 2, 30_000_000);
    at(D - 1, { kind: 'cancels', customer: PIN_CANCELS });
    if (D >= 2) scheduleWithdrawal(PIN_WITHDRAWAL, D - 1);
    if (D >= 3) scheduleClosing(PIN_CLOSING, D - 1, Math.min(10, D - 1));
    // random scenarios among ordinary customers
    const candidate = (test: (i: number) => boolean): number => {
      for (let attempt = 0; attempt < 200; attempt++) {
        const i = rng.int(PINNED.length, this.existing - 1);
        if (i < n && this.cScripted[i] === 0 && this.cStatus[i] === ST_NORMAL && test(i)) return i;
      }
      return -1;
    };
    const scheduleDrain = (i: number, day: number, k: number): void => {
      const sell = day - k;
      quiet(i, sell, D - 1);
      at(sell, { kind: 'liquidate', customer: i });
      if (sell + 1 < day) at(sell + 1, { kind: 'bankOutShare', customer: i, share: 0.8 + rng.next() * 0.15, minAmount: 0 });
      at(day, { kind: 'sweep', customer: i, keep: rng.chance(0.3) ? 0 : rng.int(100, 99_000) });
    };
    const journey = (i: number, j: Journey): void => {
      this.cScripted[i] = 1;
      this.cJourney[i] = this.journeys.length;
      this.journeys.push(j);
    };
    /** `count` partial transfers out between day `from` and `to` (mostly a holding sold, part of the cash out the next day); the last day of one, -1 for none */
    const partialOuts = (i: number, from: number, to: number, count: number, shareLo: number, shareHi: number): number => {
      let last = -1;
      for (let c = 0; c < count; c++) {
        const lo = Math.max(0, from + 1);
        if (to - 1 < lo) break;
        const t = rng.int(lo, to - 1);
        if (rng.chance(0.85)) at(t, { kind: 'trim', customer: i });
        at(t + 1, { kind: 'bankOutShare', customer: i, share: shareLo + rng.next() * (shareHi - shareLo), minAmount: 0 });
        last = Math.max(last, t + 1);
      }
      return last;
    };
    /**
     * A churner: most drift away over one to four months (trading less, part of the money out,
     * fewer contacts) before selling out, transferring out and closing or leaving the account empty;
     * about one in eight leaves without warning.
     */
    const churn = (i: number, kind: 'CLOSE' | 'DRAIN', day: number): void => {
      const k = rng.int(1, Math.min(5, day));
      const abrupt = rng.chance(0.12);
      const low = day - k;
      const from = abrupt ? low - 1 : low - rng.int(20, 90);
      journey(i, { kind, from, low, upFrom: NEVER, upTo: NEVER, floor: abrupt ? 1 : rng.next() * 0.35, churnDay: day });
      if (!abrupt) partialOuts(i, from, low - 1, rng.pick([1, 1, 2, 2, 3]), 0.2, 0.6);
      if (kind === 'CLOSE') scheduleClosing(i, day, k);
      else scheduleDrain(i, day, k);
      if (kind === 'CLOSE') this.patterns.churnClose++;
      else this.patterns.churnDrain++;
      if (abrupt) this.patterns.churnAbrupt++;
    };
    const churnCandidate = (): number => {
      const i = candidate((x) => {
        const wealth = this.cWealth[x] as number;
        if (this.cFlags[x] !== 0 || this.cType[x] === T_F || this.cBigLow[x] === 1 || wealth < 500_000 || wealth > 500_000_000) return false;
        if (this.pProduct[(this.cFirstAccount[x] as number) * PSLOTS] !== -1) return false;
        const tenureYears = ((this.dayNum[0] as number) - (this.cOpen[x] as number)) / 365;
        // institutions, long-standing customers and those who hardly ever trade leave less often
        const rare = (this.cExpNegLambda[x] as number) > Math.exp(-0.15);
        return rng.chance((this.cType[x] === T_O ? 0.3 : 1) * (tenureYears > 3 ? 0.5 : 1) * (rare ? 0.5 : 1));
      });
      return i;
    };
    if (this.existing > PINNED.length + 10) {
      for (let c = 0; c < closeCount; c++) {
        const i = churnCandidate();
        if (i >= 0) churn(i, 'CLOSE', rng.int(2, D - 1));
      }
      for (let c = 0; c < drainCount; c++) {
        const i = churnCandidate();
        if (i >= 0) churn(i, 'DRAIN', rng.int(21, D - 1));
      }
      if (D >= 25) {
        // the false alarms: a dip in activity (some take part of their money out, some bring it back) and a recovery
        for (let c = Math.round(n * 0.0003 * D); c > 0; c--) {
          const i = candidate((x) => this.cType[x] === T_P && (this.cWealth[x] as number) >= 500_000 && this.cBigLow[x] === 0);
          if (i < 0) continue;
          const from = rng.int(-10, D - 15);
          const low = from + rng.int(8, 30);
          const upFrom = low + rng.int(3, 25);
          const upTo = upFrom + rng.int(5, 20);
          journey(i, { kind: 'RECOVER', from, low, upFrom, upTo, floor: rng.next() * 0.4, churnDay: -1 });
          const outs = partialOuts(i, from, upFrom, rng.pick([0, 0, 1, 1, 2]), 0.15, 0.5);
          if (outs >= 0 && rng.chance(0.4)) {
            at(Math.min(D - 1, upFrom + rng.int(0, 15)), { kind: 'bankIn', customer: i, amount: Math.max(1_000_000, divFloor(Math.round((this.cWealth[i] as number) * (0.1 + rng.next() * 0.3)), 10_000) * 10_000) });
          }
          this.patterns.recovering++;
        }
        // and those who trade less and less but stay
        for (let c = Math.round(n * 0.0001 * D); c > 0; c--) {
          const i = candidate((x) => this.cType[x] !== T_F && (this.cWealth[x] as number) >= 500_000 && this.cBigLow[x] === 0);
          if (i < 0) continue;
          const from = rng.int(-20, D - 20);
          journey(i, { kind: 'DECLINE', from, low: from + rng.int(10, 40), upFrom: NEVER, upTo: NEVER, floor: 0.05 + rng.next() * 0.35, churnDay: -1 });
          this.patterns.declining++;
        }
      }
      if (D >= 2) {
        for (let c = 0; c < Math.max(1, Math.round((n * D) / 120_000)); c++) {
          const i = candidate((x) => this.cType[x] === T_P && (this.cWealth[x] as number) >= 3_000_000);
          if (i < 0) continue;
          const t = rng.int(0, D - 2);
          scheduleQuickInOut(i, t, rng.int(1, Math.min(3, D - 1 - t)), rng.int(50, 500) * 100_000);
          this.patterns.quickInOut++;
        }
        for (let c = 0; c < Math.max(1, Math.round(n / 5000)); c++) {
          const i = candidate((x) => this.cFlags[x] === 0 && this.cType[x] !== T_F && (this.cWealth[x] as number) >= 150_000_000);
          if (i >= 0) {
            scheduleWithdrawal(i, rng.int(1, D - 1));
            this.patterns.largeWithdrawals++;
          }
        }
      }
      // cancel storms: a few customers (order-spamming tools), some of them on several days
      for (let c = 0; c < Math.max(2, Math.round((n * D) / 150_000)); c++) {
        const i = candidate((x) => (this.cExpNegLambda[x] as number) < Math.exp(-0.25) && (this.cWealth[x] as number) >= 5_000_000);
        if (i < 0) continue;
        this.cScripted[i] = 1;
        const times = rng.chance(0.6) ? 1 : rng.chance(0.6) ? 2 : 3;
        const stormDays = new Set<number>();
        for (let t = 0; t < times; t++) stormDays.add(rng.int(0, D - 1));
        for (const d of stormDays) at(d, { kind: 'cancels', customer: i });
        this.patterns.cancelStorms += stormDays.size;
      }
    }
    for (let i = 0; i < n; i++) this.patterns.bigLowCommission += this.cBigLow[i] as number;

    // quarterly interest on cash: the 21st of March, June, September and December (or the next trading day)
    const interestDays = new Set<number>();
    for (let y = Number(firstDay.slice(0, 4)); y <= Number((days[D - 1] as string).slice(0, 4)); y++) {
      for (const m of ['03', '06', '09', '12']) {
        const idx = days.indexOf(tradingDayOnOrAfter(`${y}-${m}-21`));
        if (idx >= 0) interestDays.add(idx);
      }
    }
    this.interestDays = interestDays;
  }

  // ------------------------------------------------------------ initial holdings

  /** Spreads `wealth` cents of a CNY account over cash and 0–4 positions. */
  private allocate(a: number, wealth: number, institutional: boolean): void {
    const rng = this.rng;
    const m = this.market;
    let budget = 0;
    if (wealth >= 1_000_000 && !rng.chance(institutional ? 0.05 : 0.15)) {
      budget = Math.round(wealth * (institutional ? 0.7 + rng.next() * 0.25 : 0.5 + rng.next() * 0.45));
    }
    let slots = 0;
    if (budget > 0) {
      const u = rng.next();
      slots = u < 0.42 ? 1 : u < 0.75 ? 2 : u < 0.92 ? 3 : 4;
    }
    const shares: number[] = [];
    for (let k = 0; k < slots; k++) shares.push(0.5 + rng.next());
    const total = shares.reduce((s, x) => s + x, 0);
    let invested = 0;
    let used = 0;
    for (let k = 0; k < slots; k++) {
      const u = rng.next();
      let sec: number;
      if (u < (institutional ? 0.12 : 0.03)) sec = m.index.get(rng.pick(['SH:113052', 'SZ:127056', 'SH:110081', 'SZ:123107'])) as number;
      else if (u < (institutional ? 0.22 : 0.05) && budget >= 5_000_000) sec = m.index.get(rng.chance(0.7) ? 'SH:204001' : 'SZ:131810') as number;
      else if (u < (institutional ? 0.35 : 0.08)) sec = m.index.get(rng.pick(['SH:511880', 'SH:511990'])) as number;
      else sec = m.cnyTradable.pick(rng);
      if (this.slotOf(a, sec) >= 0) continue;
      const price = m.close[sec] as number;
      const lot = m.lot[sec] as number;
      const qty = divFloor(Math.floor((budget * (shares[k] as number)) / total) * 100, price * lot) * lot;
      const value = qty * price / 100;
      if (value < 300_000) continue; // keep every holding above 3,000 yuan
      const cls = m.securityClass[sec] as number;
      const cost = cls === CLS_STOCK || cls === CLS_FUND ? Math.round(value * (0.7 + rng.next() * 0.65)) : Math.round(value * (0.98 + rng.next() * 0.04));
      this.setSlot(a, used++, sec, qty, cost);
      invested += value;
    }
    this.aCash[a] = wealth - invested;
  }

  /** A USD or HKD account holding one or two B shares. */
  private allocateForeign(a: number, wealthCny: number, currency: number): void {
    const rng = this.rng;
    const m = this.market;
    const rate = currency === CUR_USD ? (m.usdRate[0] as number) : (m.hkdRate[0] as number);
    const value = Math.round((wealthCny * (0.1 + rng.next() * 0.3) * 10_000) / rate);
    const list = currency === CUR_USD ? m.usdShares : m.hkdShares;
    let invested = 0;
    const k = rng.chance(0.6) ? 1 : 2;
    for (let j = 0; j < k; j++) {
      const sec = rng.pick(list);
      if (this.slotOf(a, sec) >= 0) continue;
      const price = m.close[sec] as number;
      const lot = m.lot[sec] as number;
      const qty = Math.max(1, divFloor(Math.floor((value * 0.8) / k) * 100, price * lot)) * lot;
      const mv = qty * price / 100;
      this.setSlot(a, j, sec, qty, Math.round(mv * (0.8 + rng.next() * 0.5)));
      invested += mv;
    }
    this.aCash[a] = Math.max(0, value - invested) + rng.int(0, 500_000);
  }

  /** A margin account with collateral of about `collateral` cents at a random maintenance ratio. */
  private setupMargin(a: number, collateral: number): void {
    const rng = this.rng;
    const m = this.market;
    const k = rng.chance(0.6) ? 1 : 2;
    let invested = 0;
    for (let j = 0; j < k; j++) {
      let sec = m.cnyTradable.pick(rng);
      // fall back to the first listed stock not yet held (never the same security in two slots)
      for (let t = 0; (m.securityClass[sec] !== CLS_STOCK || this.slotOf(a, sec) >= 0) && t < m.cnyTradable.items.length; t++) {
        sec = m.cnyTradable.items[t] as number;
      }
      const price = m.close[sec] as number;
      const qty = divFloor(Math.floor((collateral * 0.9) / k) * 100, price * 100) * 100;
      if (qty <= 0) continue;
      const mv = qty * price / 100;
      this.setSlot(a, j, sec, qty, Math.round(mv * (0.8 + rng.next() * 0.4)));
      invested += mv;
    }
    this.aCash[a] = Math.round(collateral * 0.1);
    const total = invested + (this.aCash[a] as number);
    const u = rng.next();
    const ratio = u < 0.015 ? 1.15 + rng.next() * 0.14 : u < 0.04 ? 1.31 + rng.next() * 0.18 : 1.7 + rng.next() * 2.3;
    let debt = Math.round(total / ratio);
    if (rng.chance(0.2)) {
      const sec = m.cnyTradable.items[10 + rng.int(0, 20)] as number;
      const price = m.close[sec] as number;
      const qty = divFloor(Math.round(debt * (0.1 + rng.next() * 0.2)) * 100, price * 100) * 100;
      if (qty > 0 && this.slotOf(a, sec) < 0) {
        this.aLendSecurity[a] = sec;
        this.aLendQty[a] = qty;
        debt -= qty * price / 100;
      }
    }
    const interest = Math.round(debt * rng.next() * 0.01);
    this.aInterest[a] = interest;
    this.aFinancing[a] = Math.max(0, debt - interest);
  }

  /** A quiet margin account holding one ETF whose maintenance ratio on the last day is `ratio`. */
  private setupPinnedMargin(a: number, collateral: number, ratio: number): void {
    const m = this.market;
    const sec = m.index.get('SH:510300') as number;
    const qty = divFloor(collateral * 100, (m.close[sec] as number) * 100) * 100;
    this.setSlot(a, 0, sec, qty, qty * (m.close[sec] as number) / 100);
    const D = this.days.length;
    const lastValue = qty * (m.close[(D - 1) * m.count + sec] as number) / 100;
    const days = (this.dayNum[D - 1] as number) - (this.dayNum[0] as number);
    // interest accrues at 6 % a year on the financing debt (see accrueInterest)
    this.aFinancing[a] = Math.floor(lastValue / ratio / (1 + days / 6000));
  }

  private setSlot(a: number, k: number, sec: number, qty: number, cost: number): void {
    const s = a * SLOTS + k;
    this.sSecurity[s] = sec;
    this.sQty[s] = qty;
    this.sCost[s] = cost;
  }

  private slotOf(a: number, sec: number): number {
    for (let k = 0; k < SLOTS; k++) if (this.sSecurity[a * SLOTS + k] === sec) return k;
    return -1;
  }

  /** Turns bonds and repos of a scripted customer's accounts into cash, so liquidation sells only shares and funds. */
  private onlyTradables(i: number): void {
    const m = this.market;
    const first = this.cFirstAccount[i] as number;
    for (let a = first; a < first + (this.cAccounts[i] as number); a++) {
      for (let k = 0; k < SLOTS; k++) {
        const s = a * SLOTS + k;
        const sec = this.sSecurity[s] as number;
        if (sec < 0) continue;
        const cls = m.securityClass[sec] as number;
        if (cls === CLS_BOND || cls === CLS_REPO) {
          this.aCash[a] = (this.aCash[a] as number) + (this.sQty[s] as number) * (m.close[sec] as number) / 100;
          this.sSecurity[s] = -1;
          this.sQty[s] = 0;
          this.sCost[s] = 0;
        }
      }
    }
  }

  /** Whether the customer may be offered product p (suitability.md matching, assessment valid for 2 years). */
  private suits(i: number, p: number, day: number): boolean {
    const risk = PRODUCTS[p]!.risk;
    if (this.cInv[i] !== INV_ORDINARY) return true;
    if (risk === 1) return true;
    const assessed = this.cRisk[i] as number;
    return assessed > 0 && day - (this.cRiskOn[i] as number) <= ASSESSMENT_VALID_DAYS && risk <= assessed;
  }

  /**
   * A product (not advisory) the customer suits and can afford, listed by day d; -1 when none. Customers
   * have tastes: the first attempts take only a product of their own risk appetite (the assessed
   * category's level; R4–R5 for professionals) or of the type they already hold (`held`). From day 1 an
   * income certificate or structured note is offered only in its subscription week.
   */
  private pickProduct(i: number, budgetCents: number, d: number, held = -1): number {
    for (let attempt = 0; attempt < 8; attempt++) {
      const p = this.rng.int(0, DRAWN_PRODUCTS - 1);
      const product = PRODUCTS[p]!;
      const launch = this.market.productLaunch[p] as number;
      if (product.type === 'ADVISORY' || launch > d) continue;
      if (d > 0 && (product.type === 'BOND' || product.type === 'STRUCTURED') && !(launch > 0 && d - launch < 5)) continue;
      if (attempt < 5 && !this.appetite(i, p) && !(held >= 0 && PRODUCTS[held]!.type === product.type)) continue;
      if (product.minAmount * 100 <= budgetCents && this.suits(i, p, this.dayNum[d] as number)) return p;
    }
    return -1;
  }

  /** Whether product p is of the customer's risk appetite: the assessed category's level; R4–R5 for professionals. */
  private appetite(i: number, p: number): boolean {
    const risk = PRODUCTS[p]!.risk;
    return this.cInv[i] !== INV_ORDINARY ? risk >= 4 : risk === this.cRisk[i];
  }

  /**
   * The monthly issue (products.ts `monthly`) a broker offers the customer on day d, -1 when none: one in its
   * subscription week (its first 5 trading days) that the customer suits and can afford, of the customer's
   * risk appetite first — the R2 principal-protected notes to the C2+ customers with the cash, above all the
   * conservative; the R4 snowballs to the C4+ and professional investors with the cash for their minimum.
   */
  private offeredIssue(i: number, budgetCents: number, d: number): number {
    let other = -1;
    for (let p = DRAWN_PRODUCTS; p < PRODUCTS.length; p++) {
      const launch = this.market.productLaunch[p] as number;
      if (launch === 0 || launch > d || d - launch >= 5) continue;
      if (PRODUCTS[p]!.minAmount * 100 > budgetCents || !this.suits(i, p, this.dayNum[d] as number)) continue;
      if (this.appetite(i, p)) return p;
      if (other < 0) other = p;
    }
    return other;
  }

  /**
   * A customer's chance per trading day of buying a product (not advisory): a few customers are
   * product-minded (a fixed trait, seen only through what they do), holders buy more, and so do
   * accounts with much cash idle, the wealthier, and money newly transferred in from the bank (for
   * NEW_MONEY_DAYS trading days after the transfer). At most MAX_PURCHASE_RATE.
   */
  private purchaseRate(i: number, cash: number, held: number, d: number): number {
    const wealth = this.cWealth[i] as number;
    let rate = 0.00035;
    if (productMinded(i)) rate *= 6;
    if (held >= 0) rate *= 2.5;
    if (cash >= wealth * 0.35) rate *= 2;
    if (wealth >= 50_000_000) rate *= 1.5;
    if (d - (this.cLastBankIn[i] as number) <= NEW_MONEY_DAYS) rate *= 3;
    return rate;
  }

  /**
   * A customer's share of MAX_ADVISORY_RATE on day d: advisory services (投顾/资讯) are bought by the active,
   * the larger and the experienced — the chance grows with the orders a day up to ADVISORY_FULL_ORDERS,
   * is weighted by wealth (ADVISORY_SIZE) and halved in the first year after opening.
   */
  private advisoryShare(i: number, d: number): number {
    const lambda = -Math.log(this.cExpNegLambda[i] as number); // orders a day
    const wealthYuan = (this.cWealth[i] as number) / 100;
    const size = ADVISORY_SIZE.find(([from]) => wealthYuan >= from)![1];
    const experience = (this.dayNum[d] as number) - (this.cOpen[i] as number) < 365 ? ADVISORY_NEW_CUSTOMER : 1;
    return Math.min(1, lambda / ADVISORY_FULL_ORDERS) * size * experience;
  }

  /**
   * The advisory service a subscriber takes: the cheap daily briefing (资讯, R1) for anyone; the stock
   * advisory (投顾, R3, 3,800 yuan a year) mostly by customers of 300,000 yuan or more; the ETF portfolio
   * service (R4, at least 50,000 yuan) mostly by customers who already hold a financial product or have
   * 1,000,000 yuan or more. A price and a minimum that sort the buyers by what they have.
   */
  private pickAdvisory(i: number, held: number): number {
    const wealth = this.cWealth[i] as number;
    const weights = ADVISORY_PRODUCTS.map((p) => {
      const product = PRODUCTS[p]!;
      if (product.risk === 3) return wealth >= 30_000_000 ? 2 : 0.3;
      if (product.risk === 4) return held >= 0 || wealth >= 100_000_000 ? 2 : 0.3;
      return 1;
    });
    let u = this.rng.next() * weights.reduce((a, b) => a + b, 0);
    for (let k = 0; k < weights.length; k++) {
      u -= weights[k]!;
      if (u < 0) return ADVISORY_PRODUCTS[k]!;
    }
    return ADVISORY_PRODUCTS[ADVISORY_PRODUCTS.length - 1]!;
  }

  /** Starts the customer's regular investment plan (定投) in fund p: `amountCents` every month from calendar day `due`. */
  private startPlan(i: number, p: number, amountCents: number, due: number): void {
    this.planProduct[i] = p;
    this.planAmount[i] = amountCents;
    this.planDue[i] = due;
    this.planFails[i] = 0;
  }

  /**
   * The plan's debit when it is due (the first trading day on or after its day of the month): a purchase
   * (申购) of the plan's fund for the instalment, if the cash covers it and a holding slot is free. A debit
   * that fails PLAN_MAX_FAILS times in a row, or the customer's decision (PLAN_STOP_CHANCE), ends the plan;
   * one missed by more than PLAN_LATE_DAYS (the customer inactive) is skipped.
   */
  private planInstalment(f: DayFiles, i: number, a: number, d: number): void {
    const today = this.dayNum[d] as number;
    const p = this.planProduct[i] as number;
    if (p < 0 || today < (this.planDue[i] as number)) return;
    const late = today - (this.planDue[i] as number) > PLAN_LATE_DAYS;
    while ((this.planDue[i] as number) <= today) this.planDue[i] = nextMonth(this.planDue[i] as number);
    if (late) return;
    if (this.rng.chance(PLAN_STOP_CHANCE)) {
      this.planProduct[i] = -1;
      return;
    }
    const amount = this.planAmount[i] as number;
    const cash = this.aCash[a] as number;
    if (amount > cash || !this.suits(i, p, today) || !this.buyUnits(a, p, amount, d)) {
      this.planFails[i] = (this.planFails[i] as number) + 1;
      if ((this.planFails[i] as number) >= PLAN_MAX_FAILS) this.planProduct[i] = -1;
      return;
    }
    this.planFails[i] = 0;
    this.productTxn(f, a, p, 'PURCHASE', amount, mulDivRoundHalfUp(amount, PRODUCTS[p]!.feePpm, 1_000_000 + PRODUCTS[p]!.feePpm));
    this.aCash[a] = cash - amount;
  }

  /**
   * The notes maturing on day d: every holder is paid the principal and coupon (a REDEEM at maturity) and,
   * with ROLLOVER_CHANCE when the customer is active and suits it, subscribes (认购) the series' next issue,
   * launched that day, with the pay-out rounded down to 10,000 yuan.
   */
  private matureNotes(f: DayFiles, d: number): void {
    const m = this.market;
    const maturing: number[] = [];
    for (let p = 0; p < PRODUCTS.length; p++) if (m.productMaturity[p] === d) maturing.push(p);
    if (maturing.length === 0) return;
    for (let i = 0; i < this.n; i++) {
      if ((this.cOpenIdx[i] as number) > d) continue;
      const closeIdx = this.cCloseIdx[i] as number;
      if (closeIdx >= 0 && closeIdx <= d) continue;
      const a = this.cFirstAccount[i] as number;
      for (let k = PSLOTS - 1; k >= 0; k--) {
        const s = a * PSLOTS + k;
        const p = this.pProduct[s] as number;
        if (p < 0 || !maturing.includes(p)) continue;
        const product = PRODUCTS[p]!;
        const principal = mulDivRoundHalfUp(this.pUnits[s] as number, m.nav[d * PRODUCTS.length + p] as number, 10_000);
        const payout = principal + mulDivRoundHalfUp(principal, product.couponPpm ?? 0, 1_000_000);
        this.productTxn(f, a, p, 'REDEEM', payout, 0);
        this.aCash[a] = (this.aCash[a] as number) + payout;
        this.dropHolding(a, k);
        const next = product.rollsInto === undefined ? -1 : (this.productIndex.get(product.rollsInto) ?? -1);
        if (next < 0 || m.productLaunch[next] !== d || this.cStatus[i] !== ST_NORMAL || !this.rng.chance(ROLLOVER_CHANCE)) continue;
        const amount = divFloor(payout, 1_000_000) * 1_000_000;
        if (amount < PRODUCTS[next]!.minAmount * 100 || !this.suits(i, next, this.dayNum[d] as number) || !this.buyUnits(a, next, amount, d)) continue;
        this.productTxn(f, a, next, 'SUBSCRIBE', amount, 0);
        this.aCash[a] = (this.aCash[a] as number) - amount;
      }
    }
  }

  /** Adds the units `amountCents` (a purchase's payment including its fee) buys of product p on day d to a holding slot; false when none is free. */
  private buyUnits(a: number, p: number, amountCents: number, d: number): boolean {
    const product = PRODUCTS[p]!;
    const fee = mulDivRoundHalfUp(amountCents, product.feePpm, 1_000_000 + product.feePpm);
    const units = divFloor((amountCents - fee) * 10_000, this.market.nav[d * PRODUCTS.length + p] as number);
    for (let k = 0; k < PSLOTS; k++) {
      const s = a * PSLOTS + k;
      if (this.pProduct[s] === p || this.pProduct[s] === -1) {
        this.pProduct[s] = p;
        this.pUnits[s] = (this.pUnits[s] as number) + units;
        return true;
      }
    }
    return false;
  }

  /** Empties holding slot k of account a, moving the later slots up so slot 0 stays the first. */
  private dropHolding(a: number, k: number): void {
    for (let j = k; j < PSLOTS; j++) {
      const s = a * PSLOTS + j;
      this.pProduct[s] = j + 1 < PSLOTS ? (this.pProduct[s + 1] as number) : -1;
      this.pUnits[s] = j + 1 < PSLOTS ? (this.pUnits[s + 1] as number) : 0;
    }
  }

  /** One product_trades row of account a. */
  private productTxn(f: DayFiles, a: number, p: number, type: string, amount: number, fee: number): void {
    const no = f.ymd + '4' + String(++f.txnSeq).padStart(7, '0');
    f.sinks.get('product_trades.csv')!.add(`${no},${this.aNo[a]},${PRODUCTS[p]!.code},${type},${cents(amount)},${cents(fee)},${TIMES[this.rng.int(34_200, 53_999)]}\n`);
  }

  private holdProduct(a: number, p: number, amountCents: number): number {
    for (let k = 0; k < PSLOTS; k++) {
      const s = a * PSLOTS + k;
      if (this.pProduct[s] === p || this.pProduct[s] === -1) {
        const units = divFloor(amountCents * 10_000, PRODUCTS[p]!.nav);
        this.pProduct[s] = p;
        this.pUnits[s] = (this.pUnits[s] as number) + units;
        return units;
      }
    }
    return -1;
  }

  // ------------------------------------------------------------ identity and reference rows

  customerNo(i: number): string {
    return String(1_000_000_001 + i);
  }

  private customerRow(i: number, d: number): string {
    const type = this.cType[i] as number;
    const branch = BRANCHES[this.cBranch[i] as number]!;
    const open = dateOf(this.cOpen[i] as number);
    const id = createRng(hashSeed(this.cfg.seed, 0xc05, i));
    const contact = createRng(hashSeed(this.cfg.seed, 0xc0c, i, this.cContactVersion[i] as number));
    const areas = CITY_AREAS[branch.city] ?? [];
    let name: string;
    let idType: string;
    let idNo: string;
    let gender = '';
    let birth = '';
    let email = '';
    let address = '';
    if (type === T_P) {
      gender = id.chance(0.52) ? 'M' : 'F';
      const person = personName(id, gender as 'M' | 'F');
      name = person.name;
      const latestYear = Math.min(2003, Number(open.slice(0, 4)) - 18);
      const year = Math.max(1950, Math.min(latestYear, 1950 + Math.round(((id.next() + id.next()) / 2) * 53)));
      birth = `${year}-${String(id.int(1, 12)).padStart(2, '0')}-${String(id.int(1, 28)).padStart(2, '0')}`;
      const area = areas.length > 0 && id.chance(0.6) ? id.pick(areas)[0] : id.pick(OTHER_AREA_CODES);
      idType = '0';
      idNo = makeIdNo(id, area, birth, gender as 'M' | 'F');
      if (contact.chance(0.4)) email = personalEmail(contact, person.pinyin, year);
      if (contact.chance(0.85)) address = streetAddress(contact, branch.city);
    } else if (type === T_O) {
      name = institutionName(id, branch.city);
      idType = 'A';
      idNo = makeUscc(id, areas.length > 0 ? id.pick(areas)[0] : '310115');
      if (contact.chance(0.6)) email = `cw${contact.int(1000, 9999)}@${contact.pick(['163.com', '126.com', 'qq.com', 'sina.com'])}`;
      address = streetAddress(contact, branch.city);
    } else {
      name = productAccountName(id);
      idType = 'B';
      idNo = productFilingCode(id);
      address = streetAddress(contact, branch.city);
    }
    const mobile = makeMobile(contact);
    const closeIdx = this.cCloseIdx[i] as number;
    const closed = closeIdx >= 0 && closeIdx <= d;
    const risk = this.cRisk[i] as number;
    const riskOn = this.cRiskOn[i] as number;
    // 风险承受能力最低类别: a third of the C1 individuals (only C1 may carry it)
    const lowest = risk === 1 && type === T_P && isLowestRiskCategory(this.cfg.seed, i);
    return (
      `${this.customerNo(i)},${csvField(name)},${TYPE_TEXT[type]},${idType},${idNo},${gender},${birth},${mobile},${csvField(email)},${csvField(address)},` +
      `${branch.code},${open},${closed ? this.days[closeIdx] : ''},${CUSTOMER_STATUSES[this.cStatus[i] as number]},${risk > 0 ? 'C' + risk : ''},` +
      `${riskOn === NO_DAY ? '' : dateOf(riskOn)},${INV_TEXT[this.cInv[i] as number]},${lowest ? 'Y' : ''}\n`
    );
  }

  private accountRow(a: number, d: number): string {
    const i = this.aCustomer[a] as number;
    const closeIdx = this.cCloseIdx[i] as number;
    const closed = closeIdx >= 0 && closeIdx <= d;
    return (
      `${this.aNo[a]},${this.customerNo(i)},${this.aKind[a] === K_CREDIT ? 'CREDIT' : 'NORMAL'},${CURRENCY_TEXT[this.aCurrency[a] as number]},` +
      `${dateOf(this.aOpen[a] as number)},${closed ? this.days[closeIdx] : ''},${CUSTOMER_STATUSES[this.cStatus[i] as number]},${ppm(this.aRate[a] as number)}\n`
    );
  }

  private writeCustomerAndAccounts(f: DayFiles, i: number, d: number): void {
    f.sinks.get('customers.csv')!.add(this.customerRow(i, d));
    this.cRefDay[i] = d;
    const first = this.cFirstAccount[i] as number;
    const accounts = f.sinks.get('fund_accounts.csv')!;
    for (let a = first; a < first + (this.cAccounts[i] as number); a++) {
      accounts.add(this.accountRow(a, d));
      this.aRefDay[a] = d;
    }
  }

  // ------------------------------------------------------------ one trading day

  writeDay(d: number, dir: string): Map<ExtractFile, SinkResult> {
    const ymd = (this.days[d] as string).replace(/-/g, '');
    const sinks = new Map<ExtractFile, CsvSink>();
    for (const name of Object.keys(EXTRACT_HEADERS) as ExtractFile[]) {
      sinks.set(name, new CsvSink(path.join(dir, name), EXTRACT_HEADERS[name], this.cfg.encoding, REQUIRED_FILES.has(name)));
    }
    const f: DayFiles = { sinks, ymd, orderSeq: 0, tradeSeq: 0, flowSeq: 0, txnSeq: 0 };
    const m = this.market;

    // reference data: everything on the first day, then what is new or changed
    if (d === 0) {
      const branches = sinks.get('branches.csv')!;
      for (const b of BRANCHES) branches.add(`${b.code},${csvField(b.name)},${csvField(b.city)}\n`);
      const securities = sinks.get('securities.csv')!;
      SECURITIES.forEach((s, k) => securities.add(`${s.market},${s.code},${csvField(s.name)},${CLASS_TEXT[m.securityClass[k] as number]}\n`));
    }
    const products = sinks.get('products.csv')!;
    PRODUCTS.forEach((p, j) => {
      if (m.productLaunch[j] === d) products.add(`${p.code},${csvField(p.name)},${p.type},R${p.risk},${csvField(p.issuer)},${cents(p.minAmount * 100)}\n`);
    });
    if (m.fxSent[d] === 1) {
      sinks.get('fx_rates.csv')!.add(`USD,${fixed(m.usdRate[d] as number, 4, 4)}\nHKD,${fixed(m.hkdRate[d] as number, 4, 4)}\n`, 2);
    }
    if (d === 0) {
      for (let i = 0; i < this.existing; i++) this.writeCustomerAndAccounts(f, i, d);
    } else {
      this.changeReferenceData(f, d);
    }

    for (const e of this.events[d] as DayEvent[]) this.runEvent(f, d, e);
    this.matureNotes(f, d);

    const interestDay = this.interestDays.has(d);
    for (let i = 0; i < this.n; i++) {
      const openIdx = this.cOpenIdx[i] as number;
      if (openIdx > d) continue;
      const closeIdx = this.cCloseIdx[i] as number;
      if (closeIdx >= 0 && closeIdx < d) continue;
      if (closeIdx === d) {
        this.cStatus[i] = ST_CLOSED;
        this.writeCustomerAndAccounts(f, i, d);
        continue;
      }
      if (openIdx === d && d > 0) this.writeCustomerAndAccounts(f, i, d);
      const status = this.cStatus[i] as number;
      if (status === ST_NORMAL && !(d >= (this.cQuietFrom[i] as number) && d <= (this.cQuietTo[i] as number))) this.activity(f, i, d);
      this.endOfDay(f, i, d, interestDay);
    }

    const results = new Map<ExtractFile, SinkResult>();
    for (const [name, sink] of sinks) {
      const r = sink.close();
      if (r) results.set(name, r);
    }
    const manifest = {
      format: 'quancrm-extract/1',
      trade_date: this.days[d],
      encoding: this.cfg.encoding,
      files: Object.fromEntries([...results].map(([name, r]) => [name, { rows: r.rows, sha256: r.sha256 }])),
    };
    // written last and renamed into place, so a reader polling for it never sees half a manifest
    const tmp = path.join(dir, 'manifest.json.tmp');
    fs.writeFileSync(tmp, JSON.stringify(manifest, null, 2) + '\n');
    fs.renameSync(tmp, path.join(dir, 'manifest.json'));
    return results;
  }

  /** Risk re-assessments, status and contact changes, commission-rate changes of day d > 0. */
  private changeReferenceData(f: DayFiles, d: number): void {
    const rng = this.rng;
    const day = this.dayNum[d] as number;
    const pick = (): number => {
      for (let attempt = 0; attempt < 20; attempt++) {
        const i = rng.int(PINNED.length, this.n - 1);
        const openIdx = this.cOpenIdx[i] as number;
        const closeIdx = this.cCloseIdx[i] as number;
        if (openIdx >= d || closeIdx >= 0 || this.cScripted[i] === 1 || this.cRefDay[i] === d) continue;
        return i;
      }
      return -1;
    };
    const count = (rate: number): number => {
      const lambda = this.n * rate;
      return lambda < 50 ? poisson(rng, Math.exp(-lambda)) : Math.max(0, Math.round(lambda + Math.sqrt(lambda) * rng.normal()));
    };
    for (let c = count(0.0005); c > 0; c--) {
      const i = pick();
      if (i < 0) continue;
      const old = this.cRisk[i] as number;
      this.cRisk[i] = old === 0 ? rng.int(1, 5) : Math.max(1, Math.min(5, old + rng.int(-1, 1)));
      if (this.cFlags[i]! & HAS_CREDIT || this.cInv[i] !== INV_ORDINARY) this.cRisk[i] = Math.max(4, this.cRisk[i] as number);
      this.cRiskOn[i] = day;
      this.writeCustomerAndAccounts(f, i, d);
    }
    for (let c = count(0.0001); c > 0; c--) {
      const i = pick();
      if (i < 0) continue;
      const s = this.cStatus[i] as number;
      if (s === ST_NORMAL) this.cStatus[i] = rng.chance(0.6) ? ST_FROZEN : ST_LOST;
      else this.cStatus[i] = ST_NORMAL; // unfrozen, reissued, or re-activated (DORMANT → NORMAL)
      this.writeCustomerAndAccounts(f, i, d);
    }
    for (let c = count(0.0002); c > 0; c--) {
      const i = pick();
      if (i < 0) continue;
      this.cContactVersion[i] = (this.cContactVersion[i] as number) + 1;
      this.writeCustomerAndAccounts(f, i, d);
    }
    const accounts = f.sinks.get('fund_accounts.csv')!;
    for (let c = count(0.0001); c > 0; c--) {
      const i = pick();
      if (i < 0) continue;
      const a = this.cFirstAccount[i] as number;
      if (this.aRefDay[a] === d) continue;
      this.aRate[a] = rng.pick([150, 180, 200, 250].filter((r) => r !== this.aRate[a]));
      accounts.add(this.accountRow(a, d));
      this.aRefDay[a] = d;
    }
  }

  private runEvent(f: DayFiles, d: number, e: DayEvent): void {
    const i = e.customer;
    if ((this.cOpenIdx[i] as number) > d) return;
    const a = this.cFirstAccount[i] as number;
    const cash = this.aCash[a] as number;
    switch (e.kind) {
      case 'liquidate':
        for (let k = 0; k < SLOTS; k++) {
          const sec = this.sSecurity[a * SLOTS + k] as number;
          if (sec >= 0) this.sell(f, a, k, d, this.sQty[a * SLOTS + k] as number, 'COUNTER', 'FILLED');
        }
        return;
      case 'bankIn':
        this.flow(f, a, 'BANK_IN', e.amount);
        this.aCash[a] = cash + e.amount;
        return;
      case 'bankOutShare': {
        const amount = Math.max(e.minAmount, divFloor(Math.floor((e.of ?? cash) * e.share), 10_000) * 10_000);
        if (amount <= 0 || amount > cash) return;
        this.flow(f, a, 'BANK_OUT', amount);
        this.aCash[a] = cash - amount;
        return;
      }
      case 'sweep': {
        const keep = Math.min(e.keep ?? 0, Math.floor(cash / 10));
        if (cash - keep > 0) this.flow(f, a, 'BANK_OUT', cash - keep);
        this.aCash[a] = keep;
        return;
      }
      case 'trim': {
        const held: number[] = [];
        for (let k = 0; k < SLOTS; k++) if (this.sellable(a * SLOTS + k, d) > 0) held.push(k);
        if (held.length > 0) {
          const k = this.rng.pick(held);
          this.sell(f, a, k, d, this.sellable(a * SLOTS + k, d), this.rng.chance(0.7) ? 'MOBILE' : 'WEB', 'FILLED');
        }
        return;
      }
      case 'cancels':
        this.cancelBurst(f, i, a, d);
        return;
    }
  }

  private flow(f: DayFiles, a: number, type: string, amount: number, time?: string): void {
    const no = f.ymd + '3' + String(++f.flowSeq).padStart(7, '0');
    f.sinks.get('fund_flows.csv')!.add(`${no},${this.aNo[a]},${CURRENCY_TEXT[this.aCurrency[a] as number]},${type},${cents(amount)},${time ?? TIMES[this.rng.int(32_400, 57_599)]}\n`);
  }

  /** A day's own doing of a customer who may trade: bank transfers, orders, products. */
  private activity(f: DayFiles, i: number, d: number): void {
    const rng = this.rng;
    const a = this.cFirstAccount[i] as number;
    const wealth = this.cWealth[i] as number;
    const cash = this.aCash[a] as number;
    // a customer who opened during the period funds the account first
    if ((this.cOpenIdx[i] as number) >= 0 && cash === 0 && this.sSecurity[a * SLOTS] === -1) {
      if (rng.chance(0.6)) {
        const amount = Math.max(100_000, divFloor(Math.round(wealth * (0.5 + rng.next() * 0.5)), 10_000) * 10_000);
        this.flow(f, a, 'BANK_IN', amount);
        this.aCash[a] = amount;
      }
      return;
    }
    const j = this.cJourney[i] as number;
    const factor = j < 0 ? 1 : activityFactor(this.journeys[j] as Journey, d);
    const u = rng.next();
    if (u < 0.014 * factor) {
      const amount = Math.max(100_000, divFloor(Math.round(wealth * (0.03 + rng.next() * 0.22)), 10_000) * 10_000);
      this.flow(f, a, 'BANK_IN', amount);
      this.aCash[a] = cash + amount;
      this.cLastBankIn[i] = d;
    } else if (u < 0.026 && cash >= 200_000 && d - (this.cLastBankIn[i] as number) > 3) {
      // money paid in is usually traded before it is taken out again
      const amount = divFloor(Math.round(Math.min(cash * 0.7, wealth * (0.03 + rng.next() * 0.27))), 10_000) * 10_000;
      if (amount > 0) {
        this.flow(f, a, 'BANK_OUT', amount);
        this.aCash[a] = cash - amount;
      }
    } else if (u < 0.0263 && cash >= 5_000) {
      const amount = rng.pick([1_000, 2_000, 5_000]); // e.g. 挂失补办费, 账户管理费
      this.flow(f, a, 'FEE', amount);
      this.aCash[a] = cash - amount;
    } else if (u < 0.0265) {
      const amount = rng.int(100, 50_000); // e.g. 红利税差额退还
      this.flow(f, a, 'OTHER', amount);
      this.aCash[a] = cash + amount;
    }
    // foreign-currency accounts see an occasional transfer
    for (let x = a + 1; x < a + (this.cAccounts[i] as number); x++) {
      if (this.aCurrency[x] === CUR_CNY || this.aQuiet[x] === 1 || !rng.chance(0.01)) continue;
      const fx = this.aCash[x] as number;
      if (rng.chance(0.5)) {
        const amount = rng.int(10, 300) * 10_000;
        this.flow(f, x, 'BANK_IN', amount);
        this.aCash[x] = fx + amount;
      } else if (fx >= 100_000) {
        const amount = divFloor(Math.round(fx * (0.2 + rng.next() * 0.5)), 10_000) * 10_000;
        this.flow(f, x, 'BANK_OUT', amount);
        this.aCash[x] = fx - amount;
      }
    }

    const orders = poisson(rng, factor === 1 ? (this.cExpNegLambda[i] as number) : Math.exp(Math.log(this.cExpNegLambda[i] as number) * factor));
    for (let k = 0; k < orders; k++) {
      let account = a;
      const count = this.cAccounts[i] as number;
      if (count > 1 && rng.chance(0.25)) {
        const x = a + rng.int(1, count - 1);
        if (this.aQuiet[x] === 0) account = x;
      }
      this.order(f, account, d);
    }
    this.productActivity(f, i, a, d);
  }

  private priceAround(sec: number, d: number): number {
    const m = this.market;
    const close = m.close[d * m.count + sec] as number;
    const tick = m.tick[sec] as number;
    return Math.max(tick, Math.round((close * (1 + 0.004 * this.rng.normal())) / tick) * tick);
  }

  /** One random order of the account: a buy, or a sell of something it may sell today (T+1). */
  private order(f: DayFiles, a: number, d: number): void {
    const rng = this.rng;
    const m = this.market;
    const cash = this.aCash[a] as number;
    let sellable = 0;
    for (let k = 0; k < SLOTS; k++) if (this.sellable(a * SLOTS + k, d) > 0) sellable++;
    const wantSell = sellable > 0 && (cash < MIN_FILL_CENTS * 1.2 || rng.chance(0.45));
    const channel = CHANNELS.pick(rng);
    if (wantSell) {
      let pickK = rng.int(0, sellable - 1);
      for (let k = 0; k < SLOTS; k++) {
        const s = a * SLOTS + k;
        const avail = this.sellable(s, d);
        if (avail <= 0 || pickK-- > 0) continue;
        const sec = this.sSecurity[s] as number;
        const lot = m.lot[sec] as number;
        let qty = avail;
        if (rng.chance(0.5)) {
          const part = divFloor(Math.floor(avail * (0.3 + rng.next() * 0.4)), lot) * lot;
          const close = m.close[d * m.count + sec] as number;
          if (part > 0 && part * close >= MIN_FILL_CENTS * 100 * 1.05 && (avail - part) * close >= MIN_FILL_CENTS * 100 * 1.05) qty = part;
        }
        this.sell(f, a, k, d, qty, channel);
        return;
      }
      return;
    }
    // buy: often more of something already held, else a popular share or ETF
    const currency = this.aCurrency[a] as number;
    let sec: number;
    let used = 0;
    const held: number[] = [];
    for (let k = 0; k < SLOTS; k++) {
      const x = this.sSecurity[a * SLOTS + k] as number;
      if (x >= 0) {
        used++;
        if (this.canTrade(x)) held.push(x);
      }
    }
    if (currency === CUR_USD) sec = rng.pick(m.usdShares);
    else if (currency === CUR_HKD) sec = rng.pick(m.hkdShares);
    else sec = held.length > 0 && (used >= 3 || rng.chance(0.45)) ? rng.pick(held) : m.cnyTradable.pick(rng);
    if (this.slotOf(a, sec) < 0 && used >= SLOTS) {
      if (held.length === 0) return;
      sec = rng.pick(held);
    }
    const price = this.priceAround(sec, d);
    const lot = m.lot[sec] as number;
    // at least 2,500.00, so a later fall in price seldom leaves a holding too small to sell
    const minQty = Math.ceil((MIN_FILL_CENTS * 125) / (price * lot)) * lot;
    let qty = divFloor(Math.floor(cash * (0.1 + rng.next() * 0.5)) * 100, price * lot) * lot;
    if (qty < minQty) qty = minQty * (rng.chance(0.7) ? 1 : rng.int(2, 5));
    const cost = (q: number): number => {
      const amount = mulDivRoundHalfUp(price, q, 100);
      return amount + mulDivRoundHalfUp(amount, 3, 1000) + 2_000; // fees of up to two fills, with room to spare
    };
    if (cost(qty) > cash) {
      // buy what the cash allows; with too little for even the smallest order, mostly do nothing
      // and now and then send one the counter rejects (资金不足)
      const affordable = divFloor(Math.floor(cash * 0.99) * 100, price * lot) * lot;
      if (affordable >= minQty && cost(affordable) <= cash) qty = affordable;
      else if (!rng.chance(0.15)) return;
    }
    this.buy(f, a, sec, d, price, qty, channel, cost(qty) > cash);
  }

  private canTrade(sec: number): boolean {
    const cls = this.market.securityClass[sec] as number;
    return cls === CLS_STOCK || cls === CLS_FUND;
  }

  /**
   * What a random order may sell from slot s on day d: not what was bought today (T+1), and
   * nothing when the holding is worth less than the smallest fill (it waits for a liquidation).
   */
  private sellable(s: number, d: number): number {
    const sec = this.sSecurity[s] as number;
    if (sec < 0 || !this.canTrade(sec)) return 0;
    const avail = (this.sQty[s] as number) - (this.sBuyDay[s] === d ? (this.sBuyQty[s] as number) : 0);
    const m = this.market;
    return avail * (m.close[d * m.count + sec] as number) >= MIN_FILL_CENTS * 100 ? avail : 0;
  }

  private newOrderNo(f: DayFiles): string {
    return f.ymd + '1' + String(++f.orderSeq).padStart(7, '0');
  }

  /** Status of an order: FILLED mostly, some cancelled, partly filled or rejected. */
  private orderOutcome(): 'FILLED' | 'PARTIAL' | 'CANCELLED' | 'REJECTED' {
    const u = this.rng.next();
    return u < 0.02 ? 'REJECTED' : u < 0.15 ? 'CANCELLED' : u < 0.2 ? 'PARTIAL' : 'FILLED';
  }

  /** Splits a filled quantity into one or two fills of at least the minimum amount each. */
  private fills(qty: number, minQty: number, lot: number): number[] {
    if (qty >= 2 * minQty && this.rng.chance(0.15)) {
      const first = Math.max(minQty, divFloor(Math.floor(qty * (0.3 + this.rng.next() * 0.4)), lot) * lot);
      if (qty - first >= minQty) return [first, qty - first];
    }
    return [qty];
  }

  private buy(f: DayFiles, a: number, sec: number, d: number, price: number, qty: number, channel: string, reject: boolean, outcome = this.orderOutcome()): void {
    const m = this.market;
    const lot = m.lot[sec] as number;
    const minQty = Math.ceil((MIN_FILL_CENTS * 100) / (price * lot)) * lot;
    const orderNo = this.newOrderNo(f);
    const time = sessionSecond(this.rng);
    let filled = 0;
    let k = this.slotOf(a, sec);
    if (k < 0) k = this.slotOf(a, -1);
    let status: string = reject || k < 0 ? 'REJECTED' : outcome;
    if (status === 'PARTIAL') {
      filled = divFloor(Math.floor(qty * (0.2 + this.rng.next() * 0.6)), lot) * lot;
      if (filled < minQty || filled >= qty) {
        status = 'CANCELLED';
        filled = 0;
      }
    } else if (status === 'FILLED') filled = qty;
    f.sinks.get('orders.csv')!.add(`${orderNo},${this.aNo[a]},${m.prefix[sec]},B,${price4(price)},${qty},${filled},${status},${channel},${TIMES[time]}\n`);
    if (filled === 0) return;
    if (this.sSecurity[a * SLOTS + k] !== sec) {
      this.sSecurity[a * SLOTS + k] = sec;
      this.sQty[a * SLOTS + k] = 0;
      this.sCost[a * SLOTS + k] = 0;
    }
    const s = a * SLOTS + k;
    let fillTime = time;
    for (const q of this.fills(filled, minQty, lot)) {
      fillTime += this.rng.int(0, 29);
      const amount = mulDivRoundHalfUp(price, q, 100);
      const fees = this.trade(f, orderNo, a, sec, 'B', price, q, amount, fillTime, channel);
      const paid = amount + fees.commission + fees.stampDuty + fees.transferFee;
      this.aCash[a] = (this.aCash[a] as number) - paid;
      this.sQty[s] = (this.sQty[s] as number) + q;
      this.sCost[s] = (this.sCost[s] as number) + paid;
      if (this.sBuyDay[s] !== d) {
        this.sBuyDay[s] = d;
        this.sBuyQty[s] = 0;
      }
      this.sBuyQty[s] = (this.sBuyQty[s] as number) + q;
    }
  }

  private sell(f: DayFiles, a: number, k: number, d: number, qty: number, channel: string, outcome = this.orderOutcome()): void {
    const m = this.market;
    const s = a * SLOTS + k;
    const sec = this.sSecurity[s] as number;
    const lot = m.lot[sec] as number;
    const price = this.priceAround(sec, d);
    const minQty = Math.ceil((MIN_FILL_CENTS * 100) / (price * lot)) * lot;
    const orderNo = this.newOrderNo(f);
    const time = sessionSecond(this.rng);
    let status: string = outcome;
    let filled = 0;
    if (status === 'PARTIAL') {
      filled = divFloor(Math.floor(qty * (0.2 + this.rng.next() * 0.6)), lot) * lot;
      if (filled < minQty || qty - filled <= 0 || (qty - filled) * price < MIN_FILL_CENTS * 100) {
        status = 'CANCELLED';
        filled = 0;
      }
    } else if (status === 'FILLED') filled = qty;
    f.sinks.get('orders.csv')!.add(`${orderNo},${this.aNo[a]},${m.prefix[sec]},S,${price4(price)},${qty},${filled},${status},${channel},${TIMES[time]}\n`);
    if (filled === 0) return;
    let fillTime = time;
    for (const q of this.fills(filled, minQty, lot)) {
      fillTime += this.rng.int(0, 29);
      const amount = mulDivRoundHalfUp(price, q, 100);
      const fees = this.trade(f, orderNo, a, sec, 'S', price, q, amount, fillTime, channel);
      this.aCash[a] = (this.aCash[a] as number) + amount - fees.commission - fees.stampDuty - fees.transferFee;
      const held = this.sQty[s] as number;
      const cost = this.sCost[s] as number;
      const costOut = held === q ? cost : mulDivRoundHalfUp(cost, q, held);
      this.sQty[s] = held - q;
      this.sCost[s] = cost - costOut;
    }
    if (this.sQty[s] === 0) {
      this.sSecurity[s] = -1;
      this.sCost[s] = 0;
      this.sBuyDay[s] = -1;
    }
  }

  /** Writes one fill (at second `time` of the day) and returns its fees. */
  private trade(f: DayFiles, orderNo: string, a: number, sec: number, side: 'B' | 'S', price: number, qty: number, amount: number, time: number, channel: string): FillFees {
    const fees = fillFees(amount, this.aRate[a] as number, side, CLASS_TEXT[this.market.securityClass[sec] as number] as string);
    const tradeNo = f.ymd + '2' + String(++f.tradeSeq).padStart(7, '0');
    f.sinks.get('trades.csv')!.add(
      `${tradeNo},${orderNo},${this.aNo[a]},${this.market.prefix[sec]},${side},${price4(price)},${qty},${cents(amount)},${cents(fees.commission)},` +
        `${cents(fees.stampDuty)},${cents(fees.transferFee)},${cents(fees.handlingFee)},${cents(fees.regulatoryFee)},${TIMES[time]},${channel}\n`,
    );
    return fees;
  }

  /** 频繁撤单: 22–35 small buy orders in a day, 60–75 % of them cancelled. */
  private cancelBurst(f: DayFiles, i: number, a: number, d: number): void {
    const rng = this.rng;
    const m = this.market;
    if (this.cStatus[i] !== ST_NORMAL) return;
    const total = rng.int(22, 35);
    const cancelled = Math.ceil(total * (0.6 + rng.next() * 0.15));
    const sec = m.cnyTradable.items[rng.int(0, 30)] as number;
    const channel = rng.chance(0.5) ? 'API' : 'MOBILE';
    for (let k = 0; k < total; k++) {
      const price = this.priceAround(sec, d);
      const lot = m.lot[sec] as number;
      const qty = Math.ceil((MIN_FILL_CENTS * 100) / (price * lot)) * lot;
      const amount = mulDivRoundHalfUp(price, qty, 100);
      const tooDear = amount + 10_000 > (this.aCash[a] as number);
      this.buy(f, a, sec, d, price, qty, channel, k >= cancelled && tooDear, k < cancelled ? 'CANCELLED' : 'FILLED');
    }
  }

  /** Purchases and redemptions of financial products, and advisory subscriptions. */
  private productActivity(f: DayFiles, i: number, a: number, d: number): void {
    if ((this.cCloseIdx[i] as number) < 0) this.planInstalment(f, i, a, d);
    const rng = this.rng;
    const u = rng.next();
    if (u > 0.0015 + MAX_ADVISORY_RATE + MAX_PURCHASE_RATE * (this.issueWeek[d] ? ISSUE_OFFER_BOOST : 1) || (this.cCloseIdx[i] as number) >= 0) return;
    const cash = this.aCash[a] as number;
    const m = this.market;
    const pCount = PRODUCTS.length;
    const txn = (p: number, type: string, amount: number, fee: number): void => this.productTxn(f, a, p, type, amount, fee);
    const held = this.pProduct[a * PSLOTS] as number;
    if (u < 0.0015 && held >= 0) {
      // redeem a public fund or asset-management plan (income certificates are held to maturity)
      const product = PRODUCTS[held]!;
      if (product.type !== 'PUBLIC_FUND' && product.type !== 'ASSET_MGMT') return;
      const s = a * PSLOTS;
      const units = rng.chance(0.5) ? (this.pUnits[s] as number) : divFloor(this.pUnits[s] as number, 2);
      const gross = mulDivRoundHalfUp(units, (m.nav[d * pCount + held] as number), 10_000);
      if (gross <= 0) return;
      const fee = mulDivRoundHalfUp(gross, product.redeemFeePpm, 1_000_000);
      txn(held, 'REDEEM', gross, fee);
      this.aCash[a] = cash + gross - fee;
      this.pUnits[s] = (this.pUnits[s] as number) - units;
      if (this.pUnits[s] === 0) this.dropHolding(a, 0);
      return;
    }
    if (u < 0.0015) return;
    if (u < 0.0015 + MAX_ADVISORY_RATE) {
      // an advisory service subscription, by active, larger and experienced customers (advisoryShare): the whole amount is the fee
      if (u >= 0.0015 + MAX_ADVISORY_RATE * this.advisoryShare(i, d)) return;
      const p = this.pickAdvisory(i, held);
      if ((m.productLaunch[p] as number) > d) return;
      const fee = PRODUCTS[p]!.nav * 100;
      if (cash < fee * 2 || cash < PRODUCTS[p]!.minAmount * 100 || !this.suits(i, p, this.dayNum[d] as number)) return;
      txn(p, 'SUBSCRIBE', fee, fee);
      this.aCash[a] = cash - fee;
      return;
    }
    // a purchase, at the customer's own rate; products launched during the period are subscribed (认购) in their first week.
    // A monthly issue in its subscription week is offered to the customers it suits: their chance is ISSUE_OFFER_BOOST
    // times their own when it is of their risk appetite (else ISSUE_OFFER_BOOST_OTHER), the extra for the issue alone;
    // who was about to buy anyway takes it with ISSUE_TAKE_CHANCE.
    const rate = this.purchaseRate(i, cash, held, d);
    const offered = this.issueWeek[d] ? this.offeredIssue(i, cash * 0.6, d) : -1;
    const boost = offered < 0 ? 1 : this.appetite(i, offered) ? ISSUE_OFFER_BOOST : ISSUE_OFFER_BOOST_OTHER;
    if (u >= 0.0015 + MAX_ADVISORY_RATE + rate * boost) return;
    let p: number;
    if (u >= 0.0015 + MAX_ADVISORY_RATE + rate) p = offered;
    else p = boost === ISSUE_OFFER_BOOST && rng.chance(ISSUE_TAKE_CHANCE) ? offered : this.pickProduct(i, cash * 0.6, d, held);
    if (p < 0) return;
    const product = PRODUCTS[p]!;
    const launch = m.productLaunch[p] as number;
    const subscribing = launch > 0 && d - launch < 5;
    if ((product.type === 'BOND' || product.type === 'STRUCTURED') && !subscribing) return;
    const amount = Math.max(product.minAmount * 100, divFloor(Math.round(cash * (0.1 + rng.next() * 0.5)), 100_000) * 100_000);
    if (amount > cash || amount <= 0) return;
    const fee = mulDivRoundHalfUp(amount, product.feePpm, 1_000_000 + product.feePpm);
    if (!this.buyUnits(a, p, amount, d)) return;
    txn(p, subscribing ? 'SUBSCRIBE' : 'PURCHASE', amount, fee);
    this.aCash[a] = cash - amount;
    // a fund bought may become a monthly plan: the instalment a round share of the purchase, the first debit a month on
    if (!subscribing && plannable(p) && (this.planProduct[i] as number) < 0 && rng.chance(PLAN_START_CHANCE)) {
      const instalment = Math.min(2_000_000, Math.max(100_000, divFloor(Math.round(amount * 0.15), 100_000) * 100_000));
      this.startPlan(i, p, instalment, nextMonth(this.dayNum[d] as number));
    }
  }

  /** Dividends, interest and the end-of-day rows of a customer's accounts. */
  private endOfDay(f: DayFiles, i: number, d: number, interestDay: boolean): void {
    const m = this.market;
    const S = m.count;
    const first = this.cFirstAccount[i] as number;
    const assets = f.sinks.get('assets.csv')!;
    const positions = f.sinks.get('positions.csv')!;
    for (let a = first; a < first + (this.cAccounts[i] as number); a++) {
      const no = this.aNo[a] as string;
      if (this.aCallDay[a] === d) {
        this.flow(f, a, 'BANK_IN', this.aCallAmount[a] as number);
        this.aCash[a] = (this.aCash[a] as number) + (this.aCallAmount[a] as number);
        this.aCallDay[a] = -1;
      }
      let stock = 0;
      let fund = 0;
      let bond = 0;
      let other = 0;
      let rows = '';
      let count = 0;
      for (let k = 0; k < SLOTS; k++) {
        const s = a * SLOTS + k;
        const sec = this.sSecurity[s] as number;
        if (sec < 0) continue;
        const qty = this.sQty[s] as number;
        if (m.dividendDay[sec] === d) {
          const dividend = mulDivRoundHalfUp(qty, (m.dividendPerShare[sec] as number), 100);
          if (dividend > 0) {
            this.flow(f, a, 'DIVIDEND', dividend, '09:00:00');
            this.aCash[a] = (this.aCash[a] as number) + dividend;
          }
        }
        const value = mulDivRoundHalfUp(qty, (m.close[d * S + sec] as number), 100);
        const cls = m.securityClass[sec] as number;
        if (cls === CLS_STOCK) stock += value;
        else if (cls === CLS_FUND) fund += value;
        else if (cls === CLS_BOND) bond += value;
        else other += value;
        rows += `${no},${m.prefix[sec]},${qty},${cents(this.sCost[s] as number)},${cents(value)}\n`;
        count++;
      }
      if (count > 0) positions.add(rows, count);
      if (interestDay && (this.aCash[a] as number) >= 10_000) {
        // 0.1 % a year on the cash for the quarter's 91 days
        const interest = mulDivRoundHalfUp((this.aCash[a] as number), 91, 360_000);
        if (interest > 0) {
          this.flow(f, a, 'INTEREST', interest, '09:05:00');
          this.aCash[a] = (this.aCash[a] as number) + interest;
        }
      }
      const cash = this.aCash[a] as number;
      let debt = 0;
      const total = cash + stock + fund + bond + other;
      if (this.aKind[a] === K_CREDIT) {
        if (d > 0) this.accrueInterest(a, d);
        const lendSec = this.aLendSecurity[a] as number;
        const lending = lendSec >= 0 ? mulDivRoundHalfUp((this.aLendQty[a] as number), (m.close[d * S + lendSec] as number), 100) : 0;
        const financing = this.aFinancing[a] as number;
        const interest = this.aInterest[a] as number;
        debt = financing + lending + interest;
        f.sinks.get('credit.csv')!.add(`${no},${cents(financing)},${cents(lending)},${cents(interest)},${cents(total)}\n`);
        this.marginCall(a, i, d, total, debt);
      }
      if (total !== 0 || debt !== 0) {
        assets.add(`${no},${CURRENCY_TEXT[this.aCurrency[a] as number]},${cents(cash)},${cents(stock)},${cents(fund)},${cents(bond)},${cents(other)},${cents(total)},${cents(debt)}\n`);
      }
      if (this.pProduct[a * PSLOTS] !== -1) {
        const holdings = f.sinks.get('product_holdings.csv')!;
        for (let k = 0; k < PSLOTS; k++) {
          const p = this.pProduct[a * PSLOTS + k] as number;
          if (p < 0) continue;
          const units = this.pUnits[a * PSLOTS + k] as number;
          const value = mulDivRoundHalfUp(units, (m.nav[d * PRODUCTS.length + p] as number), 10_000);
          holdings.add(`${no},${PRODUCTS[p]!.code},${fixed(units, 2, 2)},${cents(value)}\n`);
        }
      }
    }
  }

  /**
   * Below the liquidation line (130 %) the customer meets the margin call within two trading days;
   * between it and the warning line (150 %) now and then within a week; either way with a BANK_IN
   * into the credit account that lifts the maintenance ratio to 160–200 %. The pinned margin
   * accounts (aQuiet) stay where DEMO_FACTS puts them.
   */
  private marginCall(a: number, i: number, d: number, total: number, debt: number): void {
    if (debt <= 0 || this.aQuiet[a] === 1 || (this.aCallDay[a] as number) >= 0 || this.cStatus[i] !== ST_NORMAL) return;
    const rng = this.rng;
    let day: number;
    if (total * 10 < debt * 13) day = d + rng.int(1, 2);
    else if (total * 10 < debt * 15 && rng.chance(0.08)) day = d + rng.int(1, 5);
    else return;
    this.aCallDay[a] = day;
    this.aCallAmount[a] = Math.ceil((debt * (1.6 + rng.next() * 0.4) - total) / 10_000) * 10_000;
  }

  /** Margin interest (融资利息) accrues at 6 % a year, by calendar day, on the financing debt. */
  private accrueInterest(a: number, d: number): void {
    const gap = (this.dayNum[d] as number) - (this.dayNum[d - 1] as number);
    this.aInterest[a] = (this.aInterest[a] as number) + mulDivRoundHalfUp((this.aFinancing[a] as number), gap, 6_000);
  }

  // ------------------------------------------------------------ org CSVs

  /** The org CSVs, and the contact records (which follow the relationships) to `contactsFile`. */
  writeOrg(dir: string, contactsFile: string): Map<string, SinkResult> {
    const results = new Map<string, SinkResult>();
    const teams = new CsvSink(path.join(dir, 'teams.csv'), ORG_HEADERS['teams.csv'], 'utf-8', true);
    for (const t of this.org.teams) teams.add(`${t.code},${csvField(t.name)},${BRANCHES[t.branch]!.code},${t.leaderStaffNo}\n`);
    results.set('teams.csv', teams.close()!);
    const staff = new CsvSink(path.join(dir, 'staff.csv'), ORG_HEADERS['staff.csv'], 'utf-8', true);
    for (const s of this.org.staff) {
      staff.add(
        `${s.staffNo},${csvField(s.name)},${s.category},${s.level},${s.teamCode ?? ''},${BRANCHES[s.branch]!.code},${s.hireDate},${s.leaveDate ?? ''},` +
          `${s.contractType},${s.mobile},${csvField(s.email)}\n`,
      );
    }
    results.set('staff.csv', staff.close()!);
    const rels = new CsvSink(path.join(dir, 'relationships.csv'), ORG_HEADERS['relationships.csv'], 'utf-8', true);
    const contacts = new CsvSink(contactsFile, CONTACTS_HEADER, 'utf-8', true);
    for (let i = 0; i < this.n; i++) {
      const closeIdx = this.cCloseIdx[i] as number;
      const customer = {
        index: i,
        branch: this.cBranch[i] as number,
        openDate: dateOf(this.cOpen[i] as number),
        closeDate: closeIdx >= 0 ? (this.days[closeIdx] as string) : null,
        wealthCents: this.cWealth[i] as number,
      };
      const pinned = i < PINNED.length ? PINNED[i]!.rel : undefined;
      const no = this.customerNo(i);
      let text = '';
      const rows = this.planner.plan(customer, pinned, i === PIN_CHANGED ? this.changeDate : undefined);
      for (const r of rows) {
        text +=
          `${no},${r.staffNo},${r.kind},${r.weightTenths === 10 ? '1' : '0.' + r.weightTenths},${this.planner.assessmentSetOf(r.effectiveFrom)},` +
          `${r.addedOn},${r.effectiveFrom},${r.confirmedOn ?? ''},${r.endedOn ?? ''},${r.guaranteedPpm === null ? '' : ppm(r.guaranteedPpm)}\n`;
      }
      if (rows.length > 0) rels.add(text, rows.length);
      const j = this.cJourney[i] as number;
      const journey = j >= 0 ? this.journeys[j] : undefined;
      const planned = planContacts(createRng(hashSeed(this.cfg.seed, 0xc0a7, i)), {
        customerNo: no,
        wealthCents: this.cWealth[i] as number,
        normal: this.cStatus[i] === ST_NORMAL || this.cStatus[i] === ST_CLOSED,
        openIdx: this.cOpenIdx[i] as number,
        closeIdx,
        factor: (d) => contactFactor(journey, d),
        drainIdx: journey?.kind === 'DRAIN' ? journey.churnDay : -1,
        lowIdx: journey?.kind === 'RECOVER' ? journey.low : -1,
      }, rows, this.days);
      if (planned.count > 0) contacts.add(planned.text, planned.count);
      this.patterns.contacts += planned.count;
    }
    results.set('relationships.csv', rels.close()!);
    results.set('contacts.csv', contacts.close()!);
    return results;
  }
}

export const PROSPECTS_HEADER = 'name,id_no,mobile,branch_code,appointment_date,staff_no,weight,status';

/**
 * 潜在客户: about one person in 200 customers registered an appointment (预约开户) with a broker of
 * the branch in the last 40 trading days, approved, and has not opened the account yet.
 */
function writeProspects(file: string, cfg: Resolved, org: DemoOrg): number {
  const rng = createRng(hashSeed(cfg.seed, 0x9e05));
  const sink = new CsvSink(file, PROSPECTS_HEADER, 'utf-8', true);
  const branchTable = new WeightedTable(BRANCHES.map((_, b) => b), BRANCHES.map((b) => b.share));
  const lastDay = cfg.days[cfg.days.length - 1] as string;
  let count = 0;
  for (let k = Math.max(1, Math.round(cfg.customers / 200)); k > 0; k--) {
    const b = branchTable.pick(rng);
    const date = cfg.days[Math.max(0, cfg.days.length - 1 - rng.int(0, 39))] as string;
    const brokers = org.staff.filter((s) => s.branch === b && s.developWeight > 0 && s.hireDate <= date && (s.leaveDate === null || s.leaveDate >= lastDay));
    if (brokers.length === 0) continue;
    const staff = rng.pick(brokers);
    const gender = rng.chance(0.5) ? 'M' : 'F';
    const person = personName(rng, gender);
    const year = rng.int(1960, 2004);
    const birth = `${year}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`;
    const areas = CITY_AREAS[BRANCHES[b]!.city] ?? [];
    const area = areas.length > 0 && rng.chance(0.7) ? rng.pick(areas)[0] : rng.pick(OTHER_AREA_CODES);
    sink.add(`${csvField(person.name)},${makeIdNo(rng, area, birth, gender)},${makeMobile(rng)},${BRANCHES[b]!.code},${date},${staff.staffNo},1,APPROVED\n`);
    count++;
  }
  sink.close();
  return count;
}

function resolveOptions(opts: DemoOptions): Resolved {
  const customers = opts.customers ?? DEMO_DEFAULTS.customers;
  const days = opts.days ?? DEMO_DEFAULTS.days;
  const seed = opts.seed ?? DEMO_DEFAULTS.seed;
  if (!Number.isInteger(customers) || customers < 20 || customers > 5_000_000) throw new Error(`customers must be an integer from 20 to 5,000,000, not ${customers}`);
  if (!Number.isInteger(days) || days < 1 || days > 750) throw new Error(`days must be an integer from 1 to 750, not ${days}`);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffff_ffff) throw new Error(`seed must be an integer from 0 to 4294967295, not ${seed}`);
  const end = opts.end ?? defaultEndDate();
  dayNumber(end); // validates
  return { outDir: opts.outDir, customers, days: tradingDaysEnding(end, days), seed, encoding: opts.encoding ?? 'utf-8' };
}

function prepareDir(dir: string, overwrite: boolean): void {
  if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) {
    if (!overwrite) throw new Error(`${dir} exists and is not empty (pass overwrite / --force to replace it)`);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  fs.mkdirSync(dir, { recursive: true });
}

/** Writes the demo brokerage; see the file comment for the layout. */
export async function generateDemo(
  opts: DemoOptions,
  onProgress?: (p: { day: string; index: number; total: number }) => void,
): Promise<DemoSummary> {
  const started = performance.now();
  const cfg = resolveOptions(opts);
  const extractDir = path.resolve(cfg.outDir, 'extract');
  const orgDir = path.resolve(cfg.outDir, 'org');
  prepareDir(extractDir, opts.overwrite ?? false);
  prepareDir(orgDir, opts.overwrite ?? false);

  const brokerage = new DemoBrokerage(cfg);
  const rows: Record<string, number> = {};
  let bytes = 0;
  const count = (name: string, r: SinkResult): void => {
    rows[name] = (rows[name] ?? 0) + r.rows;
    bytes += r.bytes;
  };
  for (let d = 0; d < cfg.days.length; d++) {
    const day = cfg.days[d] as string;
    const dir = path.join(extractDir, day.replace(/-/g, ''));
    fs.mkdirSync(dir);
    for (const [name, r] of brokerage.writeDay(d, dir)) count(name, r);
    onProgress?.({ day, index: d + 1, total: cfg.days.length });
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  const contactsFile = path.resolve(cfg.outDir, 'contacts.csv');
  for (const [name, r] of brokerage.writeOrg(orgDir, contactsFile)) count(name, r);
  const prospectsFile = path.resolve(cfg.outDir, 'prospects.csv');
  brokerage.patterns.prospects = writeProspects(prospectsFile, cfg, brokerage.org);

  return {
    extractDir,
    orgDir,
    contactsFile,
    prospectsFile,
    patterns: { ...brokerage.patterns },
    days: [...cfg.days],
    customers: cfg.customers,
    fundAccounts: brokerage.accountCount,
    staff: brokerage.org.staff.length,
    teams: brokerage.org.teams.length,
    branches: BRANCHES.length,
    rows,
    bytes,
    ms: Math.round(performance.now() - started),
  };
}

export { DEMO_FACTS, demoPeople };
