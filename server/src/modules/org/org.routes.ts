/**
 * GET /api/org/branches, /api/org/teams and /api/org/staff: the branches, teams and colleagues the
 * caller may pick, searched by code prefix or part of the name (the web's 营业部 / 团队 / 员工 pickers).
 * See org.search.ts for the scope.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { callerOf, requirePermission, requireUser } from '../auth/auth.hooks.js';
import { branchOptions, colleagueOptions, orgSearchQuery, searchBranches, searchColleagues, searchTeams, teamOptions } from './org.search.js';

const tags = ['org'];

export const orgRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', requireUser);
  app.addHook('onRequest', requirePermission('customers'));

  app.get(
    '/api/org/branches',
    { schema: { tags, summary: 'Branches the caller may pick (营业部), by code prefix or part of the name', querystring: orgSearchQuery, response: { 200: branchOptions } } },
    async (request) => searchBranches(app.pool, callerOf(request), request.query),
  );

  app.get(
    '/api/org/teams',
    { schema: { tags, summary: 'Teams the caller may pick (团队), by code prefix or part of the name; &branch= for one branch', querystring: orgSearchQuery, response: { 200: teamOptions } } },
    async (request) => searchTeams(app.pool, callerOf(request), request.query),
  );

  app.get(
    '/api/org/staff',
    {
      schema: {
        tags,
        summary: 'Active staff of the branches the caller may pick, number and name only (the target of a relationship change); &branch= for one branch',
        querystring: orgSearchQuery,
        response: { 200: colleagueOptions },
      },
    },
    async (request) => searchColleagues(app.pool, callerOf(request), request.query),
  );
};
