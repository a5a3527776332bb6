/**
 * GET /api/audit — the audit log, for roles with the `audit` permission (COMPLIANCE, ADMIN).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { calendarDate } from '../../dates.js';
import { callerOf, requirePermission, requireUser } from '../auth/auth.hooks.js';
import { listAudit } from './audit.service.js';

const auditQuery = z.object({
  from: calendarDate.optional().describe('first day, inclusive (business time zone)'),
  to: calendarDate.optional().describe('last day, inclusive'),
  user: z.string().max(64).optional().describe('username'),
  action: z.string().max(64).optional(),
  entity: z.string().max(64).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});

const auditRow = z.object({
  id: z.string(),
  at: z.string(),
  userId: z.string().nullable(),
  username: z.string().nullable(),
  action: z.string(),
  entity: z.string().nullable(),
  entityId: z.string().nullable(),
  detail: z.unknown(),
  ip: z.string().nullable(),
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
