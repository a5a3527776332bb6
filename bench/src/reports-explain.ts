/**
 * `npm run bench -- reports-explain <report-id> [branch|HQ] [--customers N --days D]`: EXPLAIN
 * (ANALYZE, BUFFERS) of a report's SQL on the kept benchmark database, with the parameters and
 * users of the reports benchmark — to see where a slow report spends its time. With `--sql`, prints
 * the statement instead, as the API runs it (parameters inlined, rows rendered as JSON, then the totals row), for psql.
 */
import { REPORTS } from '../../server/src/modules/reports/reports.registry.js';
import { inlineParameters, REPORT_READ_SETTINGS } from '../../server/src/modules/reports/reports.service.js';
import { shownJsonRowsWithTotals } from '../../server/src/modules/reports/reports.sql.js';
import { reportsDb } from './reports-db.js';
import { casesFor } from './reports.js';

function arg(argv: string[], name: string, fallback: number): number {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] ? Number(argv[i + 1]) : fallback;
}

export async function run(argv: string[]): Promise<void> {
  const [id, scopeName = 'branch'] = argv.filter((a, i) => !a.startsWith('--') && !argv[i - 1]?.startsWith('--'));
  const db = await reportsDb({ customers: arg(argv, '--customers', 100_000), days: arg(argv, '--days', 250), log: (m) => console.error(m) });
  try {
    const { rows } = await db.pool.query<{ role: string; staff_no: string | null; branch_code: string }>(
      `select u.role, u.staff_no, s.branch_code from users u left join staff s on s.staff_no = u.staff_no where u.username = 'manager'`,
    );
    const manager = rows[0]!;
    const { cases, lastDay } = await casesFor(db.pool, manager.branch_code);
    const c = cases.find((x) => x.id === id);
    const report = REPORTS.get(id ?? '');
    if (!c || !report) throw new Error(`unknown report ${id}`);
    const user = scopeName === 'HQ' ? { role: 'HQ', staffNo: null } : { role: manager.role, staffNo: manager.staff_no };
    const raw = Object.fromEntries(Object.entries(c.params).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]));
    const { query } = report.prepare({ user, asOf: lastDay }, raw);
    if (argv.includes('--sql')) {
      console.log(`${REPORT_READ_SETTINGS};\n${inlineParameters(shownJsonRowsWithTotals(report.columns, query.text), query.values)};`);
      return;
    }
    // as the API runs it: the report read's settings, the rows rendered as JSON
    const client = await db.pool.connect();
    try {
      await client.query(`begin; ${REPORT_READ_SETTINGS}`);
      const plan = await client.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${shownJsonRowsWithTotals(report.columns, query.text)}`, query.values);
      console.log(plan.rows.map((r) => r['QUERY PLAN']).join('\n'));
    } finally {
      await client.query('rollback');
      client.release();
    }
  } finally {
    await db.pool.end();
  }
}
