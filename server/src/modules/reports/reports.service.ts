/**
 * Running a report: one read snapshot, the registry's scoped SQL, the figures shown rounded by
 * PostgreSQL (reports.sql.ts `shownRows`/`shownJsonRows`, half away from zero like reports.rules.ts
 * `roundHalfUp`). The JSON answer comes as bytes by binary COPY; an Excel export streams: a server-side cursor is fetched in batches and
 * each row is committed to exceljs's streaming WorkbookWriter as it arrives, so memory stays
 * flat however many rows; the export is audited ('report.export') in the same transaction.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { codeLabel, fieldLabel } from '../../../../shared/codes.js';
import { notFound, type Language, type LocalizedText } from '../../errors.js';
import { writeExportHeader, xlsxFileNames } from '../../lib/excel.js';
import { inTransaction } from '../../db/database.js';
import { inReadSnapshot } from '../../lib/read-snapshot.js';
import { writeAudit } from '../audit/audit.service.js';
import type { AuthUser } from '../auth/auth.service.js';
import { defaultValue, REPORTS, type PageQueries, type ParamKind, type Report, type ReportShape } from './reports.registry.js';
import { EXCEL_FORMAT, excelValue, type ColumnKind, type Shown } from './reports.rules.js';
import { pagedJsonRowsCounted, shownJsonRows, shownJsonRowsWithTotals, shownJsonTotalsAndCount, shownRows, shownRowsWithTotals, type ReportPage, type ReportQuery } from './reports.sql.js';
import { bindParam } from '../../lib/sql.js';

const BATCH = 2000;

export interface ReportRequest {
  user: AuthUser;
  /** Today in the business time zone: the day relationships must be effective on (data scope). */
  asOf: string;
  /** When the query runs (shown in the Excel header block). */
  now: Date;
  ip: string;
  /** The request's language (Accept-Language): the Excel file's titles, parameters and coded cells. */
  language: Language;
}

export interface PreparedReport {
  report: ReportShape;
  params: Record<string, unknown>;
  query: ReportQuery;
}

/** A report of the registry, prepared: also the queries of one page (reports.registry.ts `PageQueries`). */
export interface PagedReport extends PreparedReport {
  page(page: ReportPage): PageQueries;
}

/** A page asked for: `page` from 1, `pageSize` rows (1–500), and whether to add the totals over all rows. */
export interface PageRequest {
  page: number;
  pageSize: number;
  totals: boolean;
}

/** A parameter of a report as the catalogue describes it, its default resolved for the caller. */
export interface CatalogueParameter {
  name: string;
  kind: ParamKind;
  label: LocalizedText;
  /** A select's values with their labels (shared/codes.ts). */
  options?: { value: string; zh: string; en: string }[];
  optional: boolean;
  min?: number;
  max?: number;
  /** The value the form starts with for this caller; null when there is none (head office's team). */
  default: string | null;
}

/** A report as `GET /api/reports` describes it (registry definitions, defaults for the caller). */
export interface CatalogueReport {
  id: string;
  title: LocalizedText;
  note?: LocalizedText;
  parameters: CatalogueParameter[];
  ranges: [string, string][];
  oneOf?: string[];
  columns: { key: string; zh: string; en: string; kind: ColumnKind; code?: string; total: boolean }[];
}

/**
 * The report catalogue for the caller: every report of the registry (the route requires the
 * `reports` permission, which runs them all, each scoped), in menu order, with the defaults resolved
 * from the last imported trading day (today's business date before the first import) and the
 * caller's own team or branch.
 */
export async function reportCatalogue(pool: pg.Pool, user: AuthUser, asOf: string): Promise<CatalogueReport[]> {
  const { rows } = await pool.query<{ d: string | null }>('select max(trade_date)::text as d from trading_days');
  const lastTradingDay = rows[0]?.d ?? asOf;
  return [...REPORTS.values()].map((report) => catalogueEntry(report, lastTradingDay, user));
}

