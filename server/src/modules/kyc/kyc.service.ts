/**
 * 客户信息完善 (issue 14 item 3): the customer information form of a customer in the caller's scope
 * (404 otherwise), read with personal information masked by role (an unmasked view audited
 * `customer.view_pii` in the read's transaction) and saved with its score refreshed, each changed
 * field recorded in customer_kyc_history and the save audited (`kyc.update`) in the same
 * transaction; the history; the scoped list of 信息待完善 and its export.
 */
import type { Writable } from 'node:stream';
import type pg from 'pg';
import { inTransaction } from '../../db/database.js';
import { validationFailed, notFound, type FieldError, type Language } from '../../errors.js';
import { addYears, businessDate } from '../../lib/dates.js';
import { xlsxFileNames } from '../../lib/excel.js';
import { inReadSnapshot } from '../../lib/read-snapshot.js';
import { canSeePii, maskAddress, maskEmail, maskMobile, presentPii } from '../access/pii.js';
import { assertCustomerInScope } from '../access/scope.js';
import { auditPiiView, writeAudit } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth.service.js';
import { exportReport } from '../reports/reports.service.js';
import type { ReportColumn } from '../reports/reports.registry.js';
import { CODES } from '../../../../shared/codes.js';
import {
  changedFields, completeness, DEFAULT_RISK_SETTINGS, fieldComplete, HISTORY_FIELDS, PRODUCT_CLASSES, riskStatus, SCORED_FIELDS, weightsFor,
  identityCheck, type HistoryField, type KycFacts, type RiskSettings,
} from './kyc.rules.js';
import { DEFAULT_KYC, kycSchema, validityYearsSchema } from './kyc.settings.js';
import type { HistoryItem, HistoryQuery, IncompleteList, IncompleteQuery, KycBody, KycView } from './kyc.schemas.js';
import * as sql from './kyc.sql.js';

export interface KycContext {
  user: AuthUser;
  now: Date;
  ip?: string;
  language: Language;
}

/** The `kyc` setting (migration 0040); 80 % when none is stored. */
export async function loadKycThreshold(client: pg.PoolClient | pg.Pool): Promise<number> {
  const { rows } = await client.query<{ value: unknown }>(`select value from settings where key = 'kyc'`);
  return (rows[0] ? kycSchema.parse(rows[0].value) : DEFAULT_KYC).todoThreshold;
}

/** The risk assessment's validity from the `suitability` setting (migration 0029); 2 years when none is stored. */
export async function loadRiskSettings(client: pg.PoolClient | pg.Pool): Promise<RiskSettings> {
  const { rows } = await client.query<{ years: unknown }>(`select value->'validityYears' as years from settings where key = 'suitability'`);
  return rows[0] ? { validityYears: validityYearsSchema.parse(rows[0].years) } : DEFAULT_RISK_SETTINGS;
}

/** Refreshes the stored scores of every customer on `day` (after an import), in the caller's transaction. */
export async function refreshAllKycScores(client: pg.PoolClient, day: string): Promise<number> {
  return sql.refreshKycScores(client, day, await loadRiskSettings(client));
}

/** The assessment's validity changed (系统设置 → 适当性): every customer is scored again at the next import. */
export async function markKycScoresStale(client: pg.PoolClient): Promise<void> {
  await client.query('update customer_kyc set scored_on = null where scored_on is not null');
}

/** An import's refresh of `day`: the customers whose completeness can have changed with the day (kyc.sql.ts refreshKycScores). */
export async function refreshKycScoresOfDay(client: pg.PoolClient, day: string): Promise<number> {
  return sql.refreshKycScores(client, day, await loadRiskSettings(client), 'changed-by-the-day');
}

type KycRow = Omit<KycFacts, 'experience'> & {
  customerNo: string;
  name: string;
  gender: string | null;
  branchCode: string;
  branchName: string;
  experience: Record<string, number>;
  updatedAt: Date | null;
  updatedBy: string | null;
};
type LinkedRow = { id: string; customerNo: string | null; customerName: string | null; inScope: boolean; relation: string; memberName?: string | null };

