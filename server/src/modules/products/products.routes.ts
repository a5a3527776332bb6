/**
 * 金融产品管理 (interfaces.md "Products, suitability and margin"): GET /api/products (&format=xlsx),
 * GET /api/products/{productCode}, PUT /api/products/{productCode} (the marketing data:
 * `products.manage`), GET /api/products/{productCode}/holders and /sales (in the caller's scope).
 * Reading needs `customers`.
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { preferredLanguage } from '../../errors.js';
import { sendXlsxStream } from '../../lib/excel.js';
import { exportableListRoute } from '../../lib/export-route.js';
import { getValidated } from '../../lib/validated-route.js';
import { callerOf, requirePermission, requireUser } from '../auth/auth.hooks.js';
import {
  holderList, holdersQuery, marketingBody, productDetail as productDetailSchema, productList, productListQuery, productParams, saleList, salesQuery,
} from './products.schemas.js';
import {
  exportProducts, listProducts, productDetail, productExportNames, productHolders, productSales, updateMarketing, type ProductContext,
} from './products.service.js';
import { targetList as targetListSchema, targetsQuery, type TargetListAnswer } from './targets.schemas.js';
import { exportTargets, targetExportNames, targetList, type TargetList } from './targets.service.js';

/** The service's list as the API answers it: reasons in the caller's language, the model's metrics flat. */
function targetAnswer(list: TargetList, language: 'zh' | 'en', page: { page: number; pageSize: number }): TargetListAnswer {
  const m = list.model;
  const from = (page.page - 1) * page.pageSize;
  return {
    productCode: list.productCode,
    date: list.date,
    model: m && {
      productType: m.productType, riskLevel: m.riskLevel, level: m.level, trainedAt: m.trainedAt, windowDays: m.windowDays, cutoff: m.cutoff,
      trainCutoffs: m.trainCutoffs, examples: m.metrics.examples ?? null, buyers: m.metrics.buyers ?? null, testExamples: m.metrics.testExamples ?? null,
      testBuyers: m.metrics.testBuyers ?? null, baseRate: m.metrics.baseRate ?? null, auc: m.metrics.auc ?? null, hitRateTop10: m.metrics.hitRateTop10 ?? null,
      liftTop10: m.metrics.liftTop10 ?? null, topK: m.metrics.topK ?? null, hitRateTopK: m.metrics.hitRateTopK ?? null, liftTopK: m.metrics.liftTopK ?? null,
      firstTimeExamples: m.metrics.firstTimeExamples ?? null, firstTimeBuyers: m.metrics.firstTimeBuyers ?? null, firstTimeBaseRate: m.metrics.firstTimeBaseRate ?? null,
      firstTimeAuc: m.metrics.firstTimeAuc ?? null, firstTimeHitRateTop10: m.metrics.firstTimeHitRateTop10 ?? null, firstTimeLiftTop10: m.metrics.firstTimeLiftTop10 ?? null,
      noModelReason: m.noModelReason,
    },
    items: list.items.slice(from, from + page.pageSize).map((t) => ({ ...t, reasons: t.reasons.map((r) => ({ code: r.code, text: r[language] })) })),
    total: list.items.length,
  };
}

function contextOf(request: FastifyRequest): ProductContext {
  return { user: callerOf(request), now: request.server.clock(), ip: request.ip, language: preferredLanguage(request.headers['accept-language']) };
}

export const productRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', requireUser);
  app.addHook('onRequest', requirePermission('customers'));

  exportableListRoute(app, {
    url: '/api/products',
    tags: ['products'],
    summary: 'The product library (金融产品), filtered by risk level, type and code or name, by product code; &format=xlsx',
    querystring: productListQuery,
    answer: productList,
    json: (_request, { page, pageSize, ...filter }) => listProducts(app.pool, filter, { page, pageSize }),
    xlsx: (request, { page: _page, pageSize: _pageSize, ...filter }) => {
      const ctx = contextOf(request);
      return { what: 'product', names: productExportNames(ctx.now), write: (out) => exportProducts(app.pool, filter, ctx, out) };
    },
  });

  app.get(
    '/api/products/:productCode',
    {
      schema: {
        tags: ['products'],
        summary: 'One product with its marketing data and its holders in the caller’s scope on the last imported day; 404 when unknown',
        params: productParams,
        response: { 200: productDetailSchema },
      },
    },
    async (request) => productDetail(app.pool, request.params.productCode, contextOf(request)),
  );

  app.put(
    '/api/products/:productCode',
    {
      onRequest: requirePermission('products.manage'),
      schema: {
        tags: ['products'],
        summary: 'Replace the product’s marketing data (description, sales window, sales commission rate, target description), audited; 404 when unknown',
        params: productParams,
        body: marketingBody,
        response: { 200: productDetailSchema },
      },
    },
    async (request) => updateMarketing(app.pool, request.params.productCode, request.body, contextOf(request)),
  );

  app.get(
    '/api/products/:productCode/holders',
    {
      schema: {
        tags: ['products'],
        summary: 'The product’s holders in the caller’s scope on a trading day (default the last imported one), largest first, with totals',
        params: productParams,
        querystring: holdersQuery,
        response: { 200: holderList },
      },
    },
    async (request) => productHolders(app.pool, request.params.productCode, request.query, contextOf(request)),
  );

  app.get(
    '/api/products/:productCode/sales',
    {
      schema: {
        tags: ['products'],
        summary: 'The product’s subscriptions, purchases and redemptions in the caller’s scope, newest first, with exact totals',
        params: productParams,
        querystring: salesQuery,
        response: { 200: saleList },
      },
    },
    async (request) => productSales(app.pool, request.params.productCode, request.query, contextOf(request)),
  );

  getValidated(
    app,
    '/api/products/:productCode/targets',
    {
      tags: ['products'],
      summary: 'The product target customers (目标客户): MATCH customers in the caller scope not holding it, ranked by the family propensity model, with reasons and the model out-of-time quality; &format=xlsx',
      params: productParams,
      querystring: targetsQuery,
      answer: targetListSchema,
    },
    async (request, { params, query }, reply) => {
      const ctx = contextOf(request);
      const { format, page, pageSize, ...opts } = query;
      const size = pageSize ?? opts.limit;
      // the reasons of the page shown (the Excel file: of every row)
      const reasons = format === 'json' ? { from: (page - 1) * size, count: size } : undefined;
      const list = await targetList(app.pool, ctx.user, params.productCode, { ...opts, now: ctx.now, reasons });
      if (format === 'json') return targetAnswer(list, ctx.language, { page, pageSize: size });
      return sendXlsxStream(request, reply, {
        what: 'product-targets',
        names: targetExportNames(params.productCode, ctx.now),
        write: (out) => exportTargets(app.pool, ctx.user, list, { limit: opts.limit, now: ctx.now, ip: ctx.ip, language: ctx.language }, out),
      });
    },
  );
};
