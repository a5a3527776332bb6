import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useI18n } from '../i18n/i18n';
import { api, type ApiResponse } from './api';
import { apiGet, queryString } from './client';

export const meKey = ['me'] as const;

export function useMe() {
  return useQuery({ queryKey: meKey, queryFn: ({ signal }) => api.get('/api/me', {}, signal), retry: false, staleTime: 60_000 });
}

export function useCustomer(customerNo: string | undefined) {
  const { locale } = useI18n();
  return useQuery({
    queryKey: ['customer', customerNo, locale],
    queryFn: ({ signal }) => api.get('/api/customers/{customerNo}', { path: { customerNo: customerNo ?? '' } }, signal),
    enabled: Boolean(customerNo),
  });
}

export function reportUrl(id: string, params: Record<string, string | undefined>): string {
  return `/api/reports/${encodeURIComponent(id)}${queryString(params)}`;
}

/** A report's rows: every row, or with `page` that page (and `total`, the row count) — the totals are asked for apart (useReportTotals). */
export function useReport(id: string, params: Record<string, string | undefined> | null, page?: { page: number; pageSize: number }) {
  const { locale } = useI18n();
  const paging = page ? { page: String(page.page), pageSize: String(page.pageSize) } : {};
  return useQuery({
    queryKey: ['report', id, params, page ?? null, locale],
    queryFn: ({ signal }) => apiGet<ApiResponse<'/api/reports/{id}'>>(reportUrl(id, { ...params, ...paging }), signal),
    enabled: params !== null,
    placeholderData: page ? keepPreviousData : undefined,
  });
}

/**
 * A report's exact totals over all its rows, asked for once per parameters (not per page: they read
 * every row), with the row count.
 */
export function useReportTotals(id: string, params: Record<string, string | undefined> | null, enabled: boolean) {
  const { locale } = useI18n();
  return useQuery({
    queryKey: ['report', id, params, 'totals', locale],
    queryFn: ({ signal }) => apiGet<ApiResponse<'/api/reports/{id}'>>(reportUrl(id, { ...params, page: '1', pageSize: '1', totals: 'true' }), signal),
    enabled: params !== null && enabled,
  });
}

/**
 * The latest imported trading day (the day the figures are as of), from the cached `/api/me`
 * answer: no request of its own. Null before the first import.
 */
export function useLastTradingDay(enabled = true) {
  return useQuery({
    queryKey: meKey,
    queryFn: ({ signal }) => api.get('/api/me', {}, signal),
    retry: false,
    staleTime: 60_000,
    enabled,
    select: (me) => me.lastTradingDay,
  });
}
