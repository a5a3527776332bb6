/**
 * Payroll (薪酬) under /api/payroll: months (compute, lock), payslips (scoped to the caller, JSON or
 * &format=xlsx; a staff member's over months), adjustments (薪酬调整) and commission templates
 * (提成模板). Every route needs `payroll.view`; compute, lock, adjustment and template changes, and the
 * Excel export each their own permission (auth.rules.ts); the lock stands in for the approval flow
 * until workflows exist. Schemas in and out: payroll.schemas.ts.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { preferredLanguage } from '../../errors.js';
import { contentDisposition, XLSX_CONTENT_TYPE, xlsxFileNames } from '../../lib/excel.js';
import { callerOf, requirePermission, requireUser } from '../auth/auth.hooks.js';
import {
  adjustmentChangeBody, adjustmentListSchema, adjustmentParams, adjustmentSchema, computeBody, month, monthParams, monthStatusSchema, newAdjustmentBody,
  newTemplateBody, payslipDetailSchema, payslipListSchema, payslipsQuery, staffNo, staffPayslipsQuery, staffPayslipsSchema, templateBody,
  templateListSchema, templateParams, templateSchema, templateUpdateSchema,
} from './payroll.schemas.js';
import { createAdjustment, deleteAdjustment, listAdjustments, updateAdjustment } from './payroll.adjustments.service.js';
import { computeMonth } from './payroll.compute.service.js';
import { exportPayslips } from './payroll.export.service.js';
import { lockMonth, monthStatus, type PayrollActor } from './payroll.months.service.js';
import { getPayslip, listPayslips, staffPayslips } from './payroll.payslips.service.js';
import { createTemplate, getTemplate, listTemplates, updateTemplate } from './payroll.templates.service.js';

function actorOf(request: FastifyRequest): PayrollActor {
  return { user: callerOf(request), ip: request.ip };
}

const tags = ['payroll'];

export const payrollRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', requireUser);
  app.addHook('onRequest', requirePermission('payroll.view'));

  // ---------------------------------------------------------------- months

  app.get(
    '/api/payroll/months/:month',
    { schema: { tags, summary: 'A payroll month: status (OPEN/LOCKED), template, computed, stale', params: monthParams, response: { 200: monthStatusSchema } } },
    async (request) => monthStatus(app.pool, request.params.month),
  );

  app.post(
    '/api/payroll/months/:month/compute',
    {
      onRequest: requirePermission('payroll.compute'),
      schema: {
        tags,
        summary: 'Compute or recompute the payslips of an open, complete month (payroll.compute)',
        description: "Optional body { templateCode }: the commission template to compute with (default the month's own, else DEFAULT).",
        params: monthParams,
        body: computeBody,
        response: { 200: monthStatusSchema },
      },
    },
    async (request) => computeMonth(app.pool, request.params.month, actorOf(request), { templateCode: request.body?.templateCode }),
  );

  app.post(
    '/api/payroll/months/:month/lock',
    { onRequest: requirePermission('payroll.lock'), schema: { tags, summary: 'Lock a computed month (payroll.lock; stands in for approval)', params: monthParams, response: { 200: monthStatusSchema } } },
    async (request) => lockMonth(app.pool, request.params.month, actorOf(request)),
  );

  // ---------------------------------------------------------------- payslips (工资单)

  app.get(
    '/api/payroll/months/:month/payslips',
    {
      schema: {
        tags,
        summary: "The month's payslips (工资单) within the caller's scope; &format=xlsx for Excel (payroll.export)",
        params: monthParams,
        querystring: payslipsQuery,
        response: {
          200: {
            description: 'The payslips as JSON, or with format=xlsx the Excel workbook',
            content: {
              'application/json': { schema: payslipListSchema },
              [XLSX_CONTENT_TYPE]: { schema: z.string().meta({ format: 'binary' }) },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const m = request.params.month;
      if (request.query.format === 'json') return listPayslips(app.pool, m, callerOf(request));
      const buffer = await exportPayslips(app.pool, m, actorOf(request), app.clock(), preferredLanguage(request.headers['accept-language']));
      // A Buffer is sent as it is (never through the JSON serializer); the typed reply only knows the schemas.
      const untyped = reply as FastifyReply;
      const file = xlsxFileNames('工资单', 'payslips', m);
      return untyped.type(XLSX_CONTENT_TYPE).header('content-disposition', contentDisposition(file.utf8, file.ascii)).send(buffer);
    },
  );

  app.get(
    '/api/payroll/months/:month/payslips/:staffNo',
    {
      schema: {
        tags,
        summary: 'One payslip with its breakdown (tiers, products, adjustments)',
        params: z.object({ month, staffNo }),
        response: { 200: payslipDetailSchema },
      },
    },
    async (request) => getPayslip(app.pool, request.params.month, request.params.staffNo, callerOf(request)),
  );

  app.get(
    '/api/payroll/payslips',
    {
      schema: {
        tags,
        summary: "A staff member's payslips over months (我的工资单 without staffNo), within the caller's scope",
        description: 'Oldest first; monthFrom and monthTo are inclusive. 404 for a staff member out of scope.',
        querystring: staffPayslipsQuery,
        response: { 200: staffPayslipsSchema },
      },
    },
    async (request) => staffPayslips(app.pool, request.query, callerOf(request)),
  );

  // ---------------------------------------------------------------- adjustments (薪酬调整)

  app.get(
    '/api/payroll/months/:month/adjustments',
    { schema: { tags, summary: "The month's adjustments (薪酬调整) within the caller's scope", params: monthParams, response: { 200: adjustmentListSchema } } },
    async (request) => ({ items: await listAdjustments(app.pool, request.params.month, callerOf(request)) }),
  );

  app.post(
    '/api/payroll/adjustments',
    {
      onRequest: requirePermission('payroll.adjust'),
      schema: {
        tags,
        summary: 'Record an adjustment (payroll.adjust); amount is a positive magnitude, deductions are stored negative',
        description: 'A locked month refuses it (409) unless toNextMonth is true: then it is recorded against the next month as a correction.',
        body: newAdjustmentBody,
        response: { 201: adjustmentSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await createAdjustment(app.pool, request.body, actorOf(request))),
  );

  app.patch(
    '/api/payroll/adjustments/:id',
    {
      onRequest: requirePermission('payroll.adjust'),
      schema: {
        tags,
        summary: 'Change an adjustment of an open month (payroll.adjust)',
        params: adjustmentParams,
        body: adjustmentChangeBody,
        response: { 200: adjustmentSchema },
      },
    },
    async (request) => updateAdjustment(app.pool, request.params.id, request.body, actorOf(request)),
  );

  app.delete(
    '/api/payroll/adjustments/:id',
    { onRequest: requirePermission('payroll.adjust'), schema: { tags, summary: 'Delete an adjustment of an open month (payroll.adjust)', params: adjustmentParams, response: { 204: z.null().describe('deleted') } } },
    async (request, reply) => {
      await deleteAdjustment(app.pool, request.params.id, actorOf(request));
      return reply.code(204).send(null);
    },
  );

  // ---------------------------------------------------------------- templates (提成模板)

  app.get(
    '/api/payroll/templates',
    { schema: { tags, summary: 'Commission templates (提成模板): base salary by level, marginal tiers, product rates', response: { 200: templateListSchema } } },
    async () => ({ items: await listTemplates(app.pool) }),
  );

  app.get(
    '/api/payroll/templates/:code',
    { schema: { tags, summary: 'One commission template', params: templateParams, response: { 200: templateSchema } } },
    async (request) => getTemplate(app.pool, request.params.code),
  );

  app.post(
    '/api/payroll/templates',
    {
      onRequest: requirePermission('payroll.templates'),
      schema: {
        tags,
        summary: 'Create a commission template (payroll.templates)',
        description: 'A month uses it when computed with { templateCode }. Tiers start at 0 and ascend; rates 0–1; base salaries above 0, in cents.',
        body: newTemplateBody,
        response: { 201: templateSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await createTemplate(app.pool, request.body, actorOf(request))),
  );

  app.put(
    '/api/payroll/templates/:code',
    {
      onRequest: requirePermission('payroll.templates'),
      schema: {
        tags,
        summary: 'Replace a commission template (payroll.templates)',
        description:
          'Every level\'s base salary and the tiers (contiguous from 0, ascending; rates 0–1 as decimal strings). Open months computed with the template become stale (staleMonths); locked months never change.',
        params: templateParams,
        body: templateBody,
        response: { 200: templateUpdateSchema },
      },
    },
    async (request) => updateTemplate(app.pool, request.params.code, request.body, actorOf(request)),
  );
};
