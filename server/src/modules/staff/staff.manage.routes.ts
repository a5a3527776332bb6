/**
 * Staff management, write side (人员管理): POST /api/staff, PATCH /api/staff/{staffNo},
 * GET /api/staff/{staffNo}/manage (the editable record and its history), GET /api/staff/to-reassign
 * (待重新分配客户), GET /api/staff/manage/options and PUT /api/staff/manage/settings (whether level
 * and team changes need approval). The read-only staff API is staff.routes.ts.
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { businessDate } from '../../lib/dates.js';
import { callerOf, requirePermission, requireUser } from '../auth/auth.hooks.js';
import {
  approvalSetting,
  managedStaff,
  manageOptions as manageOptionsSchema,
  newStaffSchema,
  staffChangeResult,
  staffNoParams,
  staffPatchSchema,
  toReassignList,
  toReassignQuery,
} from './staff.manage.schemas.js';
import { applyDueStaffChanges } from './staff.manage.history.js';
import { listToReassign } from './staff.manage.reassign.js';
import type { ManageContext } from './staff.manage.records.js';
import { createStaff, getManagedStaff, manageOptions, updateStaff } from './staff.manage.service.js';
import { setChangesNeedApproval } from './staff.manage.workflows.js';

function manageContext(request: FastifyRequest): ManageContext {
  const now = request.server.clock();
  return { user: callerOf(request), today: businessDate(now), now, ip: request.ip };
}

const HOUR = 60 * 60 * 1000;

export const staffManageRoutes: FastifyPluginAsyncZod = async (app) => {
  // Pending history rows (a level or team change dated ahead) take effect on their day, and staff whose
  // leave date has come become LEFT: on start-up and every hour while the server runs.
  const catchUp = async () => {
    try {
      await applyDueStaffChanges(app.pool, businessDate(app.clock()));
    } catch (err) {
      app.log.error({ err }, 'applying due staff changes failed');
    }
  };
  let timer: NodeJS.Timeout | undefined;
  app.addHook('onReady', async () => {
    await catchUp();
    timer = setInterval(() => void catchUp(), HOUR);
    timer.unref();
  });
  app.addHook('onClose', async () => clearInterval(timer));

  const signedIn = { onRequest: [requireUser] };

  app.post(
    '/api/staff',
    {
      ...signedIn,
      schema: {
        tags: ['staff'],
        summary: 'Create a staff member (人员管理): ADMIN, HQ, or a branch manager within their branch',
        body: newStaffSchema,
        response: { 201: managedStaff },
      },
    },
    async (request, reply) => reply.code(201).send(await createStaff(app.pool, request.body, manageContext(request))),
  );

  app.patch(
    '/api/staff/:staffNo',
    {
      ...signedIn,
      schema: {
        tags: ['staff'],
        summary: 'Change a staff member: level/team/category/contract changes add history rows effective on effectiveDate; leaveDate makes them LEFT from that day',
        params: staffNoParams,
        body: staffPatchSchema,
        response: { 200: staffChangeResult },
      },
    },
    async (request) => updateStaff(app.pool, request.params.staffNo, request.body, manageContext(request)),
  );

  app.get(
    '/api/staff/:staffNo/manage',
    {
      ...signedIn,
      schema: {
        tags: ['staff'],
        summary: 'The editable staff record with its history (历史信息); 404 outside the manager’s reach',
        params: staffNoParams,
        response: { 200: managedStaff },
      },
    },
    async (request) => getManagedStaff(app.pool, request.params.staffNo, manageContext(request)),
  );

  app.get(
    '/api/staff/to-reassign',
    {
      onRequest: [requireUser, requirePermission('customers')],
      schema: {
        tags: ['staff'],
        summary: 'Customers to reassign (待重新分配客户): relationships in force today held by staff who have left, scoped',
        querystring: toReassignQuery,
        response: { 200: toReassignList },
      },
    },
    async (request) => {
      const ctx = manageContext(request);
      return listToReassign(app.pool, ctx.user, request.query, ctx.today);
    },
  );

  app.get(
    '/api/staff/manage/options',
    {
      ...signedIn,
      schema: { tags: ['staff'], summary: 'Branches and teams the caller may assign staff to, and whether changes need approval', response: { 200: manageOptionsSchema } },
    },
    async (request) => manageOptions(app.pool, manageContext(request)),
  );

  app.put(
    '/api/staff/manage/settings',
    {
      onRequest: [requireUser, requirePermission('settings')],
      schema: {
        tags: ['staff'],
        summary: 'Whether level and team changes go through an approval flow (settings key staff.changesNeedApproval)',
        body: approvalSetting,
        response: { 200: approvalSetting },
      },
    },
    async (request) => ({ changesNeedApproval: await setChangesNeedApproval(app.pool, request.body.changesNeedApproval, manageContext(request)) }),
  );
};
