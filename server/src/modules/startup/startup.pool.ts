/**
 * The pool seen from a stopping process. Every client gets an 'error' listener when it is first
 * checked out: PostgreSQL ending a connection (Ctrl-C reaches the embedded server too) while a
 * client is checked out between two statements is otherwise an unhandled 'error' event that kills
 * the process; with the listener, the client's next statement fails and its caller rolls back.
 * `cancelRunning` cancels the statements of the clients checked out now (pg_cancel_backend), so
 * that a long import or derivation rolls back at once instead of running to its end.
 */
import type pg from 'pg';

/** pg's Client knows its backend's process id once connected (not in @types/pg). */
interface WithBackendPid {
  processID?: number | null;
}

export interface PoolGuard {
  cancelRunning(): Promise<void>;
}

export function guardPool(pool: pg.Pool, onError: (err: Error) => void): PoolGuard {
  const guarded = new WeakSet<pg.PoolClient>();
  const checkedOut = new Set<pg.PoolClient>();
  pool.on('acquire', (client) => {
    checkedOut.add(client);
    if (guarded.has(client)) return;
    guarded.add(client);
    client.on('error', onError);
  });
  pool.on('release', (_err, client) => checkedOut.delete(client));
  pool.on('remove', (client) => checkedOut.delete(client));
  return {
    async cancelRunning() {
      const pids = [...checkedOut].map((c) => (c as WithBackendPid).processID).filter((pid): pid is number => typeof pid === 'number');
      if (!pids.length) return;
      // the server may be gone already (it received the same Ctrl-C): then there is nothing to cancel
      await pool.query('select pg_cancel_backend(pid) from unnest($1::int[]) as pid', [pids]).catch(() => undefined);
    },
  };
}
