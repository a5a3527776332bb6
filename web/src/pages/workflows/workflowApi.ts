/**
 * The 协同工作 API (server/src/modules/workflows/workflows.schemas.ts is the source of these shapes):
 * types, queries and the calls that start and act on flows.
 */
import { useQuery } from '@tanstack/react-query';
import { apiGet, queryString } from '../../api/client';
import type { Decimal, Page } from '../../api/types';
import { adminSend } from '../admin/adminApi';

export const RELATIONSHIP_OPERATION_TYPES = [
  'APPOINTMENT_OPEN', // 预约客户开户
  'APPOINTMENT_VOID', // 预约作废
  'NON_APPOINTMENT_OPEN', // 非预约客户开户
  'RELATIONSHIP_ADD', // 对应关系增加
  'RELATIONSHIP_CHANGE', // 对应关系变更
  'RELATIONSHIP_REVOKE', // 对应关系撤销
] as const;
export type RelationshipOperationType = (typeof RELATIONSHIP_OPERATION_TYPES)[number];
/** Every flow type, for filters: the relationship operations and the staff changes (人员管理). */
export const WORKFLOW_TYPES = [...RELATIONSHIP_OPERATION_TYPES, 'STAFF_LEVEL_CHANGE', 'STAFF_TEAM_CHANGE'] as const;

export const WORKFLOW_STATUSES = ['PENDING', 'RETURNED', 'APPROVED', 'REJECTED', 'WITHDRAWN'] as const;
export type WorkflowStatus = (typeof WORKFLOW_STATUSES)[number];
export type StepStatus = 'WAITING' | 'PENDING' | 'APPROVED' | 'REJECTED' | 'RETURNED' | 'CANCELLED';
export const WORKFLOW_ACTIONS = ['approve', 'return', 'reject', 'withdraw', 'resubmit'] as const;
export type WorkflowAction = (typeof WORKFLOW_ACTIONS)[number];
export type HistoryEvent = 'submit' | 'approve' | 'reject' | 'return' | 'withdraw' | 'resubmit' | 'applied';
export const WORKFLOW_VIEWS = ['todo', 'started', 'participated', 'monitor'] as const;
export type WorkflowView = (typeof WORKFLOW_VIEWS)[number];
export const STEP_ROLES = ['TEAM_LEAD', 'BRANCH_MANAGER', 'HQ', 'ADMIN'] as const;
export type StepRole = (typeof STEP_ROLES)[number];

export interface Person {
  userId: string;
  username: string;
  displayName: string | null;
  staffNo: string | null;
}

export interface WorkflowStep {
  seq: number;
  role: string;
  scopeCode: string | null;
  status: StepStatus;
  assignees: Person[];
  actedBy: Person | null;
  actedAt: string | null;
  comment: string | null;
}

export interface WorkflowHistoryEntry {
  id: string;
  at: string;
  event: HistoryEvent;
  stepSeq: number | null;
  actor: Person | null;
  comment: string | null;
}

export interface WorkflowSummary {
  id: string;
  type: string;
  title: string;
  status: WorkflowStatus;
  initiator: Person;
  branchCode: string | null;
  teamCode: string | null;
  customerNo: string | null;
  currentStep: number | null;
  currentRole: string | null;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
  /** Names of the flow's customer and staff numbers that the caller may see (code → name). */
  names: { customers: Record<string, string>; staff: Record<string, string>; units: Record<string, string> };
}

export interface WorkflowDetail extends WorkflowSummary {
  payload: Record<string, unknown>;
  steps: WorkflowStep[];
  history: WorkflowHistoryEntry[];
  outcome: Record<string, unknown> | null;
  allowedActions: Record<WorkflowAction, boolean>;
}

export interface WorkflowDefinition {
  type: string;
  steps: StepRole[];
  isDefault: boolean;
  updatedAt: string | null;
  updatedBy: string | null;
}

export const APPOINTMENT_STATUSES = ['PENDING', 'APPROVED', 'MATCHED', 'UNUSABLE', 'VOID', 'REJECTED'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

export interface Appointment {
  id: string;
  name: string;
  idNo: string;
  mobile: string;
  branchCode: string;
  branchName: string;
  appointmentDate: string;
  staffNo: string;
  staffName: string;
  weight: Decimal;
  status: AppointmentStatus;
  statusReason: string | null;
  customerNo: string | null;
  openDate: string | null;
  relationshipId: string | null;
  workflowId: string | null;
  createdAt: string;
}

type Params = Record<string, string | number | undefined>;

/** Query keys under one root, so any action refreshes every list, the bell and the dashboard card. */
export const workflowsRoot = ['workflows'] as const;

export function useWorkflows(params: Params & { view: WorkflowView }, options: { refetchInterval?: number; enabled?: boolean } = {}) {
  return useQuery({
    queryKey: [...workflowsRoot, 'list', params],
    queryFn: ({ signal }) => apiGet<Page<WorkflowSummary>>(`/api/workflows${queryString(params)}`, signal),
    placeholderData: (previous) => previous,
    ...options,
  });
}

export function useWorkflow(id: string | undefined) {
  return useQuery({
    queryKey: [...workflowsRoot, 'detail', id],
    queryFn: ({ signal }) => apiGet<WorkflowDetail>(`/api/workflows/${encodeURIComponent(id ?? '')}`, signal),
    enabled: Boolean(id),
  });
}

export function useAppointments(params: Params, enabled = true) {
  return useQuery({
    enabled,
    queryKey: [...workflowsRoot, 'appointments', params],
    queryFn: ({ signal }) => apiGet<Page<Appointment>>(`/api/appointments${queryString(params)}`, signal),
    placeholderData: (previous) => previous,
  });
}

export function useWorkflowDefinitions() {
  return useQuery({
    queryKey: [...workflowsRoot, 'definitions'],
    queryFn: ({ signal }) => apiGet<{ items: WorkflowDefinition[] }>('/api/workflows/definitions', signal),
  });
}

export function startWorkflow(type: string, payload: Record<string, unknown>): Promise<WorkflowDetail> {
  return adminSend<WorkflowDetail>('POST', '/api/workflows', { type, payload });
}

export function actOnWorkflow(id: string, action: WorkflowAction, comment: string | undefined, payload?: Record<string, unknown>): Promise<WorkflowDetail> {
  return adminSend<WorkflowDetail>('POST', `/api/workflows/${encodeURIComponent(id)}/actions`, { action, comment: comment || undefined, payload });
}

export function saveWorkflowDefinitions(items: { type: string; steps: StepRole[] }[]): Promise<{ items: WorkflowDefinition[] }> {
  return adminSend<{ items: WorkflowDefinition[] }>('PUT', '/api/workflows/definitions', { items });
}

/** A person as shown: display name, else the login name; the staff number beside it when known. */
export function personName(p: Person | null | undefined): string {
  if (!p) return '';
  const name = p.displayName ?? p.username;
  return p.staffNo ? `${name}（${p.staffNo}）` : name;
}
