/**
 * The 级别和分类 and lifecycle lists API (server/src/modules/lifecycle is the source of these shapes):
 * the tier × lifecycle matrix with its trend, the customers of a lifecycle, the prospects.
 */
import { useQuery } from '@tanstack/react-query';
import { api, type ApiResponse } from '../../../api/api';
import { useI18n } from '../../../i18n/i18n';

export type ClassificationAnswer = ApiResponse<'/api/intelligence/classification'>;
export type ClassificationCell = ClassificationAnswer['cells'][number];
export type Lifecycle = ClassificationCell['lifecycle'];
export type LifecycleList = ApiResponse<'/api/intelligence/lifecycle-customers'>;
export type LifecycleCustomer = LifecycleList['items'][number];
export type Prospect = ApiResponse<'/api/intelligence/prospects'>['items'][number];

export const CLASSIFICATION_PATH = '/customers/classification';
export const PROSPECTS_PATH = '/customers/prospects';
/** The list page of each lifecycle that has one. */
export const LIFECYCLE_PATHS = { SLEEPING: '/customers/sleeping', CHURN_RISK: '/customers/churn-risk', CHURNED: '/customers/churned' } as const;
export type ListedLifecycle = keyof typeof LIFECYCLE_PATHS;

/** The lifecycle states in the pages' order (the server's LIFECYCLES). */
export const LIFECYCLE_ORDER: readonly Lifecycle[] = ['POTENTIAL', 'ACTIVE', 'SLEEPING', 'DORMANT', 'CHURN_RISK', 'CHURNED'];

/** Query keys under one root (an import changes them all). */
export const lifecycleRoot = ['intelligence', 'lifecycle'] as const;

/** The matrix and trend of the caller's scope (on `date`, else the last imported day). */
export function useClassification(date: string | undefined) {
  const { locale } = useI18n();
  return useQuery({
    queryKey: [...lifecycleRoot, 'classification', date ?? null, locale],
    queryFn: ({ signal }) => api.get('/api/intelligence/classification', { query: date ? { date } : {} }, signal),
  });
}
