/**
 * GET /api/churn/model (the model's out-of-time quality; POST /api/churn/train, which derives the latest
 * day's intelligence again, is the intelligence module's), GET /api/churn/scores (the scored customers in the
 * caller's scope, &format=xlsx) and GET /api/churn/customers/{customerNo} (one customer's score and
 * reasons, the 360° view): 流失预警, business-rules.md §7.
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { readPoolFor } from '../../db/read-replica.js';
import { preferredLanguage } from '../../errors.js';
import { exportableListRoute } from '../../lib/export-route.js';
import { getValidated } from '../../lib/validated-route.js';
import { callerOf, requirePermission, requireUser } from '../auth/auth.hooks.js';
import { churnModel, churnScoreList, churnScoreQuery, customerChurnAnswer, customerChurnParams } from './churn.schemas.js';
import { customerChurn, exportScores, getChurnModel, listScores, scoreExportNames, type ChurnContext } from './churn.service.js';

function contextOf(request: FastifyRequest): ChurnContext {
  return { user: callerOf(request), now: request.server.clock(), ip: request.ip, language: preferredLanguage(request.headers['accept-language']) };
}

export const churnRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', requireUser);
  app.addHook('onRequest', requirePermission('customers'));

  getValidated(
    app,
    '/api/churn/model',
    { tags: ['churn'], summary: 'The churn model: out-of-time quality (AUC, precision and lift in the top 10 %) of the tree and of the rules alone, cut-off days, feature importance; who scores (the experience rules until a trained model is active) and the rules', answer: churnModel },
    async (request) => getChurnModel(app.pool, contextOf(request).language),
  );

  exportableListRoute(app, {
    url: '/api/churn/scores',
    tags: ['churn'],
    summary: 'The latest scored day’s customers in the caller’s scope, highest churn score first (a probability from the trained model, the rules’ weight sum before one), with the reasons; &format=xlsx for every filtered row',
    querystring: churnScoreQuery,
    answer: churnScoreList,
    json: async (request, { page, pageSize, ...filter }, reply) => listScores(await readPoolFor(request, reply), filter, { page, pageSize }, contextOf(request)),
    xlsx: (request, { page: _page, pageSize: _pageSize, ...filter }) => {
      const ctx = contextOf(request);
      return { what: 'churn-scores', names: scoreExportNames(ctx.now), write: (out) => exportScores(app.pool, filter, ctx, out) };
    },
  });

  getValidated(
    app,
    '/api/churn/customers/:customerNo',
    { tags: ['churn'], summary: 'One customer’s latest churn score, level and reasons; 404 when unknown or out of scope', params: customerChurnParams, answer: customerChurnAnswer },
    async (request, { params }) => customerChurn(app.pool, params.customerNo, contextOf(request)),
  );
};
