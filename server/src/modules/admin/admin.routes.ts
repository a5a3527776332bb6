/**
 * 系统管理 API:
 * - /api/admin/users … logins (`users` permission)
 * - /api/admin/import-runs … the import history (`imports.view`)
 * - /api/admin/imports … import a day folder from the inbox while the server runs (`imports.run`)
 * - /api/admin/settings … configuration (`settings` permission). New tier bounds and lifecycle
 *   thresholds apply to the days imported after the change (docs/decisions.md).
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../errors.js';
import { callerOf, requirePermission, requireUser } from '../auth/auth.hooks.js';
import { ROLES } from '../auth/auth.rules.js';
import { newUserSchema } from '../auth/auth.service.js';
import { config } from '../../config.js';
import { importFromInbox, importTriggerBody, importTriggerResult } from './admin.imports.js';
import { isSettingKey, SETTING_KEYS, settingsAnswer } from './admin.settings.js';
import {
  adminUser,
  createLogin,
  getSettings,
  importRunDetail,
  listImportRuns,
  listUsers,
  putSetting,
  resetPassword,
  updateUser,
  type By,
} from './admin.service.js';

function byOf(request: FastifyRequest): By {
  const user = callerOf(request);
  return { user: { id: user.id, username: user.username }, ip: request.ip };
}

const idParams = z.object({ id: z.string().regex(/^\d{1,18}$/) });
const paging = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
};

const usersQuery = z.object({
  q: z.string().trim().max(64).optional(),
  role: z.enum(ROLES).optional(),
  disabled: z.enum(['true', 'false']).optional(),
  includeSystem: z.enum(['true', 'false']).optional().describe('true: list the system logins too (hidden by default)'),
  ...paging,
});

const userPatch = z
  .object({
    disabled: z.boolean().optional(),
    role: z.enum(ROLES).optional(),
    staffNo: z.string().trim().min(1).max(32).nullable().optional(),
    displayName: z.string().trim().min(1).max(64).nullable().optional(),
  })
  .strict();

const passwordBody = z.object({ password: newUserSchema.shape.password });

const runSummary = z.object({
  id: z.string(),
  kind: z.enum(['EXTRACT', 'ORG']),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  startedBy: z.string(),
  folder: z.string(),
  tradeDate: z.string().nullable(),
  status: z.enum(['RUNNING', 'SUCCEEDED', 'FAILED']),
  replaced: z.boolean(),
  durationMs: z.number().nullable(),
  errorCount: z.number().int(),
});

const runDetail = runSummary.extend({
  files: z.array(z.object({ name: z.string(), rows: z.number().nullable(), bytes: z.number().nullable(), sha256: z.string().nullable() })),
  rowCounts: z.record(z.string(), z.number()),
  errors: z.array(z.object({ file: z.string(), line: z.number().nullable(), column: z.string().nullable(), reason: z.string() })),
  warnings: z.array(z.string()),
});

const runsQuery = z.object({
  kind: z.enum(['EXTRACT', 'ORG']).optional(),
  status: z.enum(['RUNNING', 'SUCCEEDED', 'FAILED']).optional(),
  ...paging,
});

const settingValue = z.object({ value: z.unknown(), updatedAt: z.string().nullable(), updatedBy: z.string().nullable() });

export const adminRoutes: FastifyPluginAsyncZod = async (app) => {
  const users = { onRequest: [requireUser, requirePermission('users')] };
  const settings = { onRequest: [requireUser, requirePermission('settings')] };
  const runs = { onRequest: [requireUser, requirePermission('imports.view')] };

  app.get(
    '/api/admin/users',
    { ...users, schema: { tags: ['admin'], summary: 'Logins (用户管理)', querystring: usersQuery, response: { 200: z.object({ items: z.array(adminUser), total: z.number().int() }) } } },
    async (request) => {
      const { disabled, includeSystem, ...rest } = request.query;
      return listUsers(app.pool, { ...rest, disabled: disabled === undefined ? undefined : disabled === 'true', includeSystem: includeSystem === 'true' });
    },
  );

  app.post(
    '/api/admin/users',
    { ...users, schema: { tags: ['admin'], summary: 'Create a login (password rules as createUser)', body: newUserSchema, response: { 201: adminUser } } },
    // createUser checks the fields again, and the staff link a scoped role needs (422 naming staffNo).
    async (request, reply) => reply.code(201).send(await createLogin(app.pool, request.body, byOf(request))),
  );

  app.patch(
    '/api/admin/users/:id',
    { ...users, schema: { tags: ['admin'], summary: 'Disable/enable a login, change its role, staff link or name', params: idParams, body: userPatch, response: { 200: adminUser } } },
    async (request) => updateUser(app.pool, request.params.id, request.body, byOf(request)),
  );

  app.post(
    '/api/admin/users/:id/reset-password',
    { ...users, schema: { tags: ['admin'], summary: "Set a new password (ends the login's sessions)", params: idParams, body: passwordBody, response: { 200: z.object({ sessionsEnded: z.number().int() }) } } },
    async (request) => resetPassword(app.pool, request.params.id, request.body.password, byOf(request)),
  );

  app.get(
    '/api/admin/import-runs',
    { ...runs, schema: { tags: ['admin'], summary: 'Import runs (导入记录), newest first', querystring: runsQuery, response: { 200: z.object({ items: z.array(runSummary), total: z.number().int() }) } } },
    async (request) => listImportRuns(app.pool, request.query),
  );

  app.get(
    '/api/admin/import-runs/:id',
    { ...runs, schema: { tags: ['admin'], summary: 'One import run with its files, row counts, problems and warnings', params: idParams, response: { 200: runDetail } } },
    async (request) => importRunDetail(app.pool, request.params.id),
  );

  app.post(
    '/api/admin/imports',
    {
      onRequest: [requireUser, requirePermission('imports.run')],
      schema: {
        tags: ['admin'],
        summary: 'Import a day folder from the inbox (CRM_INBOX_DIR) while the server runs; 200 with the run, status SUCCEEDED or FAILED',
        body: importTriggerBody,
        response: { 200: importTriggerResult },
      },
    },
    async (request) => importFromInbox(app.pool, config().inboxDir, request.body.day, callerOf(request).username, request.body.force),
  );

  app.get(
    '/api/admin/settings',
    { ...settings, schema: { tags: ['admin'], summary: 'Configuration (参数配置)', response: { 200: settingsAnswer } } },
    async () => getSettings(app.pool),
  );

  app.put(
    '/api/admin/settings/:key',
    {
      ...settings,
      schema: {
        tags: ['admin'],
        summary: `Change one setting (${SETTING_KEYS.join(', ')}); applies to days imported afterwards`,
        params: z.object({ key: z.string().max(64) }),
        body: z.unknown(),
        response: { 200: settingValue },
      },
    },
    async (request) => {
      const { key } = request.params;
      if (!isSettingKey(key)) throw notFound();
      return putSetting(app.pool, key, request.body, byOf(request));
    },
  );
};
