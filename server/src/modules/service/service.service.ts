/**
 * 服务管理 (business-rules.md §10; issue 14 item 1): service products (服务产品) with their service
 * staff (服务人员), the subscriptions staff record for customers, and the service relationships
 * (服务关系: which staff member serves which subscriber of which product).
 *
 * - Products and their staff are managed with `products.manage` (head office); every staff login
 *   reads them, with the subscriber counts of its own data scope.
 * - A subscription is recorded with `contacts.write` for a customer in the caller's scope (404
 *   otherwise) and goes through the suitability check of the suitability module
 *   (suitability.rules.ts `checkSuitability`, the product's risk level against the customer's
 *   category today): MATCH is recorded; MISMATCH only with the special warning the customer
 *   confirmed (`warningText`, kept with the subscription: who, when, which product, which text);
 *   NEVER is refused whatever the customer asks.
 * - Every list of customers is scoped by access/scope.ts `customerScope`.
 * Every change is audited in its transaction.
 */
import type pg from 'pg';
import { codeLabel } from '../../../../shared/codes.js';
import { inTransaction } from '../../db/database.js';
import { conflict, notFound, unprocessable, validationFailed, type Language } from '../../errors.js';
import { businessDate } from '../../lib/dates.js';
import { inReadSnapshot } from '../../lib/read-snapshot.js';
import { assertCustomerInScope, bindParam, customerScope } from '../access/scope.js';
import { writeAudit } from '../audit/audit.service.js';
import { assertPermission, type AuthUser } from '../auth/auth.service.js';
import { checkSuitability, type SuitabilityCustomer } from '../suitability/suitability.rules.js';
import { CUSTOMER_FOR_CHECK, loadSuitabilitySettings } from '../suitability/suitability.sql.js';
import type {
  ProductBody, ProductListQuery, RelationshipBody, RelationshipListQuery, ServiceProduct, ServiceRelationship, SubscribeBody, Subscription,
  SubscriptionListQuery,
} from './service.schemas.js';

/** What a service operation needs to know about the request. */
export interface ServiceContext {
  user: AuthUser;
  now: Date;
  ip: string;
  language: Language;
}

type Queryable = pg.Pool | pg.PoolClient;

export const iso = (d: Date | null): string | null => d?.toISOString() ?? null;

/** LIMIT/OFFSET of a page, bound onto `params`. */
export function pageSql(params: unknown[], page: { page: number; pageSize: number }): string {
  return ` limit ${bindParam(params, page.pageSize)} offset ${bindParam(params, (page.page - 1) * page.pageSize)}`;
}

// ---------------------------------------------------------------- products

type ProductRow = Omit<ServiceProduct, 'createdAt' | 'staff'> & { createdAt: Date };

/** The products' columns, with the active subscribers in the caller's scope (`scope`: a predicate over customers `c`). */
function productSelect(scope: string): string {
  return `select p.id::text as id, p.code, p.name, p.kind, p.risk_level as "riskLevel", p.price::text as price, p.status, p.description,
                 p.created_at as "createdAt",
                 (select count(*)::int from service_subscriptions ss join customers c on c.customer_no = ss.customer_no
                   where ss.product_id = p.id and ss.ended_at is null and ${scope}) as subscribers
            from service_products p`;
}

async function staffOfProducts(client: Queryable, ids: string[]): Promise<Map<string, ServiceProduct['staff']>> {
  const { rows } = await client.query<{ productId: string; staffNo: string; name: string }>(
    `select ps.product_id::text as "productId", s.staff_no as "staffNo", s.name
       from service_product_staff ps join staff s on s.staff_no = ps.staff_no
      where ps.product_id = any($1::bigint[]) order by s.staff_no`, [ids]);
  const out = new Map<string, ServiceProduct['staff']>();
  for (const r of rows) out.set(r.productId, [...(out.get(r.productId) ?? []), { staffNo: r.staffNo, name: r.name }]);
  return out;
}

