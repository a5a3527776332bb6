/**
 * 适当性管理 (business-rules.md §8, suitability.md): the check of a customer in the caller's scope
 * against a product, the recorded special warning and confirmation of a customer-initiated purchase
 * outside the match (MISMATCH only: 422 for NEVER, refused whatever the customer asks, and for MATCH,
 * nothing to confirm; audited `suitability.confirm` in its transaction), the confirmations of the
 * customers in scope, and the expiring and expired assessments of the customers in scope (the serving
 * staff's to-dos). A customer out of scope answers 404 like an unknown one.
 */
import type pg from 'pg';
import { codeLabel } from '../../../../shared/codes.js';
import { inTransaction } from '../../db/database.js';
import { notFound, unprocessable, type Language } from '../../errors.js';
import { businessDate } from '../../lib/dates.js';
import { inReadSnapshot } from '../../lib/read-snapshot.js';
import { assertCustomerInScope } from '../access/scope.js';
import { writeAudit } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth.service.js';
import { checkSuitability, type SuitabilityCustomer } from './suitability.rules.js';
import type {
  CheckAnswer, CheckBody, Confirmation, ConfirmationBody, ConfirmationListQuery, ExpiringItem, ExpiringList, ExpiringQuery,
} from './suitability.schemas.js';
import * as sql from './suitability.sql.js';

/** What a suitability operation needs to know about the request. */
export interface SuitabilityContext {
  user: AuthUser;
  now: Date;
  ip?: string;
  language: Language;
}

type CustomerRow = SuitabilityCustomer & { customerNo: string; name: string };
type ProductRow = { productCode: string; name: string; riskLevel: string };

/** The check of a customer in scope (404 otherwise) against a product (404 when unknown) on `date`. */
async function checkIn(client: pg.PoolClient, input: CheckBody, ctx: SuitabilityContext): Promise<CheckAnswer> {
  const today = businessDate(ctx.now);
  await assertCustomerInScope(client, ctx.user, input.customerNo, today);
  const customer = (await client.query<CustomerRow>(sql.CUSTOMER_FOR_CHECK, [input.customerNo])).rows[0];
  const product = (await client.query<ProductRow>(sql.PRODUCT_FOR_CHECK, [input.productCode])).rows[0];
  if (!customer || !product) throw notFound();
  const settings = await sql.loadSuitabilitySettings(client);
  const date = input.date ?? today;
  const check = checkSuitability(customer, product, date, settings);
  return {
    result: check.result,
    customerRisk: check.customerRisk as CheckAnswer['customerRisk'],
    productRisk: check.productRisk as CheckAnswer['productRisk'],
    assessmentValid: check.assessmentValid,
    reasons: check.reasons.map((code) => ({ code, text: codeLabel('suitabilityReason', code, ctx.language) })),
    date,
    customerNo: customer.customerNo,
    customerName: customer.name,
    investorClass: customer.investorClass as CheckAnswer['investorClass'],
    lowestRiskCategory: customer.lowestRiskCategory,
    assessedOn: customer.riskAssessedOn,
    assessmentExpiresOn: check.assessmentExpiresOn,
    productCode: product.productCode,
    productName: product.name,
  };
}

/** POST /api/suitability/check. */
export async function checkCustomerProduct(pool: pg.Pool, input: CheckBody, ctx: SuitabilityContext): Promise<CheckAnswer> {
  return inReadSnapshot(pool, (client) => checkIn(client, input, ctx));
}

function toConfirmation(row: Omit<Confirmation, 'confirmedAt'> & { confirmedAt: Date }): Confirmation {
  return { ...row, confirmedAt: row.confirmedAt.toISOString() };
}

/**
 * Records the customer's confirmation of the special warning shown for a product outside the match,
 * checked today: 201 for MISMATCH; 422 SUITABILITY_NEVER and SUITABILITY_MATCH otherwise.
 */
