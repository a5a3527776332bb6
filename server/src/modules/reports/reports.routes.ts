/**
 * GET /api/reports → the report catalogue (the registry, defaults resolved for the caller);
 * GET /api/reports/{id}?… → { columns: [{ key, title }], rows, totals } scoped to the caller; with
 * &page=&pageSize= one page of the rows and `total` (the totals only with &totals=true); with
 * &format=xlsx the whole report as an Excel file (报表统计, interfaces.md "Reports").
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { preferredLanguage } from '../../errors.js';
import { markReadSource } from '../../db/read-replica.js';
import { businessDate } from '../../lib/dates.js';
import { sendXlsxStream } from '../../lib/excel.js';
import { callerOf, requirePermission, requireUser } from '../auth/auth.hooks.js';
import { PARAM_KINDS, REPORTS } from './reports.registry.js';
import { COLUMN_KINDS } from './reports.rules.js';
import { exportFileNames, exportReport, prepareReport, reportCatalogue, runReportJson, runReportPageJson, type ReportRequest } from './reports.service.js';

function reportRequest(request: FastifyRequest): ReportRequest {
  const now = request.server.clock();
  return { user: callerOf(request), asOf: businessDate(now), now, ip: request.ip, language: preferredLanguage(request.headers['accept-language']) };
}

const localized = z.object({ zh: z.string(), en: z.string() });

const catalogue = z.array(
  z.object({
    id: z.string(),
    title: localized,
    note: localized.optional().describe('a one-line explanation shown above the table'),
    parameters: z.array(
      z.object({
        name: z.string(),
        kind: z.enum(PARAM_KINDS),
        label: localized,
        options: z.array(z.object({ value: z.string(), zh: z.string(), en: z.string() })).optional().describe('the values of a select'),
        optional: z.boolean().describe('may be left empty (see oneOf)'),
        min: z.number().int().optional(),
        max: z.number().int().optional(),
        default: z.string().nullable().describe('the value the form starts with for this caller (last trading day, own team or branch); null when none'),
      }),
    ),
    ranges: z.array(z.tuple([z.string(), z.string()])).describe('pairs [from, to] of parameters that must be in order'),
    oneOf: z.array(z.string()).optional().describe('optional parameters of which exactly one must be given'),
    columns: z.array(
      z.object({
        key: z.string(),
        zh: z.string(),
        en: z.string(),
        kind: z.enum(COLUMN_KINDS),
        code: z.string().optional().describe('the dictionary kind of a coded column (shared/codes.ts)'),
        total: z.boolean().describe('summed in the totals row'),
      }),
    ),
  }),
);

const reportResult = z.object({
  columns: z.array(z.object({ key: z.string(), title: z.string() })),
  rows: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()]))).describe('money and rates as decimal strings rounded half up, counts as numbers; with page/pageSize, that page of them'),
  total: z
    .number()
    .int()
    .nullable()
    .optional()
    .describe('with page/pageSize: the number of rows of the whole answer; null where counting reads every row’s figures (commission-rate, asset-extremes, relationship-assets): then it comes with totals=true'),
  totals: z
    .record(z.string(), z.string())
    .nullable()
    .optional()
    .describe(
      'the totals row: per totals column, the exact sum over all rows (not only the page) as a decimal string (money rounded half up to 0.01); null when the report has none. With page/pageSize only when totals=true',
    ),
});

/** Paging of a report (interfaces.md's list convention); without page and pageSize, every row. */
const pagingQuery = {
  page: z.coerce.number().int().min(1).optional().describe('the page, from 1 (with pageSize; either alone pages with the other’s default 1 / 50)'),
  pageSize: z.coerce.number().int().min(1).max(500).optional().describe('rows per page, 1–500'),
  totals: z.enum(['true', 'false']).optional().describe('with paging: add the exact totals over all rows, and the exact total (they read every row: ask once per parameters)'),
};

export const reportRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', requireUser);
  app.addHook('onRequest', requirePermission('reports'));

  app.get(
    '/api/reports',
    {
      schema: {
        tags: ['reports'],
        summary: 'The report catalogue (报表统计): parameters, defaults for the caller, columns and totals',
        response: { 200: catalogue },
      },
    },
    async (request) => reportCatalogue(app.pool, callerOf(request), businessDate(request.server.clock())),
  );

  app.get(
    '/api/reports/:id',
    {
      schema: {
        tags: ['reports'],
        summary: 'A report (报表统计), scoped to the caller; &format=xlsx for the Excel file',
        description: `Reports: ${[...REPORTS.keys()].join(', ')}. Parameters per report: the catalogue, GET /api/reports (and interfaces.md).`,
        params: z.object({ id: z.string() }),
        querystring: z.looseObject({ format: z.enum(['json', 'xlsx']).default('json'), ...pagingQuery }),
        response: { 200: reportResult.describe('the JSON answer (format=json); format=xlsx answers an Excel file') },
      },
    },
    async (request, reply) => {
      const { format, page, pageSize, totals, ...rawParams } = request.query;
      const req = reportRequest(request);
      const prepared = prepareReport(request.params.id, rawParams, req);
      const paged = page !== undefined || pageSize !== undefined ? { page: page ?? 1, pageSize: pageSize ?? 50, totals: totals === 'true' } : null;
      // on the read replica while it has every imported day (db/read-replica.ts), else on the primary
      if (format === 'json') {
        const { value: json, choice } = await app.reads.read((pool) => (paged ? runReportPageJson(pool, prepared, paged, req.language) : runReportJson(pool, prepared, req.language)));
        // The JSON is serialized by the service already: sent as it is, never through the response schema (which types `send`).
        const raw: FastifyReply = reply;
        markReadSource(app.reads, raw, choice);
        return raw.type('application/json; charset=utf-8').send(json);
      }
      const choice = await app.reads.choose();
      markReadSource(app.reads, reply, choice);
      const auditOn = choice.source === 'replica' ? app.pool : undefined;
      return sendXlsxStream(request, reply, { what: 'report', names: exportFileNames(prepared, req), write: (out) => exportReport(choice.pool, prepared, req, out, auditOn) });
    },
  );
};
