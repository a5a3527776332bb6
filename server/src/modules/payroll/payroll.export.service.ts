/**
 * The month's payslips as an Excel workbook (工资单), within the caller's scope; audited.
 */
import ExcelJS from 'exceljs';
import type pg from 'pg';
import { codeLabel, type CodeLabel } from '../../../../shared/codes.js';
import { inTransaction } from '../../db/database.js';
import type { Language } from '../../errors.js';
import { writeExportHeader } from '../../lib/excel.js';
import { writeAudit } from '../audit/audit.service.js';
import { assertPermission } from '../auth/auth.service.js';
import type { PayrollActor } from './payroll.months.service.js';
import { listPayslips, type Payslip } from './payroll.payslips.service.js';

const EXPORT_COLUMNS: { title: CodeLabel; key: Exclude<keyof Payslip, 'adjustmentsByKind'>; money: boolean; width: number }[] = [
  { title: { zh: '月份', en: 'Month' }, key: 'month', money: false, width: 10 },
  { title: { zh: '员工编号', en: 'Staff no.' }, key: 'staffNo', money: false, width: 12 },
  { title: { zh: '姓名', en: 'Name' }, key: 'name', money: false, width: 12 },
  { title: { zh: '营业部', en: 'Branch' }, key: 'branchCode', money: false, width: 10 },
  { title: { zh: '团队', en: 'Team' }, key: 'teamCode', money: false, width: 10 },
  { title: { zh: '职级', en: 'Level' }, key: 'level', money: false, width: 12 },
  { title: { zh: '底薪', en: 'Base salary' }, key: 'baseSalary', money: true, width: 14 },
  { title: { zh: '净佣金', en: 'Net commission' }, key: 'netCommission', money: true, width: 16 },
  { title: { zh: '佣金提成', en: 'Commission share' }, key: 'commissionShare', money: true, width: 14 },
  { title: { zh: '金融产品销售额', en: 'Product sales' }, key: 'productSales', money: true, width: 16 },
  { title: { zh: '金融产品销售提成', en: 'Product sales commission' }, key: 'productSalesCommission', money: true, width: 16 },
  { title: { zh: '薪酬调整', en: 'Adjustments' }, key: 'adjustmentsTotal', money: true, width: 14 },
  { title: { zh: '应发合计', en: 'Total' }, key: 'total', money: true, width: 16 },
];
/** The column titles of the payslip export in a language. */
export function exportTitles(language: Language): string[] {
  return EXPORT_COLUMNS.map((c) => c.title[language]);
}
const MONEY_FORMAT = '#,##0.00';

/**
 * The month's payslips within the caller's scope as an .xlsx workbook (small: one row per staff
 * member), in the request's language: the header block (month and its status by label), the
 * titles, the rows (the level by its label).
 */
export async function exportPayslips(pool: pg.Pool, month: string, actor: PayrollActor, now: Date, language: Language): Promise<Buffer> {
  assertPermission(actor.user, 'payroll.export');
  const { month: status, items } = await listPayslips(pool, month, actor.user);
  const workbook = new ExcelJS.Workbook();
  const title = `${{ zh: '工资单', en: 'Payslips' }[language]} ${month}`;
  const sheet = workbook.addWorksheet(title);
  sheet.columns = EXPORT_COLUMNS.map((c) => ({ width: c.width }));
  writeExportHeader(sheet, { title, parameters: { month, status: status.status }, codes: { status: 'payrollMonthStatus' }, now, language });
  sheet.addRow(exportTitles(language)).font = { bold: true };
  for (const item of items) {
    const row = sheet.addRow(EXPORT_COLUMNS.map((c) => (c.money ? Number(item[c.key]) : c.key === 'level' ? codeLabel('staffLevel', item.level, language) : item[c.key])));
    EXPORT_COLUMNS.forEach((c, i) => {
      if (c.money) row.getCell(i + 1).numFmt = MONEY_FORMAT;
    });
  }
  const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
  await inTransaction(pool, (client) =>
    writeAudit(client, { user: actor.user, action: 'payroll.export', entity: 'payroll_month', entityId: month, detail: { month, rows: items.length }, ip: actor.ip }),
  );
  return buffer;
}
