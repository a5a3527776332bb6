/**
 * One snapshot for every read of an answer (a list and its count, a profile and its sections, a
 * report and its export), so that an import committing meanwhile cannot mix two days.
 */
import type pg from 'pg';
import { inTransaction } from '../db/database.js';

/**
 * Runs `read` in a repeatable-read transaction of its own; `settings` (SQL such as
 * `set local jit = off`) are applied in the same round trip.
 */
export function inReadSnapshot<T>(pool: pg.Pool, read: (client: pg.PoolClient) => Promise<T>, settings?: string): Promise<T> {
  return inTransaction(pool, async (client) => {
    await client.query(settings ? `set transaction isolation level repeatable read; ${settings}` : 'set transaction isolation level repeatable read');
    return read(client);
  });
}
