/**
 * POST /api/contacts (record a contact, 接触记录), GET /api/customers/{customerNo}/contacts and
 * /timeline (the 360° view's sections), GET /api/follow-ups and POST /api/follow-ups/{id}/done (the
 * caller's next actions).
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { callerOf, requirePermission, requireUser } from '../auth/auth.hooks.js';
import { customerNoParams } from '../customers/customers.schemas.js';
import {
  contact, contactList, contactListQuery, followUp, followUpList, followUpParams, followUpQuery, newContactBody, timeline, timelineQuery,
} from './contacts.schemas.js';
import { createContact, customerTimeline, listCustomerContacts, listFollowUps, markFollowUpDone, type ContactContext } from './contacts.service.js';

function contextOf(request: FastifyRequest): ContactContext {
  return { now: request.server.clock(), ip: request.ip };
}

export const contactRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', requireUser);
  const canRead = requirePermission('customers');
  const canWrite = requirePermission('contacts.write');

  app.post(
    '/api/contacts',
    {
      onRequest: canWrite,
      schema: {
        tags: ['contacts'],
        summary: 'Record a contact with a customer in the caller’s scope (接触记录); 404 when unknown or out of scope',
        body: newContactBody,
        response: { 201: contact },
      },
    },
    async (request, reply) => reply.code(201).send(await createContact(app.pool, callerOf(request), request.body, contextOf(request))),
  );

  app.get(
    '/api/customers/:customerNo/contacts',
    {
      onRequest: canRead,
      schema: {
        tags: ['contacts'],
        summary: 'The customer’s contacts, newest first; 404 when unknown or out of scope',
        params: customerNoParams,
        querystring: contactListQuery,
        response: { 200: contactList },
      },
    },
    async (request) => listCustomerContacts(app.pool, callerOf(request), request.params.customerNo, request.query, contextOf(request)),
  );

  app.get(
    '/api/customers/:customerNo/timeline',
    {
      onRequest: canRead,
      schema: {
        tags: ['contacts'],
        summary: 'The customer’s contacts, workflow events and alerts, newest first; 404 when unknown or out of scope',
        params: customerNoParams,
        querystring: timelineQuery,
        response: { 200: timeline },
      },
    },
    async (request) => customerTimeline(app.pool, callerOf(request), request.params.customerNo, request.query.limit, contextOf(request)),
  );

  app.get(
    '/api/follow-ups',
    {
      onRequest: canRead,
      schema: {
        tags: ['contacts'],
        summary: 'The caller’s own next actions: open ones by due date (overdue first), done ones newest first',
        querystring: followUpQuery,
        response: { 200: followUpList },
      },
    },
    async (request) => listFollowUps(app.pool, callerOf(request), request.query, contextOf(request)),
  );

  app.post(
    '/api/follow-ups/:id/done',
    {
      onRequest: canWrite,
      schema: {
        tags: ['contacts'],
        summary: 'Mark one of the caller’s next actions done; 404 for another user’s or an unknown one',
        params: followUpParams,
        response: { 200: followUp },
      },
    },
    async (request) => markFollowUpDone(app.pool, callerOf(request), request.params.id, contextOf(request)),
  );
};
