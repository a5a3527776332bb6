/**
 * Call center (呼叫中心, business-rules.md §10 "a call-center event carrying a phone number finds the
 * customer"): how a caller's number is compared with customers' mobiles, how long a call lasted,
 * and the summary its contact record (接触记录, channel CALL_CENTER) carries. Pure.
 */

/** The CTI events a call goes through; TRANSFERRED moves it from its current extension to another (转接). */
export const CTI_EVENTS = ['RINGING', 'ANSWERED', 'TRANSFERRED', 'HANGUP'] as const;
export type CtiEvent = (typeof CTI_EVENTS)[number];

/**
 * The key a phone number is matched by (SQL: `cti_phone_key`, migration 0039 — the same rule):
 * its digits only; a mobile (11 digits starting with 1) loses the country code written as +86,
 * 0086 or 86, and the trunk prefix 0 some switchboards put before a mobile of another city.
 * `+86 138-1234-5678` → `13812345678`; `021 6888 8888` → `02168888888`; null when there is no digit.
 */
export function phoneKey(raw: string): string | null {
  const digits = raw.replace(/[^0-9]/g, '');
  if (/^(0086|86|0)1[0-9]{10}$/.test(digits)) return digits.slice(-11);
  return digits === '' ? null : digits;
}

/**
 * Whole seconds between the answer and the hang-up (通话时长), rounded down; 0 for a call never
 * answered, not hung up yet, or whose hang-up the CTI reported before its answer.
 */
export function callDurationSeconds(answeredAt: Date | null, hungUpAt: Date | null): number {
  if (!answeredAt || !hungUpAt) return 0;
  const ms = hungUpAt.getTime() - answeredAt.getTime();
  return ms > 0 ? Math.floor(ms / 1000) : 0;
}

/** `125` → `2分05秒`; `59` → `59秒`; `3725` → `1小时02分05秒`. */
export function durationText(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  if (h > 0) return `${h}小时${two(m)}分${two(s)}秒`;
  if (m > 0) return `${m}分${two(s)}秒`;
  return `${s}秒`;
}

/** The longest summary an agent may write (the contact's summary holds at most 2,000 characters with the call's own words). */
export const CALL_NOTE_MAX = 1800;

/**
 * The contact record's summary: the call and its duration, the agents when it was transferred, then
 * the agent's summary when there is one. `呼叫中心来电，通话 2分05秒；坐席小结：客户咨询新股申购`;
 * transferred: `呼叫中心来电，通话 2分05秒，转接：赵敏(8001) → 张伟(8002)；坐席小结：…`; a call never
 * answered is `呼叫中心来电，未接通`.
 */
export function callContactSummary(call: { answeredAt: Date | null; hungUpAt: Date | null; note: string | null }, agents: readonly string[] = []): string {
  const what = call.answeredAt ? `呼叫中心来电，通话 ${durationText(callDurationSeconds(call.answeredAt, call.hungUpAt))}` : '呼叫中心来电，未接通';
  const legs = agents.length > 1 ? `${what}，转接：${agents.join(' → ')}` : what;
  return call.note ? `${legs}；坐席小结：${call.note}` : legs;
}

/** What a call came to (接通 / 未接 / 进行中): answered once it was answered; missed when it ended unanswered. */
export function callOutcome(call: { answeredAt: Date | null; hungUpAt: Date | null }): 'ANSWERED' | 'MISSED' | 'IN_PROGRESS' {
  if (call.answeredAt) return 'ANSWERED';
  return call.hungUpAt ? 'MISSED' : 'IN_PROGRESS';
}

/**
 * How long after the ring the agent who took a call may still read its caller's card (and record the
 * call) when the customer is outside the agent's data scope: the call-center permission reaches the
 * caller of one's own call, not the customer base.
 */
export const CALL_CARD_HOURS = 12;

export function callCardOpen(rangAt: Date, now: Date): boolean {
  return now.getTime() - rangAt.getTime() <= CALL_CARD_HOURS * 3_600_000;
}
