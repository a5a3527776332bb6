/**
 * What reacts to a committed import (lib/day-imported.ts), registered by every process that imports:
 * the server (app.ts: the inbox import of 系统管理) and `crm import` (which waits for them before it
 * closes its pool). 目标客户's scores of the new day, for every product family with a model; the purge of
 * the customer space's spent login codes and expired sessions; on a server without autovacuum, the
 * vacuums and analyzes autovacuum would have run on the tables the import rewrote.
 */
import type pg from 'pg';
import { onDayImported } from './lib/day-imported.js';
import { purgeCustomerLogins } from './modules/customer-space/customer-space.service.js';
import { vacuumAfterImport } from './modules/housekeeping/vacuum.service.js';
import { warmTargetScoresAfterImport } from './modules/products/targets.scores.js';

/** The nightly housekeeping of the customer space: spent login codes and expired customer sessions. */
export async function purgeCustomerLoginsAfterImport(pool: pg.Pool): Promise<void> {
  await purgeCustomerLogins(pool);
}

export function registerDayImportedListeners(): void {
  onDayImported(warmTargetScoresAfterImport);
  onDayImported(purgeCustomerLoginsAfterImport);
  onDayImported(vacuumAfterImport);
}
