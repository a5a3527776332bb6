/**
 * 协同工作 API (interfaces.md "Workflows and relationships"):
 * - POST /api/workflows {type, payload} → 201 (the payload checked at once: 422 naming each bad field)
 * - GET /api/workflows?view=todo|started|participated|monitor&type=&status=&page=&pageSize=
 * - GET /api/workflows/{id} (steps and history), POST /api/workflows/{id}/actions {action, comment}
 * - GET/PUT /api/workflows/definitions (`workflows.configure`: the ordered approver roles of each type)
 * - GET /api/appointments?status= (scoped to the staff within the caller's scope)
 * Every route needs the `workflows` permission (everyone but the read-only COMPLIANCE).
 */
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { callerOf, requirePermission, requireUser } from '../auth/auth.hooks.js';
import { listAppointments } from './operations/appointments.js';
import {
  appointmentList, appointmentListQuery, putDefinitionsBody, startedWorkflow, startWorkflowBody, workflowActionBody, workflowDefinitionList,
  workflowDetail as workflowDetailSchema, workflowIdParams, workflowList, workflowListQuery,
} from './workflows.schemas.js';
import { actOnWorkflow, actorOf, listDefinitions, listWorkflows, putDefinitions, startWorkflow, workflowDetail, type RequestMeta } from './workflows.service.js';

function metaOf(request: FastifyRequest): RequestMeta {
  return { ip: request.ip, now: request.server.clock() };
}

export const workflowRoutes: FastifyPluginAsyncZod = async (app) => {
  const guard = { onRequest: [requireUser, requirePermission('workflows')] };
  const admin = { onRequest: [requireUser, requirePermission('workflows.configure')] };
  const tags = ['workflows'];

  app.post(
    '/api/workflows',
    { ...guard, schema: { tags, summary: 'Start a flow (发起流程)', body: startWorkflowBody, response: { 201: startedWorkflow } } },
    async (request, reply) => reply.code(201).send(await startWorkflow(app.pool, actorOf(callerOf(request)), request.body, metaOf(request))),
  );

  app.get(
    '/api/workflows',
    { ...guard, schema: { tags, summary: '待办 / 发起的 / 参与的 / 工作流监控', querystring: workflowListQuery, response: { 200: workflowList } } },
    async (request) => listWorkflows(app.pool, actorOf(callerOf(request)), request.query, request.server.clock()),
  );

  app.get(
    '/api/workflows/definitions',
    { ...admin, schema: { tags, summary: 'Flow definitions: the ordered approver roles of each type', response: { 200: workflowDefinitionList } } },
    async () => listDefinitions(app.pool),
  );

  app.put(
    '/api/workflows/definitions',
    { ...admin, schema: { tags, summary: 'Change the approver roles of the given types (audited)', body: putDefinitionsBody, response: { 200: workflowDefinitionList } } },
    async (request) => putDefinitions(app.pool, actorOf(callerOf(request)), request.body, metaOf(request)),
  );

  app.get(
    '/api/workflows/:id',
    { ...guard, schema: { tags, summary: 'One flow with its steps and history', params: workflowIdParams, response: { 200: workflowDetailSchema } } },
    async (request) => workflowDetail(app.pool, actorOf(callerOf(request)), request.params.id, metaOf(request)),
  );

  app.post(
    '/api/workflows/:id/actions',
    {
      ...guard,
      schema: {
        tags,
        summary: 'approve / reject / return / withdraw / resubmit (403 unless the step’s assignee, or the initiator for withdraw and resubmit)',
        params: workflowIdParams,
        body: workflowActionBody,
        response: { 200: workflowDetailSchema },
      },
    },
    async (request) => actOnWorkflow(app.pool, actorOf(callerOf(request)), request.params.id, request.body, metaOf(request)),
  );

  app.get(
    '/api/appointments',
    { ...guard, schema: { tags, summary: 'Appointments (预约客户开户) of the staff within scope', querystring: appointmentListQuery, response: { 200: appointmentList } } },
    async (request) => listAppointments(app.pool, callerOf(request), request.query, metaOf(request)),
  );
};
