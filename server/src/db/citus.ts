/**
 * The road to Citus (scale.md, issue 15 item 4): where every table of the schema goes on a
 * distributed PostgreSQL, the rules that keep that possible, and the SQL that distributes it.
 *
 * TABLE_PLACEMENT classifies every table of the public schema, in one list:
 *   - distributed by customer_no (colocated with `customers`): facts, summaries and everything
 *     per customer, so a customer's rows live on one node and per-customer work never crosses nodes;
 *   - distributed by staff_no (a second colocation group): the per-staff summaries;
 *   - reference (a copy on every node): the small dimensions and configuration;
 *   - local (the coordinator only): sessions, jobs, import bookkeeping, the embedded gateways.
 * checkCitusDesign reads the migrated schema from the catalog and reports every unique key of a
 * distributed table without its distribution column, every foreign key Citus cannot hold, every
 * unclassified or vanished table; KNOWN_EXCEPTIONS lists the violations today's schema keeps on
 * purpose, with the reason and the statements citus.sql runs in their place. citusSql generates
 * docs/deploy/citus.sql from the same list (`npm run crm -- citus-sql`); citus-design.test.ts fails
 * when the schema, the list and the committed file disagree.
 */
import type pg from 'pg';

export type Placement =
  | { kind: 'distributed'; by: 'customer_no'; role: 'fact' | 'summary' | 'customer'; why?: string }
  | { kind: 'distributed'; by: 'staff_no'; role: 'summary'; why?: string }
  | { kind: 'reference'; why: string }
  | { kind: 'local'; why: string };

const fact = { kind: 'distributed', by: 'customer_no', role: 'fact' } as const;
const summary = { kind: 'distributed', by: 'customer_no', role: 'summary' } as const;
const perCustomer = { kind: 'distributed', by: 'customer_no', role: 'customer' } as const;
const staffSummary = { kind: 'distributed', by: 'staff_no', role: 'summary' } as const;
const dimension = { kind: 'reference', why: 'a small dimension read by joins on every node' } as const;
const config = { kind: 'reference', why: 'configuration: a few rows, read everywhere' } as const;
const workflowData = { kind: 'reference', why: 'approval flows: a few per day, read with staff and branches' } as const;
const trainingData = { kind: 'reference', why: 'training: per staff member, small' } as const;

