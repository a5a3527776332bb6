import { describe, expect, it } from 'vitest';
import {
  affectedSince,
  checkHeader,
  guaranteedRateAllowed,
  overlappingPeriods,
  rateProblem,
  relationshipChange,
  relationshipDateOrderIssues,
  relationshipReferenceProblems,
  relationshipRowSchema,
  relationshipsToReassign,
  repeatedKeyProblems,
  resultingSetProblems,
  staffChange,
  staffDateOrderIssues,
  staffFieldChanges,
  staffReferenceProblems,
  staffRowSchema,
  staffStatus,
  teamMembershipProblems,
  teamReferenceProblems,
  validateRow,
  weightExcesses,
  weightProblem,
  weightsWithinLimit,
  type OrgSnapshot,
  type Period,
  type RelationshipRow,
  type StaffFacts,
  type StaffRow,
  type StoredRelationship,
  type StoredStaff,
} from './org.rules.js';

function period(staff_no: string, weight: string, effective_from: string, ended_on: string | null, more: Partial<Period> = {}): Period {
  return { customer_no: 'C1', staff_no, kind: 'DEVELOP', weight, effective_from, ended_on, ...more };
}

function relationship(more: Partial<RelationshipRow> = {}): RelationshipRow {
  return {
    customer_no: 'C1',
    staff_no: 'S1',
    kind: 'DEVELOP',
    weight: '1',
    assessment_set: null,
    added_on: '2026-01-01',
    effective_from: '2026-01-01',
    confirmed_on: null,
    ended_on: null,
    guaranteed_rate: null,
    ...more,
  };
}

function stored(id: string, more: Partial<StoredRelationship> = {}): StoredRelationship {
  return { id, ...relationship(), ...more };
}

describe('weightsWithinLimit: Σ concurrent DEVELOP weights of a customer ≤ 1 at every date (ends inclusive)', () => {
  it.each<[string, Period[], boolean]>([
    ['0.6 + 0.4 over the same days', [period('S1', '0.6', '2026-01-01', null), period('S2', '0.4', '2026-01-01', null)], true],
    ['0.6 + 0.5 over the same days', [period('S1', '0.6', '2026-01-01', null), period('S2', '0.5', '2026-01-01', null)], false],
    ['0.6 ending 2026-06-30, 0.5 starting 2026-07-01', [period('S1', '0.6', '2026-01-01', '2026-06-30'), period('S2', '0.5', '2026-07-01', null)], true],
    ['0.6 ending 2026-06-30, 0.5 starting 2026-06-30 (both hold on the 30th)', [period('S1', '0.6', '2026-01-01', '2026-06-30'), period('S2', '0.5', '2026-06-30', null)], false],
    ['0.5 starting later overlaps 0.6 still open', [period('S1', '0.6', '2026-01-01', null), period('S2', '0.5', '2027-03-01', '2027-03-01')], false],
    ['0.1 + 0.2 + 0.7 is exactly 1 (a float sum would be 1.0000000000000002)', [period('S1', '0.1', '2026-01-01', null), period('S2', '0.2', '2026-01-01', null), period('S3', '0.7', '2026-01-01', null)], true],
    ['1 + 0.000001', [period('S1', '1', '2026-01-01', null), period('S2', '0.000001', '2026-01-01', null)], false],
    ['SERVICE weights do not count', [period('S1', '0.6', '2026-01-01', null), period('S2', '0.6', '2026-01-01', null, { kind: 'SERVICE' })], true],
    ['different customers do not add up', [period('S1', '0.6', '2026-01-01', null), period('S2', '0.6', '2026-01-01', null, { customer_no: 'C2' })], true],
    ['a hand-over on consecutive days: 0.5 open, 0.5 to 03-31, 0.5 from 04-01', [period('S1', '0.5', '2026-01-01', null), period('S2', '0.5', '2026-01-01', '2026-03-31'), period('S3', '0.5', '2026-04-01', null)], true],
    ['the same hand-over one day early: 0.5 from 03-31', [period('S1', '0.5', '2026-01-01', null), period('S2', '0.5', '2026-01-01', '2026-03-31'), period('S3', '0.5', '2026-03-31', null)], false],
    ['a one-day period (effective_from = ended_on) counts on its day', [period('S1', '0.7', '2026-05-05', '2026-05-05'), period('S2', '0.7', '2026-05-05', null)], false],
    ['a period ending the day before another starts', [period('S1', '0.7', '2026-05-01', '2026-05-04'), period('S2', '0.7', '2026-05-05', null)], true],
  ])('%s → within limit: %s', (_, periods, expected) => {
    expect(weightsWithinLimit(periods)).toBe(expected);
  });

  it('reports the date, the exact total and the relationships in force', () => {
    const s1 = period('S1', '0.6', '2026-01-01', '2026-06-30');
    const s2 = period('S2', '0.5', '2026-06-30', null);
    expect(weightExcesses([s1, s2])).toEqual([{ customer_no: 'C1', date: '2026-06-30', total: '1.1', relationships: [s1, s2] }]);
  });
});

