/**
 * `npm run crm -- demo [--customers N] [--days D] [--out DIR] [--seed S] [--end YYYY-MM-DD]
 *  [--encoding utf-8|gbk] [--force]` — writes the demo brokerage (modules/demo/generator.ts):
 * extract folders under DIR/extract and org CSVs under DIR/org. Progress goes to stderr, the
 * summary to stdout. Relative paths are resolved against the directory npm was started from.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { dayNumber } from '../../lib/dates.js';
import { DEMO_DEFAULTS, generateDemo, type DemoSummary } from '../../modules/demo/generator.js';

const USAGE = `usage: npm run crm -- demo [options]

  --customers N      customers (default ${DEMO_DEFAULTS.customers})
  --days D           trading days (default ${DEMO_DEFAULTS.days}, about six months)
  --out DIR          output folder (default ./demo-data): DIR/extract/YYYYMMDD/ and DIR/org/
  --seed S           random seed (default ${DEMO_DEFAULTS.seed}); the same options give the same files
  --end YYYY-MM-DD   last trading day (default: the last trading day before today, Asia/Shanghai)
  --encoding E       utf-8 (default) or gbk for the extract files
  --force            replace DIR/extract and DIR/org if they are not empty`;

const integer = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

const Args = z.object({
  customers: integer(20, 5_000_000).optional(),
  days: integer(1, 750).optional(),
  out: z.string().min(1).default('demo-data'),
  seed: integer(0, 0xffff_ffff).optional(),
  end: z
    .string()
    .refine((s) => {
      try {
        dayNumber(s);
        return true;
      } catch {
        return false;
      }
    }, 'must be a date YYYY-MM-DD')
    .optional(),
  encoding: z.enum(['utf-8', 'gbk']).optional(),
  force: z.boolean().default(false),
});

export async function run(argv: string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: argv,
      options: {
        customers: { type: 'string' },
        days: { type: 'string' },
        out: { type: 'string' },
        seed: { type: 'string' },
        end: { type: 'string' },
        encoding: { type: 'string' },
        force: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (err) {
    console.error(`crm demo: ${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const parsed = Args.safeParse(values);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  --${i.path.join('.')}: ${i.message}`).join('\n');
    console.error(`crm demo: invalid arguments\n${problems}\n\n${USAGE}`);
    return 2;
  }
  const args = parsed.data;
  const outDir = path.resolve(process.env.INIT_CWD ?? process.cwd(), args.out);

  let lastPrinted = 0;
  let summary: DemoSummary;
  try {
    summary = await generateDemo(
      { outDir, customers: args.customers, days: args.days, seed: args.seed, end: args.end, encoding: args.encoding, overwrite: args.force },
      ({ day, index, total }) => {
        const now = Date.now();
        if (index === total || now - lastPrinted > 1000) {
          lastPrinted = now;
          process.stderr.write(`demo: day ${index}/${total} ${day}\n`);
        }
      },
    );
  } catch (err) {
    console.error(`crm demo: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }

  const totalRows = Object.values(summary.rows).reduce((s, x) => s + x, 0);
  const lines = [
    `extract: ${summary.extractDir} (${summary.days.length} trading days, ${summary.days[0]} … ${summary.days[summary.days.length - 1]})`,
    `org:     ${summary.orgDir}`,
    `customers ${summary.customers}, fund accounts ${summary.fundAccounts}, staff ${summary.staff}, teams ${summary.teams}, branches ${summary.branches}`,
    ...Object.entries(summary.rows).map(([name, rows]) => `  ${name.padEnd(22)} ${String(rows).padStart(12)} rows`),
    `total ${totalRows} rows, ${(summary.bytes / 1_048_576).toFixed(1)} MiB in ${(summary.ms / 1000).toFixed(1)} s`,
  ];
  console.log(lines.join('\n'));
  return 0;
}
