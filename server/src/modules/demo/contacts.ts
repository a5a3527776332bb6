/**
 * Contact records (接触记录, business-rules.md §10) of the demo brokerage: who of the serving staff
 * talked to which customer, when, through which channel, what was said, and the next action. They
 * are not part of the trading system's extract; the generator writes them to <outDir>/contacts.csv
 * and the first start loads them after the org import (demo-contacts.ts).
 *
 * How often a customer is contacted follows its wealth (a 玉满堂-sized customer about twice a month,
 * a small one once or twice a year); a customer drifting away is contacted less (the seeds' "no
 * contact" churn rule), a customer whose activity dips and recovers sometimes got a care call at its
 * low, and a drained customer now and then gets a retention call after the money left.
 */
import { addDays } from '../../lib/dates.js';
import { csvField } from './csv-sink.js';
import type { RelationshipRow } from './org.js';
import { WeightedTable, type Rng } from './rng.js';

export const CONTACTS_HEADER = 'customer_no,staff_no,channel,at,summary,next_action,next_due_on,next_done_at';

type Channel = 'COUNTER' | 'CALL_CENTER' | 'PHONE' | 'VISIT' | 'SMS' | 'EMAIL' | 'WECHAT' | 'WEB';

const WEALTHY_CHANNELS = new WeightedTable<Channel>(['PHONE', 'WECHAT', 'VISIT', 'EMAIL', 'SMS', 'COUNTER', 'CALL_CENTER', 'WEB'], [30, 30, 20, 5, 5, 5, 3, 2]);
const OTHER_CHANNELS = new WeightedTable<Channel>(['PHONE', 'WECHAT', 'SMS', 'CALL_CENTER', 'COUNTER', 'EMAIL', 'VISIT', 'WEB'], [30, 25, 20, 10, 7, 3, 3, 2]);

/** What was said, by channel; `{p}` is filled with a product or topic. */
const SUMMARIES: Record<Channel, readonly string[]> = {
  PHONE: [
    '电话回访：客户询问近期{p}行情，介绍了本周策略观点。',
    '电话沟通：客户关注{p}，解释了相关风险与费用。',
    '电话提醒客户风险测评即将到期，客户表示近期到营业部办理。',
    '电话回访：客户对服务满意，关注市场波动，建议控制仓位。',
    '电话沟通客户资金安排，客户暂无追加计划。',
    '电话告知客户新股申购安排及市值要求。',
  ],
  WECHAT: [
    '微信发送{p}资料，客户已读并询问起购金额。',
    '微信推送本周市场周报，客户回复关注{p}。',
    '微信沟通：客户咨询转托管流程，已解答。',
    '微信回复客户关于交易费用的疑问。',
    '微信节日问候，顺带介绍{p}。',
  ],
  SMS: ['短信提醒：风险测评有效期即将届满。', '短信推送：{p}开放申购。', '短信通知：账户年度对账单已生成。', '短信关怀：市场波动加大，请注意投资风险。'],
  VISIT: [
    '上门拜访：与客户面谈资产配置，推荐{p}，客户表示考虑。',
    '面谈：客户介绍家庭资金规划，约定下月复盘持仓。',
    '拜访客户，讲解{p}的收益特征与风险等级。',
  ],
  COUNTER: ['柜台接待：客户办理资料变更，顺带介绍{p}。', '柜台：客户办理风险测评，结果已录入。', '柜台接待客户咨询两融开户条件。'],
  EMAIL: ['邮件发送{p}产品说明书及风险揭示书。', '邮件发送月度投资策略报告。'],
  CALL_CENTER: ['客服中心来电：客户咨询密码重置，已协助处理。', '客服中心回访：客户对开户服务评价满意。', '客服中心来电：客户咨询{p}购买渠道。'],
  WEB: ['网上留言：客户咨询{p}，已在线回复。', '网厅咨询：客户询问交易时间安排，已答复。'],
};
const TOPICS = ['科技板块', '红利指数', '泉商资管稳健1号', '收益凭证稳盈1号', '货币基金', '可转债', '沪深300ETF', '投顾组合金牛优选', '国债逆回购', '港股通'];
const NEXT_ACTIONS = ['发送产品说明书', '预约下周面谈', '提醒完成风险测评', '跟进资金到账情况', '回电确认客户意向', '邮寄年度对账单', '协助办理两融开户预约', '发送持仓分析报告'];
const RETENTION = [
  '资金大额转出，电话了解原因：客户称他家佣金费率更低，已反馈营业部。',
  '资金转出回访：客户资金用于购房，表示以后可能回来。',
  '资金转出回访：客户对近期收益不满意，已介绍稳健型产品。',
  '资金转出回访：客户未接听，已发短信。',
];
const CARE = ['关怀回访：客户近期交易减少，了解原因并介绍市场观点。', '关怀回访：客户转出部分资金，沟通资产配置建议。'];
const ONBOARDING = ['新开户回访：确认客户已完成首次入金，介绍交易软件使用。', '新开户回访：客户尚未入金，介绍入金方式。'];

