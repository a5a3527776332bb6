/**
 * The staff API (GET /api/staff and /api/staff/{staffNo}/…) and the payroll module's payslips of one
 * staff member: response shapes (money and weights are decimal strings) and react-query hooks.
 */
import { useQuery } from '@tanstack/react-query';
import { apiGet, queryString } from '../../api/client';
import type { Decimal, Page } from '../../api/types';
import { useI18n } from '../../i18n/i18n';

export const STAFF_CATEGORIES = ['BROKER', 'ACCOUNT_MANAGER', 'ADVISOR', 'SERVICE', 'DISTRIBUTOR', 'MANAGER'] as const;
export const STAFF_STATUSES = ['ACTIVE', 'LEFT'] as const;

export interface StaffListItem {
  staffNo: string;
  name: string;
  category: string;
  level: string;
  teamCode: string | null;
  teamName: string | null;
  branchCode: string;
  branchName: string;
  hireDate: string;
  leaveDate: string | null;
  contractType: string;
  status: string;
  currentCustomers: number;
}

export interface StaffProfile extends StaffListItem {
  mobile: string | null;
  email: string | null;
  asOf: string;
  counts: { currentCustomers: number; developWeight: Decimal; historyCustomers: number };
  history: { field: string; oldValue: string | null; newValue: string | null; changedOn: string; source: string; pending: boolean }[];
}

export interface StaffCustomer {
  relationshipId: string;
  customerNo: string;
  name: string;
  branchCode: string;
  openDate: string;
  closeDate: string | null;
  status: string;
  kind: string;
  weight: Decimal;
  assessmentSet: string | null;
  addedOn: string;
  effectiveFrom: string;
  confirmedOn: string | null;
  endedOn: string | null;
  guaranteedRate: Decimal | null;
  inScope: boolean;
  assetDate: string | null;
  totalAsset: Decimal | null;
  weightedAsset: Decimal | null;
  tier: string | null;
}

export interface MonthlyIndicator {
  month: string;
  customers: number;
  validCustomers: number;
  newCustomers: number;
  monthEndAsset: Decimal;
  netInflow: Decimal;
  volume: Decimal;
  commission: Decimal;
  netCommission: Decimal;
  productSales: Decimal;
}

export interface MonthlyTrading {
  month: string;
  volume: Decimal;
  quantity: Decimal;
  commission: Decimal;
  fees: Decimal;
  guaranteed: Decimal;
  netCommission: Decimal;
}

export interface StaffIndicators {
  monthFrom: string;
  monthTo: string;
  months: MonthlyIndicator[];
  trading: MonthlyTrading[];
}

export const ASSET_FIGURES = ['stockValue', 'fundValue', 'bondValue', 'otherValue', 'cashCny', 'cashUsd', 'cashHkd', 'totalAsset', 'commission'] as const;
export type AssetFigures = Record<(typeof ASSET_FIGURES)[number], Decimal>;
export type StaffAsset = AssetFigures & { customerNo: string; name: string; openDate: string };

export interface StaffAssets {
  date: string | null;
  items: StaffAsset[];
  totals: AssetFigures;
}

export interface StaffHolding {
  customerNo: string;
  name: string;
  fundAccount: string;
  market: string;
  securityCode: string;
  securityName: string | null;
  securityClass: string | null;
  quantity: Decimal;
  costAmount: Decimal | null;
  marketValue: Decimal;
}

export type FlowKind = 'fund' | 'order' | 'trade';
export type StaffFlow = Record<string, string | null> & { kind: FlowKind; tradeDate: string; customerNo: string; name: string };

export interface StaffFlows extends Page<StaffFlow> {
  kind: FlowKind;
  from: string | null;
  to: string | null;
}

/** One payslip as GET /api/payroll/payslips?staffNo= gives it. */
export interface StaffPayslip {
  month: string;
  staffNo: string;
  level: string;
  baseSalary: Decimal;
  netCommission: Decimal;
  commissionShare: Decimal;
  productSales: Decimal;
  productSalesCommission: Decimal;
  adjustmentsTotal: Decimal;
  total: Decimal;
  status: 'OPEN' | 'LOCKED';
  stale: boolean;
}

type Params = Record<string, string | number | undefined>;

function staffPath(staffNo: string, sub = ''): string {
  return `/api/staff/${encodeURIComponent(staffNo)}${sub}`;
}

/** A GET of the staff API, cached per locale (problem texts come in the user's language). */
function useStaffQuery<T>(key: string, path: string, params: Params = {}, enabled = true) {
  const { locale } = useI18n();
  return useQuery({
    queryKey: ['staff', key, path, params, locale],
    queryFn: ({ signal }) => apiGet<T>(`${path}${queryString(params)}`, signal),
    placeholderData: (previous) => previous,
    enabled,
  });
}

export const useStaffList = (params: Params) => useStaffQuery<Page<StaffListItem>>('list', '/api/staff', params);
export const useStaffProfile = (staffNo: string) => useStaffQuery<StaffProfile>('profile', staffPath(staffNo));
export const useStaffCustomers = (staffNo: string, params: Params) =>
  useStaffQuery<Page<StaffCustomer> & { view: string; asOf: string }>('customers', staffPath(staffNo, '/customers'), params);
export const useStaffIndicators = (staffNo: string, params: Params) => useStaffQuery<StaffIndicators>('indicators', staffPath(staffNo, '/indicators'), params);
export const useStaffAssets = (staffNo: string, params: Params) => useStaffQuery<StaffAssets>('assets', staffPath(staffNo, '/assets'), params);
export const useStaffHoldings = (staffNo: string, params: Params) =>
  useStaffQuery<Page<StaffHolding> & { date: string | null }>('holdings', staffPath(staffNo, '/holdings'), params);
export const useStaffFlows = (staffNo: string, params: Params) => useStaffQuery<StaffFlows>('flows', staffPath(staffNo, '/flows'), params);
export const useStaffPayslips = (staffNo: string, params: Params) =>
  useStaffQuery<{ staffNo: string; name: string; items: StaffPayslip[] }>('payslips', '/api/payroll/payslips', { staffNo, ...params });
