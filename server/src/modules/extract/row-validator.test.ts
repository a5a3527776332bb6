import { describe, expect, it } from 'vitest';
import { FILE_BY_NAME } from './extract.spec.js';
import { RowValidator, columnProblems, splitQuoted, type RowProblem } from './row-validator.js';

const flows = FILE_BY_NAME.get('fund_flows.csv')!;
const header = ['flow_no', 'fund_account', 'currency', 'flow_type', 'amount', 'flow_time'];

function validate(text: string, chunkSize: number): RowProblem[] {
  const problems: RowProblem[] = [];
  const v = new RowValidator(flows, header, (p) => problems.push(p));
  for (let i = 0; i < text.length; i += chunkSize) v.push(text.slice(i, i + chunkSize));
  v.end();
  return problems;
}

describe('streaming row validation', () => {
  const file = [
    header.join(','),
    'W1,F1,CNY,BANK_IN,100.00,09:00:00',
    'W2,F1,CNY,BANK_OUT,-5.00,09:00:00', // line 3: not positive
    '"W3","F1","CNY","OTHER","1,5","25:00:00"', // line 4: quoted comma, bad decimal and time
    '"W4 line one', // lines 5–6: a quoted field spanning two lines
    'line two",F1,CNY,BANK_IN,7.5,10:00:00',
    'W5,F1,XXX,BANK_IN,1.00,10:00:00\r', // line 7: CRLF, bad currency
    'W6,F1,CNY,BANK_IN,,10:00:00', // line 8: missing amount, no trailing newline
  ].join('\n');
  const expected: RowProblem[] = [
    { line: 3, column: 'amount', reason: 'must be greater than 0: -5.00' },
    { line: 4, column: 'amount', reason: 'not a decimal number with at most 2 decimals: 1,5' },
    { line: 4, column: 'flow_time', reason: 'not a valid time (HH:MM:SS): 25:00:00' },
    { line: 7, column: 'currency', reason: 'must be one of CNY, USD, HKD: XXX' },
    { line: 8, column: 'amount', reason: 'a value is required' },
  ];

  it.each([1, 2, 7, 64, 100_000])('finds the same problems at the same lines whatever the chunk size (%i)', (size) => {
    expect(validate(file, size)).toEqual(expected);
  });

  it('splits quoted records and refuses malformed quoting', () => {
    expect(splitQuoted('"a ""b""",c,"d,e"')).toEqual(['a "b"', 'c', 'd,e']);
    expect(splitQuoted('"a"x,b')).toBeNull();
  });

  it('checks calendar dates exactly', () => {
    const date = { name: 'd', type: { t: 'date' as const }, required: true };
    expect(columnProblems(date, '2024-02-29')).toEqual([]);
    expect(columnProblems(date, '2026-02-29')).toEqual(['not a valid date (YYYY-MM-DD): 2026-02-29']);
    expect(columnProblems(date, '2026-04-31')).toEqual(['not a valid date (YYYY-MM-DD): 2026-04-31']);
  });
});
