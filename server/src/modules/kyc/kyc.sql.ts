/**
 * 客户信息完善 in SQL: the completeness rule of kyc.rules.ts as SQL expressions over a `customers`
 * row and its `customer_kyc` row (left-joined: a customer never edited has none), the set-based
 * refresh that keeps customer_kyc.score and .missing current (every save, every import), and the
 * scoped list of 信息待完善. kyc.test.ts checks that the expression and the pure rule agree.
 */
import type pg from 'pg';
import { bindParam, customerScope, relationshipEffectiveOn, servingStaffSql, type ScopeSubject } from '../access/scope.js';
import { escapeLike } from '../../lib/sql.js';
import {
  BAND_RANGES, EMAIL_PATTERN, type RiskSettings, KYC_WEIGHTS, MOBILE_PATTERN, NO_EMPLOYER_OCCUPATIONS, SCORED_FIELDS, type ScoreBand, type ScoredField,
} from './kyc.rules.js';

export interface SqlQuery {
  sql: string;
  params: unknown[];
}

const SQL_ALIAS = /^[A-Za-z_][A-Za-z0-9_]*$/;
const literal = (text: string): string => `'${text.replace(/'/g, "''")}'`;
const filled = (column: string): string => `coalesce(btrim(${column}), '') <> ''`;

/** SQL boolean per field: filled and valid, for customers row `c` and customer_kyc row `k` (possibly all null) on `day`. */
function fieldPredicates(c: string, k: string, day: string, settings: RiskSettings): Record<ScoredField, string> {
  const years = Number(settings.validityYears);
  if (!Number.isInteger(years) || years < 1) throw new Error(`kyc: invalid validityYears ${settings.validityYears}`);
  const mobile = (column: string) => `coalesce(${column} ~ ${literal(MOBILE_PATTERN)}, false)`;
  const email = (column: string) => `coalesce(${column} ~ ${literal(EMAIL_PATTERN)}, false)`;
  return {
    name: filled(`${c}.name`),
    // a resident ID (type 0): valid (resident_id_valid, migrations 0047 and 0061), and the extract's gender, when given, the one it carries
    idNo: `(${filled(`${c}.id_no`)} and (${c}.id_type is distinct from '0' or (resident_id_valid(${c}.id_no)
      and (not ${filled(`${c}.gender`)} or ${c}.gender = resident_id_gender(${c}.id_no)))))`,
    // the birth date a valid resident ID carries, when it is one
    birthDate: `(${c}.birth_date is not null and ${c}.birth_date <= ${day}::date and (${c}.id_type is distinct from '0'
      or not coalesce(resident_id_valid(${c}.id_no), false) or ${c}.birth_date = to_date(substr(btrim(${c}.id_no), 7, 8), 'YYYYMMDD')))`,
    mobile: `(${mobile(`${c}.mobile`)} or ${mobile(`${k}.alt_mobile`)})`,
    email: `(${email(`${c}.email`)} or ${email(`${k}.alt_email`)})`,
    address: `(${filled(`${c}.address`)} or ${filled(`${k}.alt_address`)})`,
    occupation: `${k}.occupation is not null`,
    employer: `(${filled(`${k}.employer`)} or coalesce(${k}.occupation in (${NO_EMPLOYER_OCCUPATIONS.map(literal).join(', ')}), false))`,
    industry: `${k}.industry is not null`,
    education: `${k}.education is not null`,
    incomeBand: `${k}.income_band is not null`,
    assetBand: `${k}.asset_band is not null`,
    fundSource: `${k}.fund_source is not null`,
    experience: `coalesce(${k}.experience, '{}'::jsonb) <> '{}'::jsonb`,
    investmentGoal: `${k}.investment_goal is not null`,
    investmentHorizon: `${k}.investment_horizon is not null`,
    riskAssessment: `(${c}.investor_class in ('PRO_A', 'PRO_B', 'PRO_C') or (${c}.risk_level is not null and ${c}.risk_assessed_on is not null
      and ${c}.risk_assessed_on <= ${day}::date and ${day}::date < (${c}.risk_assessed_on + interval '${years} years')::date))`,
    emergencyContact: `(${filled(`${k}.emergency_name`)} and ${k}.emergency_relation is not null and ${mobile(`${k}.emergency_mobile`)})`,
    controller: filled(`${k}.controller_name`),
    beneficialOwner: filled(`${k}.beneficial_owner`),
  };
}