function catalogueEntry(report: Report, lastTradingDay: string, user: AuthUser): CatalogueReport {
  const label = (key: string): LocalizedText => ({ zh: fieldLabel(key, 'zh'), en: fieldLabel(key, 'en') });
  return {
    id: report.id,
    title: report.title,
    ...(report.note ? { note: report.note } : {}),
    parameters: report.parameters.map((p) => ({
      name: p.name,
      kind: p.kind,
      label: label(p.name),
      ...(p.options ? { options: p.options.map((value) => ({ value, zh: p.code ? codeLabel(p.code, value, 'zh') : value, en: p.code ? codeLabel(p.code, value, 'en') : value })) } : {}),
      optional: p.optional ?? false,
      ...(p.min !== undefined ? { min: p.min } : {}),
      ...(p.max !== undefined ? { max: p.max } : {}),
      default: defaultValue(p.default, lastTradingDay, user),
    })),
    ranges: report.ranges.map(([from, to]) => [from, to]),
    ...(report.oneOf ? { oneOf: [...report.oneOf] } : {}),
    columns: report.columns.map((c) => ({ key: c.key, zh: c.zh, en: c.en, kind: c.kind, ...(c.code ? { code: c.code } : {}), total: c.total ?? false })),
  };
}

/** Looks the report up (404 when unknown) and validates its parameters (422 naming each bad one). */
export function prepareReport(id: string, rawParams: unknown, req: ReportRequest): PagedReport {
  const report = REPORTS.get(id);
  if (!report) throw notFound();
  return { report, ...report.prepare({ user: req.user, asOf: req.asOf }, rawParams) };
}

/**
 * The settings of a reporting read snapshot (`inReadSnapshot`): JIT off (its compilation costs 50–200 ms
 * whenever the planner expects many rows, more than it saves on these summary reads) and room for
 * the hash aggregates of a branch's customers in memory.
 */
export const REPORT_READ_SETTINGS = `set local jit = off; set local work_mem = '64MB'`;

/** A bound value of a report query as an SQL literal (COPY takes no parameters). */
function sqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`report parameter: not a finite number: ${value}`);
    return `(${String(value)})`;
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return pg.escapeLiteral(value);
  if (Array.isArray(value)) return pg.escapeLiteral(`{${value.map((e) => `"${String(e).replace(/[\\"]/g, '\\$&')}"`).join(',')}}`);
  throw new Error(`report parameter: unsupported value ${typeof value}`);
}

/** `text` with each placeholder `$n` replaced by the literal of `values[n - 1]`. */
export function inlineParameters(text: string, values: readonly unknown[]): string {
  return text.replace(/\$(\d+)/g, (_, n: string) => {
    const i = Number(n) - 1;
    if (i < 0 || i >= values.length) throw new Error(`report query: no value for $${n}`);
    return sqlLiteral(values[i]);
  });
}

const COPY_SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/** The values of the one-column tuples of a binary COPY stream, as slices of `data` (not copied). */
export function copyBinaryValues(data: Buffer): Buffer[] {
  if (data.length < 19 || !data.subarray(0, 11).equals(COPY_SIGNATURE)) throw new Error('COPY: not a binary COPY stream');
  let at = 19 + data.readInt32BE(15); // signature, flags, header extension length + extension
  const values: Buffer[] = [];
  for (;;) {
    const fields = data.readInt16BE(at);
    at += 2;
    if (fields === -1) return values;
    if (fields !== 1) throw new Error(`COPY: ${fields} fields in a tuple, expected 1`);
    const length = data.readInt32BE(at);
    at += 4;
    if (length < 0) throw new Error('COPY: a null row');
    values.push(data.subarray(at, at + length));
    at += length;
  }
}

/**
 * The report's rows as UTF-8 JSON, one buffer per row, in order, from one read snapshot, and the
 * JSON of its totals (reports.sql.ts `shownJsonRowsWithTotals`: exact sums over all the rows, sent
 * as one more row after them; null for a report without totals columns). PostgreSQL renders each
 * row's shown values (rounded there, as JSON text) and sends them by binary COPY, so the bytes
 * reach the socket as they came: Node never decodes a branch's 30,000–60,000 rows into strings,
 * builds objects or encodes them again. (COPY takes no bind parameters: the query's values are
 * inlined as escaped literals.)
 */
