import { describe, expect, it } from 'vitest';
import { changeProblems, type StoredPeriod } from './operations/relationship.rules.js';
import { actionVerdict, nextWaitingStep, startingStatuses, stepScopeCode } from './workflows.rules.js';

describe('who may act, and when', () => {
  const assignee = { isInitiator: false, isAssignee: true };
  const initiator = { isInitiator: true, isAssignee: false };
  const bystander = { isInitiator: false, isAssignee: false };
  it.each([
    ['approve', 'PENDING', assignee, 'ALLOWED'],
    ['approve', 'PENDING', bystander, 'FORBIDDEN'],
    ['approve', 'PENDING', initiator, 'FORBIDDEN'],
    ['approve', 'PENDING', { isInitiator: true, isAssignee: true }, 'FORBIDDEN'], // nobody approves their own request
    ['approve', 'APPROVED', assignee, 'WRONG_STATE'],
    ['reject', 'RETURNED', assignee, 'WRONG_STATE'],
    ['return', 'PENDING', assignee, 'ALLOWED'],
    ['withdraw', 'PENDING', initiator, 'ALLOWED'],
    ['withdraw', 'RETURNED', initiator, 'ALLOWED'],
    ['withdraw', 'PENDING', assignee, 'FORBIDDEN'],
    ['withdraw', 'REJECTED', initiator, 'WRONG_STATE'],
    ['resubmit', 'RETURNED', initiator, 'ALLOWED'],
    ['resubmit', 'PENDING', initiator, 'WRONG_STATE'],
    ['resubmit', 'RETURNED', bystander, 'FORBIDDEN'],
  ] as const)('%s on a %s flow by %o: %s', (action, status, caller, verdict) => {
    expect(actionVerdict(action, status, caller)).toBe(verdict);
  });
});

describe('steps', () => {
  it('assigns a lead step to the team, a manager step to the branch, HQ to anyone', () => {
    const org = { teamCode: 'T11', branchCode: 'B01' };
    expect([stepScopeCode('TEAM_LEAD', org), stepScopeCode('BRANCH_MANAGER', org), stepScopeCode('HQ', org)]).toEqual(['T11', 'B01', null]);
  });
  it('starts at the first step not skipped; none when all are skipped', () => {
    expect(startingStatuses(['SKIPPED', 'WAITING', 'WAITING'])).toEqual(['SKIPPED', 'PENDING', 'WAITING']);
    expect(startingStatuses(['SKIPPED', 'SKIPPED'])).toBeNull();
  });
  it('moves to the next waiting step, past skipped ones', () => {
    const steps = [{ seq: 1, status: 'APPROVED' }, { seq: 2, status: 'SKIPPED' }, { seq: 3, status: 'WAITING' }] as const;
    expect(nextWaitingStep(steps, 1)).toBe(3);
    expect(nextWaitingStep(steps, 3)).toBeNull();
  });
});

describe('relationship rules', () => {
  const p = (id: string, staff_no: string, weight: string, effective_from: string, ended_on: string | null, kind: 'DEVELOP' | 'SERVICE' = 'DEVELOP'): StoredPeriod => ({
    id, customer_no: 'C1', staff_no, kind, weight, effective_from, ended_on,
  });

  it('allows a change that hands the whole weight over the day after the old one ends', () => {
    const stored = [p('1', 'S1', '0.6', '2025-01-01', null), p('2', 'S2', '0.4', '2025-01-01', null)];
    expect(changeProblems(stored, { ended: [{ id: '1', ended_on: '2025-06-15' }], added: [{ ...p('x', 'S3', '0.6', '2025-06-16', null) }] })).toEqual([]);
  });
  it('refuses weights above 1 on the days the added period is in force (0.6 + 0.4 + 0.1 = 1.1)', () => {
    const stored = [p('1', 'S1', '0.6', '2025-01-01', null), p('2', 'S2', '0.4', '2025-01-01', '2025-06-30')];
    const added = p('x', 'S3', '0.1', '2025-06-01', null);
    expect(changeProblems(stored, { ended: [], added: [added] }).map((x) => [x.rule, x.en.includes('1.1') && x.en.includes('2025-06-01')])).toEqual([['WEIGHT', true]]);
    // from 07-01 S2 has ended: 0.6 + 0.1 fits
    expect(changeProblems(stored, { ended: [], added: [{ ...added, effective_from: '2025-07-01' }] })).toEqual([]);
  });
  it('refuses an added period that overlaps the same pair and kind (both ends inclusive), not another kind', () => {
    const stored = [p('1', 'S1', '1', '2025-01-01', '2025-06-15', 'SERVICE')];
    expect(changeProblems(stored, { ended: [], added: [p('x', 'S1', '1', '2025-06-15', null, 'SERVICE')] }).map((x) => x.rule)).toEqual(['OVERLAP']);
    expect(changeProblems(stored, { ended: [], added: [p('x', 'S1', '1', '2025-06-16', null, 'SERVICE')] })).toEqual([]);
    expect(changeProblems(stored, { ended: [], added: [p('x', 'S1', '1', '2025-06-01', null, 'DEVELOP')] })).toEqual([]);
  });
  it('does not blame the change for problems already stored', () => {
    const stored = [p('1', 'S1', '0.7', '2025-01-01', null), p('2', 'S2', '0.7', '2025-01-01', null)];
    expect(changeProblems(stored, { ended: [], added: [p('x', 'S3', '1', '2025-01-01', null, 'SERVICE')] })).toEqual([]);
  });
});