describe('overlappingPeriods: same customer, staff and kind, both ends inclusive, null = open', () => {
  it.each<[string, Period[], number]>([
    ['consecutive periods', [period('S1', '1', '2026-01-01', '2026-06-30'), period('S1', '1', '2026-07-01', null)], 0],
    ['sharing the end day', [period('S1', '1', '2026-01-01', '2026-06-30'), period('S1', '1', '2026-06-30', null)], 1],
    ['an open period runs forever', [period('S1', '1', '2026-01-01', null), period('S1', '1', '2030-01-01', '2030-01-31')], 1],
    ['different kinds', [period('S1', '1', '2026-01-01', null), period('S1', '1', '2026-01-01', null, { kind: 'SERVICE' })], 0],
    ['different staff', [period('S1', '0.5', '2026-01-01', null), period('S2', '0.5', '2026-01-01', null)], 0],
    ['two periods inside a long one', [period('S1', '1', '2026-01-01', '2026-12-31'), period('S1', '1', '2026-03-01', '2026-03-31'), period('S1', '1', '2026-05-01', '2026-05-31')], 2],
  ])('%s → %i overlap(s)', (_, periods, count) => {
    expect(overlappingPeriods(periods)).toHaveLength(count);
  });

  it('pairs a period with the earlier one that reaches furthest', () => {
    const long = period('S1', '1', '2026-01-01', '2026-12-31');
    const short = period('S1', '1', '2026-02-01', '2026-02-28');
    const later = period('S1', '1', '2026-06-01', null);
    expect(overlappingPeriods([later, short, long])).toEqual([
      { earlier: long, later: short },
      { earlier: long, later },
    ]);
  });
});

describe('field values', () => {
  it.each([
    ['1', null],
    ['1.000000', null],
    ['0.000001', null],
    ['0.6', null],
    ['0', 'must be above 0 and at most 1'],
    ['1.000001', 'must be above 0 and at most 1'],
    ['1.5', 'must be above 0 and at most 1'],
    ['0.0000001', 'has more than 6 decimals'],
    ['-0.5', 'must be a decimal number such as 0.5'],
    ['1e-1', 'must be a decimal number such as 0.5'],
    ['.5', 'must be a decimal number such as 0.5'],
    [' 0.5', 'must be a decimal number such as 0.5'],
  ])('weight %j → %s', (text, reason) => {
    expect(weightProblem(text)).toBe(reason);
  });

  it.each([
    ['0', null],
    ['0.00025', null],
    ['0.000185', null],
    ['1', 'must be at least 0 and below 1'],
    ['0.0000001', 'has more than 6 decimals'],
  ])('guaranteed rate %j → %s', (text, reason) => {
    expect(rateProblem(text)).toBe(reason);
  });
});

