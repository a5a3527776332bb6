/**
 * 客户信息完善 (issue 14 item 3): GET and PUT /api/customers/{customerNo}/kyc (the customer
 * information form; reading needs `customers`, saving `contacts.write`), GET
 * /api/customers/{customerNo}/kyc/history and GET /api/kyc/incomplete (信息待完善; format=xlsx for
 * the Excel file). Everything is in the caller's scope: 404 for a customer outside it.
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { preferredLanguage } from '../../errors.js';
import { exportableListRoute } from '../../lib/export-route.js';
import { callerOf, requirePermission, requireUser } from '../auth/auth.hooks.js';
import { customerNoParams } from '../customers/customers.schemas.js';
import { historyList, historyQuery, incompleteList, incompleteQuery, kycBody, kycView } from './kyc.schemas.js';
import { exportIncomplete, getKyc, incompleteExportNames, kycHistory, listIncomplete, saveKyc, type KycContext } from './kyc.service.js';

function contextOf(request: FastifyRequest): KycContext {
  return { user: callerOf(request), now: request.server.clock(), ip: request.ip, language: preferredLanguage(request.headers['accept-language']) };
}

export const kycRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', requireUser);
  const canRead = requirePermission('customers');

  app.get(
    '/api/customers/:customerNo/kyc',
    {
      onRequest: canRead,
      schema: {
        tags: ['kyc'],
        summary: 'The customer information form (客户信息表) with its completeness score and missing fields; personal information masked by role; 404 when unknown or out of scope',
        params: customerNoParams,
        response: { 200: kycView },
      },
    },
    async (request) => getKyc(app.pool, request.params.customerNo, contextOf(request)),
  );

  app.put(
    '/api/customers/:customerNo/kyc',
    {
      onRequest: requirePermission('contacts.write'),
      schema: {
        tags: ['kyc'],
        summary: 'Save fields of the customer information form (a field left out keeps its value; household and relatedAccounts replace the lists); each change is kept in the history; 422 naming each bad field',
        params: customerNoParams,
        body: kycBody,
        response: { 200: kycView },
      },
    },
    async (request) => saveKyc(app.pool, request.params.customerNo, request.body, contextOf(request)),
  );

  app.get(
    '/api/customers/:customerNo/kyc/history',
    {
      onRequest: canRead,
      schema: {
        tags: ['kyc'],
        summary: 'Every change of the customer information form, newest first (who, when, field, old → new; personal values masked by role)',
        params: customerNoParams,
        querystring: historyQuery,
        response: { 200: historyList },
      },
    },
    async (request) => kycHistory(app.pool, request.params.customerNo, request.query, contextOf(request)),
  );

  app.register(async (scoped) => {
    scoped.addHook('onRequest', canRead);
    exportableListRoute(scoped, {
      url: '/api/kyc/incomplete',
      tags: ['kyc'],
      summary: 'The customers in the caller’s scope whose information is incomplete (信息待完善): below the threshold, or in a score band; lowest first; &format=xlsx for every filtered row',
      querystring: incompleteQuery,
      answer: incompleteList,
      json: (request, filter) => listIncomplete(app.pool, filter, contextOf(request)),
      xlsx: (request, { page: _page, pageSize: _pageSize, ...filter }) => {
        const ctx = contextOf(request);
        return { what: 'kyc-incomplete', names: incompleteExportNames(ctx.now), write: (out) => exportIncomplete(app.pool, filter, ctx, out) };
      },
    });
  });
};
