/**
 * GET /api/staff (人员列表) and the read side of one staff member (人员管理): profile with history,
 * current and history customers, monthly indicators and trading statistics, the customers' assets,
 * holdings and flows. All within the caller's scope; 404 for a staff member outside it. (Payslips: the
 * payroll module's GET /api/payroll/payslips?staffNo=.)
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type pg from 'pg';
import type { z } from 'zod';
import { readPoolFor } from '../../db/read-replica.js';
import { businessDate } from '../../lib/dates.js';
import { getValidated } from '../../lib/validated-route.js';
import { callerOf, requirePermission, requireUser } from '../auth/auth.hooks.js';
import type { AuthUser } from '../auth/auth.service.js';
import {
  dayQuery, flowsQuery, holdingsQuery, indicatorsQuery, staffAssets, staffCustomers, staffCustomersQuery, staffFlows,
  staffHoldings, staffIndicators, staffList, staffListQuery, staffNoParams, staffProfile,
} from './staff.schemas.js';
import {
  getStaffAssets, getStaffFlows, getStaffHoldings, getStaffIndicators, getStaffProfile, listStaff, listStaffCustomers, type ReadContext,
} from './staff.service.js';

function readContext(request: FastifyRequest): ReadContext {
  return { asOf: businessDate(request.server.clock()), ip: request.ip };
}

const tags = ['staff'];

export const staffRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', requireUser);
  app.addHook('onRequest', requirePermission('customers'));

  app.get(
    '/api/staff',
    { schema: { tags, summary: 'Staff in the caller’s scope (人员列表)', querystring: staffListQuery, response: { 200: staffList } } },
    async (request, reply) => listStaff(await readPoolFor(request, reply), callerOf(request), request.query, readContext(request)),
  );

  app.get(
    '/api/staff/:staffNo',
    {
      schema: {
        tags,
        summary: 'One staff member: profile, 历史信息 (level/team history), counts; 404 when unknown or out of scope',
        params: staffNoParams,
        response: { 200: staffProfile },
      },
    },
    async (request) => getStaffProfile(app.pool, callerOf(request), request.params.staffNo, readContext(request)),
  );

  /**
   * GET /api/staff/{staffNo}/{part}: one read of the staff member with its own query, in the caller's
   * scope (404 from the service when the staff member is unknown or outside it).
   */
  function staffPart<Query, Answer extends z.ZodType>(
    part: string,
    summary: string,
    querystring: z.ZodType<Query>,
    answer: Answer,
    read: (pool: pg.Pool, user: AuthUser, staffNo: string, query: Query, ctx: ReadContext) => Promise<z.output<Answer>>,
  ): void {
    getValidated(app, `/api/staff/:staffNo/${part}`, { tags, summary, params: staffNoParams, querystring, answer }, async (request, { params, query }) =>
      read(app.pool, callerOf(request), params.staffNo, query, readContext(request)),
    );
  }

  staffPart(
    'customers',
    'The staff member’s current (当前客户) or history (历史客户) customers, one row per relationship',
    staffCustomersQuery,
    staffCustomers,
    listStaffCustomers,
  );
  staffPart(
    'indicators',
    '经纪人月指标 (as report staff-monthly) and 交易量统计 by month; default the last twelve months',
    indicatorsQuery,
    staffIndicators,
    getStaffIndicators,
  );
  staffPart(
    'assets',
    '客户资产信息: the customers’ assets on a day, per DEVELOP relationship × weight (as report relationship-assets)',
    dayQuery,
    staffAssets,
    getStaffAssets,
  );
  staffPart('holdings', '客户持仓信息: positions on a day of the customers related to the staff member that day', holdingsQuery, staffHoldings, getStaffHoldings);
  staffPart('flows', '客户资金/委托/成交流水 of the customers related to the staff member on each row’s date', flowsQuery, staffFlows, getStaffFlows);
};
