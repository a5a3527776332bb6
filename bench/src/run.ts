/**
 * `npm run bench -- <name> [options]`: benchmarks whose results go to docs/performance.md.
 *   import   a generated day at a chosen scale: the importer vs a raw COPY of the same files
 *   reports  every report at branch and HQ scope on a kept 100,000 × 250-day demo database, vs one
 *            SQL query over the raw facts and DuckDB over the same facts in Parquet; the xlsx export
 *   reports-explain <id> [branch|HQ]  EXPLAIN ANALYZE of one report's SQL on that database
 *   outreach-plan [--customers N]  a campaign to an N-member group (default 100,000): planned at
 *            submission, planned again, rendered and queued at approval
 *   outreach-send [--messages N] [--channel SMS|EMAIL|both]  N queued messages sent through the embedded SMS gateway and SMTP server
 *   sizing [--customers N] [--days D] [--untuned]  rows, bytes and CPU per customer and day; month-summary bloat after D days
 *   month-bloat [--customers N] [--history M] [--nights D]  the month summary's nightly rewrite with M months of history, 0045's settings vs the defaults
 *   scale [--customers N] [--days D] [--nice] [--build-only] [--skip-reports]  issue 15 item 2 on a kept N × D demo database (default 1,000,000 × 60): report first pages, lists, the 360° view under load, a 1,000,000-member group
 *   risk-trigger [--customers N] [--rounds R]  the importer's CPU with and without the customers_risk_override trigger (migration 0041)
 *   correction [--customers N] [--days D] [--back B]  a day B trading days back re-delivered with one account corrected: the re-derivation's time, checked to the cent
 */
const benches: Record<string, () => Promise<{ run: (argv: string[]) => Promise<void> }>> = {
  import: () => import('./import.js'),
  reports: () => import('./reports.js'),
  'reports-explain': () => import('./reports-explain.js'),
  'outreach-plan': () => import('./outreach.js'),
  'outreach-send': () => import('./outreach-send.js'),
  sizing: () => import('./sizing.js'),
  'month-bloat': () => import('./month-bloat.js'),
  scale: () => import('./scale.js'),
  'risk-trigger': () => import('./risk-trigger.js'),
  correction: () => import('./correction.js'),
};

const [name, ...rest] = process.argv.slice(2);
const bench = name ? benches[name] : undefined;
if (!bench) {
  console.error(`usage: npm run bench -- <${Object.keys(benches).join('|')}> [options]`);
  process.exit(2);
}
bench()
  .then((m) => m.run(rest))
  .then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
      process.exit(1);
    },
  );
