/**
 * GET /api/org/branches, /api/org/teams and /api/org/staff: the branches, teams and colleagues the
 * caller may pick, searched by code prefix or part of the name (the web's 营业部 / 团队 / 员工 pickers).
 * See org.search.ts for the scope.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type pg from 'pg';
import type { z } from 'zod';
import { getValidated } from '../../lib/validated-route.js';
import { callerOf, requirePermission, requireUser } from '../auth/auth.hooks.js';
import type { AuthUser } from '../auth/auth.service.js';
import {
  branchOptions, colleagueOptions, orgSearchQuery, searchBranches, searchColleagues, searchTeams, teamOptions, type OrgSearchQuery,
} from './org.search.js';

const tags = ['org'];

export const orgRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', requireUser);
  app.addHook('onRequest', requirePermission('customers'));

  /** GET /api/org/{what}: a picker's options, searched by code prefix or part of the name within the caller's scope. */
  function picker<Options extends z.ZodType>(
    what: string,
    summary: string,
    options: Options,
    search: (pool: pg.Pool, user: AuthUser, query: OrgSearchQuery) => Promise<z.output<Options>>,
  ): void {
    getValidated(app, `/api/org/${what}`, { tags, summary, querystring: orgSearchQuery, answer: options }, async (request, { query }) =>
      search(app.pool, callerOf(request), query),
    );
  }

  picker('branches', 'Branches the caller may pick (营业部), by code prefix or part of the name', branchOptions, searchBranches);
  picker('teams', 'Teams the caller may pick (团队), by code prefix or part of the name; &branch= for one branch', teamOptions, searchTeams);
  picker(
    'staff',
    'Active staff of the branches the caller may pick, number and name only (the target of a relationship change); &branch= for one branch',
    colleagueOptions,
    searchColleagues,
  );
};