/** Every table of the public schema (partitions are their parent's). A new table must be added here. */
export const TABLE_PLACEMENT: Readonly<Record<string, Placement>> = {
  // the customer and its accounts: the distribution anchor
  customers: perCustomer,
  fund_accounts: perCustomer,
  // facts, partitioned by month of trade_date
  fact_assets: fact,
  fact_positions: fact,
  fact_orders: fact,
  fact_trades: fact,
  fact_fund_flows: fact,
  fact_credit: fact,
  fact_product_holdings: fact,
  fact_product_trades: fact,
  // summaries per account and customer
  sum_account_daily: summary,
  sum_customer_daily: summary,
  sum_customer_monthly: summary,
  sum_guaranteed_daily: summary,
  churn_scores: summary,
  customer_label_facts: summary,
  customer_latest: summary,
  product_target_scores: summary,
  // everything else kept per customer
  relationships: perCustomer,
  relationship_confirmations: perCustomer,
  alerts: perCustomer,
  alert_history: perCustomer,
  contacts: perCustomer,
  customer_group_members: perCustomer,
  customer_kyc: perCustomer,
  customer_kyc_history: perCustomer,
  customer_households: perCustomer,
  customer_related_accounts: perCustomer,
  campaign_messages: perCustomer,
  outreach_opt_outs: perCustomer,
  suitability_confirmations: perCustomer,
  // per staff member: summed over customers at import time, read by staff
  sum_staff_daily: staffSummary,
  sum_staff_monthly: staffSummary,
  sum_staff_cohort_monthly: staffSummary,
  // dimensions
  branches: dimension,
  teams: dimension,
  staff: dimension,
  staff_history: dimension,
  securities: dimension,
  products: dimension,
  fx_rates: dimension,
  trading_days: dimension,
  trading_calendar_changes: dimension,
  users: { kind: 'reference', why: 'logins: flows, contacts and groups name their author' },
  // configuration and models
  settings: config,
  workflow_definitions: config,
  payroll_templates: config,
  payroll_template_base_salaries: config,
  payroll_template_tiers: config,
  churn_models: { kind: 'reference', why: 'a few trained models; every node scores its customers' },
  product_target_models: { kind: 'reference', why: 'a few trained models; every node scores its customers' },
  product_target_score_runs: { kind: 'reference', why: 'one row per product family, model and day' },
  customer_label_day: { kind: 'reference', why: 'one row: the day the labels describe' },
  // head-office objects that name customers only through their per-customer rows
  customer_groups: { kind: 'reference', why: 'saved group definitions; the members are per customer' },
  customer_group_counts: { kind: 'reference', why: 'a count per group and day' },
  customer_group_branch_counts: { kind: 'reference', why: 'a count per group and branch' },
  outreach_templates: { kind: 'reference', why: 'message templates' },
  campaigns: { kind: 'reference', why: 'campaign definitions; the messages are per customer' },
  workflows: workflowData,
  workflow_steps: workflowData,
  workflow_history: workflowData,
  prospects: { kind: 'reference', why: 'appointments before an account exists: no customer number yet' },
  payroll_months: { kind: 'reference', why: 'one row per month' },
  payroll_adjustments: { kind: 'reference', why: 'a few per staff member and month' },
  payslips: { kind: 'reference', why: 'one per staff member and month' },
  training_banks: trainingData,
  training_questions: trainingData,
  training_courses: trainingData,
  training_exams: trainingData,
  training_attempts: trainingData,
  training_attempt_questions: trainingData,
  cti_agents: { kind: 'reference', why: 'call-center extensions' },
  cti_calls: { kind: 'reference', why: 'a call exists before (and without) a matching customer' },
  cti_prospects: { kind: 'reference', why: 'callers who are not customers' },
  cti_call_legs: { kind: 'reference', why: 'the agents a call passed through, with its call' },
  // the customer's own space (part A, 0041) and service management (part B, 0042)
  risk_questionnaires: { kind: 'reference', why: 'the questionnaire as data' },
  risk_assessments: perCustomer,
  customer_questions: perCustomer,
  service_products: { kind: 'reference', why: 'service products (服务产品)' },
  service_product_staff: { kind: 'reference', why: 'who serves a service product' },
  service_subscriptions: perCustomer,
  service_relationships: perCustomer,
  service_content: { kind: 'reference', why: 'published content' },
  service_portfolios: { kind: 'reference', why: 'model portfolios' },
  service_portfolio_versions: { kind: 'reference', why: 'model portfolio versions' },
  service_portfolio_weights: { kind: 'reference', why: 'model portfolio weights' },
  service_pushes: { kind: 'reference', why: 'a push of content to a group' },
  service_push_recipients: perCustomer,
  service_content_reads: perCustomer,
  // the coordinator only
  schema_migrations: { kind: 'local', why: 'migration bookkeeping' },
  sessions: { kind: 'local', why: 'login sessions: app servers are stateless, the coordinator holds them' },
  customer_sessions: { kind: 'local', why: 'the customer realm’s sessions' },
  customer_login_codes: { kind: 'local', why: 'one-time login codes, for unknown numbers too' },
  login_failures: { kind: 'local', why: 'login throttling' },
  api_tokens: { kind: 'local', why: 'integration tokens' },
  audit_log: { kind: 'local', why: 'append-only audit trail, written in the transaction it records' },
  import_runs: { kind: 'local', why: 'import bookkeeping' },
  archived_partitions: { kind: 'local', why: 'which fact months were archived (crm archive)' },
  outreach_dispatches: { kind: 'local', why: 'job state of a campaign’s sending' },
  outreach_secrets: { kind: 'local', why: 'signing secrets' },
  mailbox_messages: { kind: 'local', why: 'the embedded SMTP server’s inbox (demo and tests)' },
  sms_gateway_messages: { kind: 'local', why: 'the embedded SMS gateway’s inbox (demo and tests)' },
  sms_gateway_nonces: { kind: 'local', why: 'the embedded SMS gateway’s replay guard' },
  training_materials: { kind: 'local', why: 'course files (≤ 20 MB each): kept once, on the coordinator, not on every node' },
};

