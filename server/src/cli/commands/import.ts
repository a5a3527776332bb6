/**
 * `npm run crm -- import <dir>`: one end-of-day folder, or every day folder under <dir> in date
 * order. Exit 0 only when every day imported; a refused day stops the run (the days before it
 * stay imported) and its problems are printed as file:line:column: reason. `--force` imports the
 * days the plausibility checks refuse (a future day, a closed day, a sharp drop in asset rows).
 * Once the days are in, what reacts to a committed day runs as after the inbox import of the web UI
 * (day-imported-listeners.ts: 目标客户's scores of the newest day; on a server without autovacuum, the
 * vacuums autovacuum would have run, announced at the start by a warning), and the command waits for it.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { config } from '../../config.js';
import { openDatabase } from '../../db/database.js';
import { registerDayImportedListeners } from '../../day-imported-listeners.js';
import { announceDayImported } from '../../lib/day-imported.js';
import { ensureStaffCohorts } from '../../modules/attribution/attribution.service.js';
import { importPath, type DayResult } from '../../modules/extract/extract.service.js';
import { checkAutovacuum } from '../../modules/housekeeping/vacuum.service.js';
import { progressLine, statusLine } from '../progress.js';

export function formatProblem(p: { file: string; line?: number; column?: string; reason: string }): string {
  const where = [p.file || '(day)', p.line !== undefined ? String(p.line) : undefined, p.column].filter(Boolean).join(':');
  return `  ${where}: ${p.reason}`;
}

function dayLine(r: DayResult, index: number, total: number): string {
  const n = String(index + 1).padStart(String(total).length);
  const what = r.status === 'SUCCEEDED' ? (r.replaced ? 'replaced' : 'imported') : 'REFUSED';
  const extra = r.rederivedDays.length ? `, re-derived ${r.rederivedDays.length} later day(s)` : '';
  return `[${n}/${total}] ${r.tradeDate ?? r.folder}  ${what}  ${r.rows.toLocaleString('en-US')} rows${r.status === 'FAILED' ? ' read' : ''}  ${(r.durationMs / 1000).toFixed(1)} s${extra}`;
}

/** The day folders importPath will take, in its order (one: the folder itself is a day). */
function dayFolders(dir: string): string[] {
  if (existsSync(path.join(dir, 'manifest.json'))) return [path.basename(path.resolve(dir))];
  const days = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(path.join(dir, e.name, 'manifest.json')))
    .map((e) => e.name)
    .sort();
  return days.length ? days : [path.basename(path.resolve(dir))];
}

export async function run(argv: string[]): Promise<number> {
  const dir = argv.find((a) => !a.startsWith('-'));
  const unknown = argv.filter((a) => a.startsWith('-') && a !== '--force');
  if (!dir || argv.includes('--help') || unknown.length) {
    console.error(
      'usage: npm run crm -- import <dir> [--force]\n\n' +
        '  --force   import days the plausibility checks refuse: a future day, a weekend or exchange holiday,\n' +
        '            far fewer asset rows than the day before (recorded as warnings). Never an empty day or a bad row.',
    );
    return 2;
  }
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    console.error(`crm import: ${dir}: no such folder`);
    return 2;
  }
  const db = await openDatabase(config(), { log: (m) => console.error(m) });
  try {
    await checkAutovacuum(db.pool, (m) => console.error(m));
    await ensureStaffCohorts(db.pool, (m) => console.error(m));
    const started = Date.now();
    const folders = dayFolders(dir);
    // on a terminal a progress bar under the day lines; in a log or a pipe the day lines only
    const progress = { done: 0, rows: 0, dayStarted: Date.now() };
    const status = statusLine(process.stdout, () =>
      progressLine({
        done: progress.done, total: folders.length, current: folders[progress.done] ?? null, rows: progress.rows,
        elapsedMs: Date.now() - started, currentMs: Date.now() - progress.dayStarted,
      }),
    );
    let summary;
    try {
      summary = await importPath(db.pool, dir, {
        startedBy: `cli:${os.userInfo().username}`,
        force: argv.includes('--force'),
        onDay: (r, i, total) => {
          progress.done = i + 1;
          progress.rows += r.status === 'SUCCEEDED' ? r.rows : 0;
          progress.dayStarted = Date.now();
          status.log(dayLine(r, i, total));
          for (const w of r.warnings) status.log(`  warning: ${w}`);
          if (r.status === 'FAILED') {
            status.log(`  ${r.problemCount} problem(s) in ${r.folder}${r.problemCount > r.problems.length ? ` (first ${r.problems.length} shown)` : ''}:`);
            for (const p of r.problems) status.log(formatProblem(p));
            status.log('  Nothing of this day was imported.');
          }
        },
      });
    } finally {
      status.stop();
    }
    for (const s of summary.skipped) console.log(`skipped ${s}: no manifest.json (the day is not complete)`);
    const imported = summary.days.filter((d) => d.status === 'SUCCEEDED');
    if (imported.length > 0) {
      registerDayImportedListeners();
      await announceDayImported(db.pool, (m) => console.error(m));
    }
    const rows = imported.reduce((a, d) => a + d.rows, 0);
    console.log(
      `${imported.length} day(s) imported, ${rows.toLocaleString('en-US')} rows, ${((Date.now() - started) / 1000).toFixed(1)} s` +
        (summary.ok ? '' : `; refused: ${summary.days.filter((d) => d.status === 'FAILED').map((d) => d.tradeDate ?? d.folder).join(', ')}`) +
        (summary.notAttempted.length ? `; not attempted: ${summary.notAttempted.join(', ')}` : ''),
    );
    return summary.ok ? 0 : 1;
  } finally {
    await db.close();
  }
}
