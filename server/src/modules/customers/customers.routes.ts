/**
 * GET /api/customers (the scoped list; view=history for 历史客户; format=xlsx for the Excel file of
 * the filtered list) and GET /api/customers/{customerNo} (the 360° view).
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { readPoolFor } from '../../db/read-replica.js';
import { preferredLanguage } from '../../errors.js';
import { businessDate } from '../../lib/dates.js';
import { exportableListRoute } from '../../lib/export-route.js';
import { canSeePii } from '../access/pii.js';
import { callerOf, requirePermission, requireUser } from '../auth/auth.hooks.js';
import { customer360, customerList, customerListQuery, customerNoParams } from './customers.schemas.js';
import { exportCustomers, exportFileNames, getCustomer360, listCustomers, type ReadContext } from './customers.service.js';

function readContext(request: FastifyRequest): ReadContext {
  const now = request.server.clock();
  return { asOf: businessDate(now), ip: request.ip, now, language: preferredLanguage(request.headers['accept-language']) };
}

export const customerRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', requireUser);
  app.addHook('onRequest', requirePermission('customers'));

  exportableListRoute(app, {
    url: '/api/customers',
    tags: ['customers'],
    summary: 'Customers in the caller’s scope (客户查询); view=history for 历史客户; format=xlsx for the Excel file',
    querystring: customerListQuery,
    answer: customerList,
    json: async (request, filter, reply) => {
      const user = callerOf(request);
      // a page of unmasked personal information is audited in its read's transaction: on the primary;
      // masked pages read the replica while it has every imported day (db/read-replica.ts)
      const pool = canSeePii(user) ? app.pool : await readPoolFor(request, reply);
      return listCustomers(pool, user, filter, readContext(request));
    },
    xlsx: (request, filter) => {
      const ctx = readContext(request);
      return { what: 'customer', names: exportFileNames(filter, ctx.asOf), write: (out) => exportCustomers(app.pool, callerOf(request), filter, ctx, out) };
    },
  });

  app.get(
    '/api/customers/:customerNo',
    {
      schema: {
        tags: ['customers'],
        summary: 'The 360° view of one customer (客户360视图); 404 when unknown or out of scope',
        params: customerNoParams,
        response: { 200: customer360 },
      },
    },
    async (request) => getCustomer360(app.pool, callerOf(request), request.params.customerNo, readContext(request)),
  );
};
