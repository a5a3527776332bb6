/**
 * The speed-of-light reference of the reports benchmark: DuckDB (in process, @duckdb/node-api, a
 * devDependency of this workspace only) over the raw facts exported to Parquet. The tables the
 * raw-facts queries read are copied out of PostgreSQL as CSV (COPY … TO STDOUT), converted by
 * DuckDB to Parquet with the PostgreSQL column types (numeric(p,s) → DECIMAL(p,s), …), once per
 * database (a `done` file marks a complete export), and the CSV files removed.
 */
import { createWriteStream, existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { DuckDBInstance } from '@duckdb/node-api';
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { DUCKDB, lit, type Dialect } from './reports-raw.js';

/** The tables (and columns, where not all) the raw-facts queries read. */
const TABLES: Record<string, string[] | '*'> = {
  fact_assets: '*',
  fact_trades: '*',
  fact_fund_flows: '*',
  fact_product_trades: '*',
  customers: ['customer_no', 'name', 'branch_code', 'open_date', 'close_date'],
  staff: ['staff_no', 'name', 'branch_code', 'team_code', 'status'],
  relationships: ['customer_no', 'staff_no', 'kind', 'weight', 'effective_from', 'ended_on', 'confirmed_on', 'guaranteed_rate'],
  fund_accounts: ['fund_account', 'customer_no', 'currency'],
  trading_days: ['trade_date', 'usd_rate', 'hkd_rate'],
};

export interface DuckRunner {
  dialect: Dialect;
  /** Runs the query and returns its row count. */
  query(sql: string): Promise<number>;
  exportSeconds: number;
  parquetMb: number;
  close(): Promise<void>;
}

function duckType(c: { data_type: string; numeric_precision: number | null; numeric_scale: number | null }): string {
  switch (c.data_type) {
    case 'numeric':
      return c.numeric_precision ? `DECIMAL(${Math.min(38, c.numeric_precision)},${c.numeric_scale ?? 0})` : 'DOUBLE';
    case 'integer':
      return 'INTEGER';
    case 'bigint':
      return 'BIGINT';
    case 'smallint':
      return 'SMALLINT';
    case 'date':
      return 'DATE';
    case 'boolean':
      return 'BOOLEAN';
    case 'time without time zone':
      return 'TIME';
    case 'timestamp with time zone':
      return 'TIMESTAMPTZ';
    default:
      return 'VARCHAR';
  }
}

export async function duckDbOverParquet(pool: pg.Pool, dir: string, log: (m: string) => void): Promise<DuckRunner> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  let exportSeconds = 0;
  if (!existsSync(path.join(dir, 'done'))) {
    await fs.rm(dir, { recursive: true, force: true });
    await fs.mkdir(dir, { recursive: true });
    const started = Date.now();
    for (const [table, wanted] of Object.entries(TABLES)) {
      const { rows: cols } = await pool.query<{ column_name: string; data_type: string; numeric_precision: number | null; numeric_scale: number | null }>(
        `select column_name, data_type, numeric_precision, numeric_scale from information_schema.columns
          where table_schema = 'public' and table_name = $1 order by ordinal_position`,
        [table],
      );
      const chosen = wanted === '*' ? cols : wanted.map((w) => cols.find((c) => c.column_name === w)!);
      const csv = path.join(dir, `${table}.csv`);
      const client = await pool.connect();
      try {
        const stream = client.query(copyTo(`copy (select ${chosen.map((c) => c.column_name).join(', ')} from ${table}) to stdout with (format csv, header true)`));
        await pipeline(stream, createWriteStream(csv, { highWaterMark: 1 << 20 }));
      } finally {
        client.release();
      }
      const columns = chosen.map((c) => `${lit(c.column_name)}: ${lit(duckType(c))}`).join(', ');
      await conn.run(
        `copy (select * from read_csv(${lit(csv)}, header = true, columns = {${columns}})) to ${lit(path.join(dir, `${table}.parquet`))} (format parquet)`,
      );
      await fs.rm(csv);
      log(`  exported ${table} to Parquet`);
    }
    exportSeconds = (Date.now() - started) / 1000;
    await fs.writeFile(path.join(dir, 'done'), String(exportSeconds));
  } else {
    exportSeconds = Number(await fs.readFile(path.join(dir, 'done'), 'utf8'));
  }
  let bytes = 0;
  for (const table of Object.keys(TABLES)) {
    const file = path.join(dir, `${table}.parquet`);
    bytes += (await fs.stat(file)).size;
    await conn.run(`create view ${table} as select * from read_parquet(${lit(file)})`);
  }
  return {
    dialect: DUCKDB,
    exportSeconds,
    parquetMb: bytes / 2 ** 20,
    async query(sql) {
      const reader = await conn.runAndReadAll(sql);
      return reader.currentRowCount;
    },
    async close() {
      conn.closeSync();
      instance.closeSync();
    },
  };
}