const experienceList = (experience: Readonly<Record<string, number>>) =>
  PRODUCT_CLASSES.filter((c) => experience[c] !== undefined).map((productClass) => ({ productClass, years: Number(experience[productClass]) }));

async function readRow(client: pg.PoolClient, customerNo: string): Promise<KycRow> {
  const row = (await client.query<KycRow>(sql.KYC_ROW, [customerNo])).rows[0];
  if (!row) throw notFound();
  return row;
}

async function readLinked(client: pg.PoolClient, user: AuthUser, asOf: string, customerNo: string): Promise<{ household: LinkedRow[]; related: LinkedRow[] }> {
  const q = sql.linkedQueries(user, asOf, customerNo);
  const household = (await client.query<LinkedRow>(q.household.sql, q.household.params)).rows;
  const related = (await client.query<LinkedRow>(q.related.sql, q.related.params)).rows;
  return { household, related };
}

/** The view of a customer already checked in scope; audits an unmasked view. */
async function viewIn(client: pg.PoolClient, customerNo: string, ctx: KycContext, settings: RiskSettings): Promise<KycView> {
  const today = businessDate(ctx.now);
  const row = await readRow(client, customerNo);
  const { household, related } = await readLinked(client, ctx.user, today, customerNo);
  const threshold = await loadKycThreshold(client);
  const { score, missing } = completeness(row, today, settings);
  const weights = weightsFor(row.customerType);
  const pii = canSeePii(ctx.user);
  if (pii) await auditPiiView(client, ctx.user, { entity: 'customer', entityId: customerNo, detail: { via: 'kyc' }, ip: ctx.ip });
  const identity = presentPii(ctx.user, { name: row.name, idType: row.idType, idNo: row.idNo, gender: row.gender, birthDate: row.birthDate });
  const contact = presentPii(ctx.user, { mobile: row.mobile, email: row.email, address: row.address });
  return {
    customerNo: row.customerNo,
    name: row.name,
    customerType: row.customerType as KycView['customerType'],
    branchCode: row.branchCode,
    branchName: row.branchName,
    identity,
    identityCheck: identityCheck(row),
    contact,
    risk: {
      riskLevel: row.riskLevel as KycView['risk']['riskLevel'],
      assessedOn: row.riskAssessedOn,
      expiresOn: row.riskAssessedOn ? addYears(row.riskAssessedOn, settings.validityYears) : null,
      status: riskStatus(row, today, settings),
      investorClass: row.investorClass as KycView['risk']['investorClass'],
    },
    form: {
      altMobile: pii ? row.altMobile : maskMobile(row.altMobile),
      altEmail: pii ? row.altEmail : maskEmail(row.altEmail),
      altAddress: pii ? row.altAddress : maskAddress(row.altAddress),
      occupation: row.occupation as KycView['form']['occupation'],
      employer: row.employer,
      industry: row.industry as KycView['form']['industry'],
      education: row.education as KycView['form']['education'],
      incomeBand: row.incomeBand as KycView['form']['incomeBand'],
      assetBand: row.assetBand as KycView['form']['assetBand'],
      fundSource: row.fundSource as KycView['form']['fundSource'],
      experience: experienceList(row.experience),
      investmentGoal: row.investmentGoal as KycView['form']['investmentGoal'],
      investmentHorizon: row.investmentHorizon as KycView['form']['investmentHorizon'],
      controllerName: row.controllerName,
      beneficialOwner: row.beneficialOwner,
      emergencyName: row.emergencyName,
      emergencyRelation: row.emergencyRelation as KycView['form']['emergencyRelation'],
      emergencyMobile: pii ? row.emergencyMobile : maskMobile(row.emergencyMobile),
    },
    household: household.map((h) => ({
      customerNo: h.customerNo, customerName: h.customerName, inScope: h.inScope, memberName: h.memberName ?? null, relation: h.relation as KycView['household'][number]['relation'],
    })),
    relatedAccounts: related.map((a) => ({ customerNo: a.customerNo, customerName: a.customerName, inScope: a.inScope, relation: a.relation as KycView['relatedAccounts'][number]['relation'] })),
    score,
    missing,
    required: SCORED_FIELDS.filter((f) => weights[f] !== undefined).map((field) => ({ field, weight: weights[field]!, complete: fieldComplete(field, row, today, settings) })),
    threshold,
    updatedAt: row.updatedAt ? row.updatedAt.toISOString() : null,
    updatedBy: row.updatedBy,
  };
}

