/** The staff management API (server/src/modules/staff/staff.manage.*): types, queries and changes. */
import { useQuery } from '@tanstack/react-query';
import { apiGet, queryString } from '../../../api/client';
import type { Page } from '../../../api/types';
import { adminSend } from '../../admin/adminApi';

export const STAFF_CATEGORIES = ['BROKER', 'ACCOUNT_MANAGER', 'ADVISOR', 'SERVICE', 'DISTRIBUTOR', 'MANAGER'] as const;
export const STAFF_LEVELS = ['见习', '初级', '中级', '高级', '资深'] as const;
export const CONTRACT_TYPES = ['LABOR', 'AGENCY'] as const;
export type StaffCategory = (typeof STAFF_CATEGORIES)[number];
export type StaffLevel = (typeof STAFF_LEVELS)[number];
export type ContractType = (typeof CONTRACT_TYPES)[number];

/** Roles that may create and edit staff (a branch manager within their branch). */
export const MANAGER_ROLES = ['ADMIN', 'HQ', 'BRANCH_MANAGER'];

export interface HistoryRow {
  id: string;
  field: string;
  oldValue: string | null;
  newValue: string | null;
  changedOn: string;
  source: string;
  recordedBy: string | null;
  note: string | null;
  recordedAt: string;
  pending: boolean;
}

export interface ManagedStaff {
  staffNo: string;
  name: string;
  category: StaffCategory;
  level: StaffLevel;
  branchCode: string;
  branchName: string;
  teamCode: string | null;
  teamName: string | null;
  hireDate: string;
  leaveDate: string | null;
  contractType: ContractType;
  mobile: string | null;
  email: string | null;
  status: 'ACTIVE' | 'LEFT';
  history: HistoryRow[];
  currentRelationships: number;
  toReassign: number;
}

export interface StaffChangeResult {
  staff: ManagedStaff;
  historyAdded: number;
  workflows: { id: string; type: string; status: string }[];
}

export interface ManageOptions {
  branches: { code: string; name: string }[];
  teams: { code: string; name: string; branchCode: string }[];
  changesNeedApproval: boolean;
}

export interface NewStaff {
  staffNo: string;
  name: string;
  category: StaffCategory;
  level: StaffLevel;
  branchCode: string;
  teamCode: string | null;
  hireDate: string;
  leaveDate: string | null;
  contractType: ContractType;
  mobile: string | null;
  email: string | null;
}

export type StaffPatch = Partial<{
  name: string;
  mobile: string | null;
  email: string | null;
  hireDate: string;
  level: StaffLevel;
  teamCode: string | null;
  category: StaffCategory;
  contractType: ContractType;
  effectiveDate: string;
  leaveDate: string | null;
  note: string;
}>;

export interface ToReassignItem {
  relationshipId: string;
  customerNo: string;
  customerName: string;
  branchCode: string;
  staffNo: string;
  staffName: string;
  leaveDate: string;
  kind: 'DEVELOP' | 'SERVICE';
  weight: string;
  effectiveFrom: string;
  endedOn: string | null;
}

export const managedStaffKey = (staffNo: string) => ['staff-manage', staffNo] as const;

export function useManagedStaff(staffNo: string | undefined) {
  return useQuery({
    queryKey: managedStaffKey(staffNo ?? ''),
    queryFn: ({ signal }) => apiGet<ManagedStaff>(`/api/staff/${encodeURIComponent(staffNo ?? '')}/manage`, signal),
    enabled: Boolean(staffNo),
  });
}

export function useManageOptions() {
  return useQuery({ queryKey: ['staff-manage-options'], queryFn: ({ signal }) => apiGet<ManageOptions>('/api/staff/manage/options', signal) });
}

export function useToReassign(params: { staffNo?: string; page: number; pageSize: number }) {
  return useQuery({
    queryKey: ['staff-to-reassign', params],
    queryFn: ({ signal }) => apiGet<Page<ToReassignItem>>(`/api/staff/to-reassign${queryString(params)}`, signal),
    placeholderData: (previous) => previous,
  });
}

export function createStaff(body: NewStaff): Promise<ManagedStaff> {
  return adminSend<ManagedStaff>('POST', '/api/staff', body);
}

export function patchStaff(staffNo: string, patch: StaffPatch): Promise<StaffChangeResult> {
  return adminSend<StaffChangeResult>('PATCH', `/api/staff/${encodeURIComponent(staffNo)}`, patch);
}

export function putApprovalSetting(changesNeedApproval: boolean): Promise<{ changesNeedApproval: boolean }> {
  return adminSend('PUT', '/api/staff/manage/settings', { changesNeedApproval });
}
