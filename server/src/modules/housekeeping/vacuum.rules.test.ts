import { describe, expect, it } from 'vitest';
import { autovacuumAction, autovacuumWarning, deadTuplesDue, housekeepingAfterImport, type AutovacuumAction, type TableState } from './vacuum.rules.js';

/** PostgreSQL's defaults: vacuum 50 + 0.2 × rows, insert vacuum 1000 + 0.2 × rows, analyze 50 + 0.1 × rows. */
const DEFAULTS: TableState = {
  enabled: true, vacuumThreshold: 50, vacuumScaleFactor: 0.2, insertThreshold: 1000, insertScaleFactor: 0.2, analyzeThreshold: 50, analyzeScaleFactor: 0.1,
  reltuples: 100_000, deadTuples: 0, insertedSinceVacuum: 0, modifiedSinceAnalyze: 0,
};
/** sum_customer_monthly's own settings (migration 0045): vacuum 1000 + 0.01 × rows, analyze 50 + 0.02 × rows. */
const MONTHLY: TableState = { ...DEFAULTS, vacuumThreshold: 1000, vacuumScaleFactor: 0.01, analyzeScaleFactor: 0.02 };

const cases: Array<[string, Partial<TableState>, boolean, AutovacuumAction]> = [
  // 50 + 0.2 × 100,000 = 20,050 dead tuples: the rule wants more than that
  ['100,000 rows, one dead tuple past the threshold', { deadTuples: 20_051 }, true, 'vacuum'],
  ['100,000 rows, exactly at the threshold', { deadTuples: 20_050 }, false, null],
  // a night of customer_label_facts: every row deleted and inserted again
  ['100,000 rows replaced', { deadTuples: 100_000, insertedSinceVacuum: 100_000, modifiedSinceAnalyze: 200_000 }, true, 'vacuum'],
  // reltuples −1 (never vacuumed or analyzed) counts as 0 rows: 50 dead tuples
  ['never analyzed, 51 dead tuples', { reltuples: -1, deadTuples: 51 }, true, 'vacuum'],
  ['never analyzed, 50 dead tuples', { reltuples: -1, deadTuples: 50 }, false, null],
  // inserts: 1000 + 0.2 × 100,000 = 21,000; the analyze rule (50 + 0.1 × 100,000 = 10,050) is kept under here
  ['inserts just past their threshold', { insertedSinceVacuum: 21_001 }, false, 'vacuum'],
  ['inserts at their threshold', { insertedSinceVacuum: 21_000 }, false, null],
  ['the insert rule turned off (−1)', { insertThreshold: -1, insertedSinceVacuum: 1_000_000 }, false, null],
  // analyze: 50 + 0.1 × 100,000 = 10,050 changed rows
  ['changes just past the analyze threshold', { modifiedSinceAnalyze: 10_051 }, false, 'analyze'],
  ['changes at the analyze threshold', { modifiedSinceAnalyze: 10_050 }, false, null],
  ['autovacuum turned off for the table', { enabled: false, deadTuples: 100_000, modifiedSinceAnalyze: 100_000 }, true, null],
];

describe('autovacuum rules', () => {
  it.each(cases)('%s', (_name, activity, dead, action) => {
    const table = { ...DEFAULTS, ...activity };
    expect(deadTuplesDue(table)).toBe(dead);
    expect(autovacuumAction(table)).toBe(action);
  });

  it('reads the table’s own thresholds: a month summary of 100,000 rows is vacuumed past 2,000 dead tuples', () => {
    // 1000 + 0.01 × 100,000 = 2,000
    expect(autovacuumAction({ ...MONTHLY, deadTuples: 2_001 })).toBe('vacuum');
    expect(autovacuumAction({ ...MONTHLY, deadTuples: 2_000 })).toBeNull();
    // analyze: 50 + 0.02 × 100,000 = 2,050 changes
    expect(autovacuumAction({ ...MONTHLY, modifiedSinceAnalyze: 2_051 })).toBe('analyze');
    expect(autovacuumAction({ ...MONTHLY, modifiedSinceAnalyze: 2_050 })).toBeNull();
  });
});

describe('what runs after an import, and the start-up warning', () => {
  it('leaves the work to autovacuum when it runs, does it when autovacuum is off, cannot without track_counts', () => {
    expect(housekeepingAfterImport({ autovacuum: true, trackCounts: true })).toBe('autovacuum');
    expect(housekeepingAfterImport({ autovacuum: false, trackCounts: true })).toBe('emulate');
    expect(housekeepingAfterImport({ autovacuum: true, trackCounts: false })).toBe('impossible');
    expect(housekeepingAfterImport({ autovacuum: false, trackCounts: false })).toBe('impossible');
  });

  it('says nothing while autovacuum runs', () => {
    expect(autovacuumWarning({ autovacuum: true, trackCounts: true })).toBeNull();
  });

  it('with autovacuum off, says what that means and that QuanCRM vacuums after each import', () => {
    const warning = autovacuumWarning({ autovacuum: false, trackCounts: true })!;
    expect(warning).toMatch(/^warning: autovacuum is off on this PostgreSQL server \(autovacuum = off\): nothing removes the dead rows /);
    expect(warning).toContain('so those tables keep growing and queries and imports slow down.');
    expect(warning).toContain('After each committed import, QuanCRM therefore runs VACUUM (ANALYZE) or ANALYZE on the tables');
    expect(warning).toContain('Turn autovacuum on (PostgreSQL\'s default)');
  });

  it('with track_counts off, says that autovacuum is stopped too and that QuanCRM cannot stand in', () => {
    const warning = autovacuumWarning({ autovacuum: true, trackCounts: false })!;
    expect(warning).toMatch(/^warning: autovacuum does not run on this PostgreSQL server \(track_counts = off, which stops autovacuum too\): /);
    expect(warning).toContain('QuanCRM cannot do it after an import either');
    expect(warning).toContain('run `vacuumdb --analyze` on this database after each night\'s import.');
    expect(autovacuumWarning({ autovacuum: false, trackCounts: false })).toMatch(/\(autovacuum = off, track_counts = off\)/);
  });
});
