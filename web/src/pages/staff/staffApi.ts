/**
 * The staff API (GET /api/staff and /api/staff/{staffNo}/…): response shapes (money and weights are decimal strings) and react-query hooks.
 */
import { useQuery } from '@tanstack/react-query';
import { api, type ApiQuery, type ApiResponse } from '../../api/api';
import { useI18n } from '../../i18n/i18n';

export type StaffListItem = ApiResponse<'/api/staff'>['items'][number];
export type StaffProfile = ApiResponse<'/api/staff/{staffNo}'>;
export type StaffCustomer = ApiResponse<'/api/staff/{staffNo}/customers'>['items'][number];
export type StaffIndicators = ApiResponse<'/api/staff/{staffNo}/indicators'>;
export type MonthlyIndicator = StaffIndicators['months'][number];
export type MonthlyTrading = StaffIndicators['trading'][number];
export type StaffAssets = ApiResponse<'/api/staff/{staffNo}/assets'>;
export type StaffAsset = StaffAssets['items'][number];
export type StaffHolding = ApiResponse<'/api/staff/{staffNo}/holdings'>['items'][number];
export type StaffFlows = ApiResponse<'/api/staff/{staffNo}/flows'>;
export type FlowKind = StaffFlows['kind'];
/** A row of any of the three flow lists, as one table reads it: its columns by key. */
export type StaffFlow = StaffFlows['items'][number] & Record<string, string | null>;

type StaffCategory = NonNullable<ApiQuery<'/api/staff'>['category']>;
type StaffStatus = NonNullable<ApiQuery<'/api/staff'>['status']>;
export const STAFF_CATEGORIES = ['BROKER', 'ACCOUNT_MANAGER', 'ADVISOR', 'SERVICE', 'DISTRIBUTOR', 'MANAGER'] as const satisfies readonly StaffCategory[];
export const STAFF_STATUSES = ['ACTIVE', 'LEFT'] as const satisfies readonly StaffStatus[];

export function staffPath(staffNo: string, sub = ''): string {
  return `/api/staff/${encodeURIComponent(staffNo)}${sub}`;
}

/** A GET of the staff API, cached per locale (problem texts come in the user's language). */
function useStaffQuery<T>(key: string, path: string, params: unknown, fetch: (signal: AbortSignal) => Promise<T>) {
  const { locale } = useI18n();
  return useQuery({
    queryKey: ['staff', key, path, params, locale],
    queryFn: ({ signal }) => fetch(signal),
    placeholderData: (previous) => previous,
  });
}

export const useStaffProfile = (staffNo: string) =>
  useStaffQuery('profile', staffPath(staffNo), {}, (signal) => api.get('/api/staff/{staffNo}', { path: { staffNo } }, signal));
export const useStaffIndicators = (staffNo: string, params: ApiQuery<'/api/staff/{staffNo}/indicators'>) =>
  useStaffQuery('indicators', staffPath(staffNo, '/indicators'), params, (signal) => api.get('/api/staff/{staffNo}/indicators', { path: { staffNo }, query: params }, signal));
export const useStaffAssets = (staffNo: string, params: ApiQuery<'/api/staff/{staffNo}/assets'>) =>
  useStaffQuery('assets', staffPath(staffNo, '/assets'), params, (signal) => api.get('/api/staff/{staffNo}/assets', { path: { staffNo }, query: params }, signal));
