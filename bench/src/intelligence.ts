/**
 * The customer-intelligence step of an import measured on its own (it runs inside every import's
 * derive phase): churn scoring + labels + groups (deriveIntelligenceOf), and the monitoring alerts,
 * on the latest imported day of the bench database; then a shared group of every customer saved and
 * refreshed, its first and last members pages and the group list at branch scope, and two previews
 * (p95 of repeated requests). Used by the import
 * bench (`npm run bench -- import`); the lines go to docs/performance.md.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import type pg from 'pg';
import { inTransaction } from '../../server/src/db/database.js';
import type { AuthUser } from '../../server/src/modules/auth/auth.service.js';
import { tuneTransaction } from '../../server/src/modules/figures/figures.service.js';
import { deriveIntelligenceOf, refreshLatestState } from '../../server/src/modules/intelligence/intelligence.derive.js';
import { refreshGroups, refreshLabels, groupMembers, createGroup, listGroups, previewGroup } from '../../server/src/modules/labels/labels.service.js';
import { deriveAlertsOf } from '../../server/src/modules/monitoring/monitoring.service.js';
import { permissionsOf, scopeLevelOf, type Role } from '../../server/src/modules/auth/auth.rules.js';

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/**
 * The CPU time (user + system, ms) the PostgreSQL backend `pid` has used, read from /proc when the
 * server runs on this machine (null otherwise): on a machine shared with other work it says what a
 * step cost where the wall time only says how long it waited.
 */
export function backendCpuMs(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks of 1/100 s
  } catch {
    return null;
  }
}

interface Step {
  ms: number;
  cpuMs: number | null;
}

function p95(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)]!;
}

export async function userOf(pool: pg.Pool, username: string, role: Role, staffNo: string | null): Promise<AuthUser> {
  const { rows } = await pool.query<{ id: string }>(
    `insert into users (username, password_hash, role, staff_no) values ($1, 'bench', $2, $3)
     on conflict (username) do update set role = excluded.role returning id::text`,
    [username, role, staffNo],
  );
  return {
    id: rows[0]!.id, username, displayName: null, role, staffNo, teamCode: null, branchCode: null,
    permissions: permissionsOf(role), scopeLevel: scopeLevelOf(role)!, via: 'session',
  };
}

