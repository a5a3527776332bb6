/**
 * `npm run crm -- archive --before YYYY-MM [--out DIR]`: every fact month before YYYY-MM to one
 * gzip file per month in DIR (default <CRM_DATA_DIR>/archive), read back and checked, then its
 * partitions detached and dropped. `archive restore <file>`: the month back. `archive list`: what
 * is archived, and where. docs/operations.md "Archiving old months".
 */
import path from 'node:path';
import { config } from '../../config.js';
import { openDatabase } from '../../db/database.js';
import { archiveMonths, restoreArchive } from '../../modules/housekeeping/archive.service.js';

const USAGE = [
  'usage: npm run crm -- archive --before YYYY-MM [--out DIR]   archive the fact months before YYYY-MM (default DIR: <CRM_DATA_DIR>/archive)',
  '       npm run crm -- archive restore <file>                 put an archived month back',
  '       npm run crm -- archive list                           the archived months and their files',
].join('\n');

function option(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

export async function run(argv: string[]): Promise<number> {
  const [sub, file] = argv;
  const before = option(argv, '--before');
  const restore = sub === 'restore' && file && argv.length === 2;
  const list = sub === 'list' && argv.length === 1;
  const archive = before && /^\d{4}-(0[1-9]|1[0-2])$/.test(before) && argv.every((a, i) => ['--before', '--out'].includes(a) || ['--before', '--out'].includes(argv[i - 1] ?? ''));
  if (!restore && !list && !archive) {
    console.error(USAGE);
    return 2;
  }
  const cfg = config();
  const db = await openDatabase(cfg, { log: (m) => console.error(m), poolSize: 2 });
  try {
    if (restore) {
      await restoreArchive(db.pool, path.resolve(file), (m) => console.log(m));
    } else if (list) {
      const { rows } = await db.pool.query<{ month: string; file: string; tables: number; rows: string; at: string }>(
        `select to_char(month, 'YYYY-MM') as month, file, count(*)::int as tables, sum(row_count)::text as rows, to_char(max(archived_at), 'YYYY-MM-DD HH24:MI') as at
           from archived_partitions group by month, file order by month`,
      );
      if (!rows.length) console.log('no archived months');
      for (const r of rows) console.log(`${r.month}  ${Number(r.rows).toLocaleString('en-US')} rows of ${r.tables} fact tables  ${r.file}  (archived ${r.at})`);
    } else {
      const outDir = path.resolve(option(argv, '--out') ?? path.join(cfg.dataDir, 'archive'));
      const done = await archiveMonths(db.pool, { before: before!, outDir, log: (m) => console.log(m) });
      if (!done.length) console.log(`no fact month before ${before} is left to archive`);
    }
    return 0;
  } catch (err) {
    console.error(`crm archive: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  } finally {
    await db.close();
  }
}
