/**
 * Commission templates (提成模板, business-rules.md §5): base salary by level and the marginal tiers on
 * the month's attributed net commission. Read by everyone who may read payroll; created and changed
 * with the `payroll.templates` permission. A change is audited in its own transaction and marks the
 * OPEN months already computed with the template stale (recompute before locking); LOCKED months
 * never change.
 */
import type pg from 'pg';
import type { z } from 'zod';
import { inTransaction } from '../../db/database.js';
import { conflict, notFound } from '../../errors.js';
import { writeAudit } from '../audit/audit.service.js';
import { assertPermission } from '../auth/auth.service.js';
import { money, moneyText, STAFF_LEVELS } from './payroll.rules.js';
import { lockTemplates, type PayrollActor } from './payroll.months.service.js';
import type { templateSchema } from './payroll.schemas.js';

/**
 * A template as the routes answer it (payroll.schemas.ts is its one definition): base salaries by
 * level, the tiers (each up to the next one's lower bound; null for the last), each product's own
 * sales commission rate (金融产品销售提成, from the product catalogue, not part of the template) and
 * the months computed with it, newest first.
 */
export type Template = z.infer<typeof templateSchema>;

/** A template as entered (PUT replaces all of it). */
export interface TemplateChange {
  name: string;
  baseSalaries: readonly { level: string; baseSalary: string }[];
  tiers: readonly { lowerBound: string; upperBound?: string | null; rate: string }[];
}

type Queryable = pg.Pool | pg.PoolClient;

interface TemplateRow {
  template_code: string;
  name: string;
  created_at: Date;
  updated_at: Date | null;
  updated_by: string | null;
}

/** The templates (one, or all when `code` is undefined), DEFAULT first. */
async function readTemplates(db: Queryable, code?: string): Promise<Template[]> {
  const only = code === undefined ? '' : 'where template_code = $1';
  const params = code === undefined ? [] : [code];
  const { rows: templates } = await db.query<TemplateRow>(
    `select template_code, name, created_at, updated_at, updated_by from payroll_templates ${only}
     order by template_code <> 'DEFAULT', template_code`,
    params,
  );
  if (!templates.length) return [];
  const codes = templates.map((t) => t.template_code);
  const { rows: bases } = await db.query<{ template_code: string; level: string; base_salary: string }>(
    `select template_code, level, base_salary::text from payroll_template_base_salaries where template_code = any($1)
     order by template_code, array_position($2::text[], level)`,
    [codes, STAFF_LEVELS],
  );
  const { rows: tiers } = await db.query<{ template_code: string; lower_bound: string; rate: string }>(
    `select t.template_code, t.lower_bound::text as lower_bound, t.rate::text as rate from payroll_template_tiers t
     where t.template_code = any($1) order by t.template_code, t.lower_bound`,
    [codes],
  );
  const { rows: months } = await db.query<{ template_code: string; month: string; status: 'OPEN' | 'LOCKED'; stale: boolean }>(
    `select template_code, to_char(month, 'YYYY-MM') as month, status, (computed_revision is not null and computed_revision <> revision) as stale
     from payroll_months where template_code = any($1) and computed_at is not null order by month desc`,
    [codes],
  );
  const { rows: products } = await db.query<{ product_code: string; name: string; rate: string }>(
    `select product_code, name, sales_commission_rate::text as rate from products order by product_code`,
  );
  const productRates = products.map((p) => ({ productCode: p.product_code, name: p.name, rate: money(p.rate).toString() }));
  return templates.map((t) => {
    const own = tiers.filter((x) => x.template_code === t.template_code);
    return {
      templateCode: t.template_code,
      name: t.name,
      createdAt: t.created_at.toISOString(),
      updatedAt: t.updated_at?.toISOString() ?? null,
      updatedBy: t.updated_by,
      baseSalaries: bases.filter((b) => b.template_code === t.template_code).map((b) => ({ level: b.level, baseSalary: moneyText(money(b.base_salary)) })),
      tiers: own.map((x, i) => ({
        lowerBound: moneyText(money(x.lower_bound)),
        upperBound: own[i + 1] ? moneyText(money(own[i + 1]!.lower_bound)) : null,
        rate: money(x.rate).toString(),
      })),
      productRates,
      months: months.filter((m) => m.template_code === t.template_code).map((m) => ({ month: m.month, status: m.status, stale: m.stale })),
    };
  });
}

export async function listTemplates(pool: pg.Pool): Promise<Template[]> {
  return readTemplates(pool);
}

export async function getTemplate(pool: pg.Pool, code: string): Promise<Template> {
  const [template] = await readTemplates(pool, code);
  if (!template) throw notFound();
  return template;
}