async function productsWhere(client: Queryable, ctx: ServiceContext, where: string[], params: unknown[], tail = ''): Promise<ServiceProduct[]> {
  const scope = customerScope(ctx.user, { alias: 'c', params, asOf: businessDate(ctx.now) });
  const sql = `${productSelect(scope)} ${where.length ? `where ${where.join(' and ')}` : ''} order by p.status, p.code${tail}`;
  const rows = (await client.query<ProductRow>(sql, params)).rows;
  const staff = await staffOfProducts(client, rows.map((r) => r.id));
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), staff: staff.get(r.id) ?? [] }));
}

export async function listProducts(pool: pg.Pool, query: ProductListQuery, ctx: ServiceContext): Promise<{ items: ServiceProduct[]; total: number }> {
  return inReadSnapshot(pool, async (client) => {
    const params: unknown[] = [];
    const where: string[] = [];
    if (query.status) where.push(`p.status = ${bindParam(params, query.status)}`);
    if (query.q) where.push(`(p.name ilike '%' || ${bindParam(params, query.q)} || '%' or p.code ilike ${bindParam(params, `${query.q}%`)})`);
    const total = (await client.query<{ n: number }>(`select count(*)::int as n from service_products p ${where.length ? `where ${where.join(' and ')}` : ''}`, params)).rows[0]!.n;
    const items = await productsWhere(client, ctx, where, params, pageSql(params, query));
    return { items, total };
  });
}

export async function productById(client: Queryable, id: string, ctx: ServiceContext): Promise<ServiceProduct> {
  const params: unknown[] = [id];
  const product = (await productsWhere(client, ctx, ['p.id = $1::bigint'], params))[0];
  if (!product) throw notFound();
  return product;
}

export async function getProduct(pool: pg.Pool, id: string, ctx: ServiceContext): Promise<ServiceProduct> {
  return inReadSnapshot(pool, (client) => productById(client, id, ctx));
}

function duplicateCode(): never {
  throw conflict('SERVICE_CODE_TAKEN', '代码已被使用。', 'The code is already in use.');
}

export async function createProduct(pool: pg.Pool, body: ProductBody, ctx: ServiceContext): Promise<ServiceProduct> {
  assertPermission(ctx.user, 'products.manage');
  return inTransaction(pool, async (client) => {
    const { rows } = await client.query<{ id: string }>(
      `insert into service_products (code, name, kind, risk_level, price, status, description, created_by, created_at, updated_at)
       values ($1, $2, $3, $4, $5::numeric, $6, $7, $8, $9, $9) on conflict (code) do nothing returning id::text as id`,
      [body.code, body.name, body.kind, body.riskLevel, body.price, body.status, body.description, ctx.user.id, ctx.now]);
    if (!rows[0]) duplicateCode();
    const id = rows[0].id;
    await writeAudit(client, { user: ctx.user, action: 'service.product_create', entity: 'service_product', entityId: id, detail: body, ip: ctx.ip });
    return productById(client, id, ctx);
  });
}

export async function updateProduct(pool: pg.Pool, id: string, body: ProductBody, ctx: ServiceContext): Promise<ServiceProduct> {
  assertPermission(ctx.user, 'products.manage');
  return inTransaction(pool, async (client) => {
    const taken = await client.query(`select 1 from service_products where code = $1 and id <> $2::bigint`, [body.code, id]);
    if (taken.rows.length) duplicateCode();
    const { rowCount } = await client.query(
      `update service_products set code = $2, name = $3, kind = $4, risk_level = $5, price = $6::numeric, status = $7, description = $8, updated_at = $9
        where id = $1::bigint`,
      [id, body.code, body.name, body.kind, body.riskLevel, body.price, body.status, body.description, ctx.now]);
    if (!rowCount) throw notFound();
    await writeAudit(client, { user: ctx.user, action: 'service.product_update', entity: 'service_product', entityId: id, detail: body, ip: ctx.ip });
    return productById(client, id, ctx);
  });
}

