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
import { inTransaction } from '../../db/database.js';
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

/**
 * Once, on an installation that imported days before migration 0012: derives its tables — the
 * staff figures by opening month (sum_staff_cohort_monthly) and the guaranteed commission per day
 * and account (sum_guaranteed_daily) — for every imported day, by re-deriving the staff figures
 * (which come out the same), in one transaction under the importer's lock. Does nothing when they
 * are there. Returns whether it derived.
 */
export async function ensureStaffCohorts(pool: pg.Pool, log?: (m: string) => void): Promise<boolean> {
  return inTransaction(pool, async (client) => {
    await lockAgainstImports(client);
    const { rows } = await client.query<{ first: string | null; needed: boolean }>(
      `select (select min(trade_date) from trading_days) as first,
              exists (select 1 from sum_staff_monthly where volume <> 0 or total_asset <> 0)
              and not exists (select 1 from sum_staff_cohort_monthly) as needed`,
    );
    const { first, needed } = rows[0]!;
    if (!first || !needed) return false;
    const started = Date.now();
    log?.('Deriving the staff figures by opening month (once, after an upgrade) …');
    await rederiveStaffFiguresSince(client, first);
    log?.(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return true;
  });
}