/**
 * SQL of kyc.rules.ts `completeness` for customers row `c` and customer_kyc row `k` (left-joined) on `day` (an SQL
 * date expression or placeholder), in two steps so that each field's predicate is evaluated once per customer:
 * `fields`, a select list of one boolean column per scored field (named as the field) over `c` and `k`; `score`
 * (int) and `missing` (text[]) over those columns and `customer_type` of the row `f` that select list made.
 */
export function completenessSql(c: string, k: string, f: string, day: string, settings: RiskSettings): { fields: string; score: string; missing: string } {
  if (![c, k, f].every((alias) => SQL_ALIAS.test(alias))) throw new Error('kyc: invalid SQL alias');
  const predicates = fieldPredicates(c, k, day, settings);
  const field = (name: ScoredField) => `${f}."${name}"`;
  const of = (weights: Readonly<Partial<Record<ScoredField, number>>>) => {
    const scored = SCORED_FIELDS.filter((name) => weights[name] !== undefined);
    return {
      score: scored.map((name) => `(case when ${field(name)} then ${weights[name]} else 0 end)`).join(' + '),
      missing: `array_remove(array[${scored.map((name) => `case when ${field(name)} then null else ${literal(name)} end`).join(', ')}]::text[], null)`,
    };
  };
  const person = of(KYC_WEIGHTS.PERSON);
  const institution = of(KYC_WEIGHTS.INSTITUTION);
  return {
    fields: SCORED_FIELDS.map((name) => `coalesce(${predicates[name]}, false) as "${name}"`).join(',\n'),
    score: `(case when ${f}.customer_type = 'P' then ${person.score} else ${institution.score} end)`,
    missing: `(case when ${f}.customer_type = 'P' then ${person.missing} else ${institution.missing} end)`,
  };
}

/**
 * Keeps customer_kyc's score and missing fields current on `day`, set-based: every customer (or only
 * `customerNos`) gets a row, and a row is written only when its score or missing fields change.
 * Returns the rows written.
 */
export async function refreshKycScores(
  client: pg.PoolClient, day: string, settings: RiskSettings, customerNos?: readonly string[] | 'changed-by-the-day',
): Promise<number> {
  const params: unknown[] = [day];
  const { fields, score, missing } = completenessSql('c', 'k', 'f', '$1', settings);
  const years = Number(settings.validityYears);
  // an import's refresh: only the customers whose score can have changed since they were last scored —
  // a row the day's customers.csv delivered (updated_on), one never scored, and an assessment that became
  // valid or expired after it was scored (the form itself is scored when it is saved). At 100,000
  // customers: 3.3–4.8 s of CPU for all (a first import; performance.md "Part K2"), a few ms for the day's changes.
  const validUntil = `(c.risk_assessed_on + interval '${years} years')::date`;
  const only =
    customerNos === 'changed-by-the-day'
      ? `where c.updated_on >= $1::date or k.customer_no is null or k.scored_on is null or k.scored_on > $1::date
           or (c.risk_assessed_on > k.scored_on and c.risk_assessed_on <= $1::date)
           or (${validUntil} > k.scored_on and ${validUntil} <= $1::date)`
      : customerNos
        ? `where c.customer_no = any(${bindParam(params, customerNos)}::text[])`
        : '';
  // offset 0 keeps the subquery f from being pulled up, which would write each field's predicate (the resident ID
  // check, the mobile and e-mail patterns) into both the score and the missing fields: evaluated twice per customer
  const result = await client.query(
    `insert into customer_kyc as kept (customer_no, score, missing, scored_on)
     select f.customer_no, ${score}, ${missing}, $1::date
       from (select c.customer_no, c.customer_type, ${fields}
               from customers c left join customer_kyc k on k.customer_no = c.customer_no
               ${only}
             offset 0) f
     on conflict (customer_no) do update set score = excluded.score, missing = excluded.missing, scored_on = excluded.scored_on
      where kept.score <> excluded.score or kept.missing <> excluded.missing`,
    params,
  );
  return result.rowCount ?? 0;
}

