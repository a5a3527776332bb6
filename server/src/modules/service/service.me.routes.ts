/**
 * 我的资讯 in the customer space (customer realm, requireCustomer): GET /api/me/content (the items
 * pushed to the logged-in customer and their subscribed products' published content that matches
 * them), GET /api/me/content/{id} (one item; reading it records the read receipt) and
 * POST /api/me/content/{id}/read (the receipt alone). Another customer's item answers 404.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { customerOf, requireCustomer } from '../customer-space/customer-auth.js';
import { myContent, readMyContent } from './service.me.service.js';
import { idParams, myContentDetail, myContentList, pagedQuery } from './service.schemas.js';

export const serviceMeRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ['customer-space'];
  const security = [{ customerSession: [] }];
  const customer = { onRequest: requireCustomer }; // as the customer space's own routes: the realm is checked before the body is read

  app.get('/api/me/content', {
    ...customer,
    schema: { tags, security, summary: 'The customer’s content (我的资讯), newest first, with the unread count', querystring: pagedQuery, response: { 200: myContentList } },
  }, async (request) => myContent(app.pool, customerOf(request), request.query, app.clock()));

  app.get('/api/me/content/:id', {
    ...customer,
    schema: { tags, security, summary: 'One of the customer’s items with its text; records the read receipt', params: idParams, response: { 200: myContentDetail } },
  }, async (request) => readMyContent(app.pool, customerOf(request), request.params.id, app.clock()));

  app.post('/api/me/content/:id/read', {
    ...customer,
    schema: { tags, security, summary: 'Record the read receipt of one of the customer’s items', params: idParams, response: { 200: z.object({ read: z.literal(true) }) } },
  }, async (request) => {
    await readMyContent(app.pool, customerOf(request), request.params.id, app.clock());
    return { read: true as const };
  });
};
