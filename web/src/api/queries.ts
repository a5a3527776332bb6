import { useQuery } from '@tanstack/react-query';
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

export function useReport(id: string, params: Record<string, string | undefined> | null) {
  const { locale } = useI18n();
  return useQuery({
    queryKey: ['report', id, params, locale],
    queryFn: ({ signal }) => apiGet<ApiResponse<'/api/reports/{id}'>>(reportUrl(id, params ?? {}), signal),
    enabled: params !== null,
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
