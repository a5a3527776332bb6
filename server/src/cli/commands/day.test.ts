/**
 * `crm day remove <date>` and `crm import --force`, as an operator runs them (a child process
 * against a test database).
 */
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeDay } from '../../../test/extract-builder.js';
import { day1 } from '../../../test/extract-fixtures.js';
import { runCrm, SERVER_DIR, type CrmOutcome } from '../../../test/cli-harness.js';
import { useTestDb, useTempDir } from '../../../test/harness.js';

const db = useTestDb();
const tmp = useTempDir('quancrm-day-cli-');

function crm(args: string[]): Promise<CrmOutcome> {
  return runCrm(args, { ...process.env, DATABASE_URL: db.url, USER: 'tester', INIT_CWD: SERVER_DIR });
}

describe('crm import --force and crm day remove', () => {
  it('refuses a Saturday without --force, imports it with --force, and removes it again', async () => {
    await writeDay(tmp.path, '2026-10-30', day1());
    const friday = await crm(['import', path.join(tmp.path, '20261030')]);
    expect(friday.code).toBe(0);

    const saturday = await writeDay(tmp.path, '2026-10-31', { 'assets.csv': day1()['assets.csv']!.map((r) => ({ ...r })) });
    const refused = await crm(['import', saturday]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('manifest.json:trade_date: trade_date 2026-10-31 is a weekend day: the exchanges do not trade (crm import --force imports it anyway)');
    const forced = await crm(['import', saturday, '--force']);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('warning: manifest.json: forced: trade_date 2026-10-31 is a weekend day');

    const removed = await crm(['day', 'remove', '2026-10-31']);
    expect(removed.code).toBe(0);
    // 4 asset rows, 4 account rows, 3 customer rows (0100002 opens on 2026-11-02)
    expect(removed.stdout).toBe('removed 2026-10-31: 11 rows deleted\n');
    const { rows } = await db.pool.query(`select trade_date from trading_days order by 1`);
    expect(rows).toEqual([{ trade_date: '2026-10-30' }]);
    const { rows: audit } = await db.pool.query(`select username from audit_log where action = 'extract.remove_day' and entity_id = '2026-10-31'`);
    expect(audit).toEqual([{ username: `cli:${os.userInfo().username}` }]);

    const again = await crm(['day', 'remove', '2026-10-31']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('No end-of-day data was imported for 2026-10-31.');
  });

  it.each([[['day']], [['day', 'remove']], [['day', 'remove', '2026-02-30']], [['day', 'drop', '2026-10-30']]])('crm %j: usage, exit 2', async (args) => {
    const r = await crm(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('usage: npm run crm -- day remove <YYYY-MM-DD>');
  });

  it('crm import with an unknown option: usage, exit 2', async () => {
    const r = await crm(['import', tmp.path, '--forse']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('usage: npm run crm -- import <dir> [--force]');
  });
});
