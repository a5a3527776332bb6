import type { Me } from '../../api/types';
import type { MessageKey } from '../../i18n/messages';

/**
 * One parameter of a report form; `initial` derives the default from the last trading day and the
 * user (their own team or branch). `team` and `branch` are picked with a CodePicker.
 */
export interface ParamDef {
  name: string;
  kind: 'date' | 'month' | 'select' | 'integer' | 'text' | 'team' | 'branch';
  options?: string[];
  /** may be left empty (see ReportDef.oneOf) */
  optional?: boolean;
  min?: number;
  max?: number;
  initial: (lastTradingDay: string, me?: Me) => string;
}

export interface ReportDef {
  id: string;
  title: MessageKey;
  params: ParamDef[];
  /** pairs [from, to] that must be in order */
  ranges: [string, string][];
  /** optional parameters of which exactly one must be given (e.g. team or branch) */
  oneOf?: string[];
  /** right-aligned columns (money, counts, rates) */
  numeric: string[];
  /** columns summed in a totals row (where a total means something) */
  totals: string[];
  /** a one-line explanation above the table (e.g. why counts have decimals) */
  note?: MessageKey;
}

const monthOf = (day: string) => day.slice(0, 7);
const monthStart = (day: string) => `${day.slice(0, 8)}01`;
function monthsBefore(day: string, n: number): string {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7)) - 1 - n;
  const date = new Date(Date.UTC(year, month, 1));
  return date.toISOString().slice(0, 7);
}

const date = (name: string, initial: (d: string) => string): ParamDef => ({ name, kind: 'date', initial });
const month = (name: string, initial: (d: string) => string): ParamDef => ({ name, kind: 'month', initial });
/**
 * 团队经纪人营销状况 opens on the user's own unit: a team lead's or broker's team, a branch manager's
 * branch (or the branch of someone in no team); head office chooses.
 */
export function ownUnit(me: Me | undefined): { team?: string; branch?: string } {
  const staff = me?.staff;
  if (!staff || me.scopeLevel === 'ALL') return {};
  if (me.scopeLevel !== 'BRANCH' && staff.teamCode) return { team: staff.teamCode };
  return { branch: staff.branchCode };
}
const unit = (kind: 'team' | 'branch'): ParamDef => ({ name: kind, kind, optional: true, initial: (_day, me) => ownUnit(me)[kind] ?? '' });
const yearStart = (day: string) => `${day.slice(0, 4)}-01-01`;

