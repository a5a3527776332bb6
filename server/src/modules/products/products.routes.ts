/**
 * 金融产品管理 (interfaces.md "Products, suitability and margin"): GET /api/products (&format=xlsx),
 * GET /api/products/{productCode}, PUT /api/products/{productCode} (the marketing data:
 * `products.manage`), GET /api/products/{productCode}/holders and /sales (in the caller's scope).
 * Reading needs `customers`.
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { preferredLanguage } from '../../errors.js';
import { exportableListRoute } from '../../lib/export-route.js';
import { callerOf, requirePermission, requireUser } from '../auth/auth.hooks.js';
import {
  holderList, holdersQuery, marketingBody, productDetail as productDetailSchema, productList, productListQuery, productParams, saleList, salesQuery,
} from './products.schemas.js';
import {
  exportProducts, listProducts, productDetail, productExportNames, productHolders, productSales, updateMarketing, type ProductContext,
} from './products.service.js';

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
};