describe('date order', () => {
  it.each<[string, Partial<RelationshipRow>, string[]]>([
    ['all in order', { added_on: '2026-01-01', effective_from: '2026-01-02', confirmed_on: '2026-01-31', ended_on: '2026-12-31' }, []],
    ['added on the effective day, ending that day', { added_on: '2026-01-02', effective_from: '2026-01-02', ended_on: '2026-01-02' }, []],
    ['added after it took effect', { added_on: '2026-01-03', effective_from: '2026-01-02' }, ['added_on']],
    ['ended before it took effect', { effective_from: '2026-01-02', ended_on: '2026-01-01' }, ['ended_on']],
    ['confirmed before it took effect', { effective_from: '2026-01-02', confirmed_on: '2026-01-01' }, ['confirmed_on']],
    ['an invalid date is left to its own check', { effective_from: '2026-02-30', ended_on: '2026-01-01' }, []],
  ])('relationship %s → %j', (_, dates, columns) => {
    expect(relationshipDateOrderIssues(relationship(dates)).map((i) => i.column)).toEqual(columns);
  });

  it('refuses a leave date before the hire date', () => {
    expect(staffDateOrderIssues({ hire_date: '2026-03-01', leave_date: '2026-02-28' })).toEqual([
      { column: 'leave_date', reason: 'leave_date 2026-02-28 is before hire_date 2026-03-01' },
    ]);
    expect(staffDateOrderIssues({ hire_date: '2026-03-01', leave_date: '2026-03-01' })).toEqual([]);
  });
});

describe('row schemas', () => {
  const staffFields = {
    staff_no: 'S1',
    name: '张三',
    category: 'BROKER',
    level: '初级',
    team_code: null,
    branch_code: 'B01',
    hire_date: '2026-01-01',
    leave_date: null,
    contract_type: 'LABOR',
    mobile: null,
    email: null,
  };

  it('accepts a complete staff row, empty optional fields as null', () => {
    expect(validateRow(staffRowSchema, staffFields)).toEqual({ row: staffFields });
  });

  it('names each bad column', () => {
    const result = validateRow(staffRowSchema, { ...staffFields, name: null, category: 'CEO', level: 'senior', contract_type: 'LABOUR', hire_date: '2026/01/01' });
    expect(result).toEqual({
      issues: [
        { column: 'name', reason: 'is required' },
        { column: 'category', reason: 'must be one of BROKER, ACCOUNT_MANAGER, ADVISOR, SERVICE, DISTRIBUTOR, MANAGER' },
        { column: 'level', reason: 'must be one of 见习, 初级, 中级, 高级, 资深' },
        { column: 'hire_date', reason: 'must be a date YYYY-MM-DD' },
        { column: 'contract_type', reason: 'must be one of LABOR, AGENCY' },
      ],
    });
  });

  it('checks weight, kind and date order of a relationship row', () => {
    const fields = { ...relationship(), weight: '1.2', kind: 'DEV', added_on: '2026-02-01' };
    expect(validateRow(relationshipRowSchema, fields)).toEqual({
      issues: [
        { column: 'kind', reason: 'must be one of DEVELOP, SERVICE' },
        { column: 'weight', reason: 'must be above 0 and at most 1' },
      ],
    });
    expect(validateRow(relationshipRowSchema, { ...relationship(), added_on: '2026-02-01' })).toEqual({
      issues: [{ column: 'added_on', reason: 'added_on 2026-02-01 is after effective_from 2026-01-01' }],
    });
  });

  it('refuses codes with surrounding spaces', () => {
    expect(validateRow(staffRowSchema, { ...staffFields, staff_no: 'S1 ' })).toEqual({ issues: [{ column: 'staff_no', reason: 'must not begin or end with spaces' }] });
  });
});

describe('header', () => {
  it('finds missing, repeated and unknown columns, order free', () => {
    expect(checkHeader('teams.csv', ['branch_code', 'team_code', 'team_code', 'note'])).toEqual({
      missing: ['team_name', 'leader_staff_no'],
      repeated: ['team_code'],
      unknown: ['note'],
    });
  });
});

