/**
 * `npm run crm -- import <dir>`: one end-of-day folder, or every day folder under <dir> in date
 * order. Exit 0 only when every day imported; a refused day stops the run (the days before it
 * stay imported) and its problems are printed as file:line:column: reason. `--force` imports the
 * days the plausibility checks refuse (a future day, a closed day, a sharp drop in asset rows).
 */
import { existsSync, statSync } from 'node:fs';
import os from 'node:os';
import { config } from '../../config.js';
import { openDatabase } from '../../db/database.js';
import { ensureStaffCohorts } from '../../modules/attribution/attribution.service.js';
import { importPath, type DayResult } from '../../modules/extract/extract.service.js';

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
    await ensureStaffCohorts(db.pool, (m) => console.error(m));
    const started = Date.now();
    const summary = await importPath(db.pool, dir, {
      startedBy: `cli:${os.userInfo().username}`,
      force: argv.includes('--force'),
      onDay: (r, i, total) => {
        console.log(dayLine(r, i, total));
        for (const w of r.warnings) console.log(`  warning: ${w}`);
        if (r.status === 'FAILED') {
          console.log(`  ${r.problemCount} problem(s) in ${r.folder}${r.problemCount > r.problems.length ? ` (first ${r.problems.length} shown)` : ''}:`);
          for (const p of r.problems) console.log(formatProblem(p));
          console.log('  Nothing of this day was imported.');
        }
      },
    });
    for (const s of summary.skipped) console.log(`skipped ${s}: no manifest.json (the day is not complete)`);
    const imported = summary.days.filter((d) => d.status === 'SUCCEEDED');
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
