/**
 * Running a report: one read snapshot, the registry's scoped SQL, the figures shown rounded
 * (reports.rules.ts). An Excel export streams: a server-side cursor is fetched in batches and
 * each row is committed to exceljs's streaming WorkbookWriter as it arrives, so memory stays
 * flat however many rows; the export is audited ('report.export') in the same transaction.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type pg from 'pg';
import { config } from '../../config.js';
import { inTransaction } from '../../db/database.js';
import { notFound } from '../../errors.js';
import { writeAudit } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth.service.js';
import { REPORTS, type Report, type ReportColumn } from './reports.registry.js';
import { EXCEL_FORMAT, excelValue, showValue, type Shown } from './reports.rules.js';
import type { ReportQuery } from './reports.sql.js';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const BATCH = 2000;

export interface ReportRequest {
  user: AuthUser;
  /** Today in the business time zone: the day relationships must be effective on (data scope). */
  asOf: string;
  /** When the query runs (shown in the Excel header block). */
  now: Date;
  ip: string;
}

export interface ReportResult {
  columns: { key: string; title: string }[];
  rows: Record<string, Shown>[];
}

export interface PreparedReport {
  report: Report;
  params: Record<string, unknown>;
  query: ReportQuery;
}

/** Looks the report up (404 when unknown) and validates its parameters (422 naming each bad one). */
export function prepareReport(id: string, rawParams: unknown, req: ReportRequest): PreparedReport {
  const report = REPORTS.get(id);
  if (!report) throw notFound();
  return { report, ...report.prepare({ user: req.user, asOf: req.asOf }, rawParams) };
}

function present(columns: readonly ReportColumn[], raw: Record<string, unknown>): Record<string, Shown> {
  return Object.fromEntries(columns.map((c) => [c.key, showValue(c.kind, raw[c.key])]));
}

function inReadSnapshot<T>(pool: pg.Pool, read: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return inTransaction(pool, async (client) => {
    await client.query('set transaction isolation level repeatable read');
    return read(client);
  });
}

export async function runReport(pool: pg.Pool, prepared: PreparedReport, language: 'zh' | 'en'): Promise<ReportResult> {
  const { report, query } = prepared;
  const rows = await inReadSnapshot(pool, async (client) => (await client.query(query.text, query.values)).rows);
  return {
    columns: report.columns.map((c) => ({ key: c.key, title: c[language] })),
    rows: rows.map((r: Record<string, unknown>) => present(report.columns, r)),
  };
}

/** "2025-06-16 10:00:00" in the business time zone. */
function businessTime(now: Date): string {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone: config().TZ_BUSINESS, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).format(now);
}

/** The Excel file's name: the report's Chinese title and the day, with an ASCII fallback. */
export function exportFileNames(prepared: PreparedReport, req: ReportRequest): { utf8: string; ascii: string } {
  return { utf8: `${prepared.report.title.zh}_${req.asOf}.xlsx`, ascii: `${prepared.report.id}_${req.asOf}.xlsx` };
}

/**
 * Writes the report as an .xlsx workbook to `out` (ended when the workbook is complete): a header
 * block (report name, parameters, time of the query), the Chinese column titles, then the rows.
 * Returns the number of rows.
 */
export async function exportReport(pool: pg.Pool, prepared: PreparedReport, req: ReportRequest, out: Writable): Promise<number> {
  const { report, params, query } = prepared;
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(report.title.zh);
  sheet.columns = report.columns.map((c) => ({ width: c.kind === 'text' ? 16 : c.kind === 'int' ? 10 : 18 }));
  const title = sheet.addRow([report.title.zh]);
  title.font = { bold: true, size: 14 };
  title.commit();
  const shownParams = Object.entries(params).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${String(v)}`).join('; ');
  sheet.addRow(['查询参数', shownParams]).commit();
  sheet.addRow(['查询时间', businessTime(req.now)]).commit();
  sheet.addRow([]).commit();
  const header = sheet.addRow(report.columns.map((c) => c.zh));
  header.font = { bold: true };
  header.commit();

  const count = await inReadSnapshot(pool, async (client) => {
    let rows = 0;
    await client.query(`declare report_rows no scroll cursor for ${query.text}`, query.values);
    for (;;) {
      const batch = await client.query<Record<string, unknown>>(`fetch forward ${BATCH} from report_rows`);
      for (const raw of batch.rows) {
        const shown = present(report.columns, raw);
        const row = sheet.addRow(report.columns.map((c) => excelValue(c.kind, shown[c.key] ?? null)));
        report.columns.forEach((c, i) => {
          const format = EXCEL_FORMAT[c.kind];
          if (format) row.getCell(i + 1).numFmt = format;
        });
        row.commit();
      }
      rows += batch.rows.length;
      if (out.writableNeedDrain) await once(out, 'drain');
      if (batch.rows.length < BATCH) break;
    }
    await client.query('close report_rows');
    await writeAudit(client, {
      user: req.user, action: 'report.export', entity: 'report', entityId: report.id,
      detail: { id: report.id, parameters: params, rows }, ip: req.ip,
    });
    return rows;
  });
  sheet.commit();
  await workbook.commit();
  return count;
}
