/**
 * People and customers of the demo brokerage that are there on purpose, so that tests, demos and
 * the first start-up (which creates demo logins linked to these staff) can rely on them.
 *
 * The staff numbers hold for every seed and size (the organisation is built by position, see
 * org.ts). The customers hold for every seed; the scenarios that need days (a closing, a quick
 * in-and-out, a large withdrawal) happen when the period has enough trading days — at the default
 * size and for any --days ≥ 5.
 */
import fs from 'node:fs';
import path from 'node:path';

export const DEMO_FACTS = {
  branch: 'B001', // 上海浦东南路营业部
  /** B001's branch manager (category MANAGER, in no team): a BRANCH_MANAGER login */
  branchManager: 'S01001',
  team: 'T0101', // 浦东南路财富一组
  /** leader of T0101 (a senior broker): a TEAM_LEAD login */
  teamLead: 'S01002',
  /** broker in T0101 with the largest book of B001 (well over 100 DEVELOP customers at the default size): a BROKER login */
  broker: 'S01003',
  /** another broker of T0101: the 0.4 side of a split and the new broker of a changed relationship */
  secondBroker: 'S01004',
  /** service staff of T0101: a SERVICE login; serves customer 1000000001 */
  service: 'S01007',
  /** service staff of T0102 and T0104: the two call-center agents (呼叫中心坐席, extensions 8001 and 8002) */
  agentOne: 'S01013',
  agentTwo: 'S01025',
  /** distributor of T0102 whose relationships carry a guaranteed commission rate (保底佣金率) */
  distributor: 'S01012',
  /** broker of T0104 who leaves in the middle of the period; his customers pass to colleagues */
  leaver: 'S01022',
  customers: {
    /** individual with about 3.2 million, active trader, holds a product; S01003 (DEVELOP 1) and S01007 (SERVICE) */
    wealthy: '1000000001',
    /** DEVELOP split 0.6 S01003 / 0.4 S01004 */
    split: '1000000002',
    /** has a margin (CREDIT) account whose maintenance ratio is below 130 % on the last day */
    marginBelowLiquidation: '1000000003',
    /** holds a Shanghai B share in a USD account */
    usdAccount: '1000000004',
    /** an institution (customer_type O), professional investor B */
    institution: '1000000005',
    /** a product account (customer_type F), professional investor A */
    productAccount: '1000000006',
    /** BANK_IN then BANK_OUT of ≥ 90 % two trading days later with no trade between (快进快出), ending on the second-to-last day */
    quickInOut: '1000000007',
    /** ≥ 20 orders on the last day, ≥ 50 % cancelled (频繁撤单) */
    frequentCancels: '1000000008',
    /** sells everything on the second-to-last day and withdraws ≥ 50 % of that day's net asset (≥ 500,000) on the last day */
    largeWithdrawal: '1000000009',
    /** sells out, transfers out ≥ 80 % and closes on the last day */
    closing: '1000000010',
    /** margin account with a maintenance ratio between 130 % and 150 % on the last day */
    marginBelowWarning: '1000000011',
    /** DEVELOP relationship with distributor S01012 at a guaranteed rate */
    distributorCustomer: '1000000012',
    /** DEVELOP relationship changed from S01003 to S01004 in the middle of a month of the period */
    changedRelationship: '1000000013',
  },
} as const;

export interface DemoPerson {
  readonly username: string;
  readonly role: 'ADMIN' | 'HQ' | 'COMPLIANCE' | 'BRANCH_MANAGER' | 'TEAM_LEAD' | 'BROKER' | 'SERVICE';
  readonly staffNo: string | null;
  readonly description: string;
  /** the CTI extension of a call-center agent (呼叫中心坐席) */
  readonly extension?: string;
}

const PEOPLE: readonly DemoPerson[] = [
  { username: 'admin', role: 'ADMIN', staffNo: null, description: '系统管理员' },
  { username: 'headoffice', role: 'HQ', staffNo: null, description: '总部' },
  { username: 'compliance', role: 'COMPLIANCE', staffNo: null, description: '合规' },
  { username: 'manager', role: 'BRANCH_MANAGER', staffNo: DEMO_FACTS.branchManager, description: '上海浦东南路营业部 总经理' },
  { username: 'lead', role: 'TEAM_LEAD', staffNo: DEMO_FACTS.teamLead, description: '浦东南路财富一组 团队长' },
  { username: 'broker', role: 'BROKER', staffNo: DEMO_FACTS.broker, description: '浦东南路财富一组 经纪人' },
  { username: 'service', role: 'SERVICE', staffNo: DEMO_FACTS.service, description: '浦东南路财富一组 客服' },
  { username: 'agent1', role: 'SERVICE', staffNo: DEMO_FACTS.agentOne, description: '浦东南路财富二组 客服，呼叫中心坐席 分机 8001', extension: '8001' },
  { username: 'agent2', role: 'SERVICE', staffNo: DEMO_FACTS.agentTwo, description: '浦东南路综合金融组 客服，呼叫中心坐席 分机 8002', extension: '8002' },
];

/**
 * The demo logins the first start creates (seed.ts createDemoLogins; the README's table of demo
 * logins lists the same), each with the staff member it is linked to. With `orgDir` (the
 * demo's org folder), checks that every linked staff member is in its staff.csv.
 */
export function demoPeople(orgDir?: string): DemoPerson[] {
  if (orgDir !== undefined) {
    const text = fs.readFileSync(path.join(orgDir, 'staff.csv'), 'utf8');
    const known = new Set(text.split('\n').slice(1).map((line) => line.slice(0, line.indexOf(','))));
    for (const p of PEOPLE) {
      if (p.staffNo !== null && !known.has(p.staffNo)) throw new Error(`demo staff ${p.staffNo} (${p.username}) is not in ${orgDir}/staff.csv`);
    }
  }
  return PEOPLE.map((p) => ({ ...p }));
}
