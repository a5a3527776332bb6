/** `npm run crm -- migrate`: creates or migrates the schema (also done at every start) and exits. */
import { config } from '../../config.js';
import { openDatabase } from '../../db/database.js';

export async function run(): Promise<number> {
  const db = await openDatabase(config(), { log: (m) => console.error(m) });
  await db.close();
  console.log('Schema is up to date.');
  return 0;
}
