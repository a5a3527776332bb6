/**
 * Rules of the relationship operations (经纪关系操作, business-rules.md §2): the checks on the set a
 * change would leave (DEVELOP
 * weights at most 1, periods of a pair never overlapping) — reusing the org import's sweeps
 * (org.rules.ts). Pure: no I/O, no clock, no database.
 */
import { Decimal } from 'decimal.js';
import { overlappingPeriods, weightExcesses, type Period } from '../../org/org.rules.js';

/** A stored relationship, as the checks need it. */
export interface StoredPeriod extends Period {
  id: string;
}

/** What an operation does to a customer's relationships: periods it ends, periods it adds. */
export interface RelationshipChange {
  ended: readonly { id: string; ended_on: string }[];
  added: readonly Period[];
}

export interface SetProblem {
  rule: 'OVERLAP' | 'WEIGHT';
  zh: string;
  en: string;
}

const NEW = 'new';

/**
 * The problems of the set `stored` would become after `change`, caused by the change: an added
 * period overlapping another of the same customer, staff member and kind, or the customer's
 * concurrent DEVELOP weights summing above 1 on a day an added period is in force.
 */
export function changeProblems(stored: readonly StoredPeriod[], change: RelationshipChange): SetProblem[] {
  const endings = new Map(change.ended.map((e) => [e.id, e.ended_on]));
  const resulting: StoredPeriod[] = [
    ...stored.map((p) => (endings.has(p.id) ? { ...p, ended_on: endings.get(p.id)! } : p)),
    ...change.added.map((p, i) => ({ ...p, id: `${NEW}${i}` })),
  ];
  const isNew = (p: StoredPeriod) => p.id.startsWith(NEW);
  const problems: SetProblem[] = [];
  for (const { earlier, later } of overlappingPeriods(resulting)) {
    if (!isNew(earlier) && !isNew(later)) continue;
    const other = isNew(later) ? earlier : later;
    problems.push({
      rule: 'OVERLAP',
      zh: `与 ${other.staff_no} 的${other.kind === 'DEVELOP' ? '开发' : '服务'}关系（${other.effective_from} 至 ${other.ended_on ?? '今'}）期间重叠`,
      en: `overlaps the ${other.kind} relationship with ${other.staff_no} (${other.effective_from}…${other.ended_on ?? 'open'})`,
    });
  }
  for (const excess of weightExcesses(resulting)) {
    if (!excess.relationships.some(isNew)) continue;
    const parts = excess.relationships.map((r) => `${r.staff_no} ${new Decimal(r.weight).toFixed()}`).join(', ');
    problems.push({
      rule: 'WEIGHT',
      zh: `客户 ${excess.customer_no} 在 ${excess.date} 的开发关系权重合计 ${excess.total}，超过 1（${parts}）`,
      en: `the DEVELOP weights of customer ${excess.customer_no} would sum to ${excess.total} on ${excess.date}, above 1 (${parts})`,
    });
  }
  return problems;
}