/** 服务人员: replaces the product's service staff (active staff members only). */
export async function setProductStaff(pool: pg.Pool, id: string, staffNos: string[], ctx: ServiceContext): Promise<ServiceProduct> {
  assertPermission(ctx.user, 'products.manage');
  const wanted = [...new Set(staffNos)];
  return inTransaction(pool, async (client) => {
    const product = await client.query(`select 1 from service_products where id = $1::bigint for update`, [id]);
    if (!product.rows.length) throw notFound();
    const known = new Set((await client.query<{ staffNo: string }>(
      `select staff_no as "staffNo" from staff where staff_no = any($1::text[]) and status = 'ACTIVE'`, [wanted])).rows.map((r) => r.staffNo));
    const unknown = wanted.filter((s) => !known.has(s));
    if (unknown.length) {
      throw validationFailed([{ field: 'staffNos', message: { zh: `员工不存在或已离职：${unknown.join('、')}`, en: `No such active staff member: ${unknown.join(', ')}` } }]);
    }
    await client.query(`delete from service_product_staff where product_id = $1::bigint and staff_no <> all($2::text[])`, [id, wanted]);
    await client.query(
      `insert into service_product_staff (product_id, staff_no, added_at) select $1::bigint, unnest($2::text[]), $3 on conflict do nothing`, [id, wanted, ctx.now]);
    await writeAudit(client, { user: ctx.user, action: 'service.staff_set', entity: 'service_product', entityId: id, detail: { staffNos: wanted }, ip: ctx.ip });
    return productById(client, id, ctx);
  });
}

// ---------------------------------------------------------------- subscriptions

const SUBSCRIPTION_COLUMNS = `
  ss.id::text as id, ss.product_id::text as "productId", p.name as "productName", ss.customer_no as "customerNo", c.name as "customerName",
  ss.customer_risk as "customerRisk", ss.product_risk as "productRisk", ss.suitability, ss.warning_text as "warningText",
  ss.subscribed_at as "subscribedAt", coalesce(us.name, u.display_name, u.username) as "subscribedBy", ss.ended_at as "endedAt"`;
const SUBSCRIPTION_FROM = `
  from service_subscriptions ss
  join service_products p on p.id = ss.product_id
  join customers c on c.customer_no = ss.customer_no
  join users u on u.id = ss.subscribed_by
  left join staff us on us.staff_no = u.staff_no`;

type SubscriptionRow = Omit<Subscription, 'subscribedAt' | 'endedAt' | 'servedBy'> & { subscribedAt: Date; endedAt: Date | null };

async function withServedBy(client: Queryable, rows: SubscriptionRow[], today: string): Promise<Subscription[]> {
  const { rows: served } = await client.query<{ productId: string; customerNo: string; staffNo: string; name: string }>(
    `select r.product_id::text as "productId", r.customer_no as "customerNo", r.staff_no as "staffNo", s.name
       from service_relationships r join staff s on s.staff_no = r.staff_no
      where (r.product_id, r.customer_no) in (select * from unnest($1::bigint[], $2::text[]))
        and r.start_on <= $3::date and (r.end_on is null or r.end_on >= $3::date)
      order by r.staff_no`,
    [rows.map((r) => r.productId), rows.map((r) => r.customerNo), today]);
  return rows.map((r) => ({
    ...r,
    subscribedAt: r.subscribedAt.toISOString(),
    endedAt: iso(r.endedAt),
    servedBy: served.filter((s) => s.productId === r.productId && s.customerNo === r.customerNo).map((s) => ({ staffNo: s.staffNo, name: s.name })),
  }));
}

export async function listSubscriptions(pool: pg.Pool, query: SubscriptionListQuery, ctx: ServiceContext): Promise<{ items: Subscription[]; total: number }> {
  const today = businessDate(ctx.now);
  return inReadSnapshot(pool, async (client) => {
    const params: unknown[] = [];
    const where = [customerScope(ctx.user, { alias: 'c', params, asOf: today }), query.state === 'current' ? 'ss.ended_at is null' : 'ss.ended_at is not null'];
    if (query.productId) where.push(`ss.product_id = ${bindParam(params, query.productId)}::bigint`);
    if (query.customerNo) where.push(`ss.customer_no = ${bindParam(params, query.customerNo)}`);
    const from = `${SUBSCRIPTION_FROM} where ${where.join(' and ')}`;
    const total = (await client.query<{ n: number }>(`select count(*)::int as n ${from}`, params)).rows[0]!.n;
    const rowParams = [...params];
    const rows = (await client.query<SubscriptionRow>(`select ${SUBSCRIPTION_COLUMNS} ${from} order by ss.subscribed_at desc, ss.id desc${pageSql(rowParams, query)}`, rowParams)).rows;
    return { items: await withServedBy(client, rows, today), total };
  });
}

