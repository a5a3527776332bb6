/**
 * 客户信息完善 (server/src/modules/kyc is the source of these shapes): the customer information form,
 * its history, and 信息待完善.
 */
import { codesOf } from '../../../../shared/codes';
import type { ApiBody, ApiResponse } from '../../api/api';

export type KycView = ApiResponse<'/api/customers/{customerNo}/kyc'>;
export type KycBody = ApiBody<'/api/customers/{customerNo}/kyc', 'put'>;
export type KycHistory = ApiResponse<'/api/customers/{customerNo}/kyc/history'>;
export type KycHistoryItem = KycHistory['items'][number];
export type IncompleteList = ApiResponse<'/api/kyc/incomplete'>;
export type IncompleteCustomer = IncompleteList['items'][number];

export const KYC_INCOMPLETE_PATH = '/kyc/incomplete';
/** Where 我的待办 shows the customers with incomplete information (首页's count links here). */
export const KYC_TODO_PATH = '/workflows/todo?tab=kyc';

/** Query keys under one root (a save moves them all). */
export const kycRoot = ['kyc'] as const;

export const SCORE_BANDS = codesOf('kycScoreBand');

/** The tag colour of a completeness score against the threshold. */
export function scoreColor(score: number, threshold: number): string {
  if (score >= 100) return 'green';
  if (score >= threshold) return 'blue';
  return score >= 60 ? 'orange' : 'red';
}