/** Schemas other than public that exist at run time are local to the coordinator. */
export const LOCAL_SCHEMAS = { pgboss: 'pg-boss jobs (created by pg-boss at start-up, not by the migrations)' } as const;

export interface KnownException {
  /** The violation's id as checkCitusDesign reports it. */
  id: string;
  reason: string;
  /** What citus.sql runs before distributing (the constraint Citus cannot hold, replaced). */
  citus: string[];
}

/** The violations today's schema keeps on purpose (also in docs/scale.md). A fixed one must leave this list. */
export const KNOWN_EXCEPTIONS: readonly KnownException[] = [
  {
    id: 'unique:fund_accounts.fund_accounts_pkey',
    reason:
      'The fund account number is unique across the brokerage, and the importer upserts fund_accounts.csv on it and takes each fact row’s customer from it. ' +
      'On Citus the key becomes (customer_no, fund_account); the importer’s upsert must then conflict on that pair and refuse an account that moves to another customer.',
    citus: [
      'alter table fund_accounts drop constraint fund_accounts_pkey',
      'alter table fund_accounts add primary key (customer_no, fund_account)',
    ],
  },
  {
    id: 'unique:campaign_messages.campaign_messages_provider_idx',
    reason:
      'An SMS delivery report without our OutId names the message only by the provider’s BizId; the unique index finds it. ' +
      'On Citus it becomes a plain index (the provider guarantees the id) and such a report looks on every shard.',
    citus: [
      'drop index campaign_messages_provider_idx',
      'create index campaign_messages_provider_idx on campaign_messages (provider_message_id) where provider_message_id is not null',
    ],
  },
  {
    id: 'fk:customer_households.customer_households_member_customer_no_fkey',
    reason: 'A household member is another customer, possibly on another node. The KYC service checks the member exists and is in the caller’s scope before it writes.',
    citus: ['alter table customer_households drop constraint customer_households_member_customer_no_fkey'],
  },
  {
    id: 'fk:customer_related_accounts.customer_related_accounts_related_customer_no_fkey',
    reason: 'A related account is another customer, possibly on another node. The KYC service checks it exists and is in the caller’s scope before it writes.',
    citus: ['alter table customer_related_accounts drop constraint customer_related_accounts_related_customer_no_fkey'],
  },
  {
    id: 'fk:prospects.prospects_customer_no_fkey',
    reason: 'An appointment is matched to the customer the importer found by ID number (a join with customers), so the number exists when it is written.',
    citus: ['alter table prospects drop constraint prospects_customer_no_fkey'],
  },
  {
    id: 'fk:customer_sessions.customer_sessions_customer_no_fkey',
    reason: 'The customer realm’s sessions live on the coordinator beside the staff’s (looked up by the cookie’s id, not by customer); the customer is checked at login.',
    citus: ['alter table customer_sessions drop constraint customer_sessions_customer_no_fkey'],
  },
  {
    id: 'fk:customer_login_codes.customer_login_codes_customer_no_fkey',
    reason: 'One-time login codes live on the coordinator (for unknown numbers too); the customer is the one the mobile matched when the code was sent.',
    citus: ['alter table customer_login_codes drop constraint customer_login_codes_customer_no_fkey'],
  },
  {
    id: 'fk:cti_calls.cti_calls_customer_no_fkey',
    reason: 'The call’s customer is one the screen pop found or the agent picked from the matches; a call exists before (and without) a customer.',
    citus: ['alter table cti_calls drop constraint cti_calls_customer_no_fkey'],
  },
  {
    id: 'fk:cti_calls.cti_calls_contact_customer_no_contact_id_fkey',
    reason: 'The contact record is written by the same transaction that stores its key on the call.',
    citus: ['alter table cti_calls drop constraint cti_calls_contact_customer_no_contact_id_fkey'],
  },
];

