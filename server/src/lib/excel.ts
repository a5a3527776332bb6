/**
 * What every Excel export (客户列表, 报表统计, 经纪关系查询, 工资单) starts with, in the request's
 * language: the title, the 查询参数 row (parameters by label, coded values by their label from
 * shared/codes.ts, never `lifecycle=SLEEPING`), the time of the query, and a blank row; and how the
 * file is sent (content type, Content-Disposition).
 */
import { PassThrough, type Writable } from 'node:stream';
import type ExcelJS from 'exceljs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { describeParameters, type CodeKind, type CodeLabel } from '../../../shared/codes.js';
import { config } from '../config.js';
import type { Language } from '../errors.js';

/** The content type of an .xlsx download. */
export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** `Content-Disposition` of a download: an ASCII fallback plus the UTF-8 name (RFC 6266 / RFC 5987). */
export function contentDisposition(utf8Name: string, asciiFallback: string): string {
  const encoded = encodeURIComponent(utf8Name).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${asciiFallback.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encoded}`;
}

/** An export's file names: its title and the day, and an ASCII title for clients without UTF-8 file names (see `contentDisposition`). */
export function xlsxFileNames(title: string, asciiTitle: string, day: string): XlsxDownload['names'] {
  return { utf8: `${title}_${day}.xlsx`, ascii: `${asciiTitle}_${day}.xlsx` };
}

/** An Excel download: what it holds (for the log), its names (see `contentDisposition`), and its writer. */
export interface XlsxDownload {
  what: string;
  names: { utf8: string; ascii: string };
  /** Streams the workbook into `out`; its promise settles when the file is complete or has failed. */
  write(out: Writable): Promise<unknown>;
}

/**
 * Answers `request` with the .xlsx file that `download` streams: the download starts at once, and an
 * error after the first bytes is logged as "… export failed" and breaks the download (the status line
 * is gone by then). The stream is sent as it is, never through the route's JSON response schema (which
 * types `send`, hence the plain `FastifyReply`).
 */
export function sendXlsxStream(request: FastifyRequest, reply: FastifyReply, download: XlsxDownload): FastifyReply {
  const out = new PassThrough();
  download.write(out).catch((err: unknown) => {
    request.log.error({ err }, `${download.what} export failed`);
    out.destroy(err instanceof Error ? err : new Error(String(err)));
  });
  const { utf8, ascii } = download.names;
  return reply.type(XLSX_CONTENT_TYPE).header('content-disposition', contentDisposition(utf8, ascii)).send(out);
}

/** "2025-06-16 10:00:00" in the business time zone. */
export function businessTime(now: Date): string {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone: config().TZ_BUSINESS, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).format(now);
}

const HEADINGS = {
  parameters: { zh: '查询参数', en: 'Parameters' },
  time: { zh: '查询时间', en: 'Queried at' },
} as const satisfies Record<string, CodeLabel>;

export interface ExportHeader {
  title: string;
  /** The parameters as given; empty ones are left out. */
  parameters: Readonly<Record<string, unknown>>;
  /** The dictionary kind of each coded parameter (`{ lifecycle: 'lifecycle', status: 'customerStatus' }`). */
  codes: Readonly<Partial<Record<string, CodeKind>>>;
  now: Date;
  language: Language;
}

/** The rows of the header block, as `writeExportHeader` writes them (the title, parameters, time, blank). */
export function exportHeaderRows(header: ExportHeader): string[][] {
  return [
    [header.title],
    [HEADINGS.parameters[header.language], describeParameters(header.parameters, header.codes, header.language)],
    [HEADINGS.time[header.language], businessTime(header.now)],
    [],
  ];
}

/**
 * Writes the header block at the top of `sheet` (the title bold, 14 pt). Each row is committed, which
 * a streaming worksheet needs and a plain one ignores.
 */
export function writeExportHeader(sheet: ExcelJS.Worksheet, header: ExportHeader): void {
  exportHeaderRows(header).forEach((values, i) => {
    const row = sheet.addRow(values);
    if (i === 0) row.font = { bold: true, size: 14 };
    row.commit();
  });
}
