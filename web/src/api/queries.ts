import { useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
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
 * The last trading day with figures in the caller's scope (the API has no calendar endpoint): the
 * latest month of asset-trend, then tier-distribution probed backwards from that month's end (or
 * today) to the first day with rows, usually one to three requests. Reports only, so no customer
 * view is opened (a 360° view by a PII-entitled user would write an audit row). Null without data.
 */
export function useLastTradingDay(enabled = true) {
  return useQuery({
    queryKey: ['last-trading-day'],
    enabled,
    staleTime: 5 * 60_000,
    queryFn: async ({ signal }) => {
      const trend = await apiGet<Report>('/api/reports/asset-trend?months=1', signal);
      const month = trend.rows.at(-1)?.month;
      if (typeof month !== 'string') return null;
      const today = dayjs();
      let day = dayjs(`${month}-01`).endOf('month');
      if (today.format('YYYY-MM') === month && today.isBefore(day)) day = today;
      for (; day.format('YYYY-MM') === month; day = day.subtract(1, 'day')) {
        const date = day.format('YYYY-MM-DD');
        const tiers = await apiGet<Report>(`/api/reports/tier-distribution?date=${date}`, signal);
        if (tiers.rows.length) return date;
      }
      return null;
    },
  });
}
