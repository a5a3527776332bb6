/** The payroll API (server/src/modules/payroll, /api/payroll): types, queries and the write calls. */
import { useQuery } from '@tanstack/react-query';
import { api, apiUrl, type ApiQuery, type ApiResponse } from '../../api/api';
import { codesOf, type Code } from '../../../../shared/codes';
import { useI18n } from '../../i18n/i18n';

/** 薪酬调整 kinds and staff levels, from the one dictionary of codes the server uses too (shared/codes.ts). */
export const ADJUSTMENT_KINDS = codesOf('adjustmentKind');
export type AdjustmentKind = Code<'adjustmentKind'>;

export const STAFF_LEVELS = codesOf('staffLevel');
export type StaffLevel = Code<'staffLevel'>;

export type MonthStatus = ApiResponse<'/api/payroll/months/{month}'>;
export type MonthState = MonthStatus['status'];
export type Payslip = ApiResponse<'/api/payroll/months/{month}/payslips'>['items'][number];
export type PayslipDetail = ApiResponse<'/api/payroll/months/{month}/payslips/{staffNo}'>;
export type StaffPayslip = ApiResponse<'/api/payroll/payslips'>['items'][number];
export type Adjustment = ApiResponse<'/api/payroll/months/{month}/adjustments'>['items'][number];
export type Template = ApiResponse<'/api/payroll/templates'>['items'][number];

function usePayrollQuery<T>(key: readonly unknown[], fetch: (signal: AbortSignal) => Promise<T>, enabled = true) {
  const { locale } = useI18n();
  return useQuery({
    queryKey: ['payroll', ...key, locale],
    queryFn: ({ signal }) => fetch(signal),
    enabled,
    placeholderData: (previous) => previous,
  });
}

export const useMonthPayslips = (month: string) =>
  usePayrollQuery(['payslips', month], (signal) => api.get('/api/payroll/months/{month}/payslips', { path: { month } }, signal));

export const usePayslip = (month: string, staffNo: string | null) =>
  usePayrollQuery(['payslip', month, staffNo], (signal) => api.get('/api/payroll/months/{month}/payslips/{staffNo}', { path: { month, staffNo: staffNo ?? '' } }, signal), staffNo !== null);

export const useMyPayslips = (range: ApiQuery<'/api/payroll/payslips'>) =>
  usePayrollQuery(['mine', range], (signal) => api.get('/api/payroll/payslips', { query: range }, signal));

export const useAdjustments = (month: string) =>
  usePayrollQuery(['adjustments', month], (signal) => api.get('/api/payroll/months/{month}/adjustments', { path: { month } }, signal));

export const useTemplates = () => usePayrollQuery(['templates'], (signal) => api.get('/api/payroll/templates', {}, signal));

export function payslipsXlsxUrl(month: string): string {
  return apiUrl('/api/payroll/months/{month}/payslips', { path: { month }, query: { format: 'xlsx' } });
}
