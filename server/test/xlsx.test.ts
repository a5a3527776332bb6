import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { firstSheet, rowsFrom, rowValues } from './xlsx.js';

describe('reading a workbook back', () => {
  it('gives the first sheet and its rows from the first column on', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('first');
    workbook.addWorksheet('second').addRow(['not this one']);
    sheet.addRow(['title']);
    sheet.addRow([]);
    sheet.addRow(['a', 1, 2.5]);
    sheet.addRow(['b', 2]);
    const read = await firstSheet(Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(rowValues(read, 1)).toEqual(['title']);
    expect(rowValues(read, 3)).toEqual(['a', 1, 2.5]);
    expect(rowsFrom(read, 3)).toEqual([['a', 1, 2.5], ['b', 2]]);
    expect(rowsFrom(read, 5)).toEqual([]);
  });
});
