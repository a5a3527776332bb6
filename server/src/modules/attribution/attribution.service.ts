/**
 * Staff attribution figures maintained at import time (sum_staff_daily, sum_staff_monthly) and
 * the confirmation of relationships (有效确认), business-rules.md §2 and §4.8.
 *
 * Called, in the caller's transaction:
 * - by the importer after a day's customer figures are derived (the day, plus the later days
 *   whose rate changed on a re-delivery), nightly and in the bulk demo load;
 * - by the org import after relationships changed, from the earliest affected date to the last
 *   trading day, set-based over all those days at once.
 */
import type pg from 'pg';
import { confirmRelationships, deriveStaffDays, deriveStaffMonths, tradingDaysFrom } from './attribution.sql.js';
import { LOCKS } from '../../db/locks.js';

/**
 * A change of relationships takes the importer's advisory lock before writing, so that no import
 * derives staff figures from the relationships meanwhile (and the two never wait on each other's
 * relationship rows).
 */
export async function lockAgainstImports(client: pg.PoolClient): Promise<void> {
  await client.query('select pg_advisory_xact_lock($1)', [LOCKS.extractImport]);
}

const monthOf = (day: string) => day.slice(0, 8) + '01';

/**
 * Re-derives the staff figures of \`days\` (trading days whose customer figures changed), after
 * re-running confirmation from the earliest of them (the rule's confirmations of that month and
 * later are computed again over the complete months); when a confirmation moved, every day from
 * the earliest date that moved is re-derived too (valid customers count confirmations made by
 * the day). Then the staff months touched.
 */
export async function deriveStaffFigures(client: pg.PoolClient, days: readonly string[]): Promise<void> {
  if (days.length === 0) return;
  const sorted = [...new Set(days)].sort();
  const since = sorted[0]!;
  const moved = (await confirmRelationships(client, since)).sort();
  // a confirmation counts on every day from its date: re-derive from the earliest date that moved
  const fromMoved = moved.length > 0 ? await tradingDaysFrom(client, moved[0]!) : [];
  const all = [...new Set([...sorted, ...fromMoved])].sort();
  await deriveStaffDays(client, all);
  await deriveStaffMonths(client, monthOf(all[0]!), monthOf(all[all.length - 1]!));
}

/**
 * After a change of relationships: every staff figure from \`from\` (the earliest date whose
 * attribution changed) to the last trading day, and the confirmations from there.
 */
export async function rederiveStaffFiguresSince(client: pg.PoolClient, from: string): Promise<void> {
  // no trading day on or after \`from\`: nothing is attributed there yet, and no complete month can confirm
  await deriveStaffFigures(client, await tradingDaysFrom(client, from));
}
