/**
 * The report catalogue (`GET /api/reports`): the server's registry is the one definition of the
 * reports — their parameters with the caller's defaults, ranges, titles, notes, columns and which
 * columns have totals. The web keeps no copy of it; these are the generated types of that answer
 * and of a report's result (`GET /api/reports/{id}`: rows plus the server's exact totals).
 */
import { useQuery } from '@tanstack/react-query';
import { api, type ApiResponse } from '../../api/api';
import { codeLanguage, type Locale } from '../../i18n/i18n';

export type ReportInfo = ApiResponse<'/api/reports'>[number];
export type ReportParameter = ReportInfo['parameters'][number];
export type ReportColumn = ReportInfo['columns'][number];
export type ReportResult = ApiResponse<'/api/reports/{id}'>;
export type ReportRow = ReportResult['rows'][number];

const reportCatalogueKey = ['reports', 'catalogue'] as const;

/** The catalogue for the signed-in user (cleared with the rest of the cache at logout). */
export function useReportCatalogue(enabled = true) {
  return useQuery({
    queryKey: reportCatalogueKey,
    queryFn: ({ signal }) => api.get('/api/reports', {}, signal),
    staleTime: 60_000,
    enabled,
  });
}

/** A `{ zh, en }` text (a title, a note, a label) in the page's language. */
export function inLanguage(text: { zh: string; en: string }, locale: Locale): string {
  return text[codeLanguage(locale)];
}

/** The parameters are complete: every required one given, and exactly one of `oneOf` when the report has it. */
export function paramsComplete(report: ReportInfo, values: Record<string, string | undefined>): boolean {
  if (!report.parameters.every((p) => p.optional || values[p.name])) return false;
  return !report.oneOf || report.oneOf.filter((name) => values[name]).length === 1;
}

/** A column shown right-aligned in tabular figures: money, rates and counts. */
export function isNumeric(column: ReportColumn): boolean {
  return column.kind === 'money' || column.kind === 'rate' || column.kind === 'int' || column.kind === 'count';
}
