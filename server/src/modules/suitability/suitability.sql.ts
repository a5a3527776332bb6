/**
 * Suitability in SQL, for set-based filters (targets, campaigns, lists): `suitabilityCaseSql` writes
 * suitability.rules.ts's checkSuitability as one CASE expression over a `customers` row, yielding
 * 'MATCH', 'MISMATCH' or 'NEVER' — the configuration inlined as literals (read it once with
 * `loadSuitabilitySettings`), so the planner sees plain column comparisons:
 *
 *   const settings = await loadSuitabilitySettings(client);
 *   const day = bindParam(params, '2026-12-07');
 *   `select c.customer_no from customers c
 *     where ${suitabilityCaseSql({ customer: 'c', productRisk: `'R3'`, day, settings })} = 'MATCH' and ${customerScope(...)}`
 *
 * suitability.test.ts checks that the expression and the pure rule agree on every case.
 */
import type pg from 'pg';
import { config } from '../../config.js';
import { bindParam, customerScope, relationshipEffectiveOn, servingStaffSql, type ScopeSubject } from '../access/scope.js';
import { suitabilitySchema } from '../admin/admin.settings.js';
import { escapeLike } from '../../lib/sql.js';
import { DEFAULT_SUITABILITY, PRODUCT_RISKS, RISK_CATEGORIES, type SuitabilitySettings } from './suitability.rules.js';

export interface SqlQuery {
  sql: string;
  params: unknown[];
}

const SQL_ALIAS = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The `suitability` setting (migration 0029); suitability.md's defaults when none is stored. */
export async function loadSuitabilitySettings(client: pg.PoolClient | pg.Pool): Promise<SuitabilitySettings> {
  const { rows } = await client.query<{ value: unknown }>(`select value from settings where key = 'suitability'`);
  return rows[0] ? suitabilitySchema.parse(rows[0].value) : DEFAULT_SUITABILITY;
}

/**
 * SQL `date` expression: the first day the assessment of customers row `c` no longer counts (null
 * without an assessment date).
 */
export function assessmentExpirySql(c: string, settings: SuitabilitySettings): string {
  if (!SQL_ALIAS.test(c)) throw new Error(`suitability: invalid SQL alias ${JSON.stringify(c)}`);
  const years = Number(settings.validityYears);
  if (!Number.isInteger(years) || years < 1) throw new Error(`suitability: invalid validityYears ${settings.validityYears}`);
  return `(${c}.risk_assessed_on + interval '${years} years')::date`;
}

/** SQL boolean: the assessment of customers row `c` counts on `day` (a date expression or placeholder). */
export function assessmentValidSql(c: string, day: string, settings: SuitabilitySettings): string {
  return `(${c}.risk_level is not null and ${c}.risk_assessed_on is not null and ${c}.risk_assessed_on <= ${day}::date and ${day}::date < ${assessmentExpirySql(c, settings)})`;
}

/**
 * SQL text expression, 'MATCH' | 'MISMATCH' | 'NEVER': checkSuitability for customers row
 * `customer` and a product of risk `productRisk` (an SQL expression: a column such as `p.risk_level`
 * or a literal `'R3'`) on `day` (an SQL date expression or placeholder). `productRisk` and `day`
 * are inserted as they are: pass SQL, never user text.
 */
export function suitabilityCaseSql(opts: { customer: string; productRisk: string; day: string; settings: SuitabilitySettings }): string {
  const { customer: c, productRisk: p, day, settings } = opts;
  const cells = RISK_CATEGORIES.flatMap((category) =>
    (settings.matrix[category] ?? []).map((risk) => {
      if (!(PRODUCT_RISKS as readonly string[]).includes(risk)) throw new Error(`suitability: invalid product risk ${JSON.stringify(risk)}`);
      return `('${category}', '${risk}')`;
    }),
  );
  const matrix = cells.length ? `(${c}.risk_level, ${p}) in (${cells.join(', ')})` : 'false';
  return `(case
      when ${c}.investor_class in ('PRO_A', 'PRO_B', 'PRO_C') then 'MATCH'
      when not ${assessmentValidSql(c, day, settings)} or ${c}.lowest_risk_category then case when ${p} = 'R1' then 'MATCH' else 'NEVER' end
      when ${matrix} then 'MATCH'
      else 'MISMATCH' end)`;
}

/** The customer and the product a check reads. */
export const CUSTOMER_FOR_CHECK = `
  select c.customer_no as "customerNo", c.name, c.risk_level as "riskLevel", c.risk_assessed_on::text as "riskAssessedOn",
         c.investor_class as "investorClass", c.lowest_risk_category as "lowestRiskCategory"
    from customers c where c.customer_no = $1`;
export const PRODUCT_FOR_CHECK = `select p.product_code as "productCode", p.name, p.risk_level as "riskLevel" from products p where p.product_code = $1`;

export const INSERT_CONFIRMATION = `
  insert into suitability_confirmations (customer_no, product_code, customer_risk, assessed_on, investor_class, product_risk, warning_text, confirmed_at, staff_no, created_by)
  values ($1, $2, $3, $4::date, $5, $6, $7, $8, $9, $10)
  returning id::text`;

const CONFIRMATION_COLUMNS = `
  k.id::text as id, k.customer_no as "customerNo", c.name as "customerName", k.product_code as "productCode", p.name as "productName",
  k.customer_risk as "customerRisk", k.assessed_on::text as "assessedOn", k.investor_class as "investorClass", k.product_risk as "productRisk",
  k.warning_text as "warningText", k.confirmed_at as "confirmedAt", k.staff_no as "staffNo", s.name as "staffName", u.username as "createdBy"`;
