/**
 * The 融资融券 API (server/src/modules/margin is the source of these shapes): the credit accounts with
 * their maintenance ratio and state, the qualified customer pool, one customer's credit accounts with
 * their history (the 360° view).
 */
import { useQuery } from '@tanstack/react-query';
import { api, type ApiResponse } from '../../api/api';
import { percentText } from '../../components/decimal';

export type MarginAccountList = ApiResponse<'/api/margin/accounts'>;
export type MarginAccount = MarginAccountList['items'][number];
export type MarginState = NonNullable<MarginAccount['state']>;
export type PoolList = ApiResponse<'/api/margin/qualified-pool'>;
export type PoolCustomer = PoolList['items'][number];
export type CustomerMargin = ApiResponse<'/api/margin/customers/{customerNo}'>;

export const MARGIN_ACCOUNTS_PATH = '/margin/accounts';
export const MARGIN_POOL_PATH = '/margin/qualified-pool';

/** Query keys under one root (an import or a settings change moves them all). */
export const marginRoot = ['margin'] as const;

export const MARGIN_STATES: readonly MarginState[] = ['LIQUIDATION', 'WARNING', 'NORMAL', 'WITHDRAWABLE', 'NO_DEBT'];

/** The tag colour of a state: the two lines red and orange, above the withdrawal line green. */
export const STATE_COLOR: Record<MarginState, string> = { LIQUIDATION: 'red', WARNING: 'orange', NORMAL: 'blue', WITHDRAWABLE: 'green', NO_DEBT: 'default' };

/** A maintenance ratio (1.499999) as the percentage it is, exactly (149.9999%): never rounded across a line. */
export function ratioPercent(ratio: string | null | undefined): string {
  return ratio ? percentText(ratio, 4) : '—';
}

export function useCustomerMargin(customerNo: string) {
  return useQuery({
    queryKey: [...marginRoot, 'customer', customerNo],
    queryFn: ({ signal }) => api.get('/api/margin/customers/{customerNo}', { path: { customerNo } }, signal),
  });
}
