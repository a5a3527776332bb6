/**
 * GET /api/relationships (经纪关系查询, interfaces.md: customerNo, staffNo, kind, at; plus branch, team,
 * assessmentSet, status, confirmed, month, page, pageSize) → { items, total, month, monthEndDate },
 * scoped to the caller; with &format=xlsx every filtered row as an Excel file (audited).
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { preferredLanguage } from '../../errors.js';
import { businessDate } from '../../lib/dates.js';
import { exportableListRoute } from '../../lib/export-route.js';
import { callerOf, requirePermission, requireUser } from '../auth/auth.hooks.js';
import { relationshipPage, relationshipQuerySchema } from './relationships.query.js';
import { exportFileNamesFor, exportRelationships, queryRelationships, type RelationshipRequest } from './relationships.service.js';

function relationshipRequest(request: FastifyRequest): RelationshipRequest {
  const now = request.server.clock();
  return { user: callerOf(request), today: businessDate(now), now, ip: request.ip, language: preferredLanguage(request.headers['accept-language']) };
}

export const relationshipRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', requireUser);
  app.addHook('onRequest', requirePermission('customers'));

  exportableListRoute(app, {
    url: '/api/relationships',
    tags: ['relationships'],
    summary: 'Broker relationships in the caller’s scope (经纪关系查询); &format=xlsx for every filtered row as Excel',
    querystring: relationshipQuerySchema,
    answer: relationshipPage,
    json: (request, { page, pageSize, ...filters }) => queryRelationships(app.pool, filters, { page, pageSize }, relationshipRequest(request)),
    xlsx: (request, { page: _page, pageSize: _pageSize, ...filters }) => {
      const req = relationshipRequest(request);
      return { what: 'relationship', names: exportFileNamesFor(req), write: (out) => exportRelationships(app.pool, filters, req, out) };
    },
  });
};
