/**
 * GET /api/audit — the audit log, for roles with the `audit` permission (COMPLIANCE, ADMIN).
 * Registered on its own (app.ts), in the place the audit module's routes had.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { calendarDate } from '../../lib/dates.js';
import { callerOf, requirePermission, requireUser } from '../auth/auth.hooks.js';
import { auditRow, listAudit } from './admin.audit.js';

const auditQuery = z.object({
  from: calendarDate.optional().describe('first day, inclusive (business time zone)'),
  to: calendarDate.optional().describe('last day, inclusive'),
  user: z.string().max(64).optional().describe('username'),
  action: z.string().max(64).optional(),
  entity: z.string().max(64).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/audit',
    {
      onRequest: [requireUser, requirePermission('audit')],
      schema: {
        tags: ['audit'],
        summary: 'The audit log (who, when, what, from where), newest first',
        querystring: auditQuery,
        response: { 200: z.object({ items: z.array(auditRow), total: z.number().int() }) },
      },
    },
    async (request) => {
      const { user, ...filter } = request.query;
      return listAudit(app.pool, { ...filter, username: user }, { user: callerOf(request), ip: request.ip });
    },
  );
};
