/**
 * 融资融券 (interfaces.md "Products, suitability and margin"): GET /api/margin/accounts (the credit
 * accounts in scope with their maintenance ratio and state, &format=xlsx), GET
 * /api/margin/accounts/{fundAccount} (one account with its history), GET
 * /api/margin/customers/{customerNo} (the customer's credit accounts with their histories, the 360°
 * view), GET /api/margin/qualified-pool (the qualified customers, &format=xlsx) and GET
 * /api/margin/qualified-pool/{customerNo} (`{ qualified, failing }`).
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { readPoolFor } from '../../db/read-replica.js';
import { preferredLanguage } from '../../errors.js';
import { exportableListRoute } from '../../lib/export-route.js';
import { getValidated } from '../../lib/validated-route.js';
import { callerOf, requirePermission, requireUser } from '../auth/auth.hooks.js';
import {
  marginAccountDetail, marginAccountList, marginAccountParams, marginAccountQuery, marginCustomerAccounts, marginCustomerParams, poolCheck, poolList, poolQuery,
} from './margin.schemas.js';
import {
  accountDetail, accountExportNames, checkPool, customerAccounts, exportAccounts, exportPool, listAccounts, listPool, poolExportNames, type MarginContext,
} from './margin.service.js';

function contextOf(request: FastifyRequest): MarginContext {
  return { user: callerOf(request), now: request.server.clock(), ip: request.ip, language: preferredLanguage(request.headers['accept-language']) };
}

const poolCheckQuery = z.object({ date: poolQuery.shape.date });

export const marginRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', requireUser);
  app.addHook('onRequest', requirePermission('customers'));

  exportableListRoute(app, {
    url: '/api/margin/accounts',
    tags: ['margin'],
    summary: 'The credit accounts (信用账户) in the caller’s scope on an imported day: debt, interest, collateral, the maintenance ratio and its state against the configured lines, lowest ratio first; &format=xlsx for every filtered row with totals',
    querystring: marginAccountQuery,
    answer: marginAccountList,
    json: async (request, { page, pageSize, ...filter }, reply) => listAccounts(await readPoolFor(request, reply), filter, { page, pageSize }, contextOf(request)),
    xlsx: (request, { page: _page, pageSize: _pageSize, ...filter }) => {
      const ctx = contextOf(request);
      return { what: 'margin-accounts', names: accountExportNames(ctx.now), write: (out) => exportAccounts(app.pool, filter, ctx, out) };
    },
  });

  getValidated(
    app,
    '/api/margin/accounts/:fundAccount',
    { tags: ['margin'], summary: 'One credit account on the latest imported day with its daily history; 404 when unknown, not a credit account or out of scope', params: marginAccountParams, answer: marginAccountDetail },
    async (request, { params }) => accountDetail(app.pool, params.fundAccount, contextOf(request)),
  );

  getValidated(
    app,
    '/api/margin/customers/:customerNo',
    { tags: ['margin'], summary: 'The customer’s credit accounts with their daily histories (the 360° view); 404 when unknown or out of scope', params: marginCustomerParams, answer: marginCustomerAccounts },
    async (request, { params }) => customerAccounts(app.pool, params.customerNo, contextOf(request)),
  );

  exportableListRoute(app, {
    url: '/api/margin/qualified-pool',
    tags: ['margin'],
    summary: 'The qualified margin customer pool (两融合格客户池) in the caller’s scope on an imported day: the customers who meet every condition, highest 20-day average asset first; &format=xlsx for all of them',
    querystring: poolQuery,
    answer: poolList,
    json: async (request, { page, pageSize, ...filter }, reply) => listPool(await readPoolFor(request, reply), filter, { page, pageSize }, contextOf(request)),
    xlsx: (request, { page: _page, pageSize: _pageSize, ...filter }) => {
      const ctx = contextOf(request);
      return { what: 'margin-pool', names: poolExportNames(ctx.now), write: (out) => exportPool(app.pool, filter, ctx, out) };
    },
  });

  getValidated(
    app,
    '/api/margin/qualified-pool/:customerNo',
    { tags: ['margin'], summary: 'One customer against the qualified pool’s conditions: qualified, and the codes of the conditions failed; 404 when unknown or out of scope', params: marginCustomerParams, querystring: poolCheckQuery, answer: poolCheck },
    async (request, { params, query }) => checkPool(app.pool, params.customerNo, query.date, contextOf(request)),
  );
};
