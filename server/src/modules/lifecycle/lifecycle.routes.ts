/**
 * 客户管理 → 级别和分类 (GET /api/intelligence/classification), 睡眠客户 / 潜在流失客户 / 流失客户
 * (GET /api/intelligence/lifecycle-customers, &format=xlsx) and 潜在客户
 * (GET /api/intelligence/prospects, &format=xlsx): business-rules.md §6.
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { preferredLanguage } from '../../errors.js';
import { exportableListRoute } from '../../lib/export-route.js';
import { getValidated } from '../../lib/validated-route.js';
import { callerOf, requirePermission, requireUser } from '../auth/auth.hooks.js';
import { classificationAnswer, classificationQuery, lifecycleList, lifecycleListQuery, prospectList, prospectListQuery } from './lifecycle.schemas.js';
import {
  classification, exportLifecycle, exportProspects, lifecycleExportNames, listLifecycle, listProspects, prospectExportNames, type LifecycleContext,
} from './lifecycle.service.js';

function contextOf(request: FastifyRequest): LifecycleContext {
  return { user: callerOf(request), now: request.server.clock(), ip: request.ip, language: preferredLanguage(request.headers['accept-language']) };
}

export const lifecycleRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', requireUser);
  app.addHook('onRequest', requirePermission('customers'));

  getValidated(
    app,
    '/api/intelligence/classification',
    {
      tags: ['intelligence'],
      summary: 'Customers and net assets per tier × lifecycle in the caller’s scope on a trading day, and at the last 12 month ends (级别和分类)',
      querystring: classificationQuery,
      answer: classificationAnswer,
    },
    async (request, { query }) => classification(app.pool, query.date, contextOf(request)),
  );

  exportableListRoute(app, {
    url: '/api/intelligence/lifecycle-customers',
    tags: ['intelligence'],
    summary: 'Customers in the caller’s scope by lifecycle and tier on a trading day (睡眠 / 潜在流失 / 流失客户), with churn score and reasons; &format=xlsx',
    querystring: lifecycleListQuery,
    answer: lifecycleList,
    json: (request, { page, pageSize, ...filter }) => listLifecycle(app.pool, filter, { page, pageSize }, contextOf(request)),
    xlsx: (request, { page: _page, pageSize: _pageSize, ...filter }) => {
      const ctx = contextOf(request);
      return { what: 'customer', names: lifecycleExportNames(filter, ctx.now), write: (out) => exportLifecycle(app.pool, filter, ctx, out) };
    },
  });

  exportableListRoute(app, {
    url: '/api/intelligence/prospects',
    tags: ['intelligence'],
    summary: 'Appointments (预约开户) not yet opened whose staff member is in the caller’s scope (潜在客户), PII masked per role; &format=xlsx without PII',
    querystring: prospectListQuery,
    answer: prospectList,
    json: (request, { page, pageSize, ...filter }) => listProspects(app.pool, filter, { page, pageSize }, contextOf(request)),
    xlsx: (request, { page: _page, pageSize: _pageSize, ...filter }) => {
      const ctx = contextOf(request);
      return { what: 'prospect', names: prospectExportNames(ctx.now), write: (out) => exportProspects(app.pool, filter, ctx, out) };
    },
  });
};
