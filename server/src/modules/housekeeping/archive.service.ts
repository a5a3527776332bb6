/**
 * Archiving old fact months (issue 15 item 5; docs/operations.md "Archiving old months").
 *
 * `crm archive --before YYYY-MM` writes, for every month before that one, the monthly partitions of
 * every fact table (TABLE_PLACEMENT's role 'fact') to one gzip file — a psql script, readable as is:
 *
 *   -- QuanCRM fact archive, format 1
 *   -- manifest: {"format":1,"month":"2025-01","tables":[{"table":"fact_assets","rows":3,"columns":[…]}, …]}
 *   begin;
 *   delete from archived_partitions where month = '2025-01-01';
 *   select crm_ensure_partition('fact_assets', '2025-01-01');
 *   copy fact_assets (trade_date, customer_no, …) from stdin;
 *   <the rows in COPY text format>
 *   \.
 *   …
 *   commit;
 *
 * reads the file back and compares every table's row count with the manifest, and only then (in one
 * transaction) records the month in archived_partitions and detaches and drops the partitions. The
 * summaries stay: reports, which read them, answer for archived months as before; the pages that
 * read facts say the month is archived (assertNotArchived). The importer refuses a day of an archived
 * month (crm_ensure_partition, migration 0045). `crm archive restore <file>` (or `gunzip -c file | psql`)
 * puts the rows back and forgets the archive. Both hold the import lock.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import readline from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { TABLE_PLACEMENT } from '../../db/citus.js';
import { LOCKS } from '../../db/locks.js';
import { AppError } from '../../errors.js';

export const ARCHIVE_FORMAT = 1;
const HEADER = '-- QuanCRM fact archive, format 1';
const MANIFEST = '-- manifest: ';

/** The fact tables, partitioned by month of trade_date: what an archive holds. */
export const ARCHIVED_TABLES: readonly string[] = Object.entries(TABLE_PLACEMENT)
  .filter(([, p]) => p.kind === 'distributed' && p.role === 'fact')
  .map(([t]) => t)
  .sort();

/**
 * How far back the derivations read facts: target mining reads a year of product purchases
 * (targets.sql.ts), so a month is archived only when it ends a full year before the last imported day.
 */
export const KEEP_DAYS = 366;

export interface ArchiveManifest {
  format: number;
  month: string; // YYYY-MM
  createdAt: string;
  tables: { table: string; rows: number; columns: string[] }[];
}

export interface ArchivedMonth {
  month: string;
  file: string;
  rows: number;
}

