/**
 * Monitoring (异常监控, business-rules.md §9): what an action does to an alert's status. Pure.
 * NEW → ACKNOWLEDGED → CLOSED, NEW → CLOSED; a note changes nothing and is allowed in every status;
 * nothing but a note once CLOSED.
 */
export const ALERT_STATUSES = ['NEW', 'ACKNOWLEDGED', 'CLOSED'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];
export const ALERT_ACTIONS = ['acknowledge', 'close', 'note'] as const;
export type AlertAction = (typeof ALERT_ACTIONS)[number];

/** The status after `action`, or null when the action is not allowed from `status`. */
export function statusAfter(status: AlertStatus, action: AlertAction): AlertStatus | null {
  if (action === 'note') return status;
  if (action === 'acknowledge') return status === 'NEW' ? 'ACKNOWLEDGED' : null;
  return status === 'CLOSED' ? null : 'CLOSED';
}

/** The alert's day at 15:00 Asia/Shanghai (the market's close): where it sits on the customer's timeline. */
export function alertTimelineAt(day: string): string {
  return new Date(`${day}T15:00:00+08:00`).toISOString();
}
