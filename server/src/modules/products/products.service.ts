/**
 * 金融产品管理 (issue 13 item 1): the product library — the extract's products with the CRM's own
 * marketing data (description, sales window, sales commission rate for payroll, target description),
 * changed by ADMIN and HQ (`products.manage`) and audited (`product.update`, before and after) in the
 * same transaction — and a product's holders and sales, read in the caller's data scope
 * (access/scope.ts). The library itself is reference data every reader may list and export.
 */
import type { Writable } from 'node:stream';
import type pg from 'pg';
import { inTransaction } from '../../db/database.js';
import { notFound, type Language } from '../../errors.js';
import { businessDate } from '../../lib/dates.js';
import { xlsxFileNames } from '../../lib/excel.js';
import { inReadSnapshot } from '../../lib/read-snapshot.js';
import { writeAudit } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth.service.js';
import { importedDayOnOrBefore } from '../figures/figures.sql.js';
import type { ReportColumn } from '../reports/reports.registry.js';
import { exportReport } from '../reports/reports.service.js';
import type { HolderList, MarketingBody, ProductDetail, ProductFilter, ProductItem, ProductList, SaleList } from './products.schemas.js';
import * as sql from './products.sql.js';

/** What a product operation needs to know about the request. */
export interface ProductContext {
  user: AuthUser;
  now: Date;
  ip: string;
  language: Language;
}

/** The products matching the filter, by product code, a page at a time. */
export async function listProducts(pool: pg.Pool, filter: ProductFilter, page: { page: number; pageSize: number }): Promise<ProductList> {
  const q = sql.productQueries(filter, page);
  return inReadSnapshot(pool, async (client) => {
    const total = (await client.query<{ total: number }>(q.count.sql, q.count.params)).rows[0]?.total ?? 0;
    const items = (await client.query<ProductItem>(q.rows.sql, q.rows.params)).rows;
    return { items, total };
  });
}

const LIST_COLUMNS: readonly ReportColumn[] = [
  { key: 'productCode', zh: '产品代码', en: 'Product code', kind: 'text' },
  { key: 'name', zh: '产品名称', en: 'Product', kind: 'text' },
  { key: 'productType', zh: '产品类型', en: 'Type', kind: 'text', code: 'productType' },
  { key: 'riskLevel', zh: '风险等级', en: 'Risk level', kind: 'text', code: 'productRisk' },
  { key: 'issuer', zh: '发行机构', en: 'Issuer', kind: 'text' },
  { key: 'minAmount', zh: '起购金额', en: 'Minimum amount', kind: 'money' },
  { key: 'salesStart', zh: '募集开始日', en: 'Sales from', kind: 'date' },
  { key: 'salesEnd', zh: '募集结束日', en: 'Sales to', kind: 'date' },
  { key: 'salesCommissionRate', zh: '销售提成比例', en: 'Sales commission rate', kind: 'rate' },
];

export function productExportNames(now: Date): { utf8: string; ascii: string } {
  return xlsxFileNames('金融产品', 'products', businessDate(now));
}

/** Streams every filtered product to `out` as .xlsx (audited as an export); returns the number of rows. */
export async function exportProducts(pool: pg.Pool, filter: ProductFilter, ctx: ProductContext, out: Writable): Promise<number> {
  const { rows } = sql.productQueries(filter);
  return exportReport(
    pool,
    {
      report: { id: 'products', title: { zh: '金融产品', en: 'Financial products' }, columns: LIST_COLUMNS, paramCodes: { riskLevel: 'productRisk', type: 'productType' } },
      params: { ...filter },
      query: { text: rows.sql, values: rows.params },
    },
    { user: ctx.user, asOf: businessDate(ctx.now), now: ctx.now, ip: ctx.ip, language: ctx.language },
    out,
  );
}

type DetailRow = Omit<ProductDetail, 'holdings' | 'marketingUpdatedAt'> & { marketingUpdatedAt: Date | null };

