/**
 * The 客户价值 and 客户贡献 API (server/src/modules/value is the source of these shapes): the RFM
 * segments of the caller's scope and their customers, the contribution summary with its scatter and
 * the customers with every part of their contribution.
 */
import { useQuery } from '@tanstack/react-query';
import { api, type ApiResponse } from '../../../api/api';
import { useI18n } from '../../../i18n/i18n';

export type RfmAnswer = ApiResponse<'/api/intelligence/rfm'>;
export type RfmSegmentRow = RfmAnswer['segments'][number];
export type SegmentCode = RfmSegmentRow['segment'];
export type RfmCustomer = ApiResponse<'/api/intelligence/rfm/customers'>['items'][number];
export type ContributionAnswer = ApiResponse<'/api/intelligence/contribution'>;
export type ContributionCustomer = ApiResponse<'/api/intelligence/contribution/customers'>['items'][number];

export const VALUE_PATH = '/customers/value';
export const CONTRIBUTION_PATH = '/customers/contribution';

/** Query keys under one root (an import changes them all). */
export const valueRoot = ['intelligence', 'value'] as const;

/** The eight segments of the caller's scope (on `date`, else the last imported day). */
export function useRfm(date: string | undefined) {
  const { locale } = useI18n();
  return useQuery({
    queryKey: [...valueRoot, 'rfm', date ?? null, locale],
    queryFn: ({ signal }) => api.get('/api/intelligence/rfm', { query: date ? { date } : {} }, signal),
  });
}

/** The contribution summary, rule and scatter of the caller's scope. */
export function useContribution(date: string | undefined) {
  const { locale } = useI18n();
  return useQuery({
    queryKey: [...valueRoot, 'contribution', date ?? null, locale],
    queryFn: ({ signal }) => api.get('/api/intelligence/contribution', { query: date ? { date } : {} }, signal),
  });
}
