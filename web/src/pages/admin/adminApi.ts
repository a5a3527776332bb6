/** The 系统管理 API (server/src/modules/admin): types, queries and the PATCH/PUT calls the shared client lacks. */
import { useQuery } from '@tanstack/react-query';
import { ApiError, apiGet, queryString } from '../../api/client';
import type { Page, Role } from '../../api/types';
import { currentLocale } from '../../i18n/i18n';

export interface AdminUser {
  id: string;
  username: string;
  displayName: string | null;
  role: Role;
  staffNo: string | null;
  staffName: string | null;
  branchCode: string | null;
  disabled: boolean;
  createdAt: string;
  lastLoginAt: string | null;
}

export type RunKind = 'EXTRACT' | 'ORG';
export type RunStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED';

export interface ImportRun {
  id: string;
  kind: RunKind;
  startedAt: string;
  finishedAt: string | null;
  startedBy: string;
  folder: string;
  tradeDate: string | null;
  status: RunStatus;
  replaced: boolean;
  durationMs: number | null;
  errorCount: number;
}

export interface ImportRunDetail extends ImportRun {
  files: { name: string; rows: number | null; bytes: number | null; sha256: string | null }[];
  rowCounts: Record<string, number>;
  errors: { file: string; line: number | null; column: string | null; reason: string }[];
  warnings: string[];
}

export interface AuditRow {
  id: string;
  at: string;
  userId: string | null;
  username: string | null;
  action: string;
  entity: string | null;
  entityId: string | null;
  detail: unknown;
  ip: string | null;
}

export interface Tier {
  name: string;
  min: string;
}
export interface Lifecycle {
  sleepingDays: number;
  dormantYears: number;
  dormantMaxCash: string;
}
export interface ValidCustomer {
  minNetAsset: string;
}
interface Stored<T> {
  value: T;
  updatedAt: string | null;
  updatedBy: string | null;
}
export interface Settings {
  tiers: Stored<Tier[]>;
  lifecycle: Stored<Lifecycle>;
  validCustomer: Stored<ValidCustomer>;
}

type Params = Record<string, string | number | undefined>;

export function useAdminUsers(params: Params) {
  return useQuery({
    queryKey: ['admin', 'users', params],
    queryFn: ({ signal }) => apiGet<Page<AdminUser>>(`/api/admin/users${queryString(params)}`, signal),
    placeholderData: (previous) => previous,
  });
}

export function useImportRuns(params: Params) {
  return useQuery({
    queryKey: ['admin', 'import-runs', params],
    queryFn: ({ signal }) => apiGet<Page<ImportRun>>(`/api/admin/import-runs${queryString(params)}`, signal),
    placeholderData: (previous) => previous,
  });
}

export function useImportRun(id: string | null) {
  return useQuery({
    queryKey: ['admin', 'import-run', id],
    queryFn: ({ signal }) => apiGet<ImportRunDetail>(`/api/admin/import-runs/${encodeURIComponent(id ?? '')}`, signal),
    enabled: id !== null,
  });
}

export function useAudit(params: Params) {
  return useQuery({
    queryKey: ['admin', 'audit', params],
    queryFn: ({ signal }) => apiGet<Page<AuditRow>>(`/api/audit${queryString(params)}`, signal),
    placeholderData: (previous) => previous,
  });
}

export function useSettings() {
  return useQuery({ queryKey: ['admin', 'settings'], queryFn: ({ signal }) => apiGet<Settings>('/api/admin/settings', signal) });
}

/** A JSON request with the page's language; a problem+json answer becomes an ApiError with its field errors. */
export async function adminSend<T>(method: 'POST' | 'PATCH' | 'PUT', path: string, body: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    credentials: 'include',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'Accept-Language': currentLocale() === 'en-US' ? 'en' : 'zh-CN' },
    body: JSON.stringify(body),
  });
  if (!response.ok) {
    let problem: { detail?: string; title?: string; errors?: { field: string; message: string }[] } = {};
    try {
      problem = (await response.json()) as typeof problem;
    } catch {
      // not JSON
    }
    const fields = problem.errors ?? [];
    const base = problem.detail ?? problem.title ?? `${response.status} ${response.statusText}`;
    throw new ApiError(response.status, fields.length ? `${base} ${fields.map((e) => `${e.field}: ${e.message}`).join('; ')}` : base, fields);
  }
  return (await response.json()) as T;
}

export const ROLE_LIST: Role[] = ['ADMIN', 'HQ', 'COMPLIANCE', 'BRANCH_MANAGER', 'TEAM_LEAD', 'BROKER', 'SERVICE'];
export const SCOPED_ROLES: Role[] = ['BRANCH_MANAGER', 'TEAM_LEAD', 'BROKER', 'SERVICE'];

export function formatTime(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}
