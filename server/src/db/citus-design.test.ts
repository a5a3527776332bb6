import fs from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { useTestDb } from '../../test/harness.js';
import { CITUS_SQL_FILE } from '../cli/commands/citus-sql.js';
import { checkCitusDesign, citusSql, findViolations, KNOWN_EXCEPTIONS, readSchema, TABLE_PLACEMENT, type SchemaFacts } from './citus.js';

/** The road to Citus (scale.md; issue 15 item 4), checked on the migrated schema of this checkout. */
describe('Citus design of the migrated schema', () => {
  const db = useTestDb();

  it('classifies every table and keeps every rule, apart from the known exceptions', async () => {
    const problems = checkCitusDesign(await readSchema(db.pool));
    expect(problems.map((p) => p.message)).toEqual([]);
  });

  it('docs/deploy/citus.sql is what `npm run crm -- citus-sql` writes for this schema', async () => {
    const committed = await fs.readFile(CITUS_SQL_FILE, 'utf8').catch(() => '(missing)');
    const generated = citusSql(await readSchema(db.pool));
    // on a difference: run `npm run crm -- citus-sql` and commit docs/deploy/citus.sql
    expect(committed).toBe(generated);
  });

  it('every known exception is a real violation of the schema, with its reason and its Citus statements', async () => {
    const found = findViolations(await readSchema(db.pool)).map((v) => v.id);
    for (const e of KNOWN_EXCEPTIONS) {
      expect(found).toContain(e.id);
      expect(e.reason.length).toBeGreaterThan(40);
      expect(e.citus.length).toBeGreaterThan(0);
    }
  });

  it('the facts are distributed by customer, partitioned, and colocated with customers', async () => {
    const schema = await readSchema(db.pool);
    const facts = schema.tables.filter((t) => t.name.startsWith('fact_'));
    expect(facts.length).toBe(8);
    for (const t of facts) {
      expect(TABLE_PLACEMENT[t.name]).toMatchObject({ kind: 'distributed', by: 'customer_no', role: 'fact' });
      expect(t.partitioned).toBe(true);
    }
    const sql = citusSql(schema);
    expect(sql).toContain("select create_distributed_table('fact_assets', 'customer_no', colocate_with => 'customers');");
    expect(sql).toContain("select create_reference_table('branches');");
    // a referenced table is created before the tables that reference it
    expect(sql.indexOf("create_reference_table('branches')")).toBeLessThan(sql.indexOf("create_reference_table('teams')"));
    expect(sql.indexOf("create_distributed_table('alerts'")).toBeLessThan(sql.indexOf("create_distributed_table('alert_history'"));
    expect(sql).not.toMatch(/create_(distributed|reference)_table\('(sessions|import_runs|schema_migrations)'/);
  });
});

/** The rules themselves, on small hand-written schemas: each breaks one rule. */
describe('Citus design rules', () => {
  const table = (name: string, partitioned = false) => ({ name, partitioned });
  const base = (): SchemaFacts => ({
    tables: [table('customers'), table('branches'), table('fact_assets', true), table('sessions')],
    uniques: [
      { table: 'customers', index: 'customers_pkey', columns: ['customer_no'], definition: 'customers (customer_no)' },
      { table: 'fact_assets', index: 'fact_assets_pkey', columns: ['trade_date', 'customer_no', 'fund_account'], definition: '' },
    ],
    foreignKeys: [{ table: 'customers', name: 'customers_branch_code_fkey', references: 'branches', columns: ['branch_code'], refColumns: ['branch_code'] }],
    columns: [
      { table: 'customers', column: 'customer_no', notNull: true },
      { table: 'fact_assets', column: 'customer_no', notNull: true },
    ],
  });
  const placements = {
    customers: TABLE_PLACEMENT.customers!,
    branches: TABLE_PLACEMENT.branches!,
    fact_assets: TABLE_PLACEMENT.fact_assets!,
    sessions: TABLE_PLACEMENT.sessions!,
  };
  const ids = (s: SchemaFacts) => findViolations(s, placements).map((v) => v.id);

  it('a schema that keeps the rules has no violation', () => {
    expect(ids(base())).toEqual([]);
  });

  it('an unclassified table fails, saying where to classify it and what to regenerate', () => {
    const s = base();
    s.tables.push(table('fact_new_things', true));
    const v = findViolations(s, placements);
    expect(v.map((x) => x.id)).toEqual(['unclassified:fact_new_things']);
    expect(v[0]!.message).toContain('TABLE_PLACEMENT in server/src/db/citus.ts');
    expect(v[0]!.message).toContain('npm run crm -- citus-sql');
  });

  it('a unique key of a distributed table without customer_no fails (an expression key too)', () => {
    const s = base();
    s.uniques.push({ table: 'fact_assets', index: 'fact_assets_trade_no_key', columns: ['trade_date', 'fund_account'], definition: '' });
    s.uniques.push({ table: 'customers', index: 'customers_lower_idx', columns: null, definition: 'lower(name)' });
    s.uniques.push({ table: 'branches', index: 'branches_name_key', columns: ['branch_name'], definition: '' });
    expect(ids(s).sort()).toEqual(['unique:customers.customers_lower_idx', 'unique:fact_assets.fact_assets_trade_no_key']);
  });

  it('a foreign key between distributed tables must join them on customer_no', () => {
    const s = base();
    s.foreignKeys.push({ table: 'fact_assets', name: 'by_key', references: 'customers', columns: ['customer_no'], refColumns: ['customer_no'] });
    s.foreignKeys.push({ table: 'fact_assets', name: 'by_other', references: 'customers', columns: ['referrer_no'], refColumns: ['customer_no'] });
    expect(ids(s)).toEqual(['fk:fact_assets.by_other']);
  });

  it('a reference table may not point at a distributed or local table; a distributed one not at a local one', () => {
    const s = base();
    s.foreignKeys.push({ table: 'branches', name: 'to_customer', references: 'customers', columns: ['head_customer_no'], refColumns: ['customer_no'] });
    s.foreignKeys.push({ table: 'fact_assets', name: 'to_session', references: 'sessions', columns: ['session_id'], refColumns: ['id'] });
    s.foreignKeys.push({ table: 'sessions', name: 'to_branch', references: 'branches', columns: ['branch_code'], refColumns: ['branch_code'] });
    expect(ids(s)).toEqual(['fk:branches.to_customer', 'fk:fact_assets.to_session']);
  });

  it('the distribution column must be NOT NULL, and a fact table partitioned', () => {
    const s = base();
    s.columns[1] = { table: 'fact_assets', column: 'customer_no', notNull: false };
    s.tables[2] = table('fact_assets', false);
    expect(ids(s)).toEqual(['nullkey:fact_assets', 'unpartitioned:fact_assets']);
  });

  it('a classified table the schema no longer has fails', () => {
    const s = base();
    s.tables = s.tables.filter((t) => t.name !== 'sessions');
    expect(ids(s)).toEqual(['vanished:sessions']);
  });
});
