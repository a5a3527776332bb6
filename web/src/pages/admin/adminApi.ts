/** The 系统管理 API (server/src/modules/admin): the shapes of its answers (generated, src/api/schema.d.ts) and its queries. */
import { useQuery } from '@tanstack/react-query';
import { api, type ApiResponse } from '../../api/api';
import type { Role } from '../../api/types';

export type AdminUser = ApiResponse<'/api/admin/users'>['items'][number];
export type ImportRun = ApiResponse<'/api/admin/import-runs'>['items'][number];
export type RunStatus = ImportRun['status'];
export type ImportRunDetail = ApiResponse<'/api/admin/import-runs/{id}'>;
export type AuditRow = ApiResponse<'/api/audit'>['items'][number];

export type Settings = ApiResponse<'/api/admin/settings'>;
export type Tier = NonNullable<Settings['tiers']['value']>[number];
export type Lifecycle = NonNullable<Settings['lifecycle']['value']>;
export type ValidCustomer = NonNullable<Settings['validCustomer']['value']>;
export type ContributionSetting = NonNullable<Settings['contribution']['value']>;
export type ChurnSetting = NonNullable<Settings['churn']['value']>;
export type MonitoringSetting = NonNullable<Settings['monitoring']['value']>;
export type MarginSetting = NonNullable<Settings['margin']['value']>;
export type OutreachSetting = NonNullable<Settings['outreach']['value']>;

export function useImportRun(id: string | null) {
  return useQuery({
    queryKey: ['admin', 'import-run', id],
    queryFn: ({ signal }) => api.get('/api/admin/import-runs/{id}', { path: { id: id ?? '' } }, signal),
    enabled: id !== null,
  });
}

export function useSettings() {
  return useQuery({ queryKey: ['admin', 'settings'], queryFn: ({ signal }) => api.get('/api/admin/settings', {}, signal) });
}

export const ROLE_LIST: Role[] = ['ADMIN', 'HQ', 'COMPLIANCE', 'BRANCH_MANAGER', 'TEAM_LEAD', 'BROKER', 'SERVICE'];
export const SCOPED_ROLES: Role[] = ['BRANCH_MANAGER', 'TEAM_LEAD', 'BROKER', 'SERVICE'];

export function formatTime(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
