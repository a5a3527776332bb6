/**
 * The demo brokerage's organisation (总部 → 营业部 → 团队 → 员工) and its broker relationships
 * (经纪关系), as written to org/teams.csv, staff.csv and relationships.csv (interfaces.md).
 *
 * The organisation is built by position, not by chance, so its numbers are the same for every
 * seed and size up to the default: five branches B001…B005, four teams per branch (T0101 …
 * T0504), 25 staff per branch numbered S<branch><seq> (S01001 is B001's manager, S01002 leads
 * T0101, S01003 is a broker in that team with the largest book). Larger demos append more staff
 * to each team after the first 25. Names, dates and contacts depend on the seed.
 */
import { addDays, dateOf, dayNumber } from '../../lib/dates.js';
import { lastTradingDayOfMonth } from '../calendar/calendar.rules.js';
import { makeMobile } from './idcard.js';
import { personName } from './people.js';
import { createRng, hashSeed, WeightedTable, type Rng } from './rng.js';

export interface DemoBranch {
  readonly code: string;
  readonly name: string;
  readonly city: string;
  /** share of the customers */
  readonly share: number;
}

export const BRANCHES: readonly DemoBranch[] = [
  { code: 'B001', name: '上海浦东南路营业部', city: '上海市', share: 0.3 },
  { code: 'B002', name: '北京金融大街营业部', city: '北京市', share: 0.22 },
  { code: 'B003', name: '深圳福田营业部', city: '深圳市', share: 0.2 },
  { code: 'B004', name: '杭州庆春路营业部', city: '杭州市', share: 0.15 },
  { code: 'B005', name: '成都人民南路营业部', city: '成都市', share: 0.13 },
];

export type StaffCategory = 'BROKER' | 'ACCOUNT_MANAGER' | 'ADVISOR' | 'SERVICE' | 'DISTRIBUTOR' | 'MANAGER';
export type StaffLevel = '见习' | '初级' | '中级' | '高级' | '资深';

export interface DemoTeam {
  readonly code: string;
  readonly name: string;
  readonly branch: number;
  readonly leaderStaffNo: string;
}

export interface DemoStaff {
  readonly staffNo: string;
  readonly name: string;
  readonly category: StaffCategory;
  readonly level: StaffLevel;
  readonly teamCode: string | null;
  readonly branch: number;
  readonly hireDate: string;
  readonly leaveDate: string | null;
  readonly contractType: 'LABOR' | 'AGENCY';
  readonly mobile: string;
  readonly email: string;
  /** relative share of new DEVELOP relationships; 0 for staff who do not develop customers */
  readonly developWeight: number;
}

export interface DemoOrg {
  readonly teams: readonly DemoTeam[];
  readonly staff: readonly DemoStaff[];
}

const TEAM_SUFFIXES = ['财富一组', '财富二组', '财富三组', '综合金融组'] as const;

/** Team members after the leader, by team (the leader is listed first). */
const TEAM_PLAN: readonly (readonly StaffCategory[])[] = [
  ['BROKER', 'BROKER', 'BROKER', 'ACCOUNT_MANAGER', 'ADVISOR', 'SERVICE'],
  ['ACCOUNT_MANAGER', 'BROKER', 'BROKER', 'ACCOUNT_MANAGER', 'DISTRIBUTOR', 'SERVICE'],
  ['BROKER', 'BROKER', 'ACCOUNT_MANAGER', 'ACCOUNT_MANAGER', 'ADVISOR', 'DISTRIBUTOR'],
  ['BROKER', 'BROKER', 'BROKER', 'ACCOUNT_MANAGER', 'ADVISOR', 'SERVICE'],
];

/** The member of each branch who leaves during the demo period (T?4's third member). */
export const LEAVER_SEQ = 22;
/** The broker with the largest book in each branch (T?1's first member). */
export const STAR_BROKER_SEQ = 3;

export function staffNo(branch: number, seq: number): string {
  return `S${String(branch + 1).padStart(2, '0')}${String(seq).padStart(3, '0')}`;
}

export function teamCode(branch: number, team: number): string {
  return `T${String(branch + 1).padStart(2, '0')}${String(team + 1).padStart(2, '0')}`;
}

