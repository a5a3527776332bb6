/** The payroll API (server/src/modules/payroll, /api/payroll): types, queries and the write calls. */
import { useQuery } from '@tanstack/react-query';
import { ApiError, apiGet, queryString } from '../../api/client';
import type { Decimal, Me } from '../../api/types';
import { currentLocale, useI18n } from '../../i18n/i18n';

export const ADJUSTMENT_KINDS = [
  'COMPLIANCE_DEDUCTION', // 合规扣款
  'PRODUCT_SALES_COMMISSION', // 金融产品销售提成
  'ATTENDANCE_DEDUCTION', // 考勤扣款
  'EARLY_PROMOTION_BONUS', // 提前晋级奖
  'OTHER_REWARD', // 其他奖励
  'WELFARE', // 福利费
] as const;
export type AdjustmentKind = (typeof ADJUSTMENT_KINDS)[number];

export const STAFF_LEVELS = ['见习', '初级', '中级', '高级', '资深'] as const;

export type MonthState = 'OPEN' | 'LOCKED';

export interface MonthStatus {
  month: string;
  status: MonthState;
  templateCode: string;
  computedAt: string | null;
  computedBy: string | null;
  stale: boolean;
  lockedAt: string | null;
  lockedBy: string | null;
  payslips: number;
}

export interface Payslip {
  month: string;
  staffNo: string;
  name: string;
  branchCode: string;
  teamCode: string | null;
  level: string;
  templateCode: string;
  baseSalary: Decimal;
  netCommission: Decimal;
  commissionShare: Decimal;
  productSales: Decimal;
  productSalesCommission: Decimal;
  adjustmentsTotal: Decimal;
  adjustmentsByKind: Record<AdjustmentKind, Decimal>;
  total: Decimal;
  computedAt: string;
}

export interface PayslipDetail extends Payslip {
  status: MonthState;
  breakdown: {
    tiers: { from: Decimal; to: Decimal | null; rate: Decimal; base: Decimal; amount: Decimal }[];
    products: { productCode: string; productName: string | null; rate: Decimal; sales: Decimal; commission: Decimal }[];
    adjustments: { id: string; kind: AdjustmentKind; title: string; amount: Decimal; note: string | null; correctsMonth: string | null }[];
  };
}

export type StaffPayslip = Payslip & { status: MonthState; stale: boolean };

export interface Adjustment {
  id: string;
  month: string;
  staffNo: string;
  kind: AdjustmentKind;
  title: string;
  amount: Decimal;
  note: string | null;
  correctsMonth: string | null;
  createdBy: string;
  createdAt: string;
  updatedBy: string | null;
  updatedAt: string | null;
}

export interface Template {
  templateCode: string;
  name: string;
  createdAt: string;
  updatedAt: string | null;
  updatedBy: string | null;
  baseSalaries: { level: string; baseSalary: Decimal }[];
  tiers: { lowerBound: Decimal; upperBound: Decimal | null; rate: Decimal }[];
  productRates: { productCode: string; name: string; rate: Decimal }[];
  months: { month: string; status: MonthState; stale: boolean }[];
}

/** Compute, lock, adjustments and template changes: ADMIN and HQ (the server checks too). */
export function canManagePayroll(me: Me): boolean {
  return me.role === 'ADMIN' || me.role === 'HQ';
}

function usePayrollQuery<T>(key: readonly unknown[], path: string, enabled = true) {
  const { locale } = useI18n();
  return useQuery({
    queryKey: ['payroll', ...key, locale],
    queryFn: ({ signal }) => apiGet<T>(path, signal),
    enabled,
    placeholderData: (previous) => previous,
  });
}

export const useMonthPayslips = (month: string) =>
  usePayrollQuery<{ month: MonthStatus; items: Payslip[] }>(['payslips', month], `/api/payroll/months/${month}/payslips`);

export const usePayslip = (month: string, staffNo: string | null) =>
  usePayrollQuery<PayslipDetail>(['payslip', month, staffNo], `/api/payroll/months/${month}/payslips/${encodeURIComponent(staffNo ?? '')}`, staffNo !== null);

export const useMyPayslips = (range: { monthFrom?: string; monthTo?: string }) =>
  usePayrollQuery<{ staffNo: string; name: string; items: StaffPayslip[] }>(['mine', range], `/api/payroll/payslips${queryString(range)}`);

export const useAdjustments = (month: string) => usePayrollQuery<{ items: Adjustment[] }>(['adjustments', month], `/api/payroll/months/${month}/adjustments`);

export const useTemplates = () => usePayrollQuery<{ items: Template[] }>(['templates'], '/api/payroll/templates');

export function payslipsXlsxUrl(month: string): string {
  return `/api/payroll/months/${month}/payslips?format=xlsx`;
}

/** A write of the payroll API with the page's language; a problem+json answer becomes an ApiError with its field errors. */
export async function payrollSend<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T | null> {
  const response = await fetch(path, {
    method,
    credentials: 'include',
    headers: {
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      Accept: 'application/json',
      'Accept-Language': currentLocale() === 'en-US' ? 'en' : 'zh-CN',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) {
    let problem: { detail?: string; title?: string; errors?: { field: string; message: string }[] } = {};
    try {
      problem = (await response.json()) as typeof problem;
    } catch {
      // not JSON
    }
    const fields = problem.errors ?? [];
    const base = problem.detail ?? problem.title ?? `${response.status} ${response.statusText}`;
    throw new ApiError(response.status, fields.length ? `${base} ${fields.map((e) => `${e.field}: ${e.message}`).join('; ')}` : base, fields);
  }
  return response.status === 204 ? null : ((await response.json()) as T);
}
