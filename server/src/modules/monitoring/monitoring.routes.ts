/**
 * GET /api/alerts (the alert list, &format=xlsx), GET /api/alerts/{id} (one alert with its
 * history) and POST /api/alerts/{id}/actions (acknowledge, close, note): 异常监控, business-rules.md §9.
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { preferredLanguage } from '../../errors.js';
import { exportableListRoute } from '../../lib/export-route.js';
import { getValidated } from '../../lib/validated-route.js';
import { callerOf, requirePermission, requireUser } from '../auth/auth.hooks.js';
import { alert, alertActionBody, alertDetail, alertList, alertListQuery, alertParams } from './monitoring.schemas.js';
import { actOnAlert, alertExportNames, exportAlerts, getAlert, listAlerts, type AlertContext } from './monitoring.service.js';

function contextOf(request: FastifyRequest): AlertContext {
  return { user: callerOf(request), now: request.server.clock(), ip: request.ip, language: preferredLanguage(request.headers['accept-language']) };
}

export const monitoringRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', requireUser);
  // reading needs `customers`; acting needs `alerts.act` too (every role that has it has `customers`)
  app.addHook('onRequest', requirePermission('customers'));

  exportableListRoute(app, {
    url: '/api/alerts',
    tags: ['monitoring'],
    summary: 'Monitoring alerts of the customers in the caller’s scope (异常监控), newest day first; &format=xlsx for every filtered row as Excel',
    querystring: alertListQuery,
    answer: alertList,
    json: (request, { page, pageSize, ...filter }) => listAlerts(app.pool, filter, { page, pageSize }, contextOf(request)),
    xlsx: (request, { page: _page, pageSize: _pageSize, ...filter }) => {
      const ctx = contextOf(request);
      return { what: 'alert', names: alertExportNames(ctx.now), write: (out) => exportAlerts(app.pool, filter, ctx, out) };
    },
  });

  getValidated(
    app,
    '/api/alerts/:id',
    { tags: ['monitoring'], summary: 'One alert with its history (oldest first); 404 when unknown or out of scope', params: alertParams, answer: alertDetail },
    async (request, { params }) => getAlert(app.pool, params.id, contextOf(request)),
  );

  app.post(
    '/api/alerts/:id/actions',
    {
      onRequest: requirePermission('alerts.act'),
      schema: {
        tags: ['monitoring'],
        summary: 'Acknowledge, close or annotate an alert (NEW → ACKNOWLEDGED → CLOSED; a note in any status); 404 when unknown or out of scope, 409 when the status does not allow it',
        params: alertParams,
        body: alertActionBody,
        response: { 200: alert },
      },
    },
    async (request) => actOnAlert(app.pool, request.params.id, request.body, contextOf(request)),
  );
};