async function subscriptionById(client: Queryable, id: string, today: string): Promise<Subscription> {
  const rows = (await client.query<SubscriptionRow>(`select ${SUBSCRIPTION_COLUMNS} ${SUBSCRIPTION_FROM} where ss.id = $1::bigint`, [id])).rows;
  return (await withServedBy(client, rows, today))[0]!;
}

/** Records a customer's subscription after the suitability check (see the file's comment). */
export async function subscribe(pool: pg.Pool, body: SubscribeBody, ctx: ServiceContext): Promise<Subscription> {
  assertPermission(ctx.user, 'contacts.write');
  const today = businessDate(ctx.now);
  return inTransaction(pool, async (client) => {
    await client.query(`select 1 from customers where customer_no = $1 for share`, [body.customerNo]);
    await assertCustomerInScope(client, ctx.user, body.customerNo, today);
    const product = (await client.query<{ name: string; riskLevel: string; status: string }>(
      `select name, risk_level as "riskLevel", status from service_products where id = $1::bigint for share`, [body.productId])).rows[0];
    if (!product) throw notFound();
    if (product.status !== 'ACTIVE') {
      throw unprocessable('SERVICE_PRODUCT_NOT_ACTIVE', `服务产品状态为“${codeLabel('serviceProductStatus', product.status, 'zh')}”，不能订阅。`,
        `The service product is ${codeLabel('serviceProductStatus', product.status, 'en')}; it cannot be subscribed to.`);
    }
    const customer = (await client.query<SuitabilityCustomer>(CUSTOMER_FOR_CHECK, [body.customerNo])).rows[0]!;
    const check = checkSuitability(customer, { riskLevel: product.riskLevel }, today, await loadSuitabilitySettings(client));
    const reasons = (language: Language) => check.reasons.map((r) => codeLabel('suitabilityReason', r, language)).join(language === 'zh' ? '；' : '; ');
    if (check.result === 'NEVER') {
      throw unprocessable('SUITABILITY_NEVER', `该服务产品（${product.riskLevel}）禁止向此客户提供（${reasons('zh')}），客户确认也不可以。`,
        `This service product (${product.riskLevel}) may never be provided to this customer (${reasons('en')}), whatever the customer confirms.`);
    }
    if (check.result === 'MISMATCH' && !body.warningText) {
      throw unprocessable('SUITABILITY_MISMATCH_UNCONFIRMED',
        `该服务产品风险等级 ${product.riskLevel} 高于客户的风险承受能力 ${check.customerRisk ?? '—'}：只有客户主动要求、向其出示特别风险警示并由客户确认后方可订阅（请填写警示内容）。`,
        `The product’s risk level ${product.riskLevel} is above the customer’s category ${check.customerRisk ?? '—'}: it may be subscribed only at the customer’s own request, after a special warning the customer confirms (give the warning text).`,
        [{ field: 'warningText', message: { zh: '请填写向客户出示并经客户确认的特别风险警示', en: 'the special warning shown to and confirmed by the customer' } }]);
    }
    const active = await client.query(`select 1 from service_subscriptions where product_id = $1::bigint and customer_no = $2 and ended_at is null`, [body.productId, body.customerNo]);
    if (active.rows.length) throw conflict('ALREADY_SUBSCRIBED', '客户已订阅该服务产品。', 'The customer already subscribes to this product.');
    const mismatch = check.result === 'MISMATCH';
    const { rows } = await client.query<{ id: string }>(
      `insert into service_subscriptions (product_id, customer_no, subscribed_at, subscribed_by, staff_no, suitability, customer_risk, product_risk, warning_text)
       values ($1::bigint, $2, $3, $4, $5, $6, $7, $8, $9) returning id::text as id`,
      [body.productId, body.customerNo, ctx.now, ctx.user.id, ctx.user.staffNo, check.result, check.customerRisk, product.riskLevel, mismatch ? body.warningText : null]);
    const id = rows[0]!.id;
    await writeAudit(client, {
      user: ctx.user, action: 'service.subscribe', entity: 'service_subscription', entityId: id,
      detail: { productId: body.productId, customerNo: body.customerNo, suitability: check.result, customerRisk: check.customerRisk, productRisk: product.riskLevel }, ip: ctx.ip,
    });
    return subscriptionById(client, id, today);
  });
}