/** The parts of a template a change may alter, normalized so that equal templates compare equal. */
function contentOf(t: { name: string; baseSalaries: readonly Template['baseSalaries'][number][]; tiers: readonly { lowerBound: string; rate: string }[] }) {
  const levelOrder = (level: string) => (STAFF_LEVELS as readonly string[]).indexOf(level);
  return {
    name: t.name.trim(),
    baseSalaries: [...t.baseSalaries].sort((a, b) => levelOrder(a.level) - levelOrder(b.level)).map((b) => ({ level: b.level, baseSalary: moneyText(money(b.baseSalary)) })),
    tiers: [...t.tiers]
      .map((x) => ({ lowerBound: moneyText(money(x.lowerBound)), rate: money(x.rate).toString() }))
      .sort((a, b) => money(a.lowerBound).comparedTo(b.lowerBound)),
  };
}

async function writeContent(client: pg.PoolClient, code: string, content: ReturnType<typeof contentOf>): Promise<void> {
  await client.query(`delete from payroll_template_base_salaries where template_code = $1`, [code]);
  await client.query(`delete from payroll_template_tiers where template_code = $1`, [code]);
  await client.query(
    `insert into payroll_template_base_salaries (template_code, level, base_salary)
     select $1, x.level, x.base_salary from jsonb_to_recordset($2::jsonb) as x(level text, base_salary numeric)`,
    [code, JSON.stringify(content.baseSalaries.map((b) => ({ level: b.level, base_salary: b.baseSalary })))],
  );
  await client.query(
    `insert into payroll_template_tiers (template_code, lower_bound, rate)
     select $1, x.lower_bound, x.rate from jsonb_to_recordset($2::jsonb) as x(lower_bound numeric, rate numeric)`,
    [code, JSON.stringify(content.tiers.map((x) => ({ lower_bound: x.lowerBound, rate: x.rate })))],
  );
}

/** A new template (`payroll.templates`); 409 when the code is taken. */
export async function createTemplate(pool: pg.Pool, input: TemplateChange & { templateCode: string }, actor: PayrollActor): Promise<Template> {
  assertPermission(actor.user, 'payroll.templates');
  const content = contentOf(input);
  await inTransaction(pool, async (client) => {
    await lockTemplates(client, 'exclusive');
    const { rowCount } = await client.query(
      `insert into payroll_templates (template_code, name, updated_at, updated_by) values ($1, $2, now(), $3) on conflict do nothing`,
      [input.templateCode, content.name, actor.user.username],
    );
    if (!rowCount) {
      throw conflict('PAYROLL_TEMPLATE_EXISTS', `提成模板 ${input.templateCode} 已存在。`, `Commission template ${input.templateCode} already exists.`);
    }
    await writeContent(client, input.templateCode, content);
    await writeAudit(client, {
      user: actor.user, action: 'payroll.template.create', entity: 'payroll_template', entityId: input.templateCode, detail: content, ip: actor.ip,
    });
  });
  return getTemplate(pool, input.templateCode);
}

/**
 * Replaces a template's name, base salaries and tiers (`payroll.templates`). The OPEN months already computed
 * with it become stale (their revision moves on), so they must be recomputed before they can be
 * locked; LOCKED months keep the payslips they were locked with. A change that changes nothing
 * writes nothing.
 */
export async function updateTemplate(pool: pg.Pool, code: string, change: TemplateChange, actor: PayrollActor): Promise<Template & { staleMonths: string[] }> {
  assertPermission(actor.user, 'payroll.templates');
  const after = contentOf(change);
  const staleMonths = await inTransaction(pool, async (client) => {
    await lockTemplates(client, 'exclusive');
    const [current] = await readTemplates(client, code);
    if (!current) throw notFound();
    const before = contentOf(current);
    if (JSON.stringify(before) === JSON.stringify(after)) return [];
    await client.query(`update payroll_templates set name = $2, updated_at = now(), updated_by = $3 where template_code = $1`, [code, after.name, actor.user.username]);
    await writeContent(client, code, after);
    const { rows } = await client.query<{ month: string }>(
      `update payroll_months set revision = revision + 1
       where template_code = $1 and status = 'OPEN' and computed_at is not null
       returning to_char(month, 'YYYY-MM') as month`,
      [code],
    );
    const stale = rows.map((r) => r.month).sort();
    await writeAudit(client, {
      user: actor.user, action: 'payroll.template.update', entity: 'payroll_template', entityId: code, detail: { before, after, staleMonths: stale }, ip: actor.ip,
    });
    return stale;
  });
  return { ...(await getTemplate(pool, code)), staleMonths };
}
