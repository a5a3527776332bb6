import { expect, test } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { digits, openFromMenu, shot } from './helpers.js';

test('a broker signs in, reads the numbers of their customers, and switches to English', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel('用户名').fill('broker');
  await page.getByLabel('密码').fill('demo2026');
  await page.getByRole('button', { name: /登\s*录/ }).click();

  // 首页: key figures and the three charts (canvas drawn)
  await expect(page.getByText('您好，')).toBeVisible();
  await expect(page.getByTestId('pie-customers').locator('canvas')).toBeVisible();
  await expect(page.getByTestId('bar-trend').locator('canvas')).toBeVisible();
  await page.waitForTimeout(800); // chart animation
  await shot(page, '01-home-zh');

  // 客户管理 → 我的客户: the total on screen is the API's total for this login
  await openFromMenu(page, ['客户管理', '我的客户'], /\/customers$/);
  const api = await page.request.get('/api/customers?pageSize=1');
  expect(api.ok()).toBeTruthy();
  const list = (await api.json()) as { total: number; items: { customerNo: string }[] };
  expect(list.total).toBeGreaterThan(0);
  await expect(page.getByTestId('customer-total').locator('.ant-statistic-content')).toHaveText(list.total.toLocaleString('en-US'));
  await expect(page.locator('.ant-table-row').first()).toBeVisible();
  await shot(page, '02-customers-zh');

  // the first customer's 360° view: total asset on screen equals the API's
  const firstLink = page.locator('.ant-table-row').first().getByRole('link');
  const customerNo = (await firstLink.textContent()) ?? '';
  await firstLink.click();
  await expect(page).toHaveURL(new RegExp(`/customers/${customerNo}$`));
  const view = (await (await page.request.get(`/api/customers/${customerNo}`)).json()) as { assets: { totalAsset: string } | null };
  expect(view.assets).not.toBeNull();
  const onScreen = page.getByTestId('customer-total-asset').locator('.ant-statistic-content');
  await expect(onScreen).toBeVisible();
  expect(digits(await onScreen.textContent())).toBe(view.assets?.totalAsset);
  await expect(page.getByTestId('trend-chart').locator('canvas')).toBeVisible();
  await page.waitForTimeout(800);
  await shot(page, '03-customer360-zh');

  // a report with its totals row
  await page.goto('/reports/tier-distribution');
  await expect(page.locator('.ant-table-summary')).toContainText('合计');
  await shot(page, '04-report-tier-distribution-zh');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()]);
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
  const file = await download.path();
  expect((await readFile(file)).subarray(0, 2).toString()).toBe('PK'); // an xlsx is a zip

  // English: the menu and the page switch, and the choice survives a reload
  await page.getByTestId('lang-toggle').click();
  await expect(page.getByTestId('main-menu')).toContainText('Home');
  await expect(page.getByTestId('main-menu')).toContainText('Reports');
  await expect(page.locator('.ant-table-summary')).toContainText('Total');
  await page.goto('/customers');
  await expect(page.getByTestId('main-menu')).toContainText('My customers');
  await expect(page.getByTestId('customer-total').locator('.ant-statistic-content')).toHaveText(list.total.toLocaleString('en-US'));
  await shot(page, '05-customers-en');
});
