/**
 * `npm run crm -- day remove <YYYY-MM-DD>`: removes an imported day (a future date, a weekend, a
 * test delivery) and derives every figure again as if it had never been imported
 * (modules/extract/day-removal.ts), in one transaction, audited as `extract.remove_day`.
 * Exit 0 when removed, 1 when the day was not imported, 2 on a usage error.
 */
import os from 'node:os';
import { z } from 'zod';
import { config } from '../../config.js';
import { calendarDate } from '../../lib/dates.js';
import { openDatabase } from '../../db/database.js';
import { AppError } from '../../errors.js';
import { removeDay } from '../../modules/extract/day-removal.js';

const USAGE = `usage: npm run crm -- day remove <YYYY-MM-DD>

  Removes an imported trading day: its facts, its figures and its trading day; later days, the
  months and the staff figures are derived again as if the day had never been imported.`;

const Args = z.tuple([z.literal('remove'), calendarDate]);

export async function run(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const parsed = Args.safeParse(argv);
  if (!parsed.success) {
    console.error(`crm day: ${parsed.error.issues.map((i) => i.message).join('; ')}\n\n${USAGE}`);
    return 2;
  }
  const [, day] = parsed.data;
  const db = await openDatabase(config(), { log: (m) => console.error(m) });
  try {
    const r = await removeDay(db.pool, day, { user: { username: `cli:${os.userInfo().username}` } });
    const rows = Object.values(r.deleted).reduce((a, n) => a + n, 0);
    console.log(`removed ${r.tradeDate}: ${rows.toLocaleString('en-US')} rows deleted` +
      (r.rederivedDays.length ? `, re-derived ${r.rederivedDays.length} later day(s) whose rate changed` : ''));
    if (r.referenceFilesKept.length) {
      console.log(`  note: reference rows the day delivered (${r.referenceFilesKept.join(', ')}) stay as delivered`);
    }
    return 0;
  } catch (err) {
    if (err instanceof AppError && err.status === 404) {
      console.error(`crm day remove: ${err.message}`);
      return 1;
    }
    throw err;
  } finally {
    await db.close();
  }
}