describe('repeated keys', () => {
  it('reports every repeat with the line of the first', () => {
    const rows = [{ line: 2, row: 'A' }, { line: 3, row: 'B' }, { line: 4, row: 'A' }];
    expect(repeatedKeyProblems('staff.csv', rows, 'staff_no', (r) => r, (r) => `staff ${r}`)).toEqual([
      { file: 'staff.csv', line: 4, column: 'staff_no', reason: 'staff A repeats line 2' },
    ]);
  });
});

describe('references', () => {
  const broker: StaffFacts = { branch_code: 'B01', team_code: 'T01', category: 'BROKER', leave_date: null };
  const org: OrgSnapshot = {
    branches: new Set(['B01', 'B02']),
    teams: new Map([['T01', 'B01'], ['T02', 'B02']]),
    staff: new Map<string, StaffFacts>([
      ['S1', broker],
      ['S2', { ...broker, category: 'DISTRIBUTOR' }],
      ['S3', { ...broker, leave_date: '2026-06-30' }],
      ['S9', { ...broker, branch_code: 'B02', team_code: 'T02' }],
    ]),
    customers: new Map([['C1', 'B01'], ['C2', 'B02']]),
    invalidTeamCodes: new Set(['T-BAD']),
    invalidStaffNos: new Set(['S-BAD']),
  };

  it.each<[string, Partial<RelationshipRow>, string[]]>([
    ['a valid row', {}, []],
    ['unknown customer', { customer_no: 'C404' }, ['customer_no: unknown customer C404']],
    ['unknown staff', { staff_no: 'S404' }, ['staff_no: unknown staff S404 (neither in staff.csv nor in the database)']],
    ['staff on a row that failed its schema', { staff_no: 'S-BAD' }, []],
    ['cross-branch', { customer_no: 'C2' }, ['staff_no: cross-branch relationship: staff S1 is in branch B01, customer C2 in branch B02']],
    ['starting on the leave date', { staff_no: 'S3', effective_from: '2026-06-30' }, []],
    ['starting after the leave date', { staff_no: 'S3', effective_from: '2026-07-01' }, ['effective_from: starts 2026-07-01, after staff S3 left on 2026-06-30']],
    ['guaranteed rate of a distributor', { staff_no: 'S2', guaranteed_rate: '0.0002' }, []],
    ['guaranteed rate of a broker', { guaranteed_rate: '0.0002' }, ['guaranteed_rate: only a DISTRIBUTOR relationship may carry a guaranteed rate; staff S1 is BROKER']],
  ])('relationship: %s', (_, more, expected) => {
    const problems = relationshipReferenceProblems([{ line: 7, row: relationship(more) }], org);
    expect(problems.map((p) => `${p.column}: ${p.reason}`)).toEqual(expected);
    expect(problems.every((p) => p.file === 'relationships.csv' && p.line === 7)).toBe(true);
  });

  it.each<[string, Partial<StaffRow>, string[]]>([
    ['a valid row', {}, []],
    ['unknown branch', { branch_code: 'B404', team_code: null }, ['branch_code: unknown branch B404']],
    ['unknown team', { team_code: 'T404' }, ['team_code: unknown team T404 (neither in teams.csv nor in the database)']],
    ['team on a row that failed its schema', { team_code: 'T-BAD' }, []],
    ['branch differs from the team', { team_code: 'T02' }, ['branch_code: staff S5 is in branch B01 but team T02 is in branch B02']],
  ])('staff: %s', (_, more, expected) => {
    const row: StaffRow = { staff_no: 'S5', name: 'x', category: 'BROKER', level: '初级', team_code: 'T01', branch_code: 'B01', hire_date: '2026-01-01', leave_date: null, contract_type: 'LABOR', mobile: null, email: null, ...more };
    expect(staffReferenceProblems([{ line: 3, row }], org).map((p) => `${p.column}: ${p.reason}`)).toEqual(expected);
  });

  it('checks a team’s branch and leader', () => {
    const rows = [
      { line: 2, row: { team_code: 'T05', team_name: 'x', branch_code: 'B404', leader_staff_no: 'S404' } },
      { line: 3, row: { team_code: 'T06', team_name: 'y', branch_code: 'B01', leader_staff_no: 'S-BAD' } },
    ];
    expect(teamReferenceProblems(rows, org).map((p) => `${p.line}:${p.column}: ${p.reason}`)).toEqual([
      '2:branch_code: unknown branch B404',
      '2:leader_staff_no: unknown staff S404 (neither in staff.csv nor in the database)',
    ]);
  });

  it('refuses moving a team away from the branch of members the load leaves in place', () => {
    const rows = [{ line: 4, row: { team_code: 'T02', team_name: 'y', branch_code: 'B01', leader_staff_no: null } }];
    expect(teamMembershipProblems(rows, new Set(), org).map((p) => `${p.line}:${p.column}: ${p.reason}`)).toEqual([
      '4:branch_code: team T02 would be in branch B01 but its member S9 (in the database) is in branch B02',
    ]);
    expect(teamMembershipProblems(rows, new Set(['S9']), org)).toEqual([]);
  });

  it('allows a guaranteed rate only on a DISTRIBUTOR relationship', () => {
    expect([guaranteedRateAllowed('DISTRIBUTOR', '0.0001'), guaranteedRateAllowed('BROKER', '0.0001'), guaranteedRateAllowed('BROKER', null)]).toEqual([true, false, true]);
  });
});