function levelFor(yearsOfService: number): StaffLevel {
  if (yearsOfService < 1) return '见习';
  if (yearsOfService < 3) return '初级';
  if (yearsOfService < 6) return '中级';
  if (yearsOfService < 10) return '高级';
  return '资深';
}

function randomDate(rng: Rng, from: string, to: string): string {
  return dateOf(rng.int(dayNumber(from), dayNumber(to)));
}

/**
 * The organisation for a demo of `customers` customers whose period starts on `firstDay`;
 * `leaveDate` is the day the leaver of each branch leaves.
 */
export function buildOrg(seed: number, customers: number, firstDay: string, leaveDate: string): DemoOrg {
  const teams: DemoTeam[] = [];
  const staff: DemoStaff[] = [];
  const extraPerTeam = customers <= 26_631 ? 0 : Math.round(5 * ((customers / 26_631) ** 0.4 - 1));
  const firstYear = Number(firstDay.slice(0, 4));
  const emails = new Set<string>();

  BRANCHES.forEach((branch, b) => {
    const rng = createRng(hashSeed(seed, 0x0e6, b));
    const add = (seq: number, category: StaffCategory, team: number | null, role: 'manager' | 'leader' | 'member'): void => {
      const gender = rng.chance(0.55) ? 'M' : 'F';
      const person = personName(rng, gender);
      const no = staffNo(b, seq);
      const isLeaver = seq === LEAVER_SEQ;
      let hireDate: string;
      if (role === 'manager') hireDate = randomDate(rng, '2008-03-01', '2013-12-31');
      else if (role === 'leader') hireDate = randomDate(rng, '2010-01-01', '2016-12-31');
      else if (isLeaver) hireDate = randomDate(rng, '2023-01-01', '2023-12-31');
      else if (seq === STAR_BROKER_SEQ) hireDate = randomDate(rng, '2009-01-01', '2012-12-31');
      else hireDate = randomDate(rng, '2013-01-01', addDays(firstDay, -40));
      const years = firstYear - Number(hireDate.slice(0, 4));
      let level = levelFor(years);
      if (role !== 'member' && level !== '资深') level = '高级';
      if (seq === STAR_BROKER_SEQ) level = '资深';
      let email = `${person.pinyin}@qszq.com.cn`;
      for (let n = 2; emails.has(email); n++) email = `${person.pinyin}${n}@qszq.com.cn`;
      emails.add(email);
      const agency = category === 'DISTRIBUTOR' || (category === 'BROKER' && role === 'member' && rng.chance(0.75));
      let developWeight = 0;
      if (category === 'BROKER') developWeight = role === 'leader' ? 0.6 : 1;
      else if (category === 'ACCOUNT_MANAGER') developWeight = role === 'leader' ? 0.5 : 0.8;
      else if (category === 'DISTRIBUTOR') developWeight = 0.7;
      if (seq === STAR_BROKER_SEQ) developWeight = b === 0 ? 3 : 1.8;
      staff.push({
        staffNo: no,
        name: person.name,
        category,
        level,
        teamCode: team === null ? null : teamCode(b, team),
        branch: b,
        hireDate,
        leaveDate: isLeaver ? leaveDate : null,
        contractType: agency ? 'AGENCY' : 'LABOR',
        mobile: makeMobile(rng),
        email,
        developWeight,
      });
    };

    add(1, 'MANAGER', null, 'manager');
    TEAM_PLAN.forEach((plan, t) => {
      const leaderSeq = 2 + t * 6;
      teams.push({ code: teamCode(b, t), name: branch.name.replace(/营业部$/, '') + TEAM_SUFFIXES[t], branch: b, leaderStaffNo: staffNo(b, leaderSeq) });
      plan.forEach((category, m) => add(leaderSeq + m, category, t, m === 0 ? 'leader' : 'member'));
    });
    let seq = 26;
    for (let t = 0; t < TEAM_PLAN.length; t++) {
      for (let k = 0; k < extraPerTeam; k++) add(seq++, k % 3 === 2 ? 'ACCOUNT_MANAGER' : 'BROKER', t, 'member');
    }
  });
  return { teams, staff };
}

