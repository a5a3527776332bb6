/** Response shapes of the QuanCRM API (docs: /api/openapi.json). Money and rates are decimal strings. */
export type Decimal = string;

export type Role = 'ADMIN' | 'HQ' | 'COMPLIANCE' | 'BRANCH_MANAGER' | 'TEAM_LEAD' | 'BROKER' | 'SERVICE';
export type Permission = 'customers' | 'reports' | 'workflows' | 'pii' | 'audit' | 'users' | 'settings';
export type ScopeLevel = 'ALL' | 'BRANCH' | 'TEAM' | 'SELF';

export interface Me {
  id: string;
  username: string;
  displayName: string | null;
  role: Role;
  staffNo: string | null;
  staff: { staffNo: string; name: string; teamCode: string | null; teamName: string | null; branchCode: string; branchName: string } | null;
  permissions: Permission[];
  scopeLevel: ScopeLevel;
  /** The latest imported trading day, null before the first import. */
  lastTradingDay: string | null;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface StaffShare {
  staffNo: string;
  name: string;
  weight: Decimal;
}

export interface CustomerListItem {
  customerNo: string;
  name: string;
  customerType: string;
  branchCode: string;
  branchName: string;
  openDate: string;
  closeDate: string | null;
  status: string;
  riskLevel: string | null;
  mobile: string | null;
  totalAsset: Decimal | null;
  netAsset: Decimal | null;
  tier: string | null;
  lifecycle: string | null;
  developStaff: StaffShare[];
  /** 历史客户 only: still in the caller's current scope (its 360° view opens). */
  inScope?: boolean;
}

export interface CustomerProfile {
  customerNo: string;
  name: string;
  customerType: string;
  idType: string | null;
  idNo: string | null;
  gender: string | null;
  birthDate: string | null;
  mobile: string | null;
  email: string | null;
  address: string | null;
  branchCode: string;
  branchName: string;
  openDate: string;
  closeDate: string | null;
  status: string;
  riskLevel: string | null;
  riskAssessedOn: string | null;
  investorClass: string | null;
  tier: string | null;
  lifecycle: string | null;
}

export interface AssetBreakdown {
  cash: Decimal;
  stockValue: Decimal;
  fundValue: Decimal;
  bondValue: Decimal;
  otherValue: Decimal;
  totalAsset: Decimal;
  debt: Decimal;
}

export interface CustomerAssets extends AssetBreakdown {
  tradeDate: string;
  netAsset: Decimal;
  productValue: Decimal;
  accounts: (AssetBreakdown & { fundAccount: string; currency: string; totalAssetCny: Decimal })[];
}

export type Row = Record<string, string | number | boolean | null>;

export interface Customer360 {
  profile: CustomerProfile;
  accounts: Row[];
  assets: CustomerAssets | null;
  holdings: Row[];
  productHoldings: Row[];
  credit: Row | null;
  recentTrades: Row[];
  recentOrders: Row[];
  recentFlows: Row[];
  relationships: Row[];
  monthlyTrend: { month: string; assetEnd: Decimal | null; volume: Decimal | null; commission: Decimal | null }[];
  contacts: Row[];
  labels: Row[];
  alerts: Row[];
}

export interface Report {
  columns: { key: string; title: string }[];
  rows: Row[];
}
