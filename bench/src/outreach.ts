/**
 * `npm run bench -- outreach-plan [--customers N] [--keep]` (issue 13 quality bar: "a campaign to 100,000
 * customers is planned (filters, caps, suitability) in under 10 s"). On a scratch database: one
 * branch of N customers (default 100,000) with mobiles, assessments, a serving broker and the day's
 * net asset; a shared group of all of them; 1 % opted out of SMS; 10 % with three messages of earlier
 * campaigns inside the cap's window; a product of risk R3 (the C1/C2 fifth of the book is not MATCH).
 * Measured through the workflow engine as the API runs it: the branch manager's POST /api/campaigns
 * (validation, the campaign row, the plan at submission), then the final approval by head office
 * (the plan again, every PLANNED message rendered with the customer's name, the staff member's name
 * and the net asset, QUEUED, handed to delivery). Prints the markdown lines for docs/performance.md.
 *
 * `--source product [--top K]` (default K 10,000): the campaign goes to the product's target customers
 * instead — the top K of the ranking by a stored model of the product's family (one tree on the net
 * asset): the submission fills the day's score cache for every customer (products/targets.scores.ts)
 * and plans the K best, the approval reads the cache again.
 */
import type pg from 'pg';
import { parseArgs } from 'node:util';
import { inTransaction } from '../../server/src/db/database.js';
import { permissionsOf, scopeLevelOf, type Role } from '../../server/src/modules/auth/auth.rules.js';
import type { AuthUser } from '../../server/src/modules/auth/auth.service.js';
import { campaignDetail, createCampaign, outreachOperations } from '../../server/src/modules/outreach/outreach.service.js';
import { FEATURES } from '../../server/src/modules/products/targets.rules.js';
import { registerOperations } from '../../server/src/modules/workflows/workflows.registry.js';
import { actOnWorkflow, actorOf } from '../../server/src/modules/workflows/workflows.service.js';
import { scratchDb } from './scratch-db.js';

async function userOf(pool: pg.Pool, username: string, role: Role, staffNo: string | null): Promise<AuthUser> {
  const { rows } = await pool.query<{ id: string }>(`insert into users (username, password_hash, role, staff_no) values ($1, 'bench', $2, $3) returning id::text`, [username, role, staffNo]);
  return {
    id: rows[0]!.id, username, displayName: null, role, staffNo, teamCode: null, branchCode: staffNo ? 'B01' : null,
    permissions: permissionsOf(role), scopeLevel: scopeLevelOf(role)!, via: 'session',
  };
}

async function seed(pool: pg.Pool, customers: number, now: Date): Promise<void> {
  await inTransaction(pool, async (client) => {
    const q = (text: string, params: unknown[] = []) => client.query(text, params);
    await q(`insert into branches (branch_code, branch_name, city) values ('B01', '北京中关村营业部', '北京')`);
    await q(`insert into teams (team_code, team_name, branch_code) values ('T01', '财富一组', 'B01')`);
    await q(`insert into staff (staff_no, name, category, level, team_code, branch_code, hire_date, contract_type, status, mobile)
             select 'S' || lpad(i::text, 3, '0'), '员工' || i, case when i = 0 then 'MANAGER' else 'BROKER' end, '中级', case when i = 0 then null else 'T01' end,
                    'B01', '2020-01-01', 'LABOR', 'ACTIVE', '135' || lpad(i::text, 8, '0')
               from generate_series(0, 100) i`);
    await q(`insert into customers (customer_no, name, customer_type, id_type, id_no, mobile, branch_code, open_date, status, risk_level, risk_assessed_on,
                                    investor_class, first_seen_on, updated_on)
             select 'C' || lpad(i::text, 7, '0'), '客户' || i, 'P', '0', '1101011990' || lpad(i::text, 8, '0'), '139' || lpad(i::text, 8, '0'), 'B01',
                    '2020-01-01', 'NORMAL', 'C' || (1 + i % 5), '2025-01-01', 'ORDINARY', '2020-01-01', '2025-06-13'
               from generate_series(1, $1::int) i`, [customers]);
    await q(`insert into relationships (customer_no, staff_no, kind, weight, added_on, effective_from, source)
             select 'C' || lpad(i::text, 7, '0'), 'S' || lpad((1 + i % 100)::text, 3, '0'), 'DEVELOP', 1, '2020-01-01', '2020-01-01', 'bench'
               from generate_series(1, $1::int) i`, [customers]);
    await q(`select crm_ensure_partition('sum_customer_daily', '2025-06-01')`);
    await q(`insert into trading_days (trade_date, usd_rate, hkd_rate, run_id) values ('2025-06-13', 7.2, 0.92, 1)`);
    await q(`insert into sum_customer_daily (trade_date, customer_no, branch_code, is_open, net_asset)
             select '2025-06-13', 'C' || lpad(i::text, 7, '0'), 'B01', true, (i * 37 % 1000000) + 0.5 from generate_series(1, $1::int) i`, [customers]);
    await q(`insert into products (product_code, name, product_type, risk_level, updated_on) values ('P001', '稳健增长1号', 'PUBLIC_FUND', 'R3', '2025-06-13')`);
    const owner = (await q(`insert into users (username, password_hash, role) values ('bench_owner', 'bench', 'ADMIN') returning id`)).rows[0].id;
    await q(`insert into customer_groups (name, filter, shared, owner_id, members, refreshed_on) values ('全部客户', '{"all":[]}', true, $1, $2, '2025-06-13')`, [owner, customers]);
    await q(`insert into customer_group_members (group_id, customer_no, branch_code) select (select max(id) from customer_groups), customer_no, branch_code from customers`);
    await q(`insert into outreach_opt_outs (customer_no, channel, source) select customer_no, 'SMS', 'STAFF' from customers where customer_no like '%02'`);
    // three earlier campaigns, each with a sent message to every tenth customer within the last days
    await q(`insert into outreach_templates (name, channel, body, owner_id) values ('旧模板', 'SMS', '旧活动', $1)`, [owner]);
    await q(`insert into campaigns (name, channel, template_id, source, group_id, status, created_by)
             select '旧活动' || d, 'SMS', (select max(id) from outreach_templates), 'GROUP', (select max(id) from customer_groups), 'DONE', $1 from generate_series(1, 3) d`, [owner]);
    await q(`insert into campaign_messages (customer_no, campaign_id, status, sent_at)
             select c.customer_no, cp.id, 'DELIVERED', $1::timestamptz - make_interval(days => cp.id::int)
               from customers c cross join campaigns cp where c.customer_no like '%3'`, [now]);
    // the family's model (PUBLIC_FUND × R3): net asset ≥ 500000 → σ(1), else σ(−1); with one imported day nothing retrains it
    const netAsset = FEATURES.indexOf('netAsset');
    const model = { base: 0, rate: 1, trees: [{ feature: netAsset, threshold: 500000, left: { p: -1, n: 1, pos: 0 }, right: { p: 1, n: 1, pos: 1 } }] };
    await q(`insert into product_target_models (product_type, risk_level, level, trained_by, window_days, cutoff, metrics, features, model, importance)
             values ('PUBLIC_FUND', 'R3', 'FAMILY', 'bench', 30, '2025-05-14', '{}', $1, $2, '[]')`, [[...FEATURES], JSON.stringify(model)]);
    await q(`analyze`);
  });
}

