/**
 * The 流失预警 API (server/src/modules/churn is the source of these shapes): the model's out-of-time
 * quality, the scored customers in scope and one customer's score (the 360° view).
 */
import { useQuery } from '@tanstack/react-query';
import { api, type ApiResponse } from '../../../api/api';
import { useI18n } from '../../../i18n/i18n';

export type ChurnModel = ApiResponse<'/api/churn/model'>;
export type ChurnScoreList = ApiResponse<'/api/churn/scores'>;
export type ChurnScore = ChurnScoreList['items'][number];
export type CustomerChurn = ApiResponse<'/api/churn/customers/{customerNo}'>;

export const CHURN_PATH = '/customers/churn';

/** Query keys under one root (an import or a training changes them all). */
export const churnRoot = ['intelligence', 'churn'] as const;

export function useChurnModel() {
  return useQuery({ queryKey: [...churnRoot, 'model'], queryFn: ({ signal }) => api.get('/api/churn/model', {}, signal) });
}

export function useCustomerChurn(customerNo: string) {
  const { locale } = useI18n();
  return useQuery({
    queryKey: [...churnRoot, 'customer', customerNo, locale],
    queryFn: ({ signal }) => api.get('/api/churn/customers/{customerNo}', { path: { customerNo } }, signal),
  });
}
