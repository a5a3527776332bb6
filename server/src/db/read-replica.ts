/**
 * Reads that may go to a streaming replica (DATABASE_READ_URL, scale.md: "read-heavy reporting can
 * move to a read replica through a second connection string"). Reports and the heavy read-only
 * lists ask `ReadRouter.choose()` for their pool; writes, and reads that must see the caller's own
 * writes or write an audit row in their transaction, stay on the primary (app.pool).
 *
 * A replica replays the primary's WAL with a lag (seconds, or much more when replay is paused or
 * the replica is down). Reports are figures of imported days, so the replica may serve a read only
 * while it holds exactly the imported days the primary holds: before each read both answer the
 * import marker — the number of imported days, the latest day and the latest import run of
 * `trading_days` (a few hundred rows; a new day, a re-imported (corrected) day and a removed day
 * each change it) — and when they differ, or the replica cannot answer, the read goes to the
 * primary. The answer says where it was read (`X-Data-Source: replica | primary`) and, when the
 * replica was behind, the latest day the replica has (`X-Replica-Day`). Without DATABASE_READ_URL
 * every read is the primary's and no header is added (docs/decisions.md, Part F).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import pg from 'pg';

export type ReadSource = 'primary' | 'replica';

export interface ReadChoice {
  pool: pg.Pool;
  source: ReadSource;
  /** Why the primary was chosen while a replica is configured. */
  fallback?: 'REPLICA_BEHIND' | 'REPLICA_UNAVAILABLE';
  /** The replica's latest imported day when it was behind (null: it has none yet). */
  replicaDay?: string | null;
}

/** What the imported days look like on one server: equal markers mean the same imported days. */
export interface ImportMarker {
  days: number;
  lastDay: string | null;
  lastRun: string;
}

const MARKER_SQL = `select count(*)::int as days, max(trade_date)::text as "lastDay", coalesce(max(run_id), 0)::text as "lastRun" from trading_days`;

export async function importMarker(pool: pg.Pool): Promise<ImportMarker> {
  const { rows } = await pool.query<ImportMarker>(MARKER_SQL);
  return rows[0]!;
}

function sameMarker(a: ImportMarker, b: ImportMarker): boolean {
  return a.days === b.days && a.lastDay === b.lastDay && a.lastRun === b.lastRun;
}

type Log = (message: string) => void;

export class ReadRouter {
  private replicaState: 'ok' | 'behind' | 'down' = 'ok';

  constructor(
    readonly primary: pg.Pool,
    readonly replica?: pg.Pool,
    private readonly log: Log = () => undefined,
  ) {}

  /** The pool a report or heavy list reads from now (the primary unless the replica has every imported day). */
  async choose(): Promise<ReadChoice> {
    const replica = this.replica;
    if (!replica) return { pool: this.primary, source: 'primary' };
    const [onPrimary, onReplica] = await Promise.allSettled([importMarker(this.primary), importMarker(replica)]);
    if (onPrimary.status === 'rejected') throw onPrimary.reason; // the primary's own failure is the request's
    if (onReplica.status === 'rejected') {
      this.note('down', `read replica unavailable (${errorText(onReplica.reason)}): reports read the primary`);
      return { pool: this.primary, source: 'primary', fallback: 'REPLICA_UNAVAILABLE' };
    }
    if (!sameMarker(onPrimary.value, onReplica.value)) {
      this.note('behind', `read replica behind (its latest day ${onReplica.value.lastDay ?? '—'}, the primary's ${onPrimary.value.lastDay ?? '—'}): reports read the primary until it catches up`);
      return { pool: this.primary, source: 'primary', fallback: 'REPLICA_BEHIND', replicaDay: onReplica.value.lastDay };
    }
    this.note('ok', 'read replica caught up: reports read the replica again');
    return { pool: replica, source: 'replica' };
  }

  /**
   * Runs a buffered read (its answer is sent only when it is complete) on the chosen pool; a read
   * the replica cancels (a conflict with recovery, a lost connection) is run again on the primary.
   */
  async read<T>(run: (pool: pg.Pool) => Promise<T>, chosen?: ReadChoice): Promise<{ value: T; choice: ReadChoice }> {
    const choice = chosen ?? (await this.choose());
    try {
      return { value: await run(choice.pool), choice };
    } catch (err) {
      if (choice.source !== 'replica' || !replicaMayRetry(err)) throw err;
      this.log(`read replica cancelled a read (${errorText(err)}): read again on the primary`);
      const again: ReadChoice = { pool: this.primary, source: 'primary', fallback: 'REPLICA_UNAVAILABLE' };
      return { value: await run(this.primary), choice: again };
    }
  }

  /** Logs a change of the replica's state once (not once per request). */
  private note(state: ReadRouter['replicaState'], message: string): void {
    if (state === this.replicaState) return;
    this.replicaState = state;
    this.log(message);
  }
}

/** Serialization failure (a recovery conflict on a standby), connection failures and operator cancels. */
function replicaMayRetry(err: unknown): boolean {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : '';
  return code === '40001' || code.startsWith('08') || code.startsWith('57P') || code === 'ECONNREFUSED' || code === 'ECONNRESET';
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Says in the answer's headers where it was read (only when a replica is configured). */
export function markReadSource(router: ReadRouter, reply: FastifyReply, choice: ReadChoice): void {
  if (!router.replica) return;
  reply.header('x-data-source', choice.source);
  if (choice.fallback === 'REPLICA_BEHIND') reply.header('x-replica-day', choice.replicaDay ?? 'none');
}

/** The pool a route's read-only, heavy answer reads from, with the answer's headers set. */
export async function readPoolFor(request: FastifyRequest, reply: FastifyReply): Promise<pg.Pool> {
  const router = request.server.reads;
  const choice = await router.choose();
  markReadSource(router, reply, choice);
  return choice.pool;
}

/**
 * The pool on DATABASE_READ_URL: read-only sessions (a replica refuses writes anyway; a
 * misconfigured URL naming the primary must not write either), its own application name.
 */
export async function openReadPool(url: string, opts: { poolSize?: number; log?: Log } = {}): Promise<pg.Pool> {
  const pool = new pg.Pool({
    connectionString: url, max: opts.poolSize ?? 10, application_name: 'quancrm-read', options: '-c default_transaction_read_only=on',
  });
  pool.on('error', (err) => (opts.log ?? console.error)(`read replica connection error: ${err.message}`));
  try {
    const { rows } = await pool.query<{ v: string; standby: boolean }>("select current_setting('server_version_num') as v, pg_is_in_recovery() as standby");
    if (Number(rows[0]?.v) < 150000) throw new Error(`DATABASE_READ_URL: PostgreSQL ${rows[0]?.v} is too old: QuanCRM needs 15 or newer.`);
    if (!rows[0]?.standby) opts.log?.('warning: DATABASE_READ_URL names a server that is not a standby (pg_is_in_recovery() is false); reports read it all the same while its imported days match the primary’s.');
  } catch (err) {
    // an unreachable replica at start is not fatal: reports read the primary until it answers
    opts.log?.(`warning: the read replica (DATABASE_READ_URL) does not answer yet: ${errorText(err)}; reports read the primary until it does.`);
    if (err instanceof Error && err.message.startsWith('DATABASE_READ_URL:')) {
      await pool.end().catch(() => undefined);
      throw err;
    }
  }
  return pool;
}
