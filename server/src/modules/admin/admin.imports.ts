/**
 * POST /api/admin/imports {day}: imports one day folder from the inbox (config CRM_INBOX_DIR,
 * default <data dir>/inbox) while the server runs: an operator (or the browser journey) drops the
 * day's folder into the inbox and triggers the import here, from the browser (`crm import` beside
 * the server does the same from a shell). ADMIN only; the run is recorded in
 * import_runs and audited like any other import (started by the admin's username).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import { importDay, type DayResult } from '../extract/extract.service.js';
import { announceDayImported } from '../../lib/day-imported.js';

export const importTriggerBody = z.object({
  day: z.string().regex(/^\d{8}$/, '须为日期目录名，如 20260316 / must be a day folder name such as 20260316').describe('the day folder under CRM_INBOX_DIR'),
  force: z.boolean().default(false).describe('import a day the plausibility checks refuse (a future day, a closed day, a sharp drop in asset rows), as crm import --force'),
});

export const importTriggerResult = z.object({
  runId: z.string(),
  status: z.enum(['SUCCEEDED', 'FAILED']),
  tradeDate: z.string().nullable(),
  folder: z.string(),
  replaced: z.boolean(),
  rows: z.number().int(),
  problemCount: z.number().int(),
  problems: z.array(z.object({ file: z.string(), line: z.number().optional(), column: z.string().optional(), reason: z.string() })),
  warnings: z.array(z.string()),
  durationMs: z.number(),
});
export type ImportTriggerResult = z.infer<typeof importTriggerResult>;

export async function importFromInbox(pool: pg.Pool, inboxDir: string, day: string, startedBy: string, force = false): Promise<ImportTriggerResult> {
  const folder = path.join(inboxDir, day);
  if (!existsSync(path.join(folder, 'manifest.json'))) {
    throw new AppError({
      code: 'NO_SUCH_DAY', status: 404,
      zh: `收件目录中没有完整的日终数据 ${day}（缺少 manifest.json）。`,
      en: `The inbox has no complete day folder ${day} (no manifest.json).`,
    });
  }
  const result: DayResult = await importDay(pool, folder, { startedBy, force });
  // what reacts to a new day (目标客户's scores of every family with a model) runs while the answer goes back
  if (result.status === 'SUCCEEDED') void announceDayImported(pool);
  return {
    runId: result.runId, status: result.status, tradeDate: result.tradeDate, folder: result.folder, replaced: result.replaced,
    rows: result.rows, problemCount: result.problemCount, problems: result.problems, warnings: result.warnings, durationMs: result.durationMs,
  };
}
