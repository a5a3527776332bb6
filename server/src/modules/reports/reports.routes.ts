/**
 * GET /api/reports/{id}?… → { columns: [{ key, title }], rows } scoped to the caller;
 * with &format=xlsx the same report as an Excel file (报表统计, interfaces.md "Reports").
 */
import { PassThrough } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { preferredLanguage } from '../../errors.js';
import { businessDate } from '../access/business-date.js';
import { callerOf, requirePermission, requireUser } from '../auth/auth.hooks.js';
import { REPORTS } from './reports.registry.js';
import { contentDisposition } from './reports.rules.js';
import { exportFileNames, exportReport, prepareReport, runReportJson, XLSX_CONTENT_TYPE, type ReportRequest } from './reports.service.js';

function reportRequest(request: FastifyRequest): ReportRequest {
  const now = request.server.clock();
  return { user: callerOf(request), asOf: businessDate(now), now, ip: request.ip, language: preferredLanguage(request.headers['accept-language']) };
}

export const reportRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', requireUser);
  app.addHook('onRequest', requirePermission('reports'));

  app.get(
    '/api/reports/:id',
    {
      schema: {
        tags: ['reports'],
        summary: 'A report (报表统计), scoped to the caller; &format=xlsx for the Excel file',
        description: `Reports: ${[...REPORTS.keys()].join(', ')}. Parameters per report: see interfaces.md.`,
        params: z.object({ id: z.string() }),
        querystring: z.looseObject({ format: z.enum(['json', 'xlsx']).default('json') }),
      },
    },
    async (request, reply) => {
      const { format, ...rawParams } = request.query;
      const req = reportRequest(request);
      const prepared = prepareReport(request.params.id, rawParams, req);
      if (format === 'json') {
        const json = await runReportJson(app.pool, prepared, req.language);
        return reply.type('application/json; charset=utf-8').send(json);
      }

      const out = new PassThrough();
      const names = exportFileNames(prepared, req);
      exportReport(app.pool, prepared, req, out).catch((err: unknown) => {
        request.log.error({ err }, 'report export failed');
        out.destroy(err instanceof Error ? err : new Error(String(err)));
      });
      return reply.type(XLSX_CONTENT_TYPE).header('content-disposition', contentDisposition(names.utf8, names.ascii)).send(out);
    },
  );
};