export interface Violation {
  id: string;
  message: string;
}

interface TableRow { name: string; partitioned: boolean }
interface UniqueRow { table: string; index: string; columns: string[] | null; definition: string }
interface ForeignKeyRow { table: string; name: string; references: string; columns: string[]; refColumns: string[] }
interface NullableRow { table: string; column: string; notNull: boolean }

/** The parts of the catalog the rules read. */
export interface SchemaFacts {
  tables: TableRow[];
  uniques: UniqueRow[];
  foreignKeys: ForeignKeyRow[];
  columns: NullableRow[];
}

export async function readSchema(db: pg.Pool | pg.PoolClient): Promise<SchemaFacts> {
  const tables = await db.query<TableRow>(
    `select c.relname as name, c.relkind = 'p' as partitioned from pg_class c
      where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p') and not c.relispartition order by 1`,
  );
  // columns: null when a key column is an expression
  const uniques = await db.query<UniqueRow>(
    `select c.relname as table, ic.relname as index,
            case when 0 = any (i.indkey::int2[]) then null else
              array(select a.attname::text from unnest(i.indkey::int2[]) with ordinality k(attnum, n)
                      join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
                     where k.n <= i.indnkeyatts order by k.n) end as columns,
            pg_get_indexdef(i.indexrelid) as definition
       from pg_index i join pg_class c on c.oid = i.indrelid join pg_class ic on ic.oid = i.indexrelid
      where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p') and not c.relispartition and i.indisunique
      order by 1, 2`,
  );
  const foreignKeys = await db.query<ForeignKeyRow>(
    `select k.conrelid::regclass::text as table, k.conname as name, k.confrelid::regclass::text as references,
            array(select a.attname::text from unnest(k.conkey) with ordinality u(attnum, n)
                    join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.attnum order by u.n) as columns,
            array(select a.attname::text from unnest(k.confkey) with ordinality u(attnum, n)
                    join pg_attribute a on a.attrelid = k.confrelid and a.attnum = u.attnum order by u.n) as "refColumns"
       from pg_constraint k join pg_class c on c.oid = k.conrelid
      where k.contype = 'f' and k.connamespace = 'public'::regnamespace and k.conparentid = 0 and not c.relispartition
      order by 1, 2`,
  );
  const columns = await db.query<NullableRow>(
    `select c.relname as table, a.attname as column, a.attnotnull as "notNull"
       from pg_attribute a join pg_class c on c.oid = a.attrelid
      where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p') and not c.relispartition
        and a.attname in ('customer_no', 'staff_no') and not a.attisdropped`,
  );
  return { tables: tables.rows, uniques: uniques.rows, foreignKeys: foreignKeys.rows, columns: columns.rows };
}

const placementOf = (table: string): Placement | undefined => (Object.hasOwn(TABLE_PLACEMENT, table) ? TABLE_PLACEMENT[table] : undefined);