/** How a demo customer's contacts are planned; day indices are those of the period. */
export interface ContactPlanCustomer {
  readonly customerNo: string;
  /** net asset at the start (or the target of a new customer), in cents */
  readonly wealthCents: number;
  /** status NORMAL at the start */
  readonly normal: boolean;
  /** day index of the opening (-1 before the period) and of the closing (-1 none) */
  readonly openIdx: number;
  readonly closeIdx: number;
  /** contact intensity on day d (1 normal, less while drifting away, 0 after leaving) */
  readonly factor: (d: number) => number;
  /** the day the customer drained its account without closing (-1 none): maybe a retention call after it */
  readonly drainIdx: number;
  /** the day a recovering customer's activity was lowest (-1 none): maybe a care call then */
  readonly lowIdx: number;
}

/** Per trading day: about 1.9 contacts a month at ≥ 1,000,000 yuan, 0.5 at ≥ 100,000, 0.13 below. */
function dailyRate(wealthCents: number): number {
  return wealthCents >= 100_000_000 ? 0.09 : wealthCents >= 10_000_000 ? 0.025 : 0.006;
}

/** The serving staff on `date`: a SERVICE relationship in force half the time, else the DEVELOP one with the largest weight. */
function servingStaff(rng: Rng, rels: readonly RelationshipRow[], date: string): string | null {
  let develop: RelationshipRow | undefined;
  let service: RelationshipRow | undefined;
  for (const r of rels) {
    if (r.effectiveFrom > date || (r.endedOn !== null && r.endedOn < date)) continue;
    if (r.kind === 'SERVICE') service = r;
    else if (!develop || r.weightTenths > develop.weightTenths) develop = r;
  }
  if (service && (!develop || rng.chance(0.5))) return service.staffNo;
  return develop?.staffNo ?? null;
}

/**
 * The customer's contact rows (CSV lines of CONTACTS_HEADER) over the period's `days`, and their
 * count. Every contact is recorded by the staff serving the customer that day; one without a
 * serving staff member is not recorded.
 */
export function planContacts(rng: Rng, c: ContactPlanCustomer, rels: readonly RelationshipRow[], days: readonly string[]): { text: string; count: number } {
  const lastDay = days[days.length - 1] as string;
  const wealthy = c.wealthCents >= 100_000_000;
  const rate = dailyRate(c.wealthCents) * (c.normal ? 1 : 0.3);
  let text = '';
  let count = 0;
  const add = (d: number, summary: string, channel: Channel, allowNext: boolean): void => {
    const date = days[d] as string;
    const staff = servingStaff(rng, rels, date);
    if (staff === null) return;
    const minute = rng.int(9 * 60, 18 * 60 + 30);
    const at = `${date}T${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00+08:00`;
    let next = ',,';
    if (allowNext && channel !== 'SMS' && channel !== 'WEB' && rng.chance(0.3)) {
      const due = addDays(date, rng.int(1, 10));
      let done = '';
      if (due <= lastDay && rng.chance(0.85)) {
        // done on a day between the contact and two days after the due date, never after the last day
        let doneOn = addDays(date, rng.int(0, Math.max(0, (Date.parse(due) - Date.parse(date)) / 86_400_000 + 2)));
        if (doneOn > lastDay) doneOn = lastDay;
        done = `${doneOn}T${String(rng.int(10, 17)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}:00+08:00`;
        if (done < at) done = at;
      }
      next = `${csvField(rng.pick(NEXT_ACTIONS))},${due},${done}`;
    }
    text += `${c.customerNo},${staff},${channel},${at},${csvField(summary)},${next}\n`;
    count++;
  };
  const first = Math.max(0, c.openIdx);
  const last = c.closeIdx >= 0 ? c.closeIdx - 1 : days.length - 1;
  if (c.openIdx >= 0 && rng.chance(0.7)) add(Math.min(last, c.openIdx + rng.int(1, 5)), rng.pick(ONBOARDING), 'PHONE', false);
  for (let d = first; d <= last; d++) {
    if (!rng.chance(rate * c.factor(d))) continue;
    const channel = (wealthy ? WEALTHY_CHANNELS : OTHER_CHANNELS).pick(rng);
    add(d, rng.pick(SUMMARIES[channel]).replace('{p}', rng.pick(TOPICS)), channel, true);
  }
  if (c.lowIdx >= 0 && c.lowIdx < days.length && rng.chance(0.5)) add(c.lowIdx, rng.pick(CARE), 'PHONE', true);
  if (c.drainIdx >= 0 && c.drainIdx + 1 < days.length && rng.chance(0.4)) {
    add(Math.min(days.length - 1, c.drainIdx + rng.int(1, 5)), rng.pick(RETENTION), 'PHONE', false);
  }
  return { text, count };
}
