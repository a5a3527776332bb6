/**
 * What autovacuum would do, as pure rules (issue 15 item 5, "Housekeeping at scale"; docs/operations.md
 * "Autovacuum"). Each import replaces whole tables (every label fact, every latest customer row, a day's
 * churn scores): 100,000 dead rows a night per table. PostgreSQL's autovacuum removes them and refreshes
 * the planner's statistics; a server that runs with `autovacuum = off` (or `track_counts = off`, which
 * stops it too) does neither, and after a few weeks the tables are mostly dead rows planned from
 * statistics that were never taken. QuanCRM then stands in for autovacuum after each import
 * (vacuum.service.ts) and says so at start-up.
 */

/** One table's autovacuum settings: its own reloptions where set, else the server's. */
export interface AutovacuumThresholds {
  /** autovacuum_enabled: false when the table's owner turned autovacuum off for it. */
  enabled: boolean;
  vacuumThreshold: number; // autovacuum_vacuum_threshold
  vacuumScaleFactor: number; // autovacuum_vacuum_scale_factor
  /** autovacuum_vacuum_insert_threshold; −1 turns the insert rule off. */
  insertThreshold: number;
  insertScaleFactor: number; // autovacuum_vacuum_insert_scale_factor
  analyzeThreshold: number; // autovacuum_analyze_threshold
  analyzeScaleFactor: number; // autovacuum_analyze_scale_factor
}

/** One table's counters since its last vacuum and analyze (pg_stat_user_tables) and its size (pg_class). */
export interface TableActivity {
  /** pg_class.reltuples: −1 before the table's first vacuum or analyze, which autovacuum takes as 0. */
  reltuples: number;
  deadTuples: number; // n_dead_tup
  insertedSinceVacuum: number; // n_ins_since_vacuum
  modifiedSinceAnalyze: number; // n_mod_since_analyze
}

export type TableState = TableActivity & AutovacuumThresholds;

/** VACUUM (ANALYZE), ANALYZE alone, or nothing. */
export type AutovacuumAction = 'vacuum' | 'analyze' | null;

const size = (t: TableState) => Math.max(t.reltuples, 0);

/**
 * Autovacuum's dead-tuple rule (PostgreSQL's relation_needs_vacanalyze): more dead tuples than the
 * threshold plus the scale factor times the table's rows.
 */
export function deadTuplesDue(t: TableState): boolean {
  return t.deadTuples > t.vacuumThreshold + t.vacuumScaleFactor * size(t);
}

/**
 * What autovacuum would do to the table now: a vacuum when its dead tuples or its inserts since the last
 * vacuum pass their rule, else an analyze when its changes since the last analyze pass theirs. The
 * vacuum analyzes too, where autovacuum would only when the analyze rule is also due: a table rewritten
 * enough to need a vacuum has statistics worth refreshing, and the sample costs little beside the
 * vacuum's read of the rewritten pages. Not modelled: the vacuums against transaction-ID wraparound
 * (PostgreSQL runs them even with autovacuum off) and PostgreSQL 18's cap autovacuum_vacuum_max_threshold
 * (100 million dead tuples, reached only past 500 million rows).
 */
export function autovacuumAction(t: TableState): AutovacuumAction {
  if (!t.enabled) return null;
  const insertDue = t.insertThreshold >= 0 && t.insertedSinceVacuum > t.insertThreshold + t.insertScaleFactor * size(t);
  if (deadTuplesDue(t) || insertDue) return 'vacuum';
  if (t.modifiedSinceAnalyze > t.analyzeThreshold + t.analyzeScaleFactor * size(t)) return 'analyze';
  return null;
}

/** The server's settings that decide whether autovacuum runs at all. */
export interface AutovacuumSettings {
  autovacuum: boolean; // current_setting('autovacuum')
  trackCounts: boolean; // current_setting('track_counts'): without the counters autovacuum cannot decide anything
}

/**
 * What QuanCRM does after an import: nothing while autovacuum runs; autovacuum's work when autovacuum
 * is off but the counters it decides from are kept; nothing when they are not (there is nothing to
 * decide from, and a vacuum and analyze of the whole database each night is not ours to impose).
 */
export function housekeepingAfterImport(s: AutovacuumSettings): 'autovacuum' | 'emulate' | 'impossible' {
  if (!s.trackCounts) return 'impossible';
  return s.autovacuum ? 'autovacuum' : 'emulate';
}

/** The start-up warning for a server whose autovacuum does not run, or null when it does. */
export function autovacuumWarning(s: AutovacuumSettings): string | null {
  const what = housekeepingAfterImport(s);
  if (what === 'autovacuum') return null;
  const consequence =
    'nothing removes the dead rows that each night\'s import leaves in the tables it replaces (one per customer and table) ' +
    'or refreshes their planner statistics, so those tables keep growing and queries and imports slow down';
  if (what === 'emulate') {
    return `warning: autovacuum is off on this PostgreSQL server (autovacuum = off): ${consequence}. After each committed import, ` +
      'QuanCRM therefore runs VACUUM (ANALYZE) or ANALYZE on the tables whose dead, inserted or changed rows pass autovacuum\'s ' +
      'thresholds, as autovacuum would have. Turn autovacuum on (PostgreSQL\'s default) to let PostgreSQL do this itself.';
  }
  const off = s.autovacuum ? 'track_counts = off, which stops autovacuum too' : 'autovacuum = off, track_counts = off';
  return `warning: autovacuum does not run on this PostgreSQL server (${off}): ${consequence}. Without track_counts nothing ` +
    'records which tables need a vacuum, so QuanCRM cannot do it after an import either. Turn track_counts and autovacuum on ' +
    '(PostgreSQL\'s defaults), or run `vacuumdb --analyze` on this database after each night\'s import.';
}