// ---------------------------------------------------------------- relationships

export interface RelationshipRow {
  readonly staffNo: string;
  readonly kind: 'DEVELOP' | 'SERVICE';
  /** weight in tenths (10 = 1, 6 = 0.6) */
  readonly weightTenths: number;
  readonly addedOn: string;
  readonly effectiveFrom: string;
  readonly confirmedOn: string | null;
  readonly endedOn: string | null;
  /** guaranteed commission rate in millionths, DISTRIBUTOR relationships only */
  readonly guaranteedPpm: number | null;
}

/** What relationships need to know of a customer. */
export interface RelationshipCustomer {
  readonly index: number;
  readonly branch: number;
  readonly openDate: string;
  readonly closeDate: string | null;
  /** net asset at the start, in cents: decides whether old relationships carry a confirmed date */
  readonly wealthCents: number;
}

/** A relationship plan fixed for a pinned customer (DEMO_FACTS). */
export interface PinnedRelationships {
  readonly develop: readonly (readonly [seq: number, weightTenths: number])[];
  readonly service?: number;
  /** change the first DEVELOP relationship to this staff member on `changeDate` */
  readonly changeTo?: number;
}

export class RelationshipPlanner {
  private readonly byNo = new Map<string, DemoStaff>();
  private readonly developTables: WeightedTable<DemoStaff>[] = [];
  private readonly serviceStaff: DemoStaff[][] = [];

  constructor(
    private readonly seed: number,
    org: DemoOrg,
    /** first day of the demo period */
    private readonly firstDay: string,
    /** trading days of the period on which mid-month changes may take effect */
    private readonly changeDays: readonly string[],
  ) {
    for (const s of org.staff) this.byNo.set(s.staffNo, s);
    BRANCHES.forEach((_, b) => {
      const developers = org.staff.filter((s) => s.branch === b && s.developWeight > 0);
      this.developTables.push(new WeightedTable(developers, developers.map((s) => s.developWeight)));
      this.serviceStaff.push(org.staff.filter((s) => s.branch === b && (s.category === 'SERVICE' || s.category === 'ADVISOR')));
    });
  }

  staff(no: string): DemoStaff {
    const s = this.byNo.get(no);
    if (!s) throw new Error(`unknown staff ${no}`);
    return s;
  }

