/**
 * 营销活动 (interfaces.md "Outreach and contacts"), permission `outreach`:
 * - GET/POST /api/outreach/templates, GET/PUT/DELETE /api/outreach/templates/{id} (短信邮件模板),
 *   POST /api/outreach/templates/check (variables and sensitive words of unsaved texts),
 *   POST /api/outreach/templates/{id}/preview and POST /api/outreach/preview (a customer's message)
 * - POST /api/campaigns (starts the CAMPAIGN approval flow), GET /api/campaigns,
 *   GET /api/campaigns/{id} (counts by status, a sample, the hit rate), GET /api/campaigns/{id}/messages,
 *   POST /api/campaigns/{id}/cancel (撤销: in approval or while sending)
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { preferredLanguage } from '../../errors.js';
import { callerOf, requirePermission, requireUser } from '../auth/auth.hooks.js';
import {
  campaignBody, campaignDetail as campaignDetailSchema, campaignList, campaignListQuery, draftPreviewBody, idParams, messageListQuery, preview, previewBody,
  recipientList, template, templateBody, templateList, templateListQuery, textCheck, textCheckBody,
} from './outreach.schemas.js';
import {
  cancelCampaign, campaignDetail, campaignMessages, checkText, createCampaign, createTemplate, deleteTemplate, getTemplate, listCampaigns, listTemplates, previewDraft,
  previewTemplate, updateTemplate, type OutreachContext,
} from './outreach.service.js';

function contextOf(request: FastifyRequest): OutreachContext {
  return { user: callerOf(request), now: request.server.clock(), ip: request.ip, language: preferredLanguage(request.headers['accept-language']) };
}

export const outreachRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', requireUser);
  app.addHook('onRequest', requirePermission('outreach'));
  const tags = ['outreach'];

  app.get(
    '/api/outreach/templates',
    { schema: { tags, summary: 'The message templates the caller may use (head office’s, the branch’s, the caller’s own), last changed first', querystring: templateListQuery, response: { 200: templateList } } },
    async (request) => listTemplates(app.pool, request.query, contextOf(request)),
  );

  app.post(
    '/api/outreach/templates',
    { schema: { tags, summary: 'Saves a message template; 422 naming an unknown variable or a subject that the channel does not take', body: templateBody, response: { 201: template } } },
    async (request, reply) => reply.code(201).send(await createTemplate(app.pool, request.body, contextOf(request))),
  );

  app.post(
    '/api/outreach/templates/check',
    { schema: { tags, summary: 'The variables, unknown variables and configured sensitive words (禁用语) of unsaved texts', body: textCheckBody, response: { 200: textCheck } } },
    async (request) => checkText(app.pool, request.body),
  );

  app.get(
    '/api/outreach/templates/:id',
    { schema: { tags, summary: 'One template with its variables and the sensitive words it contains; 404 when not usable by the caller', params: idParams, response: { 200: template } } },
    async (request) => getTemplate(app.pool, request.params.id, contextOf(request)),
  );

  app.put(
    '/api/outreach/templates/:id',
    { schema: { tags, summary: 'Replaces a template (its owner, or a login that sees every branch: else 403)', params: idParams, body: templateBody, response: { 200: template } } },
    async (request) => updateTemplate(app.pool, request.params.id, request.body, contextOf(request)),
  );

  app.delete(
    '/api/outreach/templates/:id',
    { schema: { tags, summary: 'Deletes a template no campaign uses (409 otherwise)', params: idParams, response: { 204: z.null().describe('deleted') } } },
    async (request, reply) => {
      await deleteTemplate(app.pool, request.params.id, contextOf(request));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/outreach/templates/:id/preview',
    { schema: { tags, summary: 'The template rendered for a customer in the caller’s scope (404 otherwise); the address masked without the pii permission', params: idParams, body: previewBody, response: { 200: preview } } },
    async (request) => previewTemplate(app.pool, request.params.id, request.body, contextOf(request)),
  );

  app.post(
    '/api/outreach/preview',
    { schema: { tags, summary: 'Unsaved texts rendered for a customer in the caller’s scope (the editor’s live preview)', body: draftPreviewBody, response: { 200: preview } } },
    async (request) => previewDraft(app.pool, request.body, contextOf(request)),
  );

  app.post(
    '/api/campaigns',
    {
      schema: {
        tags,
        summary: 'Starts a campaign: its approval flow (type CAMPAIGN) and its plan (audience, skips by reason, a sample); 422 naming each bad field, sensitive words included',
        body: campaignBody,
        response: { 201: campaignDetailSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await createCampaign(app.pool, request.body, contextOf(request))),
  );

  app.get(
    '/api/campaigns',
    { schema: { tags, summary: 'The campaigns the caller may read (the whole firm, the branch, the team, or their own), newest first, with counts by status', querystring: campaignListQuery, response: { 200: campaignList } } },
    async (request) => listCampaigns(app.pool, request.query, contextOf(request)),
  );

  app.get(
    '/api/campaigns/:id',
    { schema: { tags, summary: 'One campaign: counts by status, a sample of 10 messages (addresses masked), the hit rate of a product campaign; 404 when not readable', params: idParams, response: { 200: campaignDetailSchema } } },
    async (request) => campaignDetail(app.pool, request.params.id, contextOf(request)),
  );

  app.post(
    '/api/campaigns/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancels (撤销) a campaign the caller may read: in approval its flow ends (WITHDRAWN) and nothing is queued; while sending its QUEUED messages become CANCELLED (those SENDING finish); 409 once it has ended, 404 when not readable',
        params: idParams,
        response: { 200: campaignDetailSchema },
      },
    },
    async (request) => cancelCampaign(app.pool, request.params.id, contextOf(request)),
  );

  app.get(
    '/api/campaigns/:id/messages',
    { schema: { tags, summary: 'The recipients of a campaign in the caller’s scope with the status of their message (addresses masked), by customer number', params: idParams, querystring: messageListQuery, response: { 200: recipientList } } },
    async (request) => campaignMessages(app.pool, request.params.id, request.query, contextOf(request)),
  );
};
