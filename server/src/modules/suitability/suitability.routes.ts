/**
 * 适当性管理 (interfaces.md "Products, suitability and margin"): POST /api/suitability/check,
 * POST and GET /api/suitability/confirmations, GET /api/suitability/expiring. Reading needs
 * `customers`; recording a confirmation `suitability.confirm`. Everything is in the caller's scope.
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { preferredLanguage } from '../../errors.js';
import { callerOf, requirePermission, requireUser } from '../auth/auth.hooks.js';
import {
  checkAnswer, checkBody, confirmation, confirmationBody, confirmationList, confirmationListQuery, expiringList, expiringQuery,
} from './suitability.schemas.js';
import { checkCustomerProduct, listConfirmations, listExpiring, recordConfirmation, type SuitabilityContext } from './suitability.service.js';

function contextOf(request: FastifyRequest): SuitabilityContext {
  return { user: callerOf(request), now: request.server.clock(), ip: request.ip, language: preferredLanguage(request.headers['accept-language']) };
}

export const suitabilityRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', requireUser);
  const canRead = requirePermission('customers');

  app.post(
    '/api/suitability/check',
    {
      onRequest: canRead,
      schema: {
        tags: ['suitability'],
        summary: 'Whether a product may be recommended and sold to a customer in the caller’s scope (MATCH / MISMATCH / NEVER) with reasons; 404 when either is unknown or the customer is out of scope',
        body: checkBody,
        response: { 200: checkAnswer },
      },
    },
    async (request) => checkCustomerProduct(app.pool, request.body, contextOf(request)),
  );

  app.post(
    '/api/suitability/confirmations',
    {
      onRequest: requirePermission('suitability.confirm'),
      schema: {
        tags: ['suitability'],
        summary: 'Record the customer’s confirmation of the special warning shown for a product outside the match: 201 for MISMATCH, 422 for NEVER (refused whatever the customer asks) and MATCH (nothing to confirm)',
        body: confirmationBody,
        response: { 201: confirmation },
      },
    },
    async (request, reply) => reply.code(201).send(await recordConfirmation(app.pool, request.body, contextOf(request))),
  );

  app.get(
    '/api/suitability/confirmations',
    {
      onRequest: canRead,
      schema: {
        tags: ['suitability'],
        summary: 'The recorded warning confirmations of the customers in the caller’s scope, newest first',
        querystring: confirmationListQuery,
        response: { 200: confirmationList },
      },
    },
    async (request) => listConfirmations(app.pool, request.query, contextOf(request)),
  );

  app.get(
    '/api/suitability/expiring',
    {
      onRequest: canRead,
      schema: {
        tags: ['suitability'],
        summary: 'The ordinary investors in the caller’s scope whose risk assessment expires within the days, has expired or is missing (测评到期), soonest first',
        querystring: expiringQuery,
        response: { 200: expiringList },
      },
    },
    async (request) => listExpiring(app.pool, request.query, contextOf(request)),
  );
};
