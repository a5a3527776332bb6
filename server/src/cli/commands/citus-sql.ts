/**
 * `npm run crm -- citus-sql [--out FILE]`: writes the SQL that distributes the migrated schema on
 * Citus (server/src/db/citus.ts) to docs/deploy/citus.sql (or FILE, `-` for stdout). It fails,
 * naming what to do, when the schema breaks the design rules (an unclassified table, a unique key
 * without customer_no …). citus-design.test.ts fails when the committed file is not what this writes.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { config } from '../../config.js';
import { checkCitusDesign, citusSql, readSchema } from '../../db/citus.js';
import { openDatabase } from '../../db/database.js';

/** docs/deploy/citus.sql of this checkout. */
export const CITUS_SQL_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../docs/deploy/citus.sql');

export async function run(argv: string[]): Promise<number> {
  const i = argv.indexOf('--out');
  const out = i >= 0 ? argv[i + 1] : CITUS_SQL_FILE;
  if (!out || argv.some((a, j) => a.startsWith('-') && a !== '--out' && !(j === i + 1 && a === '-'))) {
    console.error('usage: npm run crm -- citus-sql [--out FILE|-]   (default docs/deploy/citus.sql)');
    return 2;
  }
  const db = await openDatabase(config(), { log: (m) => console.error(m), poolSize: 1 });
  try {
    const schema = await readSchema(db.pool);
    const problems = checkCitusDesign(schema);
    if (problems.length) {
      console.error(`crm citus-sql: the schema breaks the Citus design rules (server/src/db/citus.ts):\n${problems.map((p) => `  - ${p.message}`).join('\n')}`);
      return 1;
    }
    const sql = citusSql(schema);
    if (out === '-') process.stdout.write(sql);
    else {
      await fs.mkdir(path.dirname(out), { recursive: true });
      await fs.writeFile(out, sql);
      console.log(`wrote ${out}`);
    }
    return 0;
  } finally {
    await db.close();
  }
}