describe('the resulting set: database rows with the file laid over them', () => {
  it('adds the file’s weights to the stored ones of the same customer', () => {
    const db = [stored('11', { staff_no: 'S1', weight: '0.600000' })];
    const problems = resultingSetProblems(db, [{ line: 2, row: relationship({ staff_no: 'S2', weight: '0.5' }) }]);
    expect(problems).toEqual([
      {
        file: 'relationships.csv',
        line: 2,
        column: 'weight',
        reason: 'DEVELOP weights of customer C1 sum to 1.1 on 2026-01-01, above 1: S1 0.6 (in the database), S2 0.5 (line 2)',
      },
    ]);
  });

  it('lets a file row replace the stored one of the same identity', () => {
    const db = [stored('11', { staff_no: 'S1', weight: '0.600000' })];
    const rows = [
      { line: 2, row: relationship({ staff_no: 'S1', weight: '0.5' }) },
      { line: 3, row: relationship({ staff_no: 'S2', weight: '0.5' }) },
    ];
    expect(resultingSetProblems(db, rows)).toEqual([]);
  });

  it('reports an overlap with a stored period on the file’s line', () => {
    const db = [stored('11', { staff_no: 'S1', effective_from: '2026-01-01', ended_on: null })];
    const problems = resultingSetProblems(db, [{ line: 5, row: relationship({ staff_no: 'S1', effective_from: '2026-03-01', added_on: '2026-03-01', weight: '0.1' }) }]);
    expect(problems.filter((p) => p.column === 'effective_from')).toEqual([
      {
        file: 'relationships.csv',
        line: 5,
        column: 'effective_from',
        reason: 'DEVELOP period 2026-03-01…open of customer C1 and staff S1 overlaps the period 2026-01-01…open (in the database)',
      },
    ]);
  });

  it('lists relationships open after their staff member left, not those ended in time', () => {
    const staff = new Map<string, StaffFacts>([
      ['S1', { branch_code: 'B01', team_code: null, category: 'BROKER', leave_date: '2026-06-30' }],
      ['S2', { branch_code: 'B01', team_code: null, category: 'BROKER', leave_date: null }],
    ]);
    const open = period('S1', '1', '2026-01-01', null);
    const pastLeaving = period('S1', '1', '2026-01-01', '2026-07-31', { customer_no: 'C2' });
    const endedInTime = period('S1', '1', '2026-01-01', '2026-06-30', { customer_no: 'C3' });
    const stillEmployed = period('S2', '1', '2026-01-01', null, { customer_no: 'C4' });
    expect(relationshipsToReassign([open, pastLeaving, endedInTime, stillEmployed], staff)).toEqual([
      { customer_no: 'C1', staff_no: 'S1', kind: 'DEVELOP', effective_from: '2026-01-01', ended_on: null, leave_date: '2026-06-30' },
      { customer_no: 'C2', staff_no: 'S1', kind: 'DEVELOP', effective_from: '2026-01-01', ended_on: '2026-07-31', leave_date: '2026-06-30' },
    ]);
  });
});

