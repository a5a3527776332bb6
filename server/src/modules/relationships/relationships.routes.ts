/**
 * GET /api/relationships (经纪关系查询, interfaces.md: customerNo, staffNo, kind, at; plus branch, team,
 * assessmentSet, status, confirmed, month, page, pageSize) → { items, total, month, monthEndDate },
 * scoped to the caller; with &format=xlsx every filtered row as an Excel file (audited).
 */
import { PassThrough } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { preferredLanguage } from '../../errors.js';
import { businessDate } from '../../lib/dates.js';
import { contentDisposition, XLSX_CONTENT_TYPE } from '../../lib/excel.js';
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

  app.get(
    '/api/relationships',
    {
      schema: {
        tags: ['relationships'],
        summary: 'Broker relationships in the caller’s scope (经纪关系查询); &format=xlsx for every filtered row as Excel',
        querystring: relationshipQuerySchema,
        response: { 200: relationshipPage },
      },
    },
    async (request, reply) => {
      const { page, pageSize, format, ...filters } = request.query;
      const req = relationshipRequest(request);
      if (format === 'json') return queryRelationships(app.pool, filters, { page, pageSize }, req);

      const out = new PassThrough();
      const names = exportFileNamesFor(req);
      exportRelationships(app.pool, filters, req, out).catch((err: unknown) => {
        request.log.error({ err }, 'relationship export failed');
        out.destroy(err instanceof Error ? err : new Error(String(err)));
      });
      // a stream is sent as it is (Fastify serializes only plain payloads); the schema documents the JSON answer
      return reply.type(XLSX_CONTENT_TYPE).header('content-disposition', contentDisposition(names.utf8, names.ascii)).send(out as never);
    },
  );
};