/** GET /api/customers/{customerNo}/kyc. */
export async function getKyc(pool: pg.Pool, customerNo: string, ctx: KycContext): Promise<KycView> {
  return inReadSnapshot(pool, async (client) => {
    await assertCustomerInScope(client, ctx.user, customerNo, businessDate(ctx.now));
    return viewIn(client, customerNo, ctx, await loadRiskSettings(client));
  });
}

/** A household or related-accounts list as history text: `SPOUSE C0002; PARENT 张三`. */
function linkedText(items: readonly { relation: string; who: string }[]): string | null {
  return items.length ? items.map((i) => `${i.relation} ${i.who}`).join('; ') : null;
}

function experienceText(experience: readonly { productClass: string; years: number }[]): string | null {
  return experience.length ? experience.map((e) => `${e.productClass}=${e.years}`).join(', ') : null;
}

/** The form's history fields as text (null when empty). */
function historyValues(form: Omit<KycView['form'], 'experience'> & { experience: readonly { productClass: string; years: number }[] }, household: string | null, related: string | null): Record<HistoryField, string | null> {
  return {
    altMobile: form.altMobile, altEmail: form.altEmail, altAddress: form.altAddress, occupation: form.occupation, employer: form.employer,
    industry: form.industry, education: form.education, incomeBand: form.incomeBand, assetBand: form.assetBand, fundSource: form.fundSource,
    experience: experienceText(form.experience), investmentGoal: form.investmentGoal, investmentHorizon: form.investmentHorizon,
    controller: form.controllerName, beneficialOwner: form.beneficialOwner, emergencyName: form.emergencyName,
    emergencyRelation: form.emergencyRelation, emergencyMobile: form.emergencyMobile, household, relatedAccounts: related,
  };
}

/**
 * PUT /api/customers/{customerNo}/kyc: saves the given fields (a linked customer must be in the
 * caller's scope: 422 naming the field otherwise), refreshes the score, records each changed field
 * and audits the save; answers the view as GET does.
 */
