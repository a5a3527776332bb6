/** Reading an exported workbook back in a test (the reports, relationship and customer exports). */
import ExcelJS from 'exceljs';
import { expect } from 'vitest';

/** The first worksheet of an .xlsx answer (`res.rawPayload` of an injected request). */
export async function firstSheet(payload: Buffer): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(payload as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error('the workbook has no sheet');
  return sheet;
}

/**
 * Expects a 200 .xlsx download named `utf8` with the ASCII fallback `ascii` (Content-Disposition,
 * RFC 6266 / 5987) and returns its first worksheet.
 */
export async function downloadedSheet(res: { statusCode: number; headers: Record<string, unknown>; rawPayload: Buffer }, ascii: string, utf8: string): Promise<ExcelJS.Worksheet> {
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  expect(res.headers['content-disposition']).toBe(`attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(utf8)}`);
  return firstSheet(res.rawPayload);
}

/** The values of row `r`, its first column first (ExcelJS's `values` start at index 1). */
export function rowValues(sheet: ExcelJS.Worksheet, r: number): unknown[] {
  return (sheet.getRow(r).values as unknown[]).slice(1);
}

/** The values of every row from row `first` to the last one, each as rowValues gives them. */
export function rowsFrom(sheet: ExcelJS.Worksheet, first: number): unknown[][] {
  const rows: unknown[][] = [];
  for (let r = first; r <= sheet.rowCount; r++) rows.push(rowValues(sheet, r));
  return rows;
}