const CONFIRMATION_FROM = `
  from suitability_confirmations k
  join customers c on c.customer_no = k.customer_no
  join products p on p.product_code = k.product_code
  join users u on u.id = k.created_by
  left join staff s on s.staff_no = k.staff_no`;

export const CONFIRMATION_BY_KEY = `select ${CONFIRMATION_COLUMNS} ${CONFIRMATION_FROM} where k.customer_no = $1 and k.id = $2`;

export interface ConfirmationFilter {
  customerNo?: string;
  productCode?: string;
  from?: string;
  to?: string;
}

/** The confirmations of the customers in the caller's scope, newest first. */
export function confirmationQueries(user: ScopeSubject, asOf: string, filter: ConfirmationFilter, page: { page: number; pageSize: number }): { count: SqlQuery; rows: SqlQuery } {
  const params: unknown[] = [];
  const where = [customerScope(user, { alias: 'c', params, asOf })];
  if (filter.customerNo) where.push(`k.customer_no = ${bindParam(params, filter.customerNo)}`);
  if (filter.productCode) where.push(`k.product_code = ${bindParam(params, filter.productCode)}`);
  // days in the business time zone
  const zone = () => bindParam(params, config().TZ_BUSINESS);
  if (filter.from) where.push(`k.confirmed_at >= (${bindParam(params, filter.from)}::date)::timestamp at time zone ${zone()}`);
  if (filter.to) where.push(`k.confirmed_at < (${bindParam(params, filter.to)}::date + 1)::timestamp at time zone ${zone()}`);
  const from = `${CONFIRMATION_FROM} where ${where.join(' and ')}`;
  const rowParams = [...params];
  const limit = ` limit ${bindParam(rowParams, page.pageSize)} offset ${bindParam(rowParams, (page.page - 1) * page.pageSize)}`;
  return {
    count: { sql: `select count(*)::int as total ${from}`, params },
    rows: { sql: `select ${CONFIRMATION_COLUMNS} ${from} order by k.confirmed_at desc, k.id desc${limit}`, params: rowParams },
  };
}

export interface ExpiringFilter {
  statuses: readonly ('EXPIRING' | 'EXPIRED' | 'MISSING')[];
  withinDays: number;
  q?: string;
  branch?: string;
  /**
   * Only the customers this staff member serves on the day (the to-do of 我的待办); `null`: the caller
   * has no staff member, so serves nobody (no row); absent: no such filter.
   */
  servedBy?: string | null;
}

/**
 * The ordinary investors in the caller's scope, open on `day`, whose assessment expires within
 * `withinDays` days of it (EXPIRING), has expired (EXPIRED) or is missing (MISSING, also a category
 * without a date); soonest expiry first, never assessed last. `daysLeft`: calendar days from the day
 * to the first day it no longer counts (≤ 0 once expired).
 */
export function expiringQueries(
  user: ScopeSubject, day: string, filter: ExpiringFilter, settings: SuitabilitySettings, page: { page: number; pageSize: number },
): { count: SqlQuery; rows: SqlQuery } {
  const params: unknown[] = [day];
  const expiry = assessmentExpirySql('c', settings);
  const assessed = `(c.risk_level is not null and c.risk_assessed_on is not null and c.risk_assessed_on <= $1::date)`;
  const status = `(case when not ${assessed} then 'MISSING' when $1::date >= ${expiry} then 'EXPIRED'
      when ${expiry} - $1::date <= ${bindParam(params, filter.withinDays)}::int then 'EXPIRING' else 'VALID' end)`;
  const where = [
    `c.investor_class = 'ORDINARY'`,
    `c.status <> 'CLOSED'`,
    `(c.close_date is null or c.close_date > $1::date)`,
    `c.open_date <= $1::date`,
    `${status} = any(${bindParam(params, filter.statuses)}::text[])`,
    customerScope(user, { alias: 'c', params, asOf: day }),
  ];
  if (filter.branch) where.push(`c.branch_code = ${bindParam(params, filter.branch)}`);
  if (filter.servedBy === null) where.push('false');
  else if (filter.servedBy !== undefined) where.push(`${servingStaffSql('c.customer_no', '$1')} = ${bindParam(params, filter.servedBy)}`);
  if (filter.q) {
    const pattern = `${bindParam(params, escapeLike(filter.q))}::text`;
    where.push(`(c.customer_no like ${pattern} || '%' or c.name like '%' || ${pattern} || '%')`);
  }
  const from = `from customers c where ${where.join(' and ')}`;
  const rowParams = [...params];
  const limit = ` limit ${bindParam(rowParams, page.pageSize)} offset ${bindParam(rowParams, (page.page - 1) * page.pageSize)}`;
  return {
    count: { sql: `select count(*)::int as total ${from}`, params },
    rows: {
      sql: `with page as (
              select c.customer_no, ${status} as status, ${expiry} as expires_on ${from}
               order by ${expiry} nulls last, c.customer_no${limit}
            )
            select c.customer_no as "customerNo", c.name, c.branch_code as "branchCode", b.branch_name as "branchName",
                   c.risk_level as "riskLevel", c.risk_assessed_on::text as "assessedOn", page.expires_on::text as "expiresOn",
                   page.expires_on - $1::date as "daysLeft", page.status,
                   coalesce(rel.staff, '[]'::json) as staff
              from page
              join customers c on c.customer_no = page.customer_no
              join branches b on b.branch_code = c.branch_code
              left join lateral (
                select json_agg(json_build_object('staffNo', s.staff_no, 'name', s.name, 'kind', r.kind) order by r.kind, r.weight desc, s.staff_no) as staff
                  from relationships r join staff s on s.staff_no = r.staff_no
                 where r.customer_no = c.customer_no and ${relationshipEffectiveOn('r', '$1')}
              ) rel on true
             order by page.expires_on nulls last, c.customer_no`,
      params: rowParams,
    },
  };
}
