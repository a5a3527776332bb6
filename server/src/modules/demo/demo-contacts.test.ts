/**
 * The demo's contact records: loaded after the org import with one COPY, recorded by the disabled
 * demo-history login, and handed to the demo logins of the same staff members when they are created.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../test/harness.js';
import { inTransaction } from '../../db/database.js';
import { importPath } from '../extract/extract.service.js';
import { importOrg } from '../org/org.service.js';
import { DEMO_HISTORY_USER, loadDemoContacts, loadDemoProspects } from './demo-contacts.js';
import { DEMO_FACTS, demoPeople } from './demo-facts.js';
import { generateDemo, type DemoSummary } from './generator.js';
import { createDemoLogins, onlyUnfinishedDemo } from './seed.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'quancrm-demo-contacts-'));
const by = { startedBy: 'startup:demo', today: '2026-11-20' };
let demo: DemoSummary;
let db: TestDb;
let fileRows: Record<string, string>[];

beforeAll(async () => {
  demo = await generateDemo({ outDir: path.join(tmp, 'demo'), customers: 800, days: 12, seed: 5, end: '2026-11-20' });
  fileRows = parse(fs.readFileSync(demo.contactsFile, 'utf8'), { columns: true }) as Record<string, string>[];
  db = await createTestDb();
  const days = await importPath(db.pool, demo.extractDir, { ...by, trusted: true });
  expect(days.ok).toBe(true);
  expect((await importOrg(db.pool, demo.orgDir, by)).status).toBe('SUCCEEDED');
});

afterAll(async () => {
  await db.drop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('the demo contacts', () => {
  it('loads every contact of the file, recorded by a disabled login, without making the build look finished', async () => {
    expect(fileRows.length).toBe(demo.patterns.contacts);
    expect(fileRows.length).toBeGreaterThan(50);
    const loaded = await inTransaction(db.pool, (client) => loadDemoContacts(client, demo.contactsFile));
    expect(loaded).toBe(fileRows.length);
    const { rows } = await db.pool.query<{ customer_no: string; staff_no: string; channel: string; at: string; summary: string; next: string | null; due: string | null; done: string | null; by: string; disabled: boolean }>(
      `select k.customer_no, k.staff_no, k.channel, to_char(k.at at time zone 'Asia/Shanghai', 'YYYY-MM-DD"T"HH24:MI:SS"+08:00"') as at, k.summary,
              k.next_action as next, k.next_due_on as due, to_char(k.next_done_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD"T"HH24:MI:SS"+08:00"') as done,
              u.username as by, u.disabled
         from contacts k join users u on u.id = k.created_by order by k.customer_no, k.at, k.id`,
    );
    const expected = [...fileRows]
      .sort((a, b) => (a.customer_no! < b.customer_no! ? -1 : a.customer_no! > b.customer_no! ? 1 : a.at! < b.at! ? -1 : a.at! > b.at! ? 1 : 0))
      .map((r) => [r.customer_no, r.staff_no, r.channel, r.at, r.summary, r.next_action || null, r.next_due_on || null, r.next_done_at || null]);
    expect(rows.map((r) => [r.customer_no, r.staff_no, r.channel, r.at, r.summary, r.next, r.due, r.done])).toEqual(expected);
    expect(new Set(rows.map((r) => `${r.by}:${r.disabled}`))).toEqual(new Set([`${DEMO_HISTORY_USER}:true`]));
    // open follow-ups and done ones are both there
    expect(rows.some((r) => r.next !== null && r.done === null)).toBe(true);
    expect(rows.some((r) => r.done !== null)).toBe(true);
    // an interrupted build may still be wiped: the history login is the demo's own
    expect(await onlyUnfinishedDemo(db.pool)).toBe(true);
  });

  it('loads the approved appointments of people who have not opened yet', async () => {
    const loaded = await inTransaction(db.pool, (client) => loadDemoProspects(client, demo.prospectsFile));
    expect(loaded).toBe(demo.patterns.prospects);
    expect(loaded).toBe(4); // one in 200 of the 800 customers
    const { rows } = await db.pool.query<{ status: string; n: number; staff_ok: boolean }>(
      `select p.status, count(*)::int as n, bool_and(s.branch_code = p.branch_code) as staff_ok from prospects p join staff s using (staff_no) group by p.status`,
    );
    expect(rows).toEqual([{ status: 'APPROVED', n: 4, staff_ok: true }]);
  });

  it("hands each demo login its staff member's contacts and follow-ups", async () => {
    const logins = await createDemoLogins(db.pool);
    expect(logins.length).toBeGreaterThanOrEqual(6);
    const { rows } = await db.pool.query<{ username: string; own: number; recorded: number }>(
      `select u.username, (select count(*)::int from contacts k where k.staff_no = u.staff_no) as own,
              (select count(*)::int from contacts k where k.created_by = u.id) as recorded
         from users u where u.staff_no is not null order by u.username`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(4);
    for (const r of rows) expect(r.recorded, r.username).toBe(r.own);
    const adopted = rows.reduce((s, r) => s + r.recorded, 0);
    expect(adopted).toBeGreaterThan(0);
    const { rows: history } = await db.pool.query<{ n: number }>(
      `select count(*)::int as n from contacts k join users u on u.id = k.created_by where u.username = $1`, [DEMO_HISTORY_USER],
    );
    expect(history[0]!.n).toBe(fileRows.length - adopted);
    // with real logins in, the database is no longer an unfinished demo
    expect(await onlyUnfinishedDemo(db.pool)).toBe(false);
  });

  it('creates the logins of DEMO_FACTS, which the README lists, each linked to the staff member the generator put there', async () => {
    const { rows } = await db.pool.query<{ username: string; role: string; staff_no: string | null; category: string | null; team_code: string | null; served: number }>(
      `select u.username, u.role, u.staff_no, s.category, s.team_code,
              (select count(*)::int from relationships r where r.staff_no = u.staff_no and r.kind = 'SERVICE' and r.ended_on is null) as served
         from users u left join staff s on s.staff_no = u.staff_no where not u.disabled order by u.id`,
    );
    expect(rows.map((r) => [r.username, r.role, r.staff_no])).toEqual(demoPeople().map((p) => [p.username, p.role, p.staffNo]));
    expect(rows.map((r) => [r.username, r.staff_no])).toEqual([
      ['admin', null], ['headoffice', null], ['compliance', null],
      ['manager', 'S01001'], ['lead', 'S01002'], ['broker', 'S01003'], ['service', 'S01007'], ['agent1', 'S01013'], ['agent2', 'S01025'],
    ]);
    // the two call-center agents: service staff with their extensions
    const { rows: agents } = await db.pool.query(
      `select a.extension, u.username, s.category from cti_agents a join users u on u.id = a.user_id join staff s on s.staff_no = u.staff_no order by a.extension`);
    expect(agents).toEqual([{ extension: '8001', username: 'agent1', category: 'SERVICE' }, { extension: '8002', username: 'agent2', category: 'SERVICE' }]);
    const service = rows.find((r) => r.username === 'service')!;
    // a SERVICE staff member of T0101 (S01006 is T0101's advisor), serving the wealthy pinned customer among others
    expect([service.category, service.team_code]).toEqual(['SERVICE', DEMO_FACTS.team]);
    expect(service.served).toBeGreaterThanOrEqual(1);
    const { rows: wealthy } = await db.pool.query(`select staff_no from relationships where customer_no = $1 and kind = 'SERVICE' and ended_on is null`, [DEMO_FACTS.customers.wealthy]);
    expect(wealthy).toEqual([{ staff_no: DEMO_FACTS.service }]);
    // the README's table of demo logins names the same login, role and staff member on each row
    const readme = fs.readFileSync(path.join(import.meta.dirname, '../../../../README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('| login | role | staff member |'));
    for (const p of demoPeople()) {
      const line = table.split('\n').find((l) => l.startsWith(`| \`${p.username}\` |`));
      expect(line, p.username).toContain(`| ${p.role} | ${p.staffNo ?? '—'}`);
    }
  });
});