/** Ends a subscription (退订) of a customer in scope; its service relationships end the same day. */
export async function unsubscribe(pool: pg.Pool, id: string, ctx: ServiceContext): Promise<Subscription> {
  assertPermission(ctx.user, 'contacts.write');
  const today = businessDate(ctx.now);
  return inTransaction(pool, async (client) => {
    const row = (await client.query<{ customerNo: string; productId: string; endedAt: Date | null }>(
      `select customer_no as "customerNo", product_id::text as "productId", ended_at as "endedAt" from service_subscriptions where id = $1::bigint for update`, [id])).rows[0];
    if (!row) throw notFound();
    await assertCustomerInScope(client, ctx.user, row.customerNo, today);
    if (row.endedAt) throw conflict('ALREADY_ENDED', '该订阅已退订。', 'The subscription has already ended.');
    await client.query(`update service_subscriptions set ended_at = $2, ended_by = $3 where id = $1::bigint`, [id, ctx.now, ctx.user.id]);
    await client.query(
      `update service_relationships set end_on = greatest(start_on, $3::date) where product_id = $1::bigint and customer_no = $2 and (end_on is null or end_on > $3::date)`,
      [row.productId, row.customerNo, today]);
    await writeAudit(client, { user: ctx.user, action: 'service.unsubscribe', entity: 'service_subscription', entityId: id, detail: { customerNo: row.customerNo, productId: row.productId }, ip: ctx.ip });
    return subscriptionById(client, id, today);
  });
}

// ---------------------------------------------------------------- service relationships (服务关系)

const RELATIONSHIP_COLUMNS = `
  r.id::text as id, r.product_id::text as "productId", p.name as "productName", r.customer_no as "customerNo", c.name as "customerName",
  r.staff_no as "staffNo", s.name as "staffName", r.start_on::text as "startOn", r.end_on::text as "endOn"`;
const RELATIONSHIP_FROM = `
  from service_relationships r
  join service_products p on p.id = r.product_id
  join customers c on c.customer_no = r.customer_no
  join staff s on s.staff_no = r.staff_no`;

export async function listRelationships(pool: pg.Pool, query: RelationshipListQuery, ctx: ServiceContext): Promise<{ items: ServiceRelationship[]; total: number }> {
  return inReadSnapshot(pool, async (client) => {
    const params: unknown[] = [];
    const where = [customerScope(ctx.user, { alias: 'c', params, asOf: businessDate(ctx.now) })];
    if (query.productId) where.push(`r.product_id = ${bindParam(params, query.productId)}::bigint`);
    if (query.staffNo) where.push(`r.staff_no = ${bindParam(params, query.staffNo)}`);
    if (query.customerNo) where.push(`r.customer_no = ${bindParam(params, query.customerNo)}`);
    const from = `${RELATIONSHIP_FROM} where ${where.join(' and ')}`;
    const total = (await client.query<{ n: number }>(`select count(*)::int as n ${from}`, params)).rows[0]!.n;
    const rowParams = [...params];
    const items = (await client.query<ServiceRelationship>(
      `select ${RELATIONSHIP_COLUMNS} ${from} order by (r.end_on is null) desc, r.start_on desc, r.id desc${pageSql(rowParams, query)}`, rowParams)).rows;
    return { items, total };
  });
}