export async function run(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { customers: { type: 'string', default: '100000' }, keep: { type: 'boolean', default: false }, source: { type: 'string', default: 'group' }, top: { type: 'string', default: '10000' } },
  });
  const customers = Number(values.customers);
  if (!Number.isInteger(customers) || customers < 1) throw new Error('--customers must be a positive integer');
  const top = Number(values.top);
  if (values.source !== 'group' && values.source !== 'product') throw new Error('--source is group or product');
  if (!Number.isInteger(top) || top < 1 || top > 100_000) throw new Error('--top must be an integer 1 … 100000');
  registerOperations(outreachOperations);
  const db = await scratchDb();
  try {
    const now = new Date('2025-06-16T02:00:00Z'); // 10:00 in Shanghai: outside the quiet hours
    let t = performance.now();
    await seed(db.pool, customers, now);
    console.error(`seeded ${customers} customers in ${((performance.now() - t) / 1000).toFixed(1)} s (${db.where})`);
    const manager = await userOf(db.pool, 'bench_bm', 'BRANCH_MANAGER', 'S000');
    const hq = await userOf(db.pool, 'bench_hq', 'HQ', null);
    const ctx = { user: manager, now, ip: '127.0.0.1', language: 'zh' as const };
    const templateId = (await db.pool.query<{ id: string }>(
      `insert into outreach_templates (name, channel, body, owner_id, branch_code) values ('推荐', 'SMS', $1, $2, 'B01') returning id::text`,
      ['{{customerName}}您好，{{productName}}（{{productRisk}}）开放申购。您的净资产{{netAsset}}元。客户经理{{staffName}}', manager.id],
    )).rows[0]!.id;
    const groupId = (await db.pool.query<{ id: string }>(`select max(id)::text as id from customer_groups`)).rows[0]!.id;

    t = performance.now();
    const audience = values.source === 'product' ? { targetLimit: top } : { groupId };
    const created = await createCampaign(db.pool, { name: '推广', channel: 'SMS', templateId, productCode: 'P001', ...audience }, ctx);
    const submitMs = performance.now() - t;
    t = performance.now();
    await actOnWorkflow(db.pool, actorOf(hq), created.workflowId!, { action: 'approve' }, { ip: '127.0.0.1', now });
    const approveMs = performance.now() - t;
    t = performance.now();
    const detail = await campaignDetail(db.pool, created.id, { ...ctx, user: hq });
    const detailMs = performance.now() - t;
    const c = created.counts;
    const lines = [
      `| outreach-plan | ${values.source === 'product' ? `product targets top ${top.toLocaleString('en')} of ${customers.toLocaleString('en')} customers` : `${customers.toLocaleString('en')} members`}, ${db.where} | submission (validate + plan): ${(submitMs / 1000).toFixed(2)} s; final approval (re-plan + render + queue): ${(approveMs / 1000).toFixed(2)} s; campaign page: ${detailMs.toFixed(0)} ms |`,
      `  plan: PLANNED ${c.PLANNED}, SKIPPED_OPT_OUT ${c.SKIPPED_OPT_OUT}, SKIPPED_SUITABILITY ${c.SKIPPED_SUITABILITY}, SKIPPED_CAP ${c.SKIPPED_CAP}, SKIPPED_NO_ADDRESS ${c.SKIPPED_NO_ADDRESS}; after approval QUEUED ${detail.counts.QUEUED}`,
    ];
    console.log(lines.join('\n'));
  } finally {
    await db.close({ keep: values.keep });
  }
}