/** Measures on the latest imported day of `pool`; returns the markdown lines. `dayImportMs` is that day's whole import. */
export async function measureIntelligence(pool: pg.Pool, dayImportMs: number): Promise<string[]> {
  const day = (await pool.query<{ day: string }>(`select max(trade_date)::text as day from trading_days`)).rows[0]!.day;
  const customers = (await pool.query<{ n: number }>(`select count(*)::int as n from customers`)).rows[0]!.n;
  // each in a transaction tuned like the import's (tuneTransaction: work_mem, no JIT), with its backend's CPU time
  const step = async (fn: (client: pg.PoolClient) => Promise<unknown>): Promise<Step> => {
    let cpuMs: number | null = null;
    const ms = await timed(() => inTransaction(pool, async (client) => {
      await tuneTransaction(client);
      const pid = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
      const before = backendCpuMs(pid);
      await fn(client);
      const after = backendCpuMs(pid);
      cpuMs = before === null || after === null ? null : after - before;
    }));
    return { ms, cpuMs };
  };
  // the machine's 1-minute load average before and after the timed steps: beside the figures, it says how far other work inflated the wall times
  const loadBefore = os.loadavg()[0]!;
  const intelligenceStep = await step((client) => deriveIntelligenceOf(client, day));
  const labelsStep = await step((client) => refreshLabels(client, day));
  const alertsStep = await step((client) => deriveAlertsOf(client, [day]));
  // not intelligence: the customer list's latest row per customer and the information completeness, refreshed beside it
  const latestStep = await step((client) => refreshLatestState(client, day));
  const intelligence = intelligenceStep.ms;
  const alerts = alertsStep.ms;
  const added = intelligence + alerts;
  const loadAfter = os.loadavg()[0]!;

  // a group of every customer (net asset ≥ 0), shared by an HQ login: saving materialises its members, then refreshed as the import does
  const now = new Date();
  const hq = await userOf(pool, 'bench_hq', 'HQ', null);
  const everyone = { all: [{ label: 'net_asset', op: '>=', value: '0' }] };
  let saved: { id: string } = { id: '' };
  const groupSave = await timed(async () => { saved = await createGroup(pool, { name: '全部客户', filter: everyone, shared: true }, { user: hq, now, language: 'zh' }); });
  const groupRefresh = (await step((client) => refreshGroups(client, day))).ms;

  // what autovacuum does shortly after the import: the previous days' label facts are dead (customer_labels is a view
  // since migration 0035: VACUUM skips it with a warning, so the facts table is named)
  await pool.query('vacuum analyze customer_label_facts');
  // the largest branch's manager reads the group's first members page
  const branch = (await pool.query<{ branch_code: string; n: number }>(`select branch_code, count(*)::int as n from customers group by 1 order by 2 desc limit 1`)).rows[0]!;
  await pool.query(
    `insert into staff (staff_no, name, category, level, branch_code, hire_date, contract_type) values ('BENCH_BM', '基准经理', 'MANAGER', '资深', $1, '2020-01-01', 'LABOR')
     on conflict (staff_no) do nothing`,
    [branch.branch_code],
  );
  const bm = await userOf(pool, 'bench_bm', 'BRANCH_MANAGER', 'BENCH_BM');
  const ctx = { user: bm, now, language: 'zh' as const };
  const journey = { all: [{ label: 'tier', op: '=', value: '金满堂' }, { label: 'no_trade_30d', op: '=', value: true }, { label: 'risk_level', op: '>=', value: 'C3' }] };
  const series = async (n: number, fn: () => Promise<unknown>): Promise<number> => {
    const samples: number[] = [];
    for (let i = 0; i < n; i++) samples.push(await timed(fn));
    return p95(samples);
  };
  for (let i = 0; i < 3; i++) await groupMembers(pool, saved.id, { page: 1, pageSize: 20 }, ctx);
  let total = 0;
  const firstPage = await series(40, async () => { total = (await groupMembers(pool, saved.id, { page: 1, pageSize: 20 }, ctx)).total; });
  const lastPage = await series(10, () => groupMembers(pool, saved.id, { page: Math.max(1, Math.ceil(total / 20)), pageSize: 20 }, ctx));
  const list = await series(20, () => listGroups(pool, ctx));
  let journeyTotal = 0;
  const preview = await series(20, async () => { journeyTotal = (await previewGroup(pool, { filter: journey, pageSize: 20 }, ctx)).total; });
  let liveTotal = 0;
  const live = await series(20, async () => { liveTotal = (await previewGroup(pool, { filter: everyone, pageSize: 20 }, ctx)).total; });
  const members = (await pool.query<{ members: number }>(`select members from customer_groups where id = $1`, [saved.id])).rows[0]!.members;
  await pool.query(`delete from customer_groups where id = $1`, [saved.id]);

  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const cpu = (x: Step) => (x.cpuMs === null ? '' : ` (${s(x.cpuMs)})`);
  const n = (x: number) => x.toLocaleString('en-US');
  return [
    '',
    `| customer intelligence of ${day} (${n(customers)} customers), each step on its own | wall time (backend CPU) |`,
    '|---|---:|',
    `| deriveIntelligenceOf: churn scoring + labels (customer_label_facts) + saved groups | ${s(intelligence)}${cpu(intelligenceStep)} |`,
    `| of which refreshLabels alone | ${s(labelsStep.ms)}${cpu(labelsStep)} |`,
    `| monitoring alerts of the day (deriveAlertsOf) | ${s(alerts)}${cpu(alertsStep)} |`,
    `| **added to the day's import** (intelligence + alerts) vs the rest of the day's import (${s(dayImportMs - added)}) | **${((added / Math.max(1, dayImportMs - added)) * 100).toFixed(0)} %** |`,
    `| beside it, not intelligence: refreshLatestState (the customer list's customer_latest, the KYC completeness) | ${s(latestStep.ms)}${cpu(latestStep)} |`,
    `| the share if that were counted as intelligence too | ${(((added + latestStep.ms) / Math.max(1, dayImportMs - added - latestStep.ms)) * 100).toFixed(0)} % |`,
    `| load average (1 min) before / after the three steps above | ${loadBefore.toFixed(1)} / ${loadAfter.toFixed(1)} |`,
    `| save of a shared group of every customer: its first materialisation (${n(members)} members, by branch) | ${s(groupSave)} |`,
    `| its refresh as at an import (refreshGroups of the same day: no member changed; branch counts, count history) | ${s(groupRefresh)} |`,
    `| that group's first members page at branch scope (${branch.branch_code}, ${n(total)} members), p95 of 40 | ${firstPage.toFixed(0)} ms |`,
    `| its last members page at branch scope, p95 of 10 | ${lastPage.toFixed(0)} ms |`,
    `| the group list at branch scope (each group's count in the caller's scope), p95 of 20 | ${list.toFixed(0)} ms |`,
    `| preview of 金满堂 + 近30日无交易 + 风险等级≥C3 at branch scope (${n(journeyTotal)} members), p95 of 20 | ${preview.toFixed(0)} ms |`,
    `| preview of every customer at branch scope (${n(liveTotal)}: the first page evaluated on customer_labels), p95 of 20 | ${live.toFixed(0)} ms |`,
  ];
}
