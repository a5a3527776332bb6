/**
 * Standing in for autovacuum when the database server runs without it (vacuum.rules.ts has the rules and
 * the reasons; docs/operations.md "Autovacuum"):
 *   - `checkAutovacuum` at start-up (the server's and `crm import`'s) logs a warning when autovacuum does
 *     not run;
 *   - `vacuumAfterImport`, a listener of committed imports (day-imported-listeners.ts), then runs
 *     `autovacuumPass`: VACUUM (ANALYZE) or ANALYZE of every table whose counters pass autovacuum's rules.
 * While autovacuum runs, the listener does nothing: PostgreSQL does the same work within a minute.
 * The import bench calls `autovacuumPass` after each history night (bench/src/sizing.ts), for the same
 * reason: the shared test server runs with autovacuum off.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import { LOCKS } from '../../db/locks.js';
import { autovacuumAction, autovacuumWarning, housekeepingAfterImport, type AutovacuumSettings, type TableState } from './vacuum.rules.js';

/**
 * How long the listener waits before it reads the counters. A backend publishes its counters when it
 * goes idle, but at most once a second (PGSTAT_MIN_INTERVAL), so the import's last transaction can reach
 * pg_stat_user_tables up to a second after its commit.
 */
const STATS_SETTLE_MS = 1500;

/** The server's `autovacuum` and `track_counts`. */
export async function autovacuumSettings(db: pg.Pool | pg.PoolClient): Promise<AutovacuumSettings> {
  const { rows } = await db.query<AutovacuumSettings>(
    `select current_setting('autovacuum')::bool as autovacuum, current_setting('track_counts')::bool as "trackCounts"`,
  );
  return rows[0]!;
}

/** Logs the start-up warning (vacuum.rules.ts autovacuumWarning) when autovacuum does not run. */
export async function checkAutovacuum(db: pg.Pool, log: (message: string) => void): Promise<void> {
  const warning = autovacuumWarning(await autovacuumSettings(db));
  if (warning) log(warning);
}

/** A table's autovacuum setting `name` over pg_class `c`, as float8: its reloption, else the server's. */
function setting(name: string): string {
  return `coalesce((select split_part(o, '=', 2)::float8 from unnest(c.reloptions) o where split_part(o, '=', 1) = '${name}'),
                   current_setting('${name}')::float8)`;
}

export interface NamedTableState extends TableState {
  /** Schema-qualified and quoted for SQL: pg-boss keeps its tables in its own schema. */
  name: string;
}

/**
 * The counters and autovacuum settings of every table autovacuum looks at, or of those named `relname`:
 * ordinary tables (a partitioned table holds no rows; its partitions are tables of their own), not
 * temporary ones (only their session can read them).
 */
export async function tableStates(db: pg.Pool | pg.PoolClient, relname?: string): Promise<NamedTableState[]> {
  const { rows } = await db.query<NamedTableState>(
    `select format('%I.%I', s.schemaname, s.relname) as name,
            c.reltuples::float8 as reltuples,
            s.n_dead_tup::float8 as "deadTuples",
            s.n_ins_since_vacuum::float8 as "insertedSinceVacuum",
            s.n_mod_since_analyze::float8 as "modifiedSinceAnalyze",
            coalesce((select split_part(o, '=', 2)::bool from unnest(c.reloptions) o where split_part(o, '=', 1) = 'autovacuum_enabled'), true) as enabled,
            ${setting('autovacuum_vacuum_threshold')} as "vacuumThreshold",
            ${setting('autovacuum_vacuum_scale_factor')} as "vacuumScaleFactor",
            ${setting('autovacuum_vacuum_insert_threshold')} as "insertThreshold",
            ${setting('autovacuum_vacuum_insert_scale_factor')} as "insertScaleFactor",
            ${setting('autovacuum_analyze_threshold')} as "analyzeThreshold",
            ${setting('autovacuum_analyze_scale_factor')} as "analyzeScaleFactor"
       from pg_class c join pg_stat_user_tables s on s.relid = c.oid
      where c.relkind = 'r' and c.relpersistence <> 't' and ($1::text is null or c.relname = $1)
      order by c.relname, s.schemaname`,
    [relname ?? null],
  );
  return rows;
}

export interface AutovacuumPassResult {
  vacuumed: number; // VACUUM (ANALYZE)
  analyzed: number; // ANALYZE alone
  failed: number;
  ms: number;
}

/**
 * What autovacuum would do now: every table whose rule is due is vacuumed and analyzed, or only
 * analyzed (vacuum.rules.ts autovacuumAction). One pass at a time across processes (LOCKS.vacuumPass):
 * a second one waits, then finds only what the first left due. VACUUM cannot run inside a transaction
 * block, so the statements go one by one on a connection of their own. A table that fails (dropped
 * meanwhile, say) is logged and the pass goes on.
 */
export async function autovacuumPass(pool: pg.Pool, log: (message: string) => void = (m) => console.log(m)): Promise<AutovacuumPassResult> {
  const started = performance.now();
  const result = { vacuumed: 0, analyzed: 0, failed: 0 };
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [LOCKS.vacuumPass]);
    try {
      for (const table of await tableStates(client)) {
        const action = autovacuumAction(table);
        if (!action) continue;
        try {
          await client.query(action === 'vacuum' ? `vacuum (analyze) ${table.name}` : `analyze ${table.name}`);
          result[action === 'vacuum' ? 'vacuumed' : 'analyzed'] += 1;
        } catch (err) {
          result.failed += 1;
          log(`warning: ${action === 'vacuum' ? 'VACUUM (ANALYZE)' : 'ANALYZE'} of ${table.name} failed: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
    } finally {
      await client.query('select pg_advisory_unlock($1)', [LOCKS.vacuumPass]);
    }
  } finally {
    client.release();
  }
  return { ...result, ms: performance.now() - started };
}

/**
 * The listener of a committed import: `autovacuumPass` when the server runs without autovacuum (and
 * with the counters it would decide from), else nothing. Its failure is logged by announceDayImported,
 * never the import's.
 */
export async function vacuumAfterImport(pool: pg.Pool, log: (message: string) => void = (m) => console.log(m)): Promise<void> {
  if (housekeepingAfterImport(await autovacuumSettings(pool)) !== 'emulate') return;
  await sleep(STATS_SETTLE_MS);
  if (pool.ending) return; // the process is stopping: the next import's pass finds the same tables due
  const r = await autovacuumPass(pool, log);
  if (r.vacuumed + r.analyzed + r.failed === 0) return;
  log(
    `after the import, in autovacuum's place (autovacuum is off): ${r.vacuumed} table(s) vacuumed and analyzed, ${r.analyzed} analyzed` +
      `${r.failed ? `, ${r.failed} failed` : ''} in ${(r.ms / 1000).toFixed(1)} s`,
  );
}
