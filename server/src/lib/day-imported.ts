/**
 * What runs after a day's import has committed, outside its transaction and while the answer goes back
 * (e.g. 目标客户's scores of the new day, computed ahead of the first request). A module registers its
 * listener once (app.ts); the import's callers announce the day. Keeps the importer's callers (admin)
 * from depending on the modules that react to it (products → suitability → admin would be a cycle).
 */
import type pg from 'pg';

export type DayImportedListener = (pool: pg.Pool) => Promise<void>;

const listeners = new Set<DayImportedListener>();

/** Registers `listener` (the same function twice is one listener). */
export function onDayImported(listener: DayImportedListener): void {
  listeners.add(listener);
}

/** Starts every listener without waiting; a listener's failure is logged, never thrown to the import's caller. */
export function announceDayImported(pool: pg.Pool, log: (message: string) => void = (m) => console.warn(m)): void {
  for (const listener of listeners) {
    listener(pool).catch((err: unknown) => log(`warning: after the import: ${err instanceof Error ? err.message : String(err)}`));
  }
}