export async function recordConfirmation(pool: pg.Pool, input: ConfirmationBody, ctx: SuitabilityContext): Promise<Confirmation> {
  return inTransaction(pool, async (client) => {
    // the customer's row stays as checked until the confirmation is written
    await client.query(`select 1 from customers where customer_no = $1 for share`, [input.customerNo]);
    const check = await checkIn(client, { customerNo: input.customerNo, productCode: input.productCode }, ctx);
    if (check.result === 'NEVER') {
      throw unprocessable(
        'SUITABILITY_NEVER',
        `该产品禁止向此客户销售（${check.reasons.map((r) => codeLabel('suitabilityReason', r.code, 'zh')).join('；')}），客户确认也不可以。`,
        `This product may never be sold to this customer (${check.reasons.map((r) => codeLabel('suitabilityReason', r.code, 'en')).join('; ')}), whatever the customer confirms.`,
      );
    }
    if (check.result === 'MATCH') {
      throw unprocessable('SUITABILITY_MATCH', '该产品与客户适当性匹配，无需特别风险警示确认。', 'The product matches the customer: there is no warning to confirm.');
    }
    const { rows } = await client.query<{ id: string }>(sql.INSERT_CONFIRMATION, [
      input.customerNo, input.productCode, check.customerRisk, check.assessedOn, check.investorClass, check.productRisk, input.warningText,
      ctx.now, ctx.user.staffNo, ctx.user.id,
    ]);
    const id = rows[0]!.id;
    await writeAudit(client, {
      user: ctx.user, action: 'suitability.confirm', entity: 'suitability_confirmation', entityId: id,
      detail: { customerNo: input.customerNo, productCode: input.productCode, result: check.result, customerRisk: check.customerRisk, productRisk: check.productRisk },
      ip: ctx.ip,
    });
    const row = (await client.query<Omit<Confirmation, 'confirmedAt'> & { confirmedAt: Date }>(sql.CONFIRMATION_BY_KEY, [input.customerNo, id])).rows[0]!;
    return toConfirmation(row);
  });
}

/** The confirmations of the customers in the caller's scope, newest first. */
export async function listConfirmations(pool: pg.Pool, query: ConfirmationListQuery, ctx: SuitabilityContext): Promise<{ items: Confirmation[]; total: number }> {
  const { page, pageSize, ...filter } = query;
  const q = sql.confirmationQueries(ctx.user, businessDate(ctx.now), filter, { page, pageSize });
  return inReadSnapshot(pool, async (client) => {
    const total = (await client.query<{ total: number }>(q.count.sql, q.count.params)).rows[0]?.total ?? 0;
    const items = (await client.query<Omit<Confirmation, 'confirmedAt'> & { confirmedAt: Date }>(q.rows.sql, q.rows.params)).rows.map(toConfirmation);
    return { items, total };
  });
}

/**
 * The assessments of the customers in scope expiring within the days (default the setting's), expired, or
 * missing; with `mine=true` only those of the customers the caller serves today (the to-do of 我的待办).
 */
export async function listExpiring(pool: pg.Pool, query: ExpiringQuery, ctx: SuitabilityContext): Promise<ExpiringList> {
  const today = businessDate(ctx.now);
  return inReadSnapshot(pool, async (client) => {
    const settings = await sql.loadSuitabilitySettings(client);
    const withinDays = query.withinDays ?? settings.expiringWithinDays;
    const statuses = query.status ? [query.status] : (['EXPIRING', 'EXPIRED'] as const);
    const servedBy = query.mine === 'true' ? (ctx.user.staffNo ?? null) : undefined;
    const q = sql.expiringQueries(ctx.user, today, { statuses, withinDays, q: query.q, branch: query.branch, servedBy }, settings, query);
    const total = (await client.query<{ total: number }>(q.count.sql, q.count.params)).rows[0]?.total ?? 0;
    const items = (await client.query<ExpiringItem>(q.rows.sql, q.rows.params)).rows;
    return { date: today, withinDays, items, total };
  });
}
