/**
 * Labels (客户标签) and customer groups (客户群), interfaces.md "Customer intelligence".
 *
 * API note for the web (builder and pages):
 * - GET  /api/labels → [{ key, title, group, type, values?: [{ value, title }], ordered, ops }]
 *        title/values in the caller's language; `ops` the operators the label takes; enum `values`
 *        lowest first when `ordered` (risk level, tier, bands); no `values` = any text (staff no. …).
 * - Filter: { "all": [ … ] } | { "any": [ … ] }, nesting ≤ 5 levels, ≤ 50 leaves
 *        { "label": key, "op": "=" | "!=" | ">" | ">=" | "<" | "<=" | "in" | "between", "value": … };
 *        number/money values are decimal STRINGS ("100000"), dates "YYYY-MM-DD", booleans true/false,
 *        `in` a non-empty array, `between` [low, high] inclusive. A bad filter is a 422 problem whose
 *        `errors[].field` is the path, e.g. "filter.all.1.value".
 * - POST /api/customer-groups/preview { filter, pageSize? } → { date, total, items } (caller's scope)
 * - POST /api/customer-groups { name, filter, shared? } → 201 group { id, name, filter, shared, ownerId,
 *        ownerUsername, ownerName, mine, members, refreshedOn, createdAt, updatedAt }
 * - GET  /api/customer-groups → { items: [group + { membersInMyScope }] } (own + shared, newest change first;
 *        membersInMyScope: the caller's scope, what the member list shows; null when the filter no longer compiles)
 * - GET  /api/customer-groups/{id} → group + { history: [{ date, members }], membersInMyScope }
 * - GET  /api/customer-groups/{id}/members?page=&pageSize=&format=json|xlsx → { date, total, items:
 *        [{ customerNo, customerName, branchCode, branchName, tier, lifecycle, netAsset, avg20NetAsset,
 *        riskLevel, lastTradeDate, servingStaffNo, servingStaffName }] } (caller's scope), or the .xlsx
 * - PUT  /api/customer-groups/{id} { name?, filter?, shared? } → group (owner only, else 404)
 * - DELETE /api/customer-groups/{id} → 204 (owner only, else 404)
 * Reading needs `customers`; saving, changing and deleting `groups.write`.
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { preferredLanguage } from '../../errors.js';
import { sendXlsxStream } from '../../lib/excel.js';
import { getValidated } from '../../lib/validated-route.js';
import { callerOf, requirePermission, requireUser } from '../auth/auth.hooks.js';
import {
  group, groupBody, groupDetail, groupList, groupParams, groupUpdateBody, labelCatalogue, memberList, memberQuery, previewBody,
} from './labels.schemas.js';
import {
  createGroup, deleteGroup, exportGroupMembers, getGroup, groupExportNames, groupMembers, labelCatalogue as catalogue, listGroups, previewGroup, updateGroup,
  type GroupContext,
} from './labels.service.js';

function contextOf(request: FastifyRequest): GroupContext {
  return { user: callerOf(request), now: request.server.clock(), ip: request.ip, language: preferredLanguage(request.headers['accept-language']) };
}

export const labelRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addHook('onRequest', requireUser);
  app.addHook('onRequest', requirePermission('customers'));
  const write = { onRequest: requirePermission('groups.write') };

  getValidated(
    app,
    '/api/labels',
    { tags: ['labels'], summary: 'The label catalogue (客户标签): every label a customer group can filter on, in the caller’s language', answer: labelCatalogue },
    async (request) => catalogue(app.pool, contextOf(request).language),
  );

  getValidated(
    app,
    '/api/customer-groups',
    { tags: ['labels'], summary: 'The caller’s customer groups and the shared ones (客户群), most recently changed first', answer: groupList },
    async (request) => listGroups(app.pool, contextOf(request)),
  );

  app.post(
    '/api/customer-groups/preview',
    { schema: { tags: ['labels'], summary: 'The count and first members of an unsaved filter in the caller’s scope; 422 naming a bad field of the filter', body: previewBody, response: { 200: memberList } } },
    async (request) => previewGroup(app.pool, request.body, contextOf(request)),
  );

  app.post(
    '/api/customer-groups',
    { ...write, schema: { tags: ['labels'], summary: 'Saves a customer group of the caller; 422 naming a bad field of the filter', body: groupBody, response: { 201: group } } },
    async (request, reply) => reply.code(201).send(await createGroup(app.pool, request.body, contextOf(request))),
  );

  getValidated(
    app,
    '/api/customer-groups/:id',
    { tags: ['labels'], summary: 'One group with its member count history; 404 when unknown or neither the caller’s nor shared', params: groupParams, answer: groupDetail },
    async (request, { params }) => getGroup(app.pool, params.id, contextOf(request)),
  );

  getValidated(
    app,
    '/api/customer-groups/:id/members',
    { tags: ['labels'], summary: 'The group’s members in the caller’s scope on the last imported day, by customer number; &format=xlsx for all of them as Excel', params: groupParams, querystring: memberQuery, answer: memberList },
    async (request, { params, query }, reply) => {
      const ctx = contextOf(request);
      if (query.format === 'json') return groupMembers(app.pool, params.id, { page: query.page, pageSize: query.pageSize }, ctx);
      const names = await groupExportNames(app.pool, params.id, ctx);
      return sendXlsxStream(request, reply, { what: 'customer group', names, write: (out) => exportGroupMembers(app.pool, params.id, ctx, out) });
    },
  );

  app.put(
    '/api/customer-groups/:id',
    { ...write, schema: { tags: ['labels'], summary: 'Renames, re-filters or (un)shares one of the caller’s own groups; 404 otherwise', params: groupParams, body: groupUpdateBody, response: { 200: group } } },
    async (request) => updateGroup(app.pool, request.params.id, request.body, contextOf(request)),
  );

  app.delete(
    '/api/customer-groups/:id',
    { ...write, schema: { tags: ['labels'], summary: 'Deletes one of the caller’s own groups; 404 otherwise', params: groupParams, response: { 204: z.null().describe('deleted') } } },
    async (request, reply) => {
      await deleteGroup(app.pool, request.params.id, contextOf(request));
      return reply.code(204).send(null);
    },
  );
};
