/**
 * Contact records (接触记录, business-rules.md §10): the checks that need the clock, and what makes a
 * follow-up overdue. Pure: the caller passes "now" and today's business date.
 */
import type { FieldError } from '../../errors.js';

/** A contact may be recorded a little ahead of the server's clock (a workstation's clock drifts), no more. */
export const MAX_CONTACT_LEAD_MS = 5 * 60_000;

/**
 * The field errors of a new contact's times: `at` more than 5 minutes after `now`, or a next action
 * due before `today` (YYYY-MM-DD, business time zone). Empty when both are fine.
 */
export function contactTimingErrors(input: { at: Date; dueOn?: string }, now: Date, today: string): FieldError[] {
  const errors: FieldError[] = [];
  if (input.at.getTime() - now.getTime() > MAX_CONTACT_LEAD_MS) {
    errors.push({ field: 'at', message: { zh: '接触时间不能晚于当前时间 5 分钟以上', en: 'must not be more than 5 minutes in the future' } });
  }
  if (input.dueOn !== undefined && input.dueOn < today) {
    errors.push({ field: 'nextAction.dueOn', message: { zh: '不能早于今天', en: 'must not be before today' } });
  }
  return errors;
}

/** A follow-up is overdue when it is not done and was due before `today` (YYYY-MM-DD). */
export function isOverdue(followUp: { dueOn: string; doneAt: string | null }, today: string): boolean {
  return followUp.doneAt === null && followUp.dueOn < today;
}

/**
 * A customer's timeline: its entries (each list newest first) merged newest first, at most `limit`.
 * `at` is an ISO 8601 UTC string (toISOString), so text order is time order; at the same instant a
 * contact comes before a workflow event, and each list keeps its own order.
 */
export function mergeTimeline<Entry extends { at: string }>(lists: readonly (readonly Entry[])[], limit: number): Entry[] {
  const merged: Entry[] = [];
  const next = lists.map(() => 0);
  while (merged.length < limit) {
    let pick: { list: number; entry: Entry } | null = null;
    for (const [i, list] of lists.entries()) {
      const candidate = list[next[i] ?? 0];
      if (candidate && (!pick || candidate.at > pick.entry.at)) pick = { list: i, entry: candidate };
    }
    if (!pick) break;
    const { list, entry } = pick;
    merged.push(entry);
    next[list] = (next[list] ?? 0) + 1;
  }
  return merged;
}
