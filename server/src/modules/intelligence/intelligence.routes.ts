/**
 * GET /api/customers/{customerNo}/profile: one customer's intelligence (interfaces.md), scoped like the
 * 360° view; POST /api/churn/train (ADMIN): retrain the churn model and derive the latest day's
 * intelligence with it (the scores, lifecycle, alerts, labels and groups).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { preferredLanguage } from '../../errors.js';
import { callerOf, requirePermission, requireUser } from '../auth/auth.hooks.js';
import { customerProfile, profileParams, profileQuery } from './intelligence.schemas.js';
import { churnModel } from '../churn/churn.schemas.js';
import { customerProfile as readProfile, trainFromRequest } from './intelligence.service.js';

export const intelligenceRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', requireUser);
  app.addHook('onRequest', requirePermission('customers'));

  app.get(
    '/api/customers/:customerNo/profile',
    {
      schema: {
        tags: ['intelligence'],
        summary: 'A customer’s tier, lifecycle, RFM, contribution, churn score with reasons and labels on the day (404 outside the caller’s scope)',
        params: profileParams,
        querystring: profileQuery,
        response: { 200: customerProfile },
      },
    },
    async (request) =>
      readProfile(app.pool, request.params.customerNo, request.query.date, {
        user: callerOf(request), now: request.server.clock(), language: preferredLanguage(request.headers['accept-language']),
      }),
  );

  app.post(
    '/api/churn/train',
    {
      onRequest: requirePermission('churn.train'),
      schema: {
        tags: ['churn'],
        summary: 'Retrain the churn model on the imported history and derive the latest day again with it: scores, lifecycle, alerts, labels, groups (ADMIN)',
        response: { 200: churnModel },
      },
    },
    async (request) =>
      trainFromRequest(app.pool, {
        user: callerOf(request), now: request.server.clock(), ip: request.ip, language: preferredLanguage(request.headers['accept-language']),
      }),
  );
};