export const REPORTS: ReportDef[] = [
  {
    id: 'customer-assets',
    title: 'report.customer-assets',
    params: [date('openFrom', () => '1990-01-01'), date('openTo', (d) => d), date('from', monthStart), date('to', (d) => d)],
    ranges: [
      ['openFrom', 'openTo'],
      ['from', 'to'],
    ],
    numeric: ['tradingDays', 'assetSum', 'assetAvg', 'volumeSum', 'volumeAvg'],
    totals: ['volumeSum'],
  },
  {
    id: 'commission-rate',
    title: 'report.commission-rate',
    params: [month('monthFrom', (d) => monthsBefore(d, 2)), month('monthTo', monthOf)],
    ranges: [['monthFrom', 'monthTo']],
    numeric: ['volume', 'commission', 'rate'],
    totals: ['volume', 'commission'],
  },
  {
    id: 'asset-extremes',
    title: 'report.asset-extremes',
    params: [date('from', monthStart), date('to', (d) => d)],
    ranges: [['from', 'to']],
    numeric: ['maxAsset', 'minAsset'],
    totals: [],
  },
  {
    id: 'trading-stats',
    title: 'report.trading-stats',
    params: [
      month('monthFrom', (d) => monthsBefore(d, 2)),
      month('monthTo', monthOf),
      { name: 'groupBy', kind: 'select', options: ['branch', 'account'], initial: () => 'branch' },
    ],
    ranges: [['monthFrom', 'monthTo']],
    numeric: ['volume', 'quantity', 'commission', 'fees', 'guaranteed', 'netCommission'],
    totals: ['volume', 'quantity', 'commission', 'fees', 'guaranteed', 'netCommission'],
  },
  {
    id: 'customer-ranking',
    title: 'report.customer-ranking',
    params: [
      date('from', monthStart),
      date('to', (d) => d),
      { name: 'by', kind: 'select', options: ['volume', 'commission', 'netCommission'], initial: () => 'volume' },
      { name: 'limit', kind: 'integer', min: 1, max: 10000, initial: () => '100' },
    ],
    ranges: [['from', 'to']],
    numeric: ['rank', 'volume', 'commission', 'netCommission'],
    totals: ['volume', 'commission', 'netCommission'],
  },
  {
    id: 'tier-distribution',
    title: 'report.tier-distribution',
    params: [date('date', (d) => d)],
    ranges: [],
    numeric: ['customers', 'asset'],
    totals: ['customers', 'asset'],
  },
  {
    id: 'asset-trend',
    title: 'report.asset-trend',
    params: [{ name: 'months', kind: 'integer', min: 1, max: 24, initial: () => '6' }],
    ranges: [],
    numeric: ['customers', 'asset'],
    totals: [],
  },
  {
    id: 'staff-monthly',
    title: 'report.staff-monthly',
    params: [month('month', monthOf)],
    ranges: [],
    numeric: ['customers', 'validCustomers', 'newCustomers', 'monthEndAsset', 'netInflow', 'volume', 'commission', 'netCommission', 'productSales'],
    note: 'reports.weightedHint',
    totals: ['customers', 'validCustomers', 'newCustomers', 'monthEndAsset', 'netInflow', 'volume', 'commission', 'netCommission', 'productSales'],
  },
  {
    id: 'team-marketing',
    title: 'report.team-marketing',
    params: [
      unit('team'),
      unit('branch'),
      date('openFrom', yearStart),
      date('openTo', (d) => d),
      month('monthFrom', (d) => monthsBefore(d, 2)),
      month('monthTo', monthOf),
    ],
    oneOf: ['team', 'branch'],
    note: 'reports.weightedHint',
    ranges: [
      ['openFrom', 'openTo'],
      ['monthFrom', 'monthTo'],
    ],
    numeric: [
      'periodVolume', 'periodCommission', 'cumVolume', 'cumCommission', 'periodAsset', 'periodMarketValue', 'periodCash',
      'cumAsset', 'cumMarketValue', 'cumCash', 'periodOpened', 'periodClosed', 'cumOpened', 'cumClosed',
    ],
    totals: [
      'periodVolume', 'periodCommission', 'cumVolume', 'cumCommission', 'periodAsset', 'periodMarketValue', 'periodCash',
      'cumAsset', 'cumMarketValue', 'cumCash', 'periodOpened', 'periodClosed', 'cumOpened', 'cumClosed',
    ],
  },
  {
    id: 'relationship-assets',
    title: 'report.relationship-assets',
    params: [date('date', (d) => d)],
    ranges: [],
    numeric: ['stockValue', 'fundValue', 'bondValue', 'otherValue', 'cashCny', 'cashUsd', 'cashHkd', 'totalAsset', 'commission'],
    totals: ['stockValue', 'fundValue', 'bondValue', 'otherValue', 'cashCny', 'cashUsd', 'cashHkd', 'totalAsset', 'commission'],
  },
];

/** The parameters are complete: every required one given, and exactly one of `oneOf` when the report has it. */
export function paramsComplete(report: ReportDef, values: Record<string, string | undefined>): boolean {
  if (!report.params.every((p) => p.optional || values[p.name])) return false;
  return !report.oneOf || report.oneOf.filter((name) => values[name]).length === 1;
}

export function findReport(id: string | undefined): ReportDef | undefined {
  return REPORTS.find((report) => report.id === id);
}