export async function saveKyc(pool: pg.Pool, customerNo: string, body: KycBody, ctx: KycContext): Promise<KycView> {
  const today = businessDate(ctx.now);
  return inTransaction(pool, async (client) => {
    await assertCustomerInScope(client, ctx.user, customerNo, today);
    // one save of a customer's form at a time: the history's old values are the ones replaced
    await client.query(`select 1 from customers where customer_no = $1 for update`, [customerNo]);
    const settings = await loadRiskSettings(client);
    const before = await readRow(client, customerNo);
    const linked = await readLinked(client, ctx.user, today, customerNo);

    // linked customers: existing and in the caller's scope (an unknown one and one out of scope answer alike)
    const linkedNos = [...(body.household ?? []).flatMap((h) => (h.customerNo ? [h.customerNo] : [])), ...(body.relatedAccounts ?? []).map((a) => a.customerNo)];
    const q = sql.customersInScopeQuery(ctx.user, today, linkedNos);
    const visible = new Set(linkedNos.length ? (await client.query<{ customerNo: string }>(q.sql, q.params)).rows.map((r) => r.customerNo) : []);
    const errors: FieldError[] = [];
    const unknown = { zh: '客户不存在或不在您的数据范围内', en: 'no such customer in your scope' };
    (body.household ?? []).forEach((h, i) => {
      if (h.customerNo === customerNo) errors.push({ field: `household.${i}.customerNo`, message: { zh: '不能是客户本人', en: 'cannot be the customer themself' } });
      else if (h.customerNo && !visible.has(h.customerNo)) errors.push({ field: `household.${i}.customerNo`, message: unknown });
    });
    (body.relatedAccounts ?? []).forEach((a, i) => {
      if (a.customerNo === customerNo) errors.push({ field: `relatedAccounts.${i}.customerNo`, message: { zh: '不能是客户本人', en: 'cannot be the customer themself' } });
      else if (!visible.has(a.customerNo)) errors.push({ field: `relatedAccounts.${i}.customerNo`, message: unknown });
    });
    if (errors.length) throw validationFailed(errors);

    const oldForm = {
      altMobile: before.altMobile, altEmail: before.altEmail, altAddress: before.altAddress, occupation: before.occupation, employer: before.employer,
      industry: before.industry, education: before.education, incomeBand: before.incomeBand, assetBand: before.assetBand, fundSource: before.fundSource,
      experience: experienceList(before.experience), investmentGoal: before.investmentGoal, investmentHorizon: before.investmentHorizon,
      controllerName: before.controllerName, beneficialOwner: before.beneficialOwner, emergencyName: before.emergencyName,
      emergencyRelation: before.emergencyRelation, emergencyMobile: before.emergencyMobile,
    };
    const { household: _h, relatedAccounts: _r, ...fields } = body;
    const newForm = { ...oldForm, ...fields } as typeof oldForm;
    const oldHousehold = linkedText(linked.household.map((h) => ({ relation: h.relation, who: h.customerNo ?? h.memberName ?? '' })));
    const oldRelated = linkedText(linked.related.map((a) => ({ relation: a.relation, who: a.customerNo ?? '' })));
    const newHousehold = body.household ? linkedText(body.household.map((h) => ({ relation: h.relation, who: h.customerNo ?? h.name ?? '' }))) : oldHousehold;
    const newRelated = body.relatedAccounts ? linkedText(body.relatedAccounts.map((a) => ({ relation: a.relation, who: a.customerNo }))) : oldRelated;
    const changes = changedFields(
      historyValues(oldForm as never, oldHousehold, oldRelated),
      historyValues(newForm as never, newHousehold, newRelated),
    );

    const experience = Object.fromEntries(newForm.experience.map((e) => [e.productClass, e.years]));
    await client.query(
      `insert into customer_kyc (customer_no, alt_mobile, alt_email, alt_address, occupation, employer, industry, education, income_band, asset_band,
                                 fund_source, experience, investment_goal, investment_horizon, controller_name, beneficial_owner,
                                 emergency_name, emergency_relation, emergency_mobile, score, missing, scored_on, updated_at, updated_by)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13, $14, $15, $16, $17, $18, $19, 0, '{}', $20::date, $21, $22)
       on conflict (customer_no) do update set
         alt_mobile = excluded.alt_mobile, alt_email = excluded.alt_email, alt_address = excluded.alt_address, occupation = excluded.occupation,
         employer = excluded.employer, industry = excluded.industry, education = excluded.education, income_band = excluded.income_band,
         asset_band = excluded.asset_band, fund_source = excluded.fund_source, experience = excluded.experience,
         investment_goal = excluded.investment_goal, investment_horizon = excluded.investment_horizon, controller_name = excluded.controller_name,
         beneficial_owner = excluded.beneficial_owner, emergency_name = excluded.emergency_name, emergency_relation = excluded.emergency_relation,
         emergency_mobile = excluded.emergency_mobile, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      [
        customerNo, newForm.altMobile, newForm.altEmail, newForm.altAddress, newForm.occupation, newForm.employer, newForm.industry, newForm.education,
        newForm.incomeBand, newForm.assetBand, newForm.fundSource, JSON.stringify(experience), newForm.investmentGoal, newForm.investmentHorizon,
        newForm.controllerName, newForm.beneficialOwner, newForm.emergencyName, newForm.emergencyRelation, newForm.emergencyMobile, today, ctx.now, ctx.user.id,
      ],
    );
    if (body.household) {
      await client.query(`delete from customer_households where customer_no = $1`, [customerNo]);
      for (const h of body.household) {
        await client.query(`insert into customer_households (customer_no, member_customer_no, member_name, relation) values ($1, $2, $3, $4)`, [customerNo, h.customerNo ?? null, h.customerNo ? null : (h.name ?? null), h.relation]);
      }
    }
    if (body.relatedAccounts) {
      await client.query(`delete from customer_related_accounts where customer_no = $1`, [customerNo]);
      for (const a of body.relatedAccounts) {
        await client.query(`insert into customer_related_accounts (customer_no, related_customer_no, relation) values ($1, $2, $3)`, [customerNo, a.customerNo, a.relation]);
      }
    }
    await sql.refreshKycScores(client, today, settings, [customerNo]);
    for (const change of changes) {
      await client.query(
        `insert into customer_kyc_history (customer_no, changed_at, user_id, username, field, old_value, new_value) values ($1, $2, $3, $4, $5, $6, $7)`,
        [customerNo, ctx.now, ctx.user.id, ctx.user.username, change.field, change.old, change.new],
      );
    }
    await writeAudit(client, {
      user: ctx.user, action: 'kyc.update', entity: 'customer', entityId: customerNo, detail: { fields: changes.map((c) => c.field) }, ip: ctx.ip,
    });
    return viewIn(client, customerNo, ctx, settings);
  });
}

const MASKERS = { mobile: maskMobile, email: maskEmail, address: maskAddress } as const;

/** GET /api/customers/{customerNo}/kyc/history: newest first; personal values masked by role, an unmasked page with any audited. */
export async function kycHistory(pool: pg.Pool, customerNo: string, query: HistoryQuery, ctx: KycContext): Promise<{ items: HistoryItem[]; total: number }> {
  return inReadSnapshot(pool, async (client) => {
    await assertCustomerInScope(client, ctx.user, customerNo, businessDate(ctx.now));
    const total = (await client.query<{ total: number }>(`select count(*)::int as total from customer_kyc_history where customer_no = $1`, [customerNo])).rows[0]?.total ?? 0;
    const { rows } = await client.query<Omit<HistoryItem, 'changedAt'> & { changedAt: Date }>(
      `select h.id::text as id, h.changed_at as "changedAt", h.username, h.field, h.old_value as "oldValue", h.new_value as "newValue"
         from customer_kyc_history h where h.customer_no = $1 order by h.changed_at desc, h.id desc limit $2 offset $3`,
      [customerNo, query.pageSize, (query.page - 1) * query.pageSize],
    );
    const pii = canSeePii(ctx.user);
    let shownPii = false;
    const items = rows.map((r) => {
      const kind = (HISTORY_FIELDS as Record<string, 'mobile' | 'email' | 'address' | null>)[r.field] ?? null;
      if (kind && (r.oldValue !== null || r.newValue !== null)) shownPii = true;
      const present = (v: string | null) => (kind && !pii ? MASKERS[kind](v) : v);
      return { ...r, changedAt: r.changedAt.toISOString(), oldValue: present(r.oldValue), newValue: present(r.newValue) };
    });
    if (pii && shownPii) await auditPiiView(client, ctx.user, { entity: 'customer', entityId: customerNo, detail: { via: 'kycHistory' }, ip: ctx.ip });
    return { items, total };
  });
}

function incompleteFilter(query: Omit<IncompleteQuery, 'page' | 'pageSize' | 'format'>, threshold: number, ctx: KycContext): sql.IncompleteFilter {
  return {
    band: query.band, threshold, branch: query.branch, staffNo: query.staffNo, q: query.q, sort: query.sort,
    servedBy: query.mine === 'true' ? (ctx.user.staffNo ?? null) : undefined,
  };
}

/** GET /api/kyc/incomplete: the customers in scope below the threshold (or in a band), lowest score first. */
export async function listIncomplete(pool: pg.Pool, query: Omit<IncompleteQuery, 'format'>, ctx: KycContext): Promise<IncompleteList> {
  const today = businessDate(ctx.now);
  return inReadSnapshot(pool, async (client) => {
    const threshold = await loadKycThreshold(client);
    const q = sql.incompleteQueries(ctx.user, today, incompleteFilter(query, threshold, ctx), query);
    const total = (await client.query<{ total: number }>(q.count.sql, q.count.params)).rows[0]?.total ?? 0;
    const items = (await client.query<Omit<IncompleteList['items'][number], 'updatedAt'> & { updatedAt: Date | null }>(q.rows.sql, q.rows.params)).rows
      .map((r) => ({ ...r, updatedAt: r.updatedAt ? r.updatedAt.toISOString() : null }));
    return { date: today, threshold, items, total };
  });
}

export function incompleteExportNames(now: Date): { utf8: string; ascii: string } {
  return xlsxFileNames('信息待完善客户', 'kyc-incomplete', businessDate(now));
}

const EXPORT_COLUMNS: readonly ReportColumn[] = [
  { key: 'customerNo', zh: '客户号', en: 'Customer no.', kind: 'text' },
  { key: 'name', zh: '客户名称', en: 'Name', kind: 'text' },
  { key: 'customerType', zh: '客户类型', en: 'Type', kind: 'text', code: 'customerType' },
  { key: 'branchName', zh: '营业部', en: 'Branch', kind: 'text' },
  { key: 'score', zh: '完善度(%)', en: 'Completeness (%)', kind: 'int' },
  { key: 'missingText', zh: '待完善项', en: 'Missing fields', kind: 'text' },
  { key: 'staffText', zh: '服务人员', en: 'Staff', kind: 'text' },
];

/** The whole filtered list as .xlsx (audited as a report export in its transaction). */
export async function exportIncomplete(pool: pg.Pool, query: Omit<IncompleteQuery, 'page' | 'pageSize' | 'format'>, ctx: KycContext, out: Writable): Promise<number> {
  const today = businessDate(ctx.now);
  const threshold = await loadKycThreshold(pool);
  const q = sql.incompleteQueries(ctx.user, today, incompleteFilter(query, threshold, ctx), { page: 1, pageSize: 1 });
  // the missing fields by their labels in the export's language, the staff by name
  const labels = Object.entries(CODES.kycField).map(([code, label]) => `('${code}', '${label[ctx.language].replace(/'/g, "''")}')`).join(', ');
  const text = `select x."customerNo", x.name, x."customerType", x."branchName", x.score,
                       array_to_string(array(select l.label from unnest(x.missing) with ordinality m(code, n) join (values ${labels}) l(code, label) on l.code = m.code order by m.n), '、') as "missingText",
                       (select string_agg(s->>'name', '、') from json_array_elements(x.staff) s) as "staffText"
                  from (${q.all.sql}) x`;
  return exportReport(
    pool,
    {
      report: { id: 'kyc-incomplete', title: { zh: '信息待完善客户', en: 'Customers with incomplete information' }, columns: EXPORT_COLUMNS, paramCodes: { band: 'kycScoreBand', sort: 'kycSort' } },
      params: { ...query, threshold },
      query: { text, values: q.all.params },
    },
    { user: ctx.user, asOf: today, now: ctx.now, ip: ctx.ip ?? '', language: ctx.language },
    out,
  );
}
