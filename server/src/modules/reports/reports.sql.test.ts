import { describe, expect, it } from 'vitest';
import { bindParam } from '../../lib/sql.js';
import { reportQuery } from './reports.sql.js';

describe('reportQuery: a query written as one text', () => {
  it('numbers the parameters in the order the text binds them', () => {
    const query = reportQuery((values) => `select 1 where d = ${bindParam(values, '2025-06-16')}::date and n < ${bindParam(values, 24)} and b = ${bindParam(values, 'B01')}`);
    expect(query).toEqual({ text: 'select 1 where d = $1::date and n < $2 and b = $3', values: ['2025-06-16', 24, 'B01'] });
  });

  it('keeps a parameter bound once and used twice as one placeholder', () => {
    const query = reportQuery((values) => {
      const day = bindParam(values, '2025-06-16');
      return `${day} ${day} ${bindParam(values, 'x')}`;
    });
    expect(query).toEqual({ text: '$1 $1 $2', values: ['2025-06-16', 'x'] });
  });

  it('is a text without values when nothing is bound', () => {
    expect(reportQuery(() => 'select 1')).toEqual({ text: 'select 1', values: [] });
  });
});