/** Every departure of the schema from the rules, before the known exceptions are taken off. */
export function findViolations(schema: SchemaFacts, placements: Readonly<Record<string, Placement>> = TABLE_PLACEMENT): Violation[] {
  const out: Violation[] = [];
  const place = (t: string) => (Object.hasOwn(placements, t) ? placements[t] : undefined);
  const existing = new Set(schema.tables.map((t) => t.name));
  for (const t of schema.tables) {
    if (!place(t.name)) {
      out.push({
        id: `unclassified:${t.name}`,
        message:
          `table ${t.name} is not classified for Citus: add it to TABLE_PLACEMENT in server/src/db/citus.ts — distributed by customer_no if its rows belong to a customer ` +
          `(then its primary and unique keys must include customer_no), reference if it is a small dimension or configuration, local if only the coordinator needs it ` +
          `(sessions, jobs, bookkeeping) — then run \`npm run crm -- citus-sql\` to regenerate docs/deploy/citus.sql`,
      });
    }
  }
  for (const name of Object.keys(placements)) {
    if (!existing.has(name)) out.push({ id: `vanished:${name}`, message: `TABLE_PLACEMENT names ${name}, which the migrated schema no longer has: remove it from server/src/db/citus.ts` });
  }
  for (const t of schema.tables) {
    const p = place(t.name);
    if (p?.kind !== 'distributed') continue;
    const col = schema.columns.find((c) => c.table === t.name && c.column === p.by);
    if (!col) out.push({ id: `nokey:${t.name}`, message: `${t.name} is distributed by ${p.by} but has no such column` });
    else if (!col.notNull) out.push({ id: `nullkey:${t.name}`, message: `${t.name}.${p.by} is the distribution column and must be NOT NULL` });
    if (p.role === 'fact' && !t.partitioned) out.push({ id: `unpartitioned:${t.name}`, message: `fact table ${t.name} must be partitioned by month of trade_date (scale.md)` });
  }
  for (const u of schema.uniques) {
    const p = place(u.table);
    if (p?.kind !== 'distributed') continue;
    if (!u.columns?.includes(p.by)) {
      out.push({
        id: `unique:${u.table}.${u.index}`,
        message: `${u.index} (${u.definition}) is a unique key of ${u.table}, distributed by ${p.by}, without ${p.by}: include ${p.by} in the key`,
      });
    }
  }
  for (const fk of schema.foreignKeys) {
    const from = place(fk.table);
    const to = place(fk.references);
    if (!from || !to) continue;
    const what = `${fk.table}.${fk.name} (${fk.columns.join(', ')}) → ${fk.references} (${fk.refColumns.join(', ')})`;
    if (from.kind === 'distributed' && to.kind === 'distributed') {
      const onKey = from.by === to.by && fk.columns.some((c, i) => c === from.by && fk.refColumns[i] === to.by);
      if (!onKey) out.push({ id: `fk:${fk.table}.${fk.name}`, message: `${what}: a foreign key between distributed tables must join them on ${to.by}` });
    } else if (from.kind === 'reference' && to.kind !== 'reference') {
      out.push({ id: `fk:${fk.table}.${fk.name}`, message: `${what}: a reference table may only reference reference tables (${fk.references} is ${to.kind})` });
    } else if (from.kind !== 'local' && to.kind === 'local') {
      out.push({ id: `fk:${fk.table}.${fk.name}`, message: `${what}: a ${from.kind} table cannot reference a local table` });
    } else if (from.kind === 'local' && to.kind === 'distributed') {
      out.push({ id: `fk:${fk.table}.${fk.name}`, message: `${what}: a local table cannot reference a distributed table` });
    }
  }
  return out;
}

/** The violations left once the known exceptions are taken off, plus the exceptions that no longer occur. */
export function checkCitusDesign(schema: SchemaFacts): Violation[] {
  const found = findViolations(schema);
  const excepted = new Set(KNOWN_EXCEPTIONS.map((e) => e.id));
  const stale = KNOWN_EXCEPTIONS.filter((e) => !found.some((v) => v.id === e.id)).map((e) => ({
    id: `stale:${e.id}`,
    message: `KNOWN_EXCEPTIONS lists ${e.id}, which the schema no longer shows: remove it from server/src/db/citus.ts and docs/scale.md, and regenerate docs/deploy/citus.sql`,
  }));
  return [...found.filter((v) => !excepted.has(v.id)), ...stale];
}

