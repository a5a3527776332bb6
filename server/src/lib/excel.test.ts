import { describe, expect, it } from 'vitest';
import { contentDisposition, XLSX_CONTENT_TYPE, xlsxFileNames } from './excel.js';

describe('how an Excel download is sent', () => {
  it('names the download in UTF-8 with an ASCII fallback', () => {
    expect(contentDisposition('客户(1).xlsx', 'c"1.xlsx')).toBe(`attachment; filename="c_1.xlsx"; filename*=UTF-8''%E5%AE%A2%E6%88%B7%281%29.xlsx`);
    // 工资单 = %E5%B7%A5 %E8%B5%84 %E5%8D%95; a backslash and a non-ASCII character of the fallback become '_'
    expect(contentDisposition('工资单_2025-05.xlsx', 'pay\\é_2025-05.xlsx')).toBe(
      `attachment; filename="pay___2025-05.xlsx"; filename*=UTF-8''%E5%B7%A5%E8%B5%84%E5%8D%95_2025-05.xlsx`,
    );
  });

  it('names an export by its title and day, with an ASCII title beside', () => {
    expect(xlsxFileNames('异常监控', 'alerts', '2026-12-04')).toEqual({ utf8: '异常监控_2026-12-04.xlsx', ascii: 'alerts_2026-12-04.xlsx' });
  });

  it('is an Office Open XML workbook', () => {
    expect(XLSX_CONTENT_TYPE).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  });
});
