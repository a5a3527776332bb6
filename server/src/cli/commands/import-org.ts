/**
 * `crm import-org <dir>`: loads teams.csv, staff.csv and relationships.csv from <dir>
 * (interfaces.md). Exit 0 when loaded, 1 when refused (nothing written), 2 on bad arguments.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import { config } from '../../config.js';
import { openDatabase } from '../../db/database.js';
import { ORG_FILES } from '../../modules/org/org.rules.js';
import { importOrg, type OrgImportFailed, type OrgImportResult, type OrgImportSucceeded, type OrgWarning, type Problem } from '../../modules/org/org.service.js';

const USAGE = 'usage: npm run crm -- import-org <dir>   (teams.csv, staff.csv, relationships.csv; at least one)';
const PRINTED_PROBLEMS = 100;
const PRINTED_TO_REASSIGN = 20;

export async function run(argv: string[]): Promise<number> {
  return importOrgCommand(argv);
}

async function importOrgCommand(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const dir = await folderArgument(argv);
  if (typeof dir !== 'string') {
    console.error(`crm import-org: ${dir.error}\n${USAGE}`);
    return 2;
  }
  const log = (message: string) => console.error(message);
  const db = await openDatabase(config(), { log });
  try {
    const result = await importOrg(db.pool, dir, { startedBy: `cli:${os.userInfo().username}`, timeZone: config().TZ_BUSINESS, log });
    printResult(result);
    return result.status === 'SUCCEEDED' ? 0 : 1;
  } finally {
    await db.close();
  }
}

async function folderArgument(argv: string[]): Promise<string | { error: string }> {
  const [dir, ...extra] = argv;
  if (dir === undefined || dir.startsWith('-')) return { error: 'which folder? name one' };
  if (extra.length > 0) return { error: `unexpected argument(s): ${extra.join(' ')}` };
  const stat = await fs.stat(dir).catch(() => undefined);
  if (!stat?.isDirectory()) return { error: `${dir} is not a folder` };
  return dir;
}

function printResult(result: OrgImportResult): void {
  if (result.status === 'SUCCEEDED') printSummary(result);
  else printProblems(result);
  for (const warning of result.warnings) printWarning(warning, result.runId);
}

function printWarning(warning: OrgWarning, runId: string): void {
  console.error(`warning: ${warning.line > 0 ? `${location(warning)}: ` : ''}${warning.message}`);
  const relationships = warning.relationships ?? [];
  for (const r of relationships.slice(0, PRINTED_TO_REASSIGN)) {
    console.error(`  ${r.customer_no} ${r.staff_no} ${r.kind} from ${r.effective_from} to ${r.ended_on ?? 'open'} (left ${r.leave_date})`);
  }
  if (relationships.length > PRINTED_TO_REASSIGN) {
    console.error(`  … and ${relationships.length - PRINTED_TO_REASSIGN} more (the full list is in import_runs.warnings of run ${runId})`);
  }
}

function printSummary(result: OrgImportSucceeded): void {
  console.log(`import-org ${result.folder}: loaded (run ${result.runId}, ${result.durationMs} ms)`);
  for (const file of ORG_FILES) {
    const c = result.counts[file];
    if (!c) continue;
    const rows = result.files[file]?.rows ?? 0;
    console.log(`  ${file.padEnd(18)} ${String(rows).padStart(7)} rows: ${c.inserted} inserted, ${c.updated} updated, ${c.unchanged} unchanged`);
  }
  console.log(`  staff history      ${String(result.staffHistoryRows).padStart(7)} change(s) recorded`);
  console.log(`  earliest affected date: ${result.earliestAffectedDate ?? 'none (no relationship changed)'}`);
}

function printProblems(result: OrgImportFailed): void {
  console.error(`import-org ${result.folder}: refused, nothing was written (run ${result.runId})`);
  for (const problem of result.problems.slice(0, PRINTED_PROBLEMS)) console.error(`${location(problem)}: ${problem.reason}`);
  const more = result.problems.length - PRINTED_PROBLEMS;
  console.error(`${result.problems.length} problem(s)${more > 0 ? `, the first ${PRINTED_PROBLEMS} shown` : ''}`);
}

function location(where: Pick<Problem, 'file' | 'line' | 'column'>): string {
  return `${where.file || '(folder)'}:${where.line}:${where.column}`;
}
