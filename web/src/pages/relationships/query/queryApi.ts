/** 经纪关系查询 API (server/src/modules/relationships): GET /api/relationships, with &format=xlsx for the Excel file. */
import { useQuery } from '@tanstack/react-query';
import { apiGet, queryString } from '../../../api/client';

export interface RelationshipItem {
  id: string;
  customerNo: string;
  customerName: string;
  branchCode: string;
  branchName: string;
  staffNo: string;
  staffName: string;
  teamCode: string | null;
  teamName: string | null;
  staffStatus: 'ACTIVE' | 'LEFT';
  kind: 'DEVELOP' | 'SERVICE';
  weight: string;
  assessmentSet: string | null;
  addedOn: string;
  effectiveFrom: string;
  confirmedOn: string | null;
  endedOn: string | null;
  guaranteedRate: string | null;
  source: string;
  monthEndAsset: string | null;
  weightedAsset: string | null;
}

export interface RelationshipPage {
  items: RelationshipItem[];
  total: number;
  month: string | null;
  monthEndDate: string | null;
}

/** The filters of the query, as the URL and the API name them (interfaces.md: customerNo, staffNo, kind, at). */
export const FILTER_KEYS = ['customerNo', 'staffNo', 'kind', 'at', 'branch', 'team', 'assessmentSet', 'status', 'confirmed', 'month'] as const;
export type Filters = Partial<Record<(typeof FILTER_KEYS)[number], string>>;

export function relationshipsUrl(params: Record<string, string | number | undefined>): string {
  return `/api/relationships${queryString(params)}`;
}

export function useRelationships(filters: Filters, page: number, pageSize: number) {
  return useQuery({
    queryKey: ['relationships', filters, page, pageSize],
    queryFn: ({ signal }) => apiGet<RelationshipPage>(relationshipsUrl({ ...filters, page, pageSize }), signal),
    placeholderData: (previous) => previous,
  });
}