/** Orders tables so that every table comes after the tables it references (Citus needs the referenced side first). */
function referencedFirst(tables: string[], foreignKeys: ForeignKeyRow[]): string[] {
  const set = new Set(tables);
  const done: string[] = [];
  const seen = new Set<string>();
  const visit = (t: string) => {
    if (seen.has(t)) return;
    seen.add(t);
    for (const fk of foreignKeys) if (fk.table === t && fk.references !== t && set.has(fk.references)) visit(fk.references);
    done.push(t);
  };
  for (const t of [...tables].sort()) visit(t);
  return done;
}

/**
 * docs/deploy/citus.sql: distributes the migrated schema of this version on a Citus cluster. Only
 * valid for a schema checkCitusDesign accepts (the command refuses otherwise); its text depends on
 * the classification, the foreign keys' order and the known exceptions, not on keys or columns.
 */
export function citusSql(schema: SchemaFacts): string {
  const names = schema.tables.map((t) => t.name).filter((n) => placementOf(n));
  const of = (pred: (p: Placement) => boolean) => names.filter((n) => pred(TABLE_PLACEMENT[n]!));
  const reference = referencedFirst(of((p) => p.kind === 'reference'), schema.foreignKeys);
  const byCustomer = referencedFirst(of((p) => p.kind === 'distributed' && p.by === 'customer_no'), schema.foreignKeys).filter((t) => t !== 'customers');
  const byStaff = referencedFirst(of((p) => p.kind === 'distributed' && p.by === 'staff_no'), schema.foreignKeys);
  const local = of((p) => p.kind === 'local');
  const lines = [
    '-- QuanCRM on Citus: distributes the schema that `npm run crm -- migrate` created on the coordinator.',
    '-- GENERATED by `npm run crm -- citus-sql` from server/src/db/citus.ts; do not edit (citus-design.test.ts compares).',
    '-- Run once, on the coordinator, on an empty migrated database, before the first import:',
    '--   psql "$DATABASE_URL" -v ON_ERROR_STOP=1 -f docs/deploy/citus.sql',
    '-- Then run every later migration as usual: Citus propagates DDL of distributed and reference tables.',
    '',
    'create extension if not exists citus;',
    '-- local tables with foreign keys to reference tables become Citus local tables on the coordinator',
    "select citus_set_coordinator_host(coalesce(inet_server_addr()::text, 'localhost'), current_setting('port')::int);",
    '',
    'begin;',
    '',
    '-- Known exceptions (docs/scale.md): the constraints Citus cannot hold, replaced',
    ...KNOWN_EXCEPTIONS.flatMap((e) => [`-- ${e.id}`, ...e.citus.map((s) => `${s};`)]),
    '',
    `-- Reference tables (${reference.length}): one copy on every node`,
    ...reference.map((t) => `select create_reference_table('${t}');`),
    '',
    `-- Distributed by customer_no (${byCustomer.length + 1}), colocated with customers: a customer's rows live on one node`,
    "select create_distributed_table('customers', 'customer_no');",
    ...byCustomer.map((t) => `select create_distributed_table('${t}', 'customer_no', colocate_with => 'customers');`),
    '',
    `-- Distributed by staff_no (${byStaff.length}), colocated with each other: the per-staff summaries`,
    ...byStaff.map((t, i) => (i === 0 ? `select create_distributed_table('${t}', 'staff_no', colocate_with => 'none');` : `select create_distributed_table('${t}', 'staff_no', colocate_with => '${byStaff[0]}');`)),
    '',
    `-- Local to the coordinator (${local.length}): ${local.join(', ')}`,
    ...Object.entries(LOCAL_SCHEMAS).map(([s, why]) => `-- schema ${s}: ${why}`),
    '',
    'commit;',
    '',
  ];
  return lines.join('\n');
}