describe('what changes', () => {
  const storedStaff: StoredStaff = {
    staff_no: 'S1', name: '张三', category: 'BROKER', level: '初级', team_code: 'T01', branch_code: 'B01', hire_date: '2026-01-01',
    leave_date: null, contract_type: 'LABOR', mobile: null, email: null, status: 'ACTIVE',
  };
  const { status: _status, ...sameRow } = storedStaff;

  it('keeps status by the leave date: LEFT from the leave date on', () => {
    expect([staffStatus(null, '2026-11-20'), staffStatus('2026-11-20', '2026-11-20'), staffStatus('2026-11-21', '2026-11-20')]).toEqual(['ACTIVE', 'LEFT', 'ACTIVE']);
  });

  it('tracks level, team, branch, category, contract type and leave date changes', () => {
    const row: StaffRow = { ...sameRow, level: '中级', leave_date: '2026-12-31', mobile: '13800000000' };
    expect(staffFieldChanges(storedStaff, row)).toEqual([
      { field: 'level', old_value: '初级', new_value: '中级' },
      { field: 'leave_date', old_value: null, new_value: '2026-12-31' },
    ]);
    expect(staffChange(storedStaff, row, '2026-11-20')).toBe('update');
    expect(staffChange(storedStaff, { ...sameRow, mobile: '13800000000' }, '2026-11-20')).toBe('update');
    expect(staffChange(storedStaff, sameRow, '2026-11-20')).toBe('unchanged');
    expect(staffChange(undefined, sameRow, '2026-11-20')).toBe('insert');
  });

  it('sees a leave date that has come as a change of status', () => {
    const leaving = { ...storedStaff, leave_date: '2026-11-20' };
    expect(staffChange(leaving, { ...sameRow, leave_date: '2026-11-20' }, '2026-11-19')).toBe('unchanged');
    expect(staffChange(leaving, { ...sameRow, leave_date: '2026-11-20' }, '2026-11-20')).toBe('update');
  });

  it('compares decimals by value: 0.6 is 0.600000', () => {
    const db = stored('1', { weight: '0.600000', guaranteed_rate: '0.00025000' });
    expect(relationshipChange(db, relationship({ weight: '0.6', guaranteed_rate: '0.00025' }))).toBe('unchanged');
    expect(relationshipChange(db, relationship({ weight: '0.6', guaranteed_rate: '0.0003' }))).toBe('update');
    expect(relationshipChange(undefined, relationship())).toBe('insert');
  });

  it.each<[string, StoredRelationship | undefined, Partial<RelationshipRow>, string]>([
    ['a new relationship: its start', undefined, { effective_from: '2026-03-01', added_on: '2026-03-01' }, '2026-03-01'],
    ['a new weight: the whole period', stored('1', { weight: '1' }), { weight: '0.5', ended_on: '2026-09-30' }, '2026-01-01'],
    ['an end set: the end', stored('1'), { ended_on: '2026-09-30' }, '2026-09-30'],
    ['an end moved earlier: the new end', stored('1', { ended_on: '2026-09-30' }), { ended_on: '2026-08-31' }, '2026-08-31'],
    ['an end moved later: the old end', stored('1', { ended_on: '2026-08-31' }), { ended_on: '2026-09-30' }, '2026-08-31'],
    ['a confirmation date set: that date', stored('1'), { confirmed_on: '2026-01-31' }, '2026-01-31'],
  ])('affected since — %s', (_, before, after, expected) => {
    expect(affectedSince(before, relationship(after))).toBe(expected);
  });
});