export async function reportJsonRows(pool: pg.Pool, prepared: PreparedReport): Promise<{ rows: Buffer[]; totals: Buffer | null }> {
  const { report, query } = prepared;
  const sql = inlineParameters(shownJsonRowsWithTotals(report.columns, query.text), query.values);
  const data = await inReadSnapshot(pool, async (client) => {
    const chunks: Buffer[] = [];
    const stream = client.query(copyTo(`copy (${sql}) to stdout (format binary)`));
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }, REPORT_READ_SETTINGS);
  const rows = copyBinaryValues(data);
  const totals = report.columns.some((c) => c.total) ? (rows.pop() ?? null) : null;
  return { rows, totals };
}

const COMMA = Buffer.from(',');

/** The report as the UTF-8 JSON of `{ columns, rows, totals }` (interfaces.md "Reports"; `totals` null without totals columns). */
export async function runReportJson(pool: pg.Pool, prepared: PreparedReport, language: 'zh' | 'en'): Promise<Buffer> {
  const { rows, totals } = await reportJsonRows(pool, prepared);
  const columns = JSON.stringify(prepared.report.columns.map((c) => ({ key: c.key, title: c[language] })));
  const parts: Buffer[] = [Buffer.from(`{"columns":${columns},"rows":[`)];
  rows.forEach((row, i) => {
    if (i > 0) parts.push(COMMA);
    parts.push(row);
  });
  parts.push(Buffer.from('],"totals":'), totals ?? Buffer.from('null'), Buffer.from('}'));
  return Buffer.concat(parts);
}

/**
 * One page of the report as the UTF-8 JSON of `{ columns, rows, total, totals? }`, from one read
 * snapshot: the page's rows in the report's order; `total`, the number of rows of the whole answer,
 * or null where counting them reads every row's figures (reports.registry.ts `PageQueries`); and
 * only when asked for (`totals`), the exact totals over all the rows (null for a report without
 * totals columns) with, in the same pass, the exact `total`. A page reads what its report's paging
 * reads: the per-customer reports only the page's customers' figures; the others their whole answer,
 * cut. Why totals and some counts are asked for apart: docs/decisions.md, Part P.
 */
export async function runReportPageJson(pool: pg.Pool, prepared: PagedReport, request: PageRequest, language: Language): Promise<Buffer> {
  const { report, query } = prepared;
  const offset = (request.page - 1) * request.pageSize;
  const queries = prepared.page({ offset, limit: request.pageSize });
  const answer = await inReadSnapshot(pool, async (client) => {
    let rows: string[];
    let total: number | null = null;
    if (queries.kind === 'counted') {
      const values = [...queries.rows.values];
      const text = pagedJsonRowsCounted(report.columns, queries.rows.text, bindParam(values, offset), bindParam(values, request.pageSize));
      const page = await client.query<{ j: string; n: string }>(text, values);
      rows = page.rows.map((r) => r.j);
      // a page past the end has no row to carry the count: then it comes from the totals' pass, or a count
      total = page.rows[0] ? Number(page.rows[0].n) : null;
    } else {
      rows = (await client.query<{ j: string }>(shownJsonRows(report.columns, queries.rows.text), queries.rows.values)).rows.map((r) => r.j);
      if (queries.count) total = (await client.query<{ n: number }>(queries.count.text, queries.count.values)).rows[0]?.n ?? 0;
    }
    let totals: string | null | undefined;
    if (request.totals || (queries.kind === 'counted' && total === null)) {
      const all = (await client.query<{ j: string | null; n: number }>(shownJsonTotalsAndCount(report.columns, query.text), query.values)).rows[0];
      total = all?.n ?? 0;
      if (request.totals) totals = all?.j ?? null;
    }
    return { rows, total, totals };
  }, REPORT_READ_SETTINGS);
  const columns = JSON.stringify(report.columns.map((c) => ({ key: c.key, title: c[language] })));
  const totalsPart = answer.totals === undefined ? '' : `,"totals":${answer.totals ?? 'null'}`;
  return Buffer.from(`{"columns":${columns},"rows":[${answer.rows.join(',')}],"total":${answer.total ?? 'null'}${totalsPart}}`);
}

