/** The staff management API (server/src/modules/staff/staff.manage.*): types, queries and changes. */
import { useQuery } from '@tanstack/react-query';
import { api, type ApiBody, type ApiResponse } from '../../../api/api';

export type NewStaff = ApiBody<'/api/staff', 'post'>;
export type StaffPatch = ApiBody<'/api/staff/{staffNo}', 'patch'>;
export type ManagedStaff = ApiResponse<'/api/staff/{staffNo}/manage'>;
export type HistoryRow = ManagedStaff['history'][number];
export type StaffChangeResult = ApiResponse<'/api/staff/{staffNo}', 'patch'>;
export type ManageOptions = ApiResponse<'/api/staff/manage/options'>;
export type ToReassignItem = ApiResponse<'/api/staff/to-reassign'>['items'][number];
export type StaffCategory = NewStaff['category'];
export type StaffLevel = NewStaff['level'];
export type ContractType = NewStaff['contractType'];

/** The choices the forms offer, in the order they show them (each checked against the generated type). */
export const STAFF_CATEGORIES = ['BROKER', 'ACCOUNT_MANAGER', 'ADVISOR', 'SERVICE', 'DISTRIBUTOR', 'MANAGER'] as const satisfies readonly StaffCategory[];
export const STAFF_LEVELS = ['见习', '初级', '中级', '高级', '资深'] as const satisfies readonly StaffLevel[];
export const CONTRACT_TYPES = ['LABOR', 'AGENCY'] as const satisfies readonly ContractType[];

export const managedStaffKey = (staffNo: string) => ['staff-manage', staffNo] as const;

export function useManagedStaff(staffNo: string | undefined) {
  return useQuery({
    queryKey: managedStaffKey(staffNo ?? ''),
    queryFn: ({ signal }) => api.get('/api/staff/{staffNo}/manage', { path: { staffNo: staffNo ?? '' } }, signal),
    enabled: Boolean(staffNo),
  });
}

export function useManageOptions() {
  return useQuery({ queryKey: ['staff-manage-options'], queryFn: ({ signal }) => api.get('/api/staff/manage/options', {}, signal) });
}

export function createStaff(body: NewStaff): Promise<ManagedStaff> {
  return api.post('/api/staff', { body });
}

export function patchStaff(staffNo: string, patch: StaffPatch): Promise<StaffChangeResult> {
  return api.patch('/api/staff/{staffNo}', { path: { staffNo }, body: patch });
}

export function putApprovalSetting(changesNeedApproval: boolean): Promise<{ changesNeedApproval: boolean }> {
  return api.put('/api/staff/manage/settings', { body: { changesNeedApproval } });
}
