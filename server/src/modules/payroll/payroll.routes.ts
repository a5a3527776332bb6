/**
 * Payroll (薪酬) under /api/payroll: months (compute, lock), payslips (scoped to the caller, JSON or
 * &format=xlsx) and adjustments (薪酬调整). Compute, lock and adjustments: ADMIN and HQ; the lock
 * stands in for the approval flow until workflows exist.
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contentDisposition } from '../reports/reports.rules.js';
import { callerOf, requirePermission, requireUser } from '../auth/auth.hooks.js';
import { ADJUSTMENT_KINDS, isMonth } from './payroll.rules.js';
import {
  computeMonth, createAdjustment, deleteAdjustment, exportPayslips, getPayslip, listAdjustments, listPayslips, lockMonth, monthStatus,
  updateAdjustment, XLSX_CONTENT_TYPE, type PayrollActor,
} from './payroll.service.js';

const month = z.string().refine(isMonth, { message: 'YYYY-MM' });
const monthParams = z.object({ month });
const amount = z.string().regex(/^\d+(\.\d{1,2})?$/, { message: 'a positive amount with at most two decimals, e.g. "200.00"' });
const adjustmentId = z.object({ id: z.string().regex(/^\d{1,18}$/) });

function actorOf(request: FastifyRequest): PayrollActor {
  return { user: callerOf(request), ip: request.ip };
}

export const payrollRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', requireUser);
  app.addHook('onRequest', requirePermission('reports'));

  app.get('/api/payroll/months/:month', { schema: { tags: ['payroll'], summary: 'A payroll month: status (OPEN/LOCKED), computed, stale', params: monthParams } }, async (request) =>
    monthStatus(app.pool, request.params.month),
  );

  app.post(
    '/api/payroll/months/:month/compute',
    { schema: { tags: ['payroll'], summary: 'Compute or recompute the payslips of an open, complete month (ADMIN, HQ)', params: monthParams } },
    async (request) => computeMonth(app.pool, request.params.month, actorOf(request)),
  );

  app.post(
    '/api/payroll/months/:month/lock',
    { schema: { tags: ['payroll'], summary: 'Lock a computed month (ADMIN, HQ; stands in for approval)', params: monthParams } },
    async (request) => lockMonth(app.pool, request.params.month, actorOf(request)),
  );

  app.get(
    '/api/payroll/months/:month/payslips',
    {
      schema: {
        tags: ['payroll'],
        summary: "The month's payslips (工资单) within the caller's scope; &format=xlsx for Excel",
        params: monthParams,
        querystring: z.object({ format: z.enum(['json', 'xlsx']).default('json') }),
      },
    },
    async (request, reply) => {
      const m = request.params.month;
      if (request.query.format === 'json') return listPayslips(app.pool, m, callerOf(request));
      const buffer = await exportPayslips(app.pool, m, actorOf(request), app.clock());
      return reply.type(XLSX_CONTENT_TYPE).header('content-disposition', contentDisposition(`工资单_${m}.xlsx`, `payslips_${m}.xlsx`)).send(buffer);
    },
  );

  app.get(
    '/api/payroll/months/:month/payslips/:staffNo',
    { schema: { tags: ['payroll'], summary: 'One payslip with its breakdown (tiers, products, adjustments)', params: z.object({ month, staffNo: z.string().min(1).max(40) }) } },
    async (request) => getPayslip(app.pool, request.params.month, request.params.staffNo, callerOf(request)),
  );

  app.get(
    '/api/payroll/months/:month/adjustments',
    { schema: { tags: ['payroll'], summary: "The month's adjustments (薪酬调整) within the caller's scope", params: monthParams } },
    async (request) => ({ items: await listAdjustments(app.pool, request.params.month, callerOf(request)) }),
  );

  app.post(
    '/api/payroll/adjustments',
    {
      schema: {
        tags: ['payroll'],
        summary: 'Record an adjustment (ADMIN, HQ); amount is a positive magnitude, deductions are stored negative',
        description: 'A locked month refuses it (409) unless toNextMonth is true: then it is recorded against the next month as a correction.',
        body: z.object({
          month,
          staffNo: z.string().min(1).max(40),
          kind: z.enum(ADJUSTMENT_KINDS),
          amount,
          note: z.string().max(500).nullish(),
          toNextMonth: z.boolean().default(false),
        }),
      },
    },
    async (request, reply) => reply.code(201).send(await createAdjustment(app.pool, request.body, actorOf(request))),
  );

  app.patch(
    '/api/payroll/adjustments/:id',
    {
      schema: {
        tags: ['payroll'],
        summary: 'Change an adjustment of an open month (ADMIN, HQ)',
        params: adjustmentId,
        body: z.object({ kind: z.enum(ADJUSTMENT_KINDS).optional(), amount: amount.optional(), note: z.string().max(500).nullish() }),
      },
    },
    async (request) => updateAdjustment(app.pool, request.params.id, request.body, actorOf(request)),
  );

  app.delete(
    '/api/payroll/adjustments/:id',
    { schema: { tags: ['payroll'], summary: 'Delete an adjustment of an open month (ADMIN, HQ)', params: adjustmentId } },
    async (request, reply) => {
      await deleteAdjustment(app.pool, request.params.id, actorOf(request));
      return reply.code(204).send();
    },
  );
};
