/**
 * The 协同工作 API (server/src/modules/workflows/workflows.schemas.ts is the source of these shapes):
 * types, queries and the calls that start and act on flows.
 */
import { useQuery } from '@tanstack/react-query';
import { api, type ApiBody, type ApiQuery, type ApiResponse } from '../../api/api';

// The flow types are shared with the server (shared/workflow-types.ts).
export { RELATIONSHIP_OPERATION_TYPES, WORKFLOW_TYPES, type RelationshipOperationType } from '../../../../shared/workflow-types';

export type WorkflowSummary = ApiResponse<'/api/workflows'>['items'][number];
export type WorkflowDetail = ApiResponse<'/api/workflows/{id}'>;
export type WorkflowStep = WorkflowDetail['steps'][number];
export type WorkflowHistoryEntry = WorkflowDetail['history'][number];
export type Person = WorkflowSummary['initiator'];
export type WorkflowStatus = WorkflowSummary['status'];
export type StepStatus = WorkflowStep['status'];
export type HistoryEvent = WorkflowHistoryEntry['event'];
export type WorkflowAction = ApiBody<'/api/workflows/{id}/actions', 'post'>['action'];
export type WorkflowView = NonNullable<ApiQuery<'/api/workflows'>['view']>;
export type WorkflowDefinition = ApiResponse<'/api/workflows/definitions'>['items'][number];
export type StepRole = WorkflowDefinition['steps'][number];
export type Appointment = ApiResponse<'/api/appointments'>['items'][number];
export type AppointmentStatus = Appointment['status'];

/** The choices the pages offer, in the order they show them (each checked against the generated type). */
export const WORKFLOW_STATUSES = ['PENDING', 'RETURNED', 'APPROVED', 'REJECTED', 'WITHDRAWN'] as const satisfies readonly WorkflowStatus[];
export const WORKFLOW_ACTIONS = ['approve', 'return', 'reject', 'withdraw', 'resubmit'] as const satisfies readonly WorkflowAction[];
export const WORKFLOW_VIEWS = ['todo', 'started', 'participated', 'monitor'] as const satisfies readonly WorkflowView[];
export const STEP_ROLES = ['TEAM_LEAD', 'BRANCH_MANAGER', 'HQ', 'ADMIN'] as const satisfies readonly StepRole[];
export const APPOINTMENT_STATUSES = ['PENDING', 'APPROVED', 'MATCHED', 'UNUSABLE', 'VOID', 'REJECTED'] as const satisfies readonly AppointmentStatus[];

/** Query keys under one root, so any action refreshes every list, the bell and the dashboard card. */
export const workflowsRoot = ['workflows'] as const;

export function useWorkflows(params: ApiQuery<'/api/workflows'> & { view: WorkflowView }, options: { refetchInterval?: number; enabled?: boolean } = {}) {
  return useQuery({
    queryKey: [...workflowsRoot, 'list', params],
    queryFn: ({ signal }) => api.get('/api/workflows', { query: params }, signal),
    placeholderData: (previous) => previous,
    ...options,
  });
}

export function useWorkflow(id: string | undefined) {
  return useQuery({
    queryKey: [...workflowsRoot, 'detail', id],
    queryFn: ({ signal }) => api.get('/api/workflows/{id}', { path: { id: id ?? '' } }, signal),
    enabled: Boolean(id),
  });
}

export function useAppointments(params: ApiQuery<'/api/appointments'>, enabled = true) {
  return useQuery({
    enabled,
    queryKey: [...workflowsRoot, 'appointments', params],
    queryFn: ({ signal }) => api.get('/api/appointments', { query: params }, signal),
    placeholderData: (previous) => previous,
  });
}

export function useWorkflowDefinitions() {
  return useQuery({
    queryKey: [...workflowsRoot, 'definitions'],
    queryFn: ({ signal }) => api.get('/api/workflows/definitions', {}, signal),
  });
}

export function startWorkflow(type: string, payload: Record<string, unknown>): Promise<WorkflowDetail> {
  return api.post('/api/workflows', { body: { type, payload } });
}

export function actOnWorkflow(id: string, action: WorkflowAction, comment: string | undefined, payload?: Record<string, unknown>): Promise<WorkflowDetail> {
  return api.post('/api/workflows/{id}/actions', { path: { id }, body: { action, comment: comment || undefined, payload } });
}

export function saveWorkflowDefinitions(items: { type: string; steps: StepRole[] }[]): Promise<{ items: WorkflowDefinition[] }> {
  return api.put('/api/workflows/definitions', { body: { items } });
}

/** A person as shown: display name, else the login name; the staff number beside it when known. */
export function personName(p: Person | null | undefined): string {
  if (!p) return '';
  const name = p.displayName ?? p.username;
  return p.staffNo ? `${name}（${p.staffNo}）` : name;
}