const ident = (name: string) => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain identifier: ${name}`);
  return name;
};
const partitionOf = (table: string, month: string) => `${table}_${month.replace('-', '')}`;

/** The months (YYYY-MM) that hold a partition of a fact table and lie before `before` (YYYY-MM). */
async function monthsBefore(client: pg.PoolClient, before: string): Promise<string[]> {
  const { rows } = await client.query<{ month: string }>(
    `select distinct substr(c.relname, length(p.relname) + 2, 4) || '-' || right(c.relname, 2) as month
       from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent
      where p.relname = any ($1::text[]) and c.relname ~ ('^' || p.relname || '_[0-9]{6}$')
      order by 1`,
    [ARCHIVED_TABLES],
  );
  return rows.map((r) => r.month).filter((m) => m < before);
}

/** Archives every fact month before `before` (YYYY-MM) into `outDir`, one file per month. */
export async function archiveMonths(pool: pg.Pool, opts: { before: string; outDir: string; log?: (m: string) => void }): Promise<ArchivedMonth[]> {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(opts.before)) throw new Error(`--before must be a month, YYYY-MM: ${opts.before}`);
  const client = await pool.connect();
  try {
    // the import lock for the whole run (session level): no import writes a month while it is archived
    await client.query('select pg_advisory_lock($1)', [LOCKS.extractImport]);
    try {
      const { rows: latest } = await client.query<{ last: string | null; keepFrom: string | null }>(
        `select max(trade_date)::text as last, to_char(max(trade_date) - $1::int, 'YYYY-MM') as "keepFrom" from trading_days`,
        [KEEP_DAYS],
      );
      const keepFrom = latest[0]?.keepFrom;
      if (keepFrom && opts.before > keepFrom) {
        throw new Error(
          `--before ${opts.before} would archive facts of the last ${KEEP_DAYS} days before the last imported day ${latest[0]!.last} ` +
            `(target mining reads a year of purchases): the latest allowed is --before ${keepFrom}`,
        );
      }
      const months = await monthsBefore(client, opts.before);
      await fs.mkdir(opts.outDir, { recursive: true });
      const done: ArchivedMonth[] = [];
      for (const month of months) {
        const file = path.resolve(opts.outDir, `quancrm-facts-${month}.sql.gz`);
        const manifest = await writeArchive(client, month, file);
        const rows = manifest.tables.reduce((s, t) => s + t.rows, 0);
        const read = await readCounts(file);
        for (const t of manifest.tables) {
          if (read.get(t.table) !== t.rows) throw new Error(`${file}: ${t.table} reads back ${read.get(t.table) ?? 0} rows, ${t.rows} written; nothing was dropped`);
        }
        await dropMonth(client, manifest, file);
        opts.log?.(`${month}: ${rows.toLocaleString('en-US')} rows of ${manifest.tables.filter((t) => t.rows).length} fact tables → ${file}; partitions detached and dropped`);
        done.push({ month, file, rows });
      }
      return done;
    } finally {
      await client.query('select pg_advisory_unlock($1)', [LOCKS.extractImport]);
    }
  } finally {
    client.release();
  }
}

async function writeArchive(client: pg.PoolClient, month: string, file: string): Promise<ArchiveManifest> {
  const first = `${month}-01`;
  await client.query('begin isolation level repeatable read read only');
  try {
    const tables: ArchiveManifest['tables'] = [];
    for (const table of ARCHIVED_TABLES) {
      const part = partitionOf(table, month);
      const { rows: exists } = await client.query<{ ok: boolean }>(`select to_regclass($1) is not null as ok`, [part]);
      if (!exists[0]!.ok) continue;
      const { rows: cols } = await client.query<{ name: string }>(
        `select attname as name from pg_attribute where attrelid = $1::regclass and attnum > 0 and not attisdropped and attgenerated = '' order by attnum`,
        [table],
      );
      const { rows: n } = await client.query<{ n: string }>(`select count(*) as n from ${ident(part)}`);
      tables.push({ table, rows: Number(n[0]!.n), columns: cols.map((c) => c.name) });
    }
    const manifest: ArchiveManifest = { format: ARCHIVE_FORMAT, month, createdAt: new Date().toISOString(), tables };
    const gzip = createGzip({ level: 6 });
    const out = createWriteStream(`${file}.partial`);
    const written = pipeline(gzip, out);
    const write = (s: string) => new Promise<void>((resolve, reject) => gzip.write(s, (err) => (err ? reject(err) : resolve())));
    await write(`${HEADER}\n${MANIFEST}${JSON.stringify(manifest)}\n`);
    await write(`begin;\ndelete from archived_partitions where month = '${first}';\n`);
    for (const t of tables) {
      const columns = t.columns.map(ident).join(', ');
      await write(`select crm_ensure_partition('${t.table}', '${first}');\ncopy ${t.table} (${columns}) from stdin;\n`);
      const copy = client.query(copyTo(`copy ${ident(partitionOf(t.table, month))} (${columns}) to stdout`));
      for await (const chunk of copy) await write(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
      await write('\\.\n');
    }
    await write('commit;\n');
    gzip.end();
    await written;
    await client.query('commit');
    const handle = await fs.open(`${file}.partial`, 'r+');
    await handle.sync();
    await handle.close();
    await fs.rename(`${file}.partial`, file);
    return manifest;
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    await fs.rm(`${file}.partial`, { force: true });
    throw err;
  }
}

/** Reads an archive: its manifest, and each table's rows as counted in the file. */
async function readArchive(file: string, onRow?: (table: string, line: string) => Promise<void> | void): Promise<{ manifest: ArchiveManifest; counts: Map<string, number> }> {
  const lines = readline.createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  let manifest: ArchiveManifest | undefined;
  const counts = new Map<string, number>();
  let table: string | null = null;
  let n = 0;
  for await (const line of lines) {
    n += 1;
    if (n === 1) {
      if (line !== HEADER) throw new Error(`${file} is not a QuanCRM fact archive of format ${ARCHIVE_FORMAT}`);
      continue;
    }
    if (n === 2) {
      if (!line.startsWith(MANIFEST)) throw new Error(`${file}: no manifest on line 2`);
      manifest = JSON.parse(line.slice(MANIFEST.length)) as ArchiveManifest;
      continue;
    }
    if (table) {
      if (line === '\\.') table = null;
      else {
        counts.set(table, (counts.get(table) ?? 0) + 1);
        await onRow?.(table, line);
      }
      continue;
    }
    const copy = /^copy ([a-z_]+) \(.*\) from stdin;$/.exec(line);
    if (copy) {
      table = copy[1]!;
      if (!ARCHIVED_TABLES.includes(table)) throw new Error(`${file}: line ${n} copies into ${table}, which is not a fact table`);
      counts.set(table, counts.get(table) ?? 0);
    }
  }
  if (!manifest) throw new Error(`${file}: empty`);
  if (table) throw new Error(`${file}: the rows of ${table} end without \\. (the file is cut short)`);
  return { manifest, counts };
}

async function readCounts(file: string): Promise<Map<string, number>> {
  return (await readArchive(file)).counts;
}

async function dropMonth(client: pg.PoolClient, manifest: ArchiveManifest, file: string): Promise<void> {
  await client.query('begin');
  try {
    for (const t of manifest.tables) {
      await client.query(`insert into archived_partitions (parent, month, file, row_count) values ($1, $2::date, $3, $4)`, [t.table, `${manifest.month}-01`, file, t.rows]);
      const part = ident(partitionOf(t.table, manifest.month));
      await client.query(`alter table ${ident(t.table)} detach partition ${part}`);
      await client.query(`drop table ${part}`);
    }
    await client.query('commit');
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  }
}

/**
 * Puts an archive's rows back (one transaction, under the import lock): the month's partitions are
 * created again, must be empty, receive the rows, and the counts must match the manifest.
 */
export async function restoreArchive(pool: pg.Pool, file: string, log?: (m: string) => void): Promise<ArchivedMonth> {
  const { manifest, counts } = await readArchive(file);
  for (const t of manifest.tables) {
    if (counts.get(t.table) !== t.rows) throw new Error(`${file}: ${t.table} holds ${counts.get(t.table) ?? 0} rows, the manifest says ${t.rows}`);
  }
  const first = `${manifest.month}-01`;
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query('select pg_advisory_xact_lock($1)', [LOCKS.extractImport]);
    await client.query(`delete from archived_partitions where month = $1::date and parent = any ($2::text[])`, [first, manifest.tables.map((t) => t.table)]);
    for (const t of manifest.tables) {
      await client.query(`select crm_ensure_partition($1, $2::date)`, [t.table, first]);
      const { rows } = await client.query<{ n: string }>(`select count(*) as n from ${ident(partitionOf(t.table, manifest.month))}`);
      if (Number(rows[0]!.n) > 0) throw new Error(`${t.table} already holds ${rows[0]!.n} rows of ${manifest.month}: the archive was restored before`);
    }
    // one COPY at a time on the one connection: each table's stream opens when its rows begin
    const open: { table: string | null; stream: ReturnType<typeof copyFrom> | null; finished: Promise<void> } = { table: null, stream: null, finished: Promise.resolve() };
    const finish = async () => {
      open.stream?.end();
      await open.finished;
      open.table = null;
      open.stream = null;
    };
    await readArchive(file, async (table, line) => {
      if (open.table !== table) {
        await finish();
        const t = manifest.tables.find((x) => x.table === table);
        if (!t) throw new Error(`${file}: rows of ${table}, which the manifest does not name`);
        const stream = client.query(copyFrom(`copy ${ident(table)} (${t.columns.map(ident).join(', ')}) from stdin`));
        open.finished = new Promise<void>((resolve, reject) => {
          stream.on('finish', resolve);
          stream.on('error', reject);
        });
        open.table = table;
        open.stream = stream;
      }
      const s = open.stream!;
      if (!s.write(`${line}\n`)) await new Promise((r) => s.once('drain', r));
    });
    await finish();
    for (const t of manifest.tables) {
      const { rows } = await client.query<{ n: string }>(`select count(*) as n from ${ident(partitionOf(t.table, manifest.month))}`);
      if (Number(rows[0]!.n) !== t.rows) throw new Error(`${t.table}: ${rows[0]!.n} rows restored, the manifest says ${t.rows}`);
    }
    await client.query('commit');
    const total = manifest.tables.reduce((s, t) => s + t.rows, 0);
    log?.(`${manifest.month}: ${total.toLocaleString('en-US')} rows of ${manifest.tables.length} fact tables restored from ${file}`);
    return { month: manifest.month, file, rows: total };
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/**
 * Pages that read facts ask this first: a date range touching an archived month answers 409
 * MONTH_ARCHIVED, naming the months, instead of an empty (and wrong) list.
 */
export async function assertNotArchived(db: pg.PoolClient | pg.Pool, from: string, to: string): Promise<void> {
  const { rows } = await db.query<{ month: string }>(
    `select distinct to_char(month, 'YYYY-MM') as month from archived_partitions
      where month between date_trunc('month', $1::date)::date and $2::date order by 1`,
    [from, to],
  );
  if (!rows.length) return;
  const months = rows.map((r) => r.month).join(', ');
  throw new AppError({
    code: 'MONTH_ARCHIVED',
    status: 409,
    zh: `${months} 的交易明细已归档，不在系统中；汇总报表仍可查询。如需明细，请联系管理员恢复归档（crm archive restore）。`,
    en: `The detail records of ${months} are archived and no longer in the system; the summary reports still cover them. Ask an administrator to restore the archive (crm archive restore) for the details.`,
    extensions: { archivedMonths: rows.map((r) => r.month) },
  });
}