/** The Excel file's name: the report's Chinese title and the day, with an ASCII fallback. */
export function exportFileNames(prepared: PreparedReport, req: ReportRequest): { utf8: string; ascii: string } {
  return xlsxFileNames(prepared.report.title.zh, prepared.report.id, req.asOf);
}

/** Each numeric cell of `row` in its column's Excel number format. */
function formatNumbers(row: ExcelJS.Row, columns: readonly { kind: ColumnKind }[]): void {
  columns.forEach((c, i) => {
    const format = EXCEL_FORMAT[c.kind];
    if (format) row.getCell(i + 1).numFmt = format;
  });
}

/**
 * Writes the report as an .xlsx workbook to `out` (ended when the workbook is complete): a header
 * block (report name, parameters by label, time of the query), the column titles, the rows, then the
 * totals row (合计 / Total) when the report has totals columns: the same exact totals as the JSON's;
 * all in the request's language, coded cells (`code` columns) by their label (shared/codes.ts).
 * Returns the number of rows. The export is audited ('report.export') in the read's transaction; when
 * `primary` is given, the rows were read on a replica (which cannot write), and the audit row is
 * committed on the primary after the last row is read and before the workbook is completed, so that
 * no complete export goes out unaudited.
 */
export async function exportReport(pool: pg.Pool, prepared: PreparedReport, req: ReportRequest, out: Writable, primary?: pg.Pool): Promise<number> {
  const { report, params, query } = prepared;
  const { language } = req;
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(report.title[language]);
  sheet.columns = report.columns.map((c) => ({ width: c.kind === 'text' ? 16 : c.kind === 'int' ? 10 : 18 }));
  writeExportHeader(sheet, { title: report.title[language], parameters: params, codes: report.paramCodes ?? {}, now: req.now, language });
  const header = sheet.addRow(report.columns.map((c) => c[language]));
  header.font = { bold: true };
  header.commit();
  const audit = (client: pg.PoolClient, rows: number) =>
    writeAudit(client, {
      user: req.user, action: 'report.export', entity: 'report', entityId: report.id,
      detail: { id: report.id, parameters: params, rows }, ip: req.ip,
    });

  const count = await inReadSnapshot(pool, async (client) => {
    let rows = 0;
    const shownSql = report.columns.some((c) => c.total) ? shownRowsWithTotals : shownRows;
    await client.query(`declare report_rows no scroll cursor for ${shownSql(report.columns, query.text)}`, query.values);
    for (;;) {
      const batch = await client.query<Record<string, Shown> & { __total?: boolean }>(`fetch forward ${BATCH} from report_rows`);
      for (const shown of batch.rows) {
        if (shown.__total) {
          // the totals row, last: 合计 in the first column, each total's exact value in its column
          const totals = sheet.addRow(report.columns.map((c, i) => (c.total ? excelValue(c.kind, shown[c.key] ?? null) : i === 0 ? fieldLabel('total', language) : null)));
          formatNumbers(totals, report.columns);
          totals.font = { bold: true };
          totals.commit();
          continue;
        }
        const row = sheet.addRow(report.columns.map((c) => (c.code ? codeLabel(c.code, shown[c.key] as string | null, language) || null : excelValue(c.kind, shown[c.key] ?? null))));
        formatNumbers(row, report.columns);
        row.commit();
        rows += 1;
      }
      if (out.writableNeedDrain) await once(out, 'drain');
      if (batch.rows.length < BATCH) break;
    }
    await client.query('close report_rows');
    if (!primary) await audit(client, rows);
    return rows;
  }, REPORT_READ_SETTINGS);
  if (primary) await inTransaction(primary, (client) => audit(client, count));
  sheet.commit();
  await workbook.commit();
  return count;
}
