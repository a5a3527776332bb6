/**
 * The catalogue entries of codes (`role.ADMIN`, `wf.status.PENDING`, `payroll.kind.WELFARE` …),
 * derived from the one dictionary of codes (shared/codes.ts) instead of copied: every page that
 * still looks a code up by a message key gets the same label as the server's exports and the
 * pages that use `useCodeLabel`. A prefix names the dictionary kind its codes belong to.
 */
import { CODES, type Code, type CodeKind, type CodeLanguage } from '../../../shared/codes';

const PREFIXES = {
  role: 'role',
  scope: 'scopeLevel',
  'wf.type': 'workflowType',
  'wf.status': 'workflowStatus',
  'wf.kind': 'relationshipKind',
  'appt.status': 'appointmentStatus',
  'rq.kind': 'relationshipKind',
  'rq.status': 'relationshipState',
  'sm.category': 'staffCategory',
  'sm.contract': 'contractType',
  'sm.status': 'staffStatus',
  'sm.historyField': 'staffField',
  'sm.source': 'recordSource',
  'payroll.kind': 'adjustmentKind',
  'payroll.status': 'payrollMonthStatus',
  'admin.runs.kind': 'importKind',
  'admin.runs.status': 'importStatus',
  'alerts.scorer': 'churnScorer',
} as const satisfies Record<string, CodeKind>;

type Prefixes = typeof PREFIXES;
type CodeMessageKey = { [P in keyof Prefixes]: `${P}.${Code<Prefixes[P]>}` }[keyof Prefixes];

function catalogue(language: CodeLanguage): Record<CodeMessageKey, string> {
  const entries = Object.entries(PREFIXES).flatMap(([prefix, kind]) =>
    Object.entries(CODES[kind as CodeKind]).map(([code, label]) => [`${prefix}.${code}`, label[language]] as const),
  );
  return Object.fromEntries(entries) as Record<CodeMessageKey, string>;
}

export const codesZhCN = catalogue('zh');
export const codesEnUS = catalogue('en');
