/**
 * /api/admin/trading-calendar (交易日历), for the `calendar` permission (ADMIN):
 * - GET ?year=2027 … the year's closed weekdays (shipped or added) and the changes made to it;
 * - PUT /:date {trading, note} … close a weekday or reopen a shipped holiday (audited);
 * - DELETE /:date … withdraw the change: the day is again as shipped (audited).
 * The importer refuses a day the calendar says is closed unless forced.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { calendarDate } from '../../lib/dates.js';
import { notFound } from '../../errors.js';
import { callerOf, requirePermission, requireUser } from '../auth/auth.hooks.js';
import { calendarYear, resetCalendarDay, setCalendarDay } from './calendar.service.js';

const dateParams = z.object({ date: calendarDate });

const change = z.object({ date: z.string(), trading: z.boolean(), note: z.string().nullable(), updatedAt: z.string(), updatedBy: z.string() });

const yearResponse = z.object({
  year: z.number().int(),
  shipped: z.boolean(),
  closedWeekdays: z.array(z.object({ date: z.string(), source: z.enum(['SHIPPED', 'ADMIN']) })),
  changes: z.array(change),
});

const changeBody = z
  .object({
    trading: z.boolean().describe('true: the exchanges trade that weekday; false: they are closed'),
    note: z.string().trim().max(200).nullable().optional().describe('why, e.g. 国办发明电〔2026〕… 春节'),
  })
  .strict();

export const calendarRoutes: FastifyPluginAsyncZod = async (app) => {
  const admin = { onRequest: [requireUser, requirePermission('calendar')] };

  app.get(
    '/api/admin/trading-calendar',
    {
      ...admin,
      schema: {
        tags: ['admin'], summary: 'Trading calendar of a year (交易日历): closed weekdays and changes',
        querystring: z.object({ year: z.coerce.number().int().min(1990).max(2100) }), response: { 200: yearResponse },
      },
    },
    async (request) => calendarYear(app.pool, request.query.year),
  );

  app.put(
    '/api/admin/trading-calendar/:date',
    {
      ...admin,
      schema: { tags: ['admin'], summary: 'Close a weekday or reopen a shipped holiday (audited)', params: dateParams, body: changeBody, response: { 200: change } },
    },
    async (request) => {
      const user = callerOf(request);
      return setCalendarDay(app.pool, request.params.date, request.body, { user: { id: user.id, username: user.username }, ip: request.ip });
    },
  );

  app.delete(
    '/api/admin/trading-calendar/:date',
    { ...admin, schema: { tags: ['admin'], summary: 'Withdraw the change of a day: as shipped again (audited)', params: dateParams, response: { 204: z.null() } } },
    async (request, reply) => {
      const user = callerOf(request);
      if (!(await resetCalendarDay(app.pool, request.params.date, { user: { id: user.id, username: user.username }, ip: request.ip }))) throw notFound();
      return reply.code(204).send(null);
    },
  );
};
