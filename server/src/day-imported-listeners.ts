/**
 * What reacts to a committed import (lib/day-imported.ts), registered by every process that imports:
 * the server (app.ts: the inbox import of 系统管理) and `crm import` (which waits for them before it
 * closes its pool). 目标客户's scores of the new day, for every product family with a model.
 */
import { onDayImported } from './lib/day-imported.js';
import { warmTargetScoresAfterImport } from './modules/products/targets.scores.js';

export function registerDayImportedListeners(): void {
  onDayImported(warmTargetScoresAfterImport);
}
