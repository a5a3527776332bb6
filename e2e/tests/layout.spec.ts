/**
 * The layout and the codes (h6): the side menu and the header stay put while a page scrolls, a menu
 * click opens the next page at its top, and the most-used screens show labels, never raw codes.
 */
import { expect, test } from '@playwright/test';
import { signIn } from './helpers.js';

const RAW_CODES = /\b(ORDINARY|STOCK|MOBILE|FILLED|CANCELLED|BANK_IN|DIVIDEND|CNY|NORMAL|DEVELOP)\b|customer\.view_pii|\{"/;

test('the menu and the header stay put while the page scrolls; a menu click opens the next page at its top', async ({ page }) => {
  await signIn(page, 'compliance');
  await page.goto('/customers');
  await expect(page.locator('.ant-table-row').first()).toBeVisible();
  // a page taller than any list, so that only the layout brings the next page back to its top
  await page.evaluate(() => {
    const spacer = document.createElement('div');
    spacer.style.height = '4000px';
    document.querySelector('.ant-layout-content')?.appendChild(spacer);
  });
  await page.mouse.move(800, 500);
  await page.mouse.wheel(0, 2500);
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(1000);
  expect((await page.locator('.ant-layout-header').boundingBox())?.y).toBe(0);
  expect((await page.locator('.ant-layout-sider').boundingBox())?.y).toBe(0);

  await page.getByTestId('main-menu').locator('a[href="/customers/history"]').click();
  await expect(page.locator('.ant-breadcrumb')).toContainText('历史客户');
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(0);
});

test('the 360° view and the audit log show labels, not codes or JSON', async ({ page }) => {
  await signIn(page, 'compliance');
  // the largest customer with orders, fund flows and accounts to show (some large accounts of the demo rarely trade)
  const list = (await (await page.request.get('/api/customers?pageSize=50&sort=-totalAsset')).json()) as { items: { customerNo: string }[] };
  let customerNo = '';
  for (const item of list.items) {
    const view = (await (await page.request.get(`/api/customers/${item.customerNo}`)).json()) as { recentOrders: unknown[]; recentFlows: unknown[]; accounts: unknown[] };
    if (view.recentOrders.length && view.recentFlows.length && view.accounts.length) {
      customerNo = item.customerNo;
      break;
    }
  }
  expect(customerNo).not.toBe('');
  await page.goto(`/customers/${customerNo}`);
  await expect(page.getByTestId('customer-title')).toContainText(customerNo);
  for (const tab of [/近期委托/, /近期资金流水/, /资金账户/]) {
    await page.getByRole('tab', { name: tab }).click();
    await expect(page.getByRole('tabpanel').locator('.ant-table-row').first()).toBeVisible();
    expect(await page.locator('.ant-layout-content').innerText()).not.toMatch(RAW_CODES);
  }

  await page.goto('/admin/audit');
  const first = page.locator('.ant-table-row').first();
  await expect(first).toContainText('查看客户个人信息'); // customer.view_pii of the 360° view just opened
  await expect(first).toContainText('途径：客户360°视图');
  expect(await page.locator('.ant-layout-content').innerText()).not.toMatch(RAW_CODES);
});