async function relationshipById(client: Queryable, id: string): Promise<ServiceRelationship> {
  return (await client.query<ServiceRelationship>(`select ${RELATIONSHIP_COLUMNS} ${RELATIONSHIP_FROM} where r.id = $1::bigint`, [id])).rows[0]!;
}

/** A service relationship: the staff member must be one of the product's service staff, the customer (in scope) its current subscriber. */
export async function addRelationship(pool: pg.Pool, body: RelationshipBody, ctx: ServiceContext): Promise<ServiceRelationship> {
  assertPermission(ctx.user, 'contacts.write');
  const today = businessDate(ctx.now);
  const startOn = body.startOn ?? today;
  return inTransaction(pool, async (client) => {
    await assertCustomerInScope(client, ctx.user, body.customerNo, today);
    const product = await client.query(`select 1 from service_products where id = $1::bigint`, [body.productId]);
    if (!product.rows.length) throw notFound();
    const problems = [];
    const staff = await client.query(`select 1 from service_product_staff where product_id = $1::bigint and staff_no = $2`, [body.productId, body.staffNo]);
    if (!staff.rows.length) problems.push({ field: 'staffNo', message: { zh: '该员工不是此服务产品的服务人员', en: 'not one of the product’s service staff' } });
    const sub = await client.query(`select 1 from service_subscriptions where product_id = $1::bigint and customer_no = $2 and ended_at is null`, [body.productId, body.customerNo]);
    if (!sub.rows.length) problems.push({ field: 'customerNo', message: { zh: '客户未订阅此服务产品', en: 'the customer does not subscribe to the product' } });
    const overlap = await client.query(
      `select 1 from service_relationships where product_id = $1::bigint and customer_no = $2 and staff_no = $3 and (end_on is null or end_on >= $4::date)`,
      [body.productId, body.customerNo, body.staffNo, startOn]);
    if (overlap.rows.length) problems.push({ field: 'staffNo', message: { zh: '该员工已在服务此客户', en: 'the staff member already serves the customer' } });
    if (problems.length) throw validationFailed(problems);
    const { rows } = await client.query<{ id: string }>(
      `insert into service_relationships (product_id, customer_no, staff_no, start_on, created_by, created_at) values ($1::bigint, $2, $3, $4::date, $5, $6) returning id::text as id`,
      [body.productId, body.customerNo, body.staffNo, startOn, ctx.user.id, ctx.now]);
    const id = rows[0]!.id;
    await writeAudit(client, { user: ctx.user, action: 'service.relationship_add', entity: 'service_relationship', entityId: id, detail: { ...body, startOn }, ip: ctx.ip });
    return relationshipById(client, id);
  });
}

export async function endRelationship(pool: pg.Pool, id: string, endOn: string | undefined, ctx: ServiceContext): Promise<ServiceRelationship> {
  assertPermission(ctx.user, 'contacts.write');
  const today = businessDate(ctx.now);
  return inTransaction(pool, async (client) => {
    const row = (await client.query<{ customerNo: string; startOn: string; endOn: string | null }>(
      `select customer_no as "customerNo", start_on::text as "startOn", end_on::text as "endOn" from service_relationships where id = $1::bigint for update`, [id])).rows[0];
    if (!row) throw notFound();
    await assertCustomerInScope(client, ctx.user, row.customerNo, today);
    const day = endOn ?? today;
    if (row.endOn !== null) throw conflict('ALREADY_ENDED', '该服务关系已结束。', 'The service relationship has already ended.');
    if (day < row.startOn) throw validationFailed([{ field: 'endOn', message: { zh: '结束日期早于开始日期', en: 'before the start day' } }]);
    await client.query(`update service_relationships set end_on = $2::date where id = $1::bigint`, [id, day]);
    await writeAudit(client, { user: ctx.user, action: 'service.relationship_end', entity: 'service_relationship', entityId: id, detail: { endOn: day }, ip: ctx.ip });
    return relationshipById(client, id);
  });
}
