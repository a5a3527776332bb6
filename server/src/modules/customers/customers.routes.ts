/**
 * GET /api/customers (the scoped list) and GET /api/customers/{customerNo} (the 360° view).
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { businessDate } from '../access/business-date.js';
import { callerOf, requirePermission, requireUser } from '../auth/auth.hooks.js';
import { customer360, customerList, customerListQuery, customerNoParams } from './customers.schemas.js';
import { getCustomer360, listCustomers, type ReadContext } from './customers.service.js';

function readContext(request: FastifyRequest): ReadContext {
  return { asOf: businessDate(request.server.clock()), ip: request.ip };
}

export const customerRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', requireUser);
  app.addHook('onRequest', requirePermission('customers'));

  app.get(
    '/api/customers',
    {
      schema: {
        tags: ['customers'],
        summary: 'Customers in the caller’s scope (客户查询)',
        querystring: customerListQuery,
        response: { 200: customerList },
      },
    },
    async (request) => listCustomers(app.pool, callerOf(request), request.query, readContext(request)),
  );

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
