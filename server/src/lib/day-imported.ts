/**
 * What runs after a day's import has committed, outside its transaction and while the answer goes back
 * (e.g. 目标客户's scores of the new day, computed ahead of the first request). The listeners are
 * registered once per process (day-imported-listeners.ts: the server and `crm import`); every import's
 * caller announces the day. Keeps the importer's callers (admin) from depending on the modules that react to it (products → suitability → admin would be a cycle).
 */
import type pg from 'pg';

export type DayImportedListener = (pool: pg.Pool) => Promise<void>;

const listeners = new Set<DayImportedListener>();

/** Registers `listener` (the same function twice is one listener). */
export function onDayImported(listener: DayImportedListener): void {
  listeners.add(listener);
}

/**
 * Starts every listener; a listener's failure is logged, never thrown to the import's caller. The server
 * does not wait (the answer goes back meanwhile); a process that closes its pool afterwards (`crm import`)
 * awaits the returned promise, which settles once every listener has.
 */
export function announceDayImported(pool: pg.Pool, log: (message: string) => void = (m) => console.warn(m)): Promise<void> {
  return Promise.all(
    [...listeners].map((listener) => listener(pool).catch((err: unknown) => log(`warning: after the import: ${err instanceof Error ? err.message : String(err)}`))),
  ).then(() => undefined);
}
