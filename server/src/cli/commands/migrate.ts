/** `npm run crm -- migrate`: creates or migrates the schema and derives what a migration needs derived (also done at every start) and exits. */
import { config } from '../../config.js';
import { openDatabase } from '../../db/database.js';
import { ensureStaffCohorts } from '../../modules/attribution/attribution.service.js';

export async function run(): Promise<number> {
  const log = (m: string) => console.error(m);
  const db = await openDatabase(config(), { log });
  try {
    await ensureStaffCohorts(db.pool, log);
  } finally {
    await db.close();
  }
  console.log('Schema is up to date.');
  return 0;
}
