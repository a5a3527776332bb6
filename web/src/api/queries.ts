import { useQuery } from '@tanstack/react-query';
import { useI18n } from '../i18n/i18n';
import { apiGet, queryString } from './client';
import type { Customer360, CustomerListItem, Me, Page, Report } from './types';

export const meKey = ['me'] as const;

export function useMe() {
  return useQuery({ queryKey: meKey, queryFn: ({ signal }) => apiGet<Me>('/api/me', signal), retry: false, staleTime: 60_000 });
}

export type CustomerFilters = Record<string, string | number | undefined>;

export function useCustomers(filters: CustomerFilters) {
  const { locale } = useI18n();
  return useQuery({
    queryKey: ['customers', filters, locale],
    queryFn: ({ signal }) => apiGet<Page<CustomerListItem>>(`/api/customers${queryString(filters)}`, signal),
    placeholderData: (previous) => previous,
  });
}

export function useCustomer(customerNo: string | undefined) {
  const { locale } = useI18n();
  return useQuery({
    queryKey: ['customer', customerNo, locale],
    queryFn: ({ signal }) => apiGet<Customer360>(`/api/customers/${encodeURIComponent(customerNo ?? '')}`, signal),
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
    queryFn: ({ signal }) => apiGet<Report>(reportUrl(id, params ?? {}), signal),
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
    queryFn: ({ signal }) => apiGet<Me>('/api/me', signal),
    retry: false,
    staleTime: 60_000,
    enabled,
    select: (me) => me.lastTradingDay,
  });
}
