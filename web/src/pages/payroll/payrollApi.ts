/** The payroll API (server/src/modules/payroll, /api/payroll): types, queries and the write calls. */
import { useState } from 'react';
import type { FormInstance } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiUrl, type ApiQuery, type ApiResponse } from '../../api/api';
import { ApiError } from '../../api/client';
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

/** One staff member's payslips over months; `null` asks for the caller's own (我的工资单). */
export const usePayslipHistory = (staffNo: string | null, range: ApiQuery<'/api/payroll/payslips'>) =>
  usePayrollQuery(['history', staffNo, range], (signal) => api.get('/api/payroll/payslips', { query: staffNo === null ? range : { staffNo, ...range } }, signal));

export const useAdjustments = (month: string) =>
  usePayrollQuery(['adjustments', month], (signal) => api.get('/api/payroll/months/{month}/adjustments', { path: { month } }, signal));

export const useTemplates = () => usePayrollQuery(['templates'], (signal) => api.get('/api/payroll/templates', {}, signal));

export function payslipsXlsxUrl(month: string): string {
  return apiUrl('/api/payroll/months/{month}/payslips', { path: { month }, query: { format: 'xlsx' } });
}

/**
 * A payroll form's save: `saving` meanwhile; on success the payroll queries are read again, then `done`; on failure
 * the detail goes into the banner (`error`) and each field error onto the form's field `fieldOf` names
 * for the server's path (`tiers.1.rate` → ['tiers', 1, 'rate']), if any.
 */
export function usePayrollSave(form: FormInstance, fieldOf: (path: string) => (string | number)[] | string | null) {
  const queryClient = useQueryClient();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function save(action: () => Promise<void>, done: () => void) {
    setSaving(true);
    setError(null);
    try {
      await action();
      await queryClient.invalidateQueries({ queryKey: ['payroll'] });
      done();
    } catch (e) {
      if (e instanceof ApiError) {
        setError(e.detail);
        form.setFields(e.fieldErrors.flatMap((f) => {
          const name = fieldOf(f.field);
          return name === null ? [] : [{ name, errors: [f.message] }];
        }));
      } else setError(String(e));
    } finally {
      setSaving(false);
    }
  }
  return { saving, error, save };
}
