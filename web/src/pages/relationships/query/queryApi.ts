/** 经纪关系查询 API (server/src/modules/relationships): GET /api/relationships, with &format=xlsx for the Excel file. */
import type { ApiResponse } from '../../../api/api';
import type { FilterSpec } from '../../../components/listParams';

export type RelationshipPage = ApiResponse<'/api/relationships'>;
export type RelationshipItem = RelationshipPage['items'][number];

/** The filters of the query, as the URL and the API name them (interfaces.md: customerNo, staffNo, kind, at). */
export const FILTERS: FilterSpec = {
  customerNo: 'text',
  staffNo: 'text',
  kind: 'choice',
  at: 'date',
  branch: 'text',
  team: 'text',
  assessmentSet: 'text',
  status: 'choice',
  confirmed: 'choice',
  month: 'month',
};

/** The rows, paged; with `format=xlsx` every row of the same filters as an Excel file. */
export const RELATIONSHIPS_PATH = '/api/relationships';