async function detailIn(client: pg.PoolClient, productCode: string, ctx: ProductContext): Promise<ProductDetail> {
  const row = (await client.query<DetailRow>(sql.PRODUCT_DETAIL, [productCode])).rows[0];
  if (!row) throw notFound();
  const day = await importedDayOnOrBefore(client, null);
  let holdings: ProductDetail['holdings'] = { date: day, holders: 0, marketValue: '0' };
  if (day) {
    const q = sql.holderQueries(ctx.user, businessDate(ctx.now), productCode, day).totals;
    const t = (await client.query<{ holders: number; totalMarketValue: string }>(q.sql, q.params)).rows[0]!;
    holdings = { date: day, holders: t.holders, marketValue: t.totalMarketValue };
  }
  return { ...row, marketingUpdatedAt: row.marketingUpdatedAt?.toISOString() ?? null, holdings };
}

/** One product with its marketing data and its holders in the caller's scope on the last imported day; 404 when unknown. */
export async function productDetail(pool: pg.Pool, productCode: string, ctx: ProductContext): Promise<ProductDetail> {
  return inReadSnapshot(pool, (client) => detailIn(client, productCode, ctx));
}

/** Replaces the product's marketing data (ADMIN, HQ), audited with the values before and after. */
export async function updateMarketing(pool: pg.Pool, productCode: string, body: MarketingBody, ctx: ProductContext): Promise<ProductDetail> {
  return inTransaction(pool, async (client) => {
    const before = (await client.query<Record<string, unknown>>(sql.MARKETING_FOR_UPDATE, [productCode])).rows[0];
    if (!before) throw notFound();
    const after = {
      description: body.description || null,
      salesStart: body.salesStart,
      salesEnd: body.salesEnd,
      salesCommissionRate: body.salesCommissionRate,
      targetDescription: body.targetDescription || null,
    };
    await client.query(sql.UPDATE_MARKETING, [
      productCode, after.description, after.salesStart, after.salesEnd, after.salesCommissionRate, after.targetDescription, ctx.now, ctx.user.username,
    ]);
    await writeAudit(client, { user: ctx.user, action: 'product.update', entity: 'product', entityId: productCode, detail: { before, after }, ip: ctx.ip });
    return detailIn(client, productCode, ctx);
  });
}

async function assertProduct(client: pg.PoolClient, productCode: string): Promise<void> {
  const { rows } = await client.query(`select 1 from products where product_code = $1`, [productCode]);
  if (!rows[0]) throw notFound();
}

/** The product's holders in the caller's scope on the day (default the last imported one), largest first. */
export async function productHolders(
  pool: pg.Pool, productCode: string, query: { date?: string; page: number; pageSize: number }, ctx: ProductContext,
): Promise<HolderList> {
  return inReadSnapshot(pool, async (client) => {
    await assertProduct(client, productCode);
    const day = await importedDayOnOrBefore(client, query.date);
    if (!day) return { date: null, items: [], total: 0, totalUnits: '0', totalMarketValue: '0' };
    const q = sql.holderQueries(ctx.user, businessDate(ctx.now), productCode, day, query);
    const t = (await client.query<{ total: number; totalUnits: string; totalMarketValue: string }>(q.totals.sql, q.totals.params)).rows[0]!;
    const items = (await client.query<HolderList['items'][number]>(q.rows.sql, q.rows.params)).rows;
    return { date: day, items, total: t.total, totalUnits: t.totalUnits, totalMarketValue: t.totalMarketValue };
  });
}

/** The product's subscriptions, purchases and redemptions in the caller's scope, newest first, with exact totals. */
export async function productSales(
  pool: pg.Pool, productCode: string, query: { from?: string; to?: string; txnType?: string; page: number; pageSize: number }, ctx: ProductContext,
): Promise<SaleList> {
  return inReadSnapshot(pool, async (client) => {
    await assertProduct(client, productCode);
    const q = sql.saleQueries(ctx.user, businessDate(ctx.now), productCode, query, query);
    const t = (await client.query<{ total: number; subscribed: string; redeemed: string; fee: string }>(q.totals.sql, q.totals.params)).rows[0]!;
    const items = (await client.query<SaleList['items'][number]>(q.rows.sql, q.rows.params)).rows;
    return { items, total: t.total, totals: { subscribed: t.subscribed, redeemed: t.redeemed, fee: t.fee } };
  });
}
