/**
 * 客户价值 and 客户贡献 (business-rules.md §6): GET /api/intelligence/rfm (the eight segments of the
 * caller's scope), /api/intelligence/rfm/customers (a segment's customers, &format=xlsx),
 * /api/intelligence/contribution (totals, the scatter and the large-but-unprofitable rule) and
 * /api/intelligence/contribution/customers (every part per customer, &format=xlsx).
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { readPoolFor } from '../../db/read-replica.js';
import { preferredLanguage } from '../../errors.js';
import { businessDate } from '../../lib/dates.js';
import { exportableListRoute } from '../../lib/export-route.js';
import { callerOf, requirePermission, requireUser } from '../auth/auth.hooks.js';
import {
  contributionAnswer, contributionCustomerList, contributionCustomersQuery, rfmAnswer, rfmCustomerList, rfmCustomersQuery, valueDayQuery,
} from './value.schemas.js';
import {
  contributionSummary, exportContributionCustomers, exportRfmCustomers, listContributionCustomers, listRfmCustomers, rfmSummary, valueExportNames,
  type ValueContext,
} from './value.service.js';

function contextOf(request: FastifyRequest): ValueContext {
  return { user: callerOf(request), now: request.server.clock(), ip: request.ip, language: preferredLanguage(request.headers['accept-language']) };
}

export const valueRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', requireUser);
  app.addHook('onRequest', requirePermission('customers'));

  app.get(
    '/api/intelligence/rfm',
    {
      schema: {
        tags: ['intelligence'],
        summary: 'RFM value segments (客户价值) of the open customers in the caller’s scope on the day, against the scope’s averages',
        querystring: valueDayQuery,
        response: { 200: rfmAnswer },
      },
    },
    async (request) => rfmSummary(app.pool, callerOf(request), request.query.date),
  );

  exportableListRoute(app, {
    url: '/api/intelligence/rfm/customers',
    tags: ['intelligence'],
    summary: 'The customers of an RFM segment (or all) in the caller’s scope, M high to low; &format=xlsx for every row as Excel',
    querystring: rfmCustomersQuery,
    answer: rfmCustomerList,
    json: async (request, query, reply) => listRfmCustomers(await readPoolFor(request, reply), callerOf(request), query),
    xlsx: (request, { date, segment }) => {
      const ctx = contextOf(request);
      return { what: 'customer-value', names: valueExportNames('rfm', date ?? businessDate(ctx.now)), write: (out) => exportRfmCustomers(app.pool, { date, segment }, ctx, out) };
    },
  });

  app.get(
    '/api/intelligence/contribution',
    {
      schema: {
        tags: ['intelligence'],
        summary: 'Contribution (客户贡献) of the caller’s scope on the day: exact totals, the large-but-unprofitable rule and the scatter of average net asset vs contribution',
        querystring: valueDayQuery,
        response: { 200: contributionAnswer },
      },
    },
    async (request) => contributionSummary(app.pool, callerOf(request), request.query.date),
  );

  exportableListRoute(app, {
    url: '/api/intelligence/contribution/customers',
    tags: ['intelligence'],
    summary: 'Each customer’s contribution with every part (flagged=true: the large but unprofitable); &format=xlsx for every row as Excel',
    querystring: contributionCustomersQuery,
    answer: contributionCustomerList,
    json: async (request, query, reply) => listContributionCustomers(await readPoolFor(request, reply), callerOf(request), query),
    xlsx: (request, { date, flagged, sort }) => {
      const ctx = contextOf(request);
      return {
        what: 'customer-contribution',
        names: valueExportNames('contribution', date ?? businessDate(ctx.now)),
        write: (out) => exportContributionCustomers(app.pool, { date, flagged, sort }, ctx, out),
      };
    },
  });
};