/** The customer row and the form, as the view and the rule read them. */
export const KYC_ROW = `
  select c.customer_no as "customerNo", c.name, c.customer_type as "customerType", c.id_type as "idType", c.id_no as "idNo",
         c.gender, c.birth_date::text as "birthDate", c.mobile, c.email, c.address, c.branch_code as "branchCode", b.branch_name as "branchName",
         c.risk_level as "riskLevel", c.risk_assessed_on::text as "riskAssessedOn", c.investor_class as "investorClass",
         k.alt_mobile as "altMobile", k.alt_email as "altEmail", k.alt_address as "altAddress",
         k.occupation, k.employer, k.industry, k.education, k.income_band as "incomeBand", k.asset_band as "assetBand",
         k.fund_source as "fundSource", coalesce(k.experience, '{}'::jsonb) as experience,
         k.investment_goal as "investmentGoal", k.investment_horizon as "investmentHorizon",
         k.controller_name as "controllerName", k.beneficial_owner as "beneficialOwner",
         k.emergency_name as "emergencyName", k.emergency_relation as "emergencyRelation", k.emergency_mobile as "emergencyMobile",
         k.updated_at as "updatedAt", u.username as "updatedBy"
    from customers c
    join branches b on b.branch_code = c.branch_code
    left join customer_kyc k on k.customer_no = c.customer_no
    left join users u on u.id = k.updated_by
   where c.customer_no = $1`;

/** The household members and related accounts of customer $1, each linked customer with its name and whether the reader's scope holds it. */
export function linkedQueries(user: ScopeSubject, asOf: string, customerNo: string): { household: SqlQuery; related: SqlQuery } {
  const hParams: unknown[] = [customerNo];
  const hScope = customerScope(user, { alias: 'm', params: hParams, asOf });
  const rParams: unknown[] = [customerNo];
  const rScope = customerScope(user, { alias: 'm', params: rParams, asOf });
  return {
    household: {
      sql: `select h.id::text as id, h.member_customer_no as "customerNo", h.member_name as "memberName", h.relation,
                   case when m.customer_no is not null and ${hScope} then m.name end as "customerName",
                   coalesce(m.customer_no is not null and ${hScope}, false) as "inScope"
              from customer_households h left join customers m on m.customer_no = h.member_customer_no
             where h.customer_no = $1 order by h.id`,
      params: hParams,
    },
    related: {
      sql: `select a.id::text as id, a.related_customer_no as "customerNo", a.relation,
                   case when ${rScope} then m.name end as "customerName", coalesce(${rScope}, false) as "inScope"
              from customer_related_accounts a join customers m on m.customer_no = a.related_customer_no
             where a.customer_no = $1 order by a.id`,
      params: rParams,
    },
  };
}

/** Of `customerNos`, those in the caller's scope. */
export function customersInScopeQuery(user: ScopeSubject, asOf: string, customerNos: readonly string[]): SqlQuery {
  const params: unknown[] = [customerNos];
  return { sql: `select c.customer_no as "customerNo" from customers c where c.customer_no = any($1::text[]) and ${customerScope(user, { alias: 'c', params, asOf })}`, params };
}

