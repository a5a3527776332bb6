/**
 * The exchange holidays shipped with QuanCRM (沪深交易所休市安排): the weekdays on which the Shanghai
 * and Shenzhen stock exchanges are closed, by year. Data, not code: extend it each year when the
 * State Council publishes the next year's holiday schedule (国务院办公厅关于…年部分节假日安排的通知,
 * usually in November) and the exchanges publish their closing notice. An administrator can add or
 * reopen days at run time without a release (trading_calendar_changes, /api/admin/trading-calendar);
 * the demo generator, which runs without a database, uses this list alone.
 */
/** Weekdays on which the exchanges are closed, by year. */
export const SHIPPED_CLOSED_WEEKDAYS: Record<number, readonly string[]> = {
  // 2024 (国办发明电〔2023〕7号)
  2024: [
    '2024-01-01',
    '2024-02-09', '2024-02-12', '2024-02-13', '2024-02-14', '2024-02-15', '2024-02-16', // 春节
    '2024-04-04', '2024-04-05', // 清明
    '2024-05-01', '2024-05-02', '2024-05-03', // 劳动节
    '2024-06-10', // 端午
    '2024-09-16', '2024-09-17', // 中秋
    '2024-10-01', '2024-10-02', '2024-10-03', '2024-10-04', '2024-10-07', // 国庆
  ],
  // 2025 (国办发明电〔2024〕12号)
  2025: [
    '2025-01-01',
    '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-02-03', '2025-02-04', // 春节
    '2025-04-04', // 清明
    '2025-05-01', '2025-05-02', '2025-05-05', // 劳动节
    '2025-06-02', // 端午
    '2025-10-01', '2025-10-02', '2025-10-03', '2025-10-06', '2025-10-07', '2025-10-08', // 国庆、中秋
  ],
  // 2026 (国务院办公厅 2025 年 11 月通知)
  2026: [
    '2026-01-01', '2026-01-02',
    '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-23', // 春节
    '2026-04-06', // 清明
    '2026-05-01', '2026-05-04', '2026-05-05', // 劳动节
    '2026-06-19', // 端午
    '2026-09-25', // 中秋
    '2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07', // 国庆
  ],
  // 2027: the State Council had not published its schedule when this list was written; these are
  // the festival dates (元旦 Fri 1 Jan, 除夕 Fri 5 Feb, 清明 Mon 5 Apr, 劳动节 Sat 1 May,
  // 端午 Wed 9 Jun, 中秋 Wed 15 Sep, 国庆 Fri 1 Oct) with the usual bridging. Replace with the
  // official list when it appears.
  2027: [
    '2027-01-01',
    '2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12', // 春节
    '2027-04-05', // 清明
    '2027-05-03', '2027-05-04', '2027-05-05', // 劳动节
    '2027-06-09', // 端午
    '2027-09-15', // 中秋
    '2027-10-01', '2027-10-04', '2027-10-05', '2027-10-06', '2027-10-07', // 国庆
  ],
};
