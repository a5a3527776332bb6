/**
 * The RUNNING rows of import_runs and the processes behind them. An end-of-day import holds a
 * session advisory lock keyed by its run id, on a connection of its own, from the moment its row
 * is written until its outcome is: the lock vanishes with the process (killed, crashed, power
 * lost), so a RUNNING row whose lock nobody holds is an interrupted run, whichever process —
 * the server, a `crm import` beside it — started it. Such rows are marked FAILED at start-up and
 * before every import; what they already recorded (the trade date, read from the manifest
 * first) stays.
 */
import type pg from 'pg';
import { LOCKS } from '../../db/locks.js';
import { AppError, conflict } from '../../errors.js';

/** The problem recorded on an interrupted run (import_runs.errors). */
export const INTERRUPTED_REASON = 'interrupted: the import process ended before finishing (导入进程在完成前终止)';

/** The second key of a run's lock: a run id folded into a positive int4. */
const RUN_KEY_SQL = `(($1::bigint % 2147483647))::int`;

export interface OpenRun {
  id: string;
  /** Records the day as soon as the manifest names it, so an interrupted run keeps it. */
  recordTradeDate(day: string): Promise<void>;
  /** Releases the run's lock and connection (its outcome is written by then). */
  close(): Promise<void>;
}

/** The second key of a day's lock: the trade date's day number (days since 2000-01-01). */
const DAY_KEY_SQL = `($1::date - date '2000-01-01')`;

/** 409: the same day is being imported by another run now (another server process, or `crm import` beside it). */
export function dayImportRunning(day: string): AppError {
  return conflict(
    'IMPORT_DAY_RUNNING',
    `交易日 ${day} 正在由另一个导入任务导入（可能在另一台服务器进程上），请等它完成后查看导入记录。`,
    `Trading day ${day} is being imported by another run (perhaps on another server process); see the import runs once it has finished.`,
  );
}

/**
 * Writes a RUNNING row of an EXTRACT run and holds its lock until close(). With the `tradeDate` the
 * folder's manifest names, the run also holds that day's lock: a second import of the same day
 * while the first runs — the same folder triggered on two server processes behind a load balancer —
 * is refused (409 IMPORT_DAY_RUNNING) before it writes anything, so the day is imported once; once the
 * first has finished, importing the day again is a re-import (a correction), as always.
 */
export async function openImportRun(pool: pg.Pool, folder: string, startedBy: string, tradeDate?: string): Promise<OpenRun> {
  const client = await pool.connect();
  let dayLocked = false;
  try {
    // the row becomes visible with its lock already held: a recovery never sees it unlocked
    await client.query('begin');
    if (tradeDate) {
      const { rows: [got] } = await client.query<{ ok: boolean }>(`select pg_try_advisory_lock($2, ${DAY_KEY_SQL}) as ok`, [tradeDate, LOCKS.importDay]);
      if (!got?.ok) throw dayImportRunning(tradeDate);
      dayLocked = true;
    }
    const { rows } = await client.query<{ id: string }>(
      `insert into import_runs (kind, started_by, folder, status) values ('EXTRACT', $1, $2, 'RUNNING') returning id`,
      [startedBy, folder],
    );
    const id = rows[0]!.id;
    await client.query(`select pg_advisory_lock($2, ${RUN_KEY_SQL})`, [id, LOCKS.importRun]);
    await client.query('commit');
    let closed = false;
    return {
      id,
      async recordTradeDate(day) {
        await client.query(`update import_runs set trade_date = $2 where id = $1`, [id, day]);
      },
      async close() {
        if (closed) return;
        closed = true;
        try {
          await client.query(`select pg_advisory_unlock($2, ${RUN_KEY_SQL})`, [id, LOCKS.importRun]);
          if (dayLocked) await client.query(`select pg_advisory_unlock($2, ${DAY_KEY_SQL})`, [tradeDate, LOCKS.importDay]);
          client.release();
        } catch (err) {
          client.release(err as Error); // a broken connection is discarded, and its lock with it
        }
      },
    };
  } catch (err) {
    if (err instanceof AppError) {
      // refused before anything was written: the connection is sound and the day's lock is not held
      await client.query('rollback').catch(() => undefined);
      client.release();
    } else client.release(err as Error);
    throw err;
  }
}

/**
 * Marks FAILED every RUNNING run whose lock no session holds (its process ended before writing
 * the outcome); keeps its trade date. Returns the runs marked, oldest first.
 */
export async function recoverInterruptedImports(
  pool: pg.Pool | pg.PoolClient,
  log?: (message: string) => void,
): Promise<Array<{ id: string; tradeDate: string | null }>> {
  const { rows } = await pool.query<{ id: string; trade_date: string | null }>(
    `update import_runs r
        set status = 'FAILED', finished_at = now(), error_count = 1,
            errors = jsonb_build_array(jsonb_build_object('file', '', 'reason', $2::text))
      where r.status = 'RUNNING' and r.kind = 'EXTRACT'
        and not exists (
          select 1 from pg_locks l
           where l.locktype = 'advisory' and l.granted and l.objsubid = 2
             and l.database = (select oid from pg_database where datname = current_database())
             and l.classid::bigint = $1 and l.objid::bigint = r.id % 2147483647)
      returning r.id, r.trade_date`,
    [LOCKS.importRun, INTERRUPTED_REASON],
  );
  const runs = rows.map((r) => ({ id: r.id, tradeDate: r.trade_date })).sort((a, b) => Number(a.id) - Number(b.id));
  for (const r of runs) log?.(`Import run ${r.id}${r.tradeDate ? ` (trade date ${r.tradeDate})` : ''} was interrupted when its process ended: marked FAILED.`);
  return runs;
}