export interface IncompleteFilter {
  /** a band; none: below the threshold */
  band?: ScoreBand;
  threshold: number;
  branch?: string;
  staffNo?: string;
  q?: string;
  /** Only the customers this staff member serves today (我的待办); null: the caller serves no one. */
  servedBy?: string | null;
  sort: 'score' | '-score' | 'customerNo';
}

const ORDERS: Record<IncompleteFilter['sort'], string> = {
  score: 'k.score, c.customer_no',
  '-score': 'k.score desc, c.customer_no',
  customerNo: 'c.customer_no',
};

/**
 * The customers in the caller's scope, open on `day`, whose completeness is in the band (default: below
 * the threshold): count, one page, and every row for the export (rows: customerNo, name, customerType,
 * branchCode, branchName, score, missing, staff, updatedAt).
 */
export function incompleteQueries(user: ScopeSubject, day: string, filter: IncompleteFilter, page: { page: number; pageSize: number }): { count: SqlQuery; rows: SqlQuery; all: SqlQuery } {
  const params: unknown[] = [day];
  const where = [
    `c.status <> 'CLOSED'`,
    `(c.close_date is null or c.close_date > $1::date)`,
    customerScope(user, { alias: 'c', params, asOf: day }),
  ];
  if (filter.band) {
    const [min, max] = BAND_RANGES[filter.band];
    where.push(`k.score between ${bindParam(params, min)}::int and ${bindParam(params, max)}::int`);
  } else {
    where.push(`k.score < ${bindParam(params, filter.threshold)}::int`);
  }
  if (filter.branch) where.push(`c.branch_code = ${bindParam(params, filter.branch)}`);
  if (filter.staffNo) {
    where.push(`exists (select 1 from relationships fr where fr.customer_no = c.customer_no and fr.staff_no = ${bindParam(params, filter.staffNo)} and ${relationshipEffectiveOn('fr', '$1')})`);
  }
  if (filter.servedBy === null) where.push('false');
  else if (filter.servedBy !== undefined) where.push(`${servingStaffSql('c.customer_no', '$1')} = ${bindParam(params, filter.servedBy)}`);
  if (filter.q) {
    const pattern = `${bindParam(params, escapeLike(filter.q))}::text`;
    where.push(`(c.customer_no like ${pattern} || '%' or c.name like '%' || ${pattern} || '%')`);
  }
  const from = `from customer_kyc k join customers c on c.customer_no = k.customer_no where ${where.join(' and ')}`;
  const columns = (pageCte: string) => `
    select c.customer_no as "customerNo", c.name, c.customer_type as "customerType", c.branch_code as "branchCode", b.branch_name as "branchName",
           k.score, k.missing, k.updated_at as "updatedAt", coalesce(rel.staff, '[]'::json) as staff
      from ${pageCte} p
      join customers c on c.customer_no = p.customer_no
      join customer_kyc k on k.customer_no = p.customer_no
      join branches b on b.branch_code = c.branch_code
      left join lateral (
        select json_agg(json_build_object('staffNo', s.staff_no, 'name', s.name, 'kind', r.kind) order by r.kind, r.weight desc, s.staff_no) as staff
          from relationships r join staff s on s.staff_no = r.staff_no
         where r.customer_no = c.customer_no and ${relationshipEffectiveOn('r', '$1')}
      ) rel on true
     order by ${ORDERS[filter.sort]}`;
  const rowParams = [...params];
  const limit = ` limit ${bindParam(rowParams, page.pageSize)} offset ${bindParam(rowParams, (page.page - 1) * page.pageSize)}`;
  return {
    count: { sql: `select count(*)::int as total ${from}`, params },
    rows: { sql: `with page as (select c.customer_no ${from} order by ${ORDERS[filter.sort]}${limit}) ${columns('page')}`, params: rowParams },
    all: { sql: `with page as (select c.customer_no ${from}) ${columns('page')}`, params },
  };
}
