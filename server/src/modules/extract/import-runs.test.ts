/**
 * A killed import: a real `crm import` process is killed while it waits (after reading the
 * manifest, on the trading calendar the test holds locked). Its RUNNING run is left alone while the process lives, and is marked
 * FAILED — with its trade date — by the recovery run at the next start and before the next import.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { writeDay } from '../../../test/extract-builder.js';
import { useTestDb, useTempDir } from '../../../test/harness.js';
import { account, asset, customer } from '../../../test/reports-harness.js';
import { importDay } from './extract.service.js';
import { INTERRUPTED_REASON, recoverInterruptedImports } from './import-runs.js';

const SERVER_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

const db = useTestDb();
const tmp = useTempDir('quancrm-killed-import-');

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 1200; i++) {
    const v = await probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`gave up waiting for ${what}`);
}

async function runs(pool: pg.Pool): Promise<Array<{ id: string; status: string; trade_date: string | null; errors: unknown }>> {
  return (await pool.query(`select id, status, trade_date, errors from import_runs order by id`)).rows;
}

describe('an import whose process was killed', () => {
  it('stays RUNNING while its process lives, and is marked FAILED with its trade date once the process is gone', async () => {
    const folder = await writeDay(tmp.path, '2025-06-16', {
      'branches.csv': [{ branch_code: 'B01', branch_name: '上海浦东南路营业部', city: '上海' }],
      'customers.csv': [customer('0001', '甲客户', 'B01', '2025-06-16')],
      'fund_accounts.csv': [account('FA', '0001', 'CNY', '2025-06-16')],
      'assets.csv': [asset('FA', 'CNY', { cash: '1000.00', total: '1000.00' })],
    });
    // hold the trading calendar: the importer reads the manifest, records the day, then waits to read the calendar
    const holder = await db.pool.connect();
    await holder.query('begin');
    await holder.query('lock table trading_calendar_changes in access exclusive mode');
    const cli = spawn(process.execPath, ['--import', 'tsx', 'src/cli/crm.ts', 'import', folder], {
      cwd: SERVER_DIR, env: { ...process.env, DATABASE_URL: db.url, INIT_CWD: SERVER_DIR }, stdio: 'ignore',
    });
    const exited = new Promise((resolve) => cli.once('exit', resolve));
    try {
      const waiting = await until('the import to wait for the calendar', async () => {
        const { rows } = await db.pool.query(`select 1 from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`);
        const all = await runs(db.pool);
        return rows.length && all.length === 1 ? all[0] : undefined;
      });
      expect(waiting).toMatchObject({ status: 'RUNNING', trade_date: '2025-06-16' });

      // its process lives: neither a start-up nor another process's recovery touches it
      expect(await recoverInterruptedImports(db.pool)).toEqual([]);
      expect((await runs(db.pool))[0]!.status).toBe('RUNNING');

      cli.kill('SIGKILL');
      await exited;
      // the next start (main.ts) marks it, keeping the day it had read
      const notices: string[] = [];
      const marked = await until('the killed run to be recovered', async () => {
        const r = await recoverInterruptedImports(db.pool, (m) => notices.push(m));
        return r.length ? r : undefined;
      });
      expect(marked).toEqual([{ id: waiting.id, tradeDate: '2025-06-16' }]);
      expect(notices).toEqual([`Import run ${waiting.id} (trade date 2025-06-16) was interrupted when its process ended: marked FAILED.`]);
      expect(await runs(db.pool)).toEqual([{ id: waiting.id, status: 'FAILED', trade_date: '2025-06-16', errors: [{ file: '', reason: INTERRUPTED_REASON }] }]);
    } finally {
      cli.kill('SIGKILL');
      await holder.query('rollback');
      holder.release();
    }

    // the next import succeeds and leaves the failed run as it is
    const again = await importDay(db.pool, folder, { startedBy: 'test', today: '2025-06-16' });
    expect(again.status).toBe('SUCCEEDED');
    expect((await runs(db.pool)).map((r) => [r.status, r.trade_date])).toEqual([['FAILED', '2025-06-16'], ['SUCCEEDED', '2025-06-16']]);
  });

  it('is also marked by the next import, whatever process runs it', async () => {
    await db.pool.query(`truncate import_runs`);
    // a run left RUNNING by a process that no longer exists (no session holds its lock)
    const { rows } = await db.pool.query<{ id: string }>(
      `insert into import_runs (kind, started_by, folder, status, trade_date) values ('EXTRACT', 'cli:root', '/x/20250613', 'RUNNING', '2025-06-13') returning id`,
    );
    const folder = path.join(tmp.path, '20250616');
    const r = await importDay(db.pool, folder, { startedBy: 'test', today: '2025-06-16' });
    expect(r.status).toBe('SUCCEEDED');
    const after = await runs(db.pool);
    expect(after[0]).toEqual({ id: rows[0]!.id, status: 'FAILED', trade_date: '2025-06-13', errors: [{ file: '', reason: INTERRUPTED_REASON }] });
    expect(after[1]).toMatchObject({ status: 'SUCCEEDED', trade_date: '2025-06-16' });
  });
});
