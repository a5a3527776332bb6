/**
 * Running the relationship query (relationships.query.ts): one read snapshot for the count and the
 * page, figures rounded only when shown; the Excel export streams every filtered row through the
 * report exporter (cursor, exceljs streaming writer, Chinese titles) and is audited ('report.export',
 * entity 'relationships') in the same transaction.
 */
import type { Writable } from 'node:stream';
import type pg from 'pg';
import { inTransaction } from '../../db/database.js';
import type { Language } from '../../errors.js';
import { monthBounds } from '../../lib/dates.js';
import { roundHalfUp } from '../../lib/decimal.js';
import { xlsxFileNames } from '../../lib/excel.js';
import { inReadSnapshot } from '../../lib/read-snapshot.js';
import type { AuthUser } from '../auth/auth.service.js';
import { exportReport, type PreparedReport, type ReportRequest } from '../reports/reports.service.js';
import {
  monthEndMonth,
  RELATIONSHIP_COLUMNS,
  relationshipQueries,
  type RelationshipFilters,
  type RelationshipItem,
  type RelationshipPage,
} from './relationships.query.js';

export interface RelationshipRequest {
  user: AuthUser;
  /** Today in the business time zone. */
  today: string;
  now: Date;
  ip: string;
  /** The request's language (Accept-Language), for the Excel export. */
  language: Language;
}

type Raw = Omit<RelationshipItem, 'monthEndAsset' | 'weightedAsset'> & { monthEndAsset: string | null; weightedAsset: string | null };

function money(value: string | null): string | null {
  return value === null ? null : roundHalfUp(value, 2);
}

/** The month of the month-end asset and its last imported trading day. */
async function monthEnd(db: pg.PoolClient, requested: string | undefined): Promise<{ month: string | null; monthEndDate: string | null }> {
  const last = await db.query<{ day: string | null }>('select max(trade_date) as day from trading_days');
  const month = monthEndMonth(requested, last.rows[0]?.day ?? null);
  if (month === null) return { month, monthEndDate: null };
  const { first, next } = monthBounds(month);
  const day = await db.query<{ day: string | null }>('select max(trade_date) as day from trading_days where trade_date >= $1 and trade_date < $2', [first, next]);
  return { month, monthEndDate: day.rows[0]?.day ?? null };
}

export async function queryRelationships(
  pool: pg.Pool,
  filters: RelationshipFilters,
  page: { page: number; pageSize: number },
  req: RelationshipRequest,
): Promise<RelationshipPage> {
  return inReadSnapshot(pool, async (client) => {
    const { month, monthEndDate } = await monthEnd(client, filters.month);
    const queries = relationshipQueries(filters, month, { user: req.user, today: req.today }, page);
    const total = await client.query<{ n: number }>(queries.count.text, queries.count.values);
    const rows = await client.query<Raw>(queries.rows.text, queries.rows.values);
    return {
      items: rows.rows.map((r) => ({
        id: r.id, customerNo: r.customerNo, customerName: r.customerName, branchCode: r.branchCode, branchName: r.branchName,
        staffNo: r.staffNo, staffName: r.staffName, teamCode: r.teamCode, teamName: r.teamName, staffStatus: r.staffStatus,
        kind: r.kind, weight: r.weight, assessmentSet: r.assessmentSet, addedOn: r.addedOn, effectiveFrom: r.effectiveFrom,
        confirmedOn: r.confirmedOn, endedOn: r.endedOn, guaranteedRate: r.guaranteedRate, source: r.source,
        monthEndAsset: money(r.monthEndAsset), weightedAsset: money(r.weightedAsset),
      })),
      total: total.rows[0]?.n ?? 0,
      month,
      monthEndDate,
    };
  });
}

/** The export as the report exporter runs it: the same columns, every filtered row, no paging. */
async function preparedExport(pool: pg.Pool, filters: RelationshipFilters, req: RelationshipRequest): Promise<PreparedReport> {
  const { month } = await inTransaction(pool, (client) => monthEnd(client, filters.month));
  const query = relationshipQueries(filters, month, { user: req.user, today: req.today }).rows;
  const params = { ...filters, month: month ?? undefined };
  return {
    report: {
      id: 'relationships',
      title: { zh: '经纪关系查询', en: 'Broker relationships' },
      columns: RELATIONSHIP_COLUMNS,
      paramCodes: { kind: 'relationshipKind', status: 'relationshipState', confirmed: 'yesNo' },
    },
    params,
    query,
  };
}

function reportRequest(req: RelationshipRequest): ReportRequest {
  return { user: req.user, asOf: req.today, now: req.now, ip: req.ip, language: req.language };
}

/** The Excel file's name, as the reports name theirs: title and day, with an ASCII fallback. */
export function exportFileNamesFor(req: RelationshipRequest): { utf8: string; ascii: string } {
  return xlsxFileNames('经纪关系查询', 'relationships', req.today);
}

/** Streams the .xlsx of every filtered row to `out`; returns the number of rows. */
export async function exportRelationships(pool: pg.Pool, filters: RelationshipFilters, req: RelationshipRequest, out: Writable): Promise<number> {
  const prepared = await preparedExport(pool, filters, req);
  return exportReport(pool, prepared, reportRequest(req), out);
}
