import { expect, test } from '@playwright/test';
import { digits, openFromMenu, readWorkbook, settled, shot, signIn, type ReportJson } from './helpers.js';

test('a branch manager runs 团队经纪人营销状况 for the branch, reads a cell, and exports it to Excel', async ({ page }) => {
  await signIn(page, 'manager');
  const me = (await (await page.request.get('/api/me')).json()) as { scopeLevel: string; staff: { branchCode: string } | null };
  expect(me.scopeLevel).toBe('BRANCH');
  const branch = me.staff?.branchCode ?? '';
  expect(branch).not.toBe('');

  // 报表统计 → 团队经纪人营销状况: it opens on the manager's own branch, picked by name, and runs at once
  await openFromMenu(page, ['报表统计', '团队经纪人营销状况'], /\/reports\/team-marketing/);
  await expect(page.locator('.ant-breadcrumb')).toContainText('团队经纪人营销状况');
  await expect(page).toHaveURL(/monthTo=\d{4}-\d{2}/); // the defaults have landed
  await expect(page).toHaveURL(new RegExp(`branch=${branch}`));
  await expect(page.getByTestId('pick-branch')).toContainText(`（${branch}）`); // 名称（代码）
  await page.getByRole('button', { name: /查\s*询/ }).click();
  await expect(page.locator('.ant-table-row').first()).toBeVisible();
  await settled(page);

  // the same parameters through the API: the busiest broker's 累计交易量 on screen equals the JSON
  const query = new URL(page.url()).search;
  const api = await page.request.get(`/api/reports/team-marketing${query}`);
  expect(api.ok()).toBeTruthy();
  const report = (await api.json()) as ReportJson;
  expect(report.rows.length).toBeGreaterThan(0);
  const busiest = [...report.rows].sort((a, b) => Number(b.cumVolume) - Number(a.cumVolume))[0]!;
  expect(Number(busiest.cumVolume)).toBeGreaterThan(0);
  const column = report.columns.findIndex((c) => c.key === 'cumVolume');
  const row = page.locator('.ant-table-row').filter({ has: page.locator('td').first().getByText(String(busiest.staffNo), { exact: true }) });
  await expect(row).toHaveCount(1);
  expect(digits(await row.locator('td').nth(column).textContent())).toBe(busiest.cumVolume);
  await shot(page, 'manager-team-marketing-zh');

  // export: the downloaded workbook holds the same figure in the same broker's row
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()]);
  expect(download.suggestedFilename()).toMatch(/^团队经纪人营销状况_\d{4}-\d{2}-\d{2}\.xlsx$/);
  const sheet = await readWorkbook(await download.path());
  const header = sheet.findIndex((r) => r[0] === report.columns[0]!.title); // the titles row under the header block
  expect(header).toBeGreaterThan(0);
  const excelColumn = sheet[header]!.indexOf(report.columns[column]!.title);
  expect(excelColumn).toBeGreaterThanOrEqual(0);
  const excelRow = sheet.slice(header + 1).find((r) => r[0] === busiest.staffNo);
  expect(excelRow, `row of ${String(busiest.staffNo)} in the workbook`).toBeDefined();
  expect(excelRow![excelColumn]).toBe(Number(busiest.cumVolume));
  const below = sheet.slice(header + 1).filter((r) => r[0] !== null);
  expect(below.filter((r) => r[0] !== '合计')).toHaveLength(report.rows.length);

  // the totals row (合计): on screen, in the JSON and in the workbook, the server's exact total
  const total = report.totals?.cumVolume;
  expect(total).toBeDefined();
  expect(below.at(-1)?.[0]).toBe('合计');
  expect(below.at(-1)?.[excelColumn]).toBe(Number(total));
  const summary = page.locator('.ant-table-summary td');
  expect(digits(await summary.nth(column).textContent())).toBe(total);
});

test('a branch manager exports the filtered customer list and finds the JSON’s rows in it', async ({ page }) => {
  await signIn(page, 'manager');
  await page.goto('/customers?tier=%E9%87%91%E6%BB%A1%E5%A0%82&sort=-totalAsset');
  await expect(page.locator('.ant-breadcrumb')).toContainText('营业部客户'); // the branch manager's list title
  await expect(page.locator('.ant-table-row').first()).toBeVisible();
  const json = (await (await page.request.get('/api/customers?tier=%E9%87%91%E6%BB%A1%E5%A0%82&sort=-totalAsset&pageSize=500')).json()) as {
    total: number;
    items: { customerNo: string; totalAsset: string; mobile: string | null }[];
  };
  expect(json.total).toBeGreaterThan(0);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()]);
  expect(download.suggestedFilename()).toMatch(/^客户列表_\d{4}-\d{2}-\d{2}\.xlsx$/);
  const sheet = await readWorkbook(await download.path());
  // the parameter row names each filter and shows coded values by their labels (shared/codes.ts), never `sort=-totalAsset`
  expect(sheet[1]).toEqual(['查询参数', '视图=当前; 级别=金满堂; 排序=总资产降序']);
  expect(sheet[4]?.slice(0, 2)).toEqual(['客户号', '客户名称']);
  const rows = sheet.slice(5);
  expect(rows).toHaveLength(json.total);
  const first = json.items[0]!;
  expect(rows[0]![0]).toBe(first.customerNo);
  expect(rows[0]![12]).toBe(Number(first.totalAsset)); // 总资产(元)
  expect(rows[0]![9]).toBe(first.mobile); // masked as on screen (a branch manager has no PII permission)
  expect(String(first.mobile)).toContain('****');

  // 历史客户: the menu entry opens the history view, its total is the API's
  await openFromMenu(page, ['客户管理', '历史客户'], /\/customers\/history$/);
  await expect(page.locator('.ant-breadcrumb')).toContainText('历史客户');
  const history = (await (await page.request.get('/api/customers?view=history&pageSize=1')).json()) as { total: number };
  await expect(page.getByTestId('customer-total').locator('.ant-statistic-content')).toHaveText(history.total.toLocaleString('en-US'));
});