  /** The customer's relationships, in order of effective date. */
  plan(c: RelationshipCustomer, pinned?: PinnedRelationships, changeDate?: string): RelationshipRow[] {
    const rng = createRng(hashSeed(this.seed, 0x3e1, c.index));
    const rows: RelationshipRow[] = [];
    const branchStaff = (seq: number): DemoStaff => this.staff(staffNo(c.branch, seq));
    const usable = (s: DemoStaff, from: string): boolean => s.leaveDate === null || s.leaveDate >= from;
    const pickDeveloper = (from: string, exclude: readonly string[]): DemoStaff | undefined => {
      const table = this.developTables[c.branch] as WeightedTable<DemoStaff>;
      for (let attempt = 0; attempt < 40; attempt++) {
        const s = table.pick(rng);
        if (usable(s, from) && !exclude.includes(s.staffNo)) return s;
      }
      return table.items.find((s) => usable(s, from) && !exclude.includes(s.staffNo));
    };

    let develop: { staff: DemoStaff; tenths: number }[];
    let changeTo: DemoStaff | undefined;
    let serviceStaff: DemoStaff | undefined;
    if (pinned) {
      develop = pinned.develop.map(([seq, tenths]) => ({ staff: branchStaff(seq), tenths }));
      if (pinned.changeTo !== undefined && changeDate) changeTo = branchStaff(pinned.changeTo);
      if (pinned.service !== undefined) serviceStaff = branchStaff(pinned.service);
    } else {
      develop = [];
      const u = rng.next();
      if (u < 0.85) {
        const s = pickDeveloper(c.openDate, []);
        if (s) develop.push({ staff: s, tenths: 10 });
      } else if (u < 0.9) {
        const a = pickDeveloper(c.openDate, []);
        const b = a && pickDeveloper(c.openDate, [a.staffNo]);
        if (a && b) develop.push({ staff: a, tenths: 6 }, { staff: b, tenths: 4 });
      }
      // about 1 % change to another staff member of the branch in the middle of a month
      if (develop.length === 1 && this.changeDays.length > 0 && rng.chance(0.011)) {
        const day = rng.pick(this.changeDays);
        const first = develop[0] as { staff: DemoStaff };
        const to = pickDeveloper(day, [first.staff.staffNo]);
        if (to && day > c.openDate && (c.closeDate === null || day < c.closeDate) && usable(first.staff, day)) {
          changeTo = to;
          changeDate = day;
        }
      }
      if (rng.chance(0.15)) serviceStaff = rng.pick(this.serviceStaff[c.branch] as DemoStaff[]);
    }

    const addedBefore = (date: string, maxDays: number): string => addDays(date, -rng.int(0, maxDays));
    const confirmedFor = (from: string, kind: 'DEVELOP' | 'SERVICE'): string | null => {
      if (kind !== 'DEVELOP' || from >= this.firstDay || c.wealthCents < 1_000_000 || !rng.chance(0.75)) return null;
      let end = lastTradingDayOfMonth(from);
      if (end < from) end = lastTradingDayOfMonth(addDays(from, 20));
      return end < this.firstDay ? end : null;
    };
    const minDate = (a: string, b: string | null): string => (b !== null && b < a ? b : a);

    /** One staff member's holding from `from`, split when the staff member leaves before it ends. */
    const hold = (s: DemoStaff, kind: 'DEVELOP' | 'SERVICE', tenths: number, from: string, until: string | null, others: string[]): void => {
      const start = s.hireDate > from ? s.hireDate : from;
      if ((until !== null && start > until) || (s.leaveDate !== null && start > s.leaveDate)) return;
      const guaranteedPpm = kind === 'DEVELOP' && s.category === 'DISTRIBUTOR' ? (rng.chance(0.7) ? 100 : 80) : null;
      const leaves = s.leaveDate !== null && (until === null || s.leaveDate < until);
      const end = leaves ? s.leaveDate : until;
      rows.push({
        staffNo: s.staffNo,
        kind,
        weightTenths: tenths,
        addedOn: addedBefore(start, start === c.openDate ? 10 : 5),
        effectiveFrom: start,
        confirmedOn: confirmedFor(start, kind),
        endedOn: end,
        guaranteedPpm,
      });
      if (leaves && end !== null) {
        // the leaver's customers pass to a colleague of the same branch the next day
        const next = addDays(end, 1);
        const successor =
          kind === 'DEVELOP'
            ? pickDeveloper(next, [s.staffNo, ...others])
            : (this.serviceStaff[c.branch] as DemoStaff[]).find((x) => x.staffNo !== s.staffNo && usable(x, next));
        if (successor && (until === null || next <= until)) hold(successor, kind, tenths, next, until, others);
      }
    };

    const closeDate = c.closeDate;
    develop.forEach(({ staff: s, tenths }) => {
      const others = develop.filter((d) => d.staff !== s).map((d) => d.staff.staffNo);
      if (changeTo && changeDate) {
        const before = addDays(changeDate, -1);
        hold(s, 'DEVELOP', tenths, c.openDate, minDate(before, closeDate), others);
        if (closeDate === null || changeDate <= closeDate) hold(changeTo, 'DEVELOP', tenths, changeDate, closeDate, [s.staffNo]);
      } else {
        hold(s, 'DEVELOP', tenths, c.openDate, closeDate, others);
      }
    });
    if (serviceStaff) {
      const later = addDays(c.openDate, rng.int(30, 900));
      const start = rng.chance(0.5) && later < this.firstDay ? later : c.openDate;
      hold(serviceStaff, 'SERVICE', 10, start, closeDate, []);
    }
    return rows;
  }

  /** The assessment set (考核集) of a relationship: the year it took effect, at the earliest the period's. */
  assessmentSetOf(effectiveFrom: string): string {
    return `${effectiveFrom < this.firstDay ? this.firstDay.slice(0, 4) : effectiveFrom.slice(0, 4)}年度考核集`;
  }
}
