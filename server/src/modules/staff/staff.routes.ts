/**
 * GET /api/staff (人员列表) and the read side of one staff member (人员管理): profile with history,
 * current and history customers, monthly indicators and trading statistics, the customers' assets,
 * holdings and flows. All within the caller's scope; 404 for a staff member outside it. (Payslips: the
 * payroll module's GET /api/payroll/payslips?staffNo=.)
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { businessDate } from '../../lib/dates.js';
import { callerOf, requirePermission, requireUser } from '../auth/auth.hooks.js';
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
    async (request) => listStaff(app.pool, callerOf(request), request.query, readContext(request)),
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

  app.get(
    '/api/staff/:staffNo/customers',
    {
      schema: {
        tags,
        summary: 'The staff member’s current (当前客户) or history (历史客户) customers, one row per relationship',
        params: staffNoParams,
        querystring: staffCustomersQuery,
        response: { 200: staffCustomers },
      },
    },
    async (request) => listStaffCustomers(app.pool, callerOf(request), request.params.staffNo, request.query, readContext(request)),
  );

  app.get(
    '/api/staff/:staffNo/indicators',
    {
      schema: {
        tags,
        summary: '经纪人月指标 (as report staff-monthly) and 交易量统计 by month; default the last twelve months',
        params: staffNoParams,
        querystring: indicatorsQuery,
        response: { 200: staffIndicators },
      },
    },
    async (request) => getStaffIndicators(app.pool, callerOf(request), request.params.staffNo, request.query, readContext(request)),
  );

  app.get(
    '/api/staff/:staffNo/assets',
    {
      schema: {
        tags,
        summary: '客户资产信息: the customers’ assets on a day, per DEVELOP relationship × weight (as report relationship-assets)',
        params: staffNoParams,
        querystring: dayQuery,
        response: { 200: staffAssets },
      },
    },
    async (request) => getStaffAssets(app.pool, callerOf(request), request.params.staffNo, request.query, readContext(request)),
  );

  app.get(
    '/api/staff/:staffNo/holdings',
    {
      schema: {
        tags,
        summary: '客户持仓信息: positions on a day of the customers related to the staff member that day',
        params: staffNoParams,
        querystring: holdingsQuery,
        response: { 200: staffHoldings },
      },
    },
    async (request) => getStaffHoldings(app.pool, callerOf(request), request.params.staffNo, request.query, readContext(request)),
  );

  app.get(
    '/api/staff/:staffNo/flows',
    {
      schema: {
        tags,
        summary: '客户资金/委托/成交流水 of the customers related to the staff member on each row’s date',
        params: staffNoParams,
        querystring: flowsQuery,
        response: { 200: staffFlows },
      },
    },
    async (request) => getStaffFlows(app.pool, callerOf(request), request.params.staffNo, request.query, readContext(request)),
  );
};
