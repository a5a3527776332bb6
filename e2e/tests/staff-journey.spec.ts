import { expect, test } from '@playwright/test';
import { digits, openFromMenu, settled, shot, signIn } from './helpers.js';

type StaffPage = { items: { staffNo: string; name: string; currentCustomers: number }[]; total: number };

test('a branch manager opens 人员列表, a broker’s detail, and reads its customers and monthly indicators', async ({ page }) => {
  await signIn(page, 'manager');
  const api = (await (await page.request.get('/api/staff?category=BROKER&status=ACTIVE&pageSize=500')).json()) as StaffPage;
  expect(api.total).toBeGreaterThan(0);
  const broker = [...api.items].sort((a, b) => b.currentCustomers - a.currentCustomers)[0]!;
  expect(broker.currentCustomers).toBeGreaterThan(0);

  // 营销管理 → 人员列表, searched by staff number; the row opens the detail
  await openFromMenu(page, ['营销管理', '人员列表'], /\/staff$/);
  await expect(page.locator('.ant-breadcrumb')).toContainText('人员列表');
  await page.getByPlaceholder('员工编号 / 姓名').fill(broker.staffNo);
  await page.getByRole('button', { name: /查\s*询/ }).click();
  await expect(page.locator('.ant-table-row')).toHaveCount(1);
  await settled(page);
  await shot(page, 'staff-list-zh');
  await page.locator('.ant-table-row').first().getByText(broker.name, { exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/staff/${broker.staffNo}$`));
  await expect(page.getByTestId('staff-title')).toHaveText(`${broker.name} · ${broker.staffNo}`);

  // 当前客户: the count on the tab and the paged total equal the API's
  await page.getByRole('tab', { name: new RegExp(`当前客户 \\(${broker.currentCustomers}\\)`) }).click();
  await expect(page).toHaveURL(/tab=current/);
  await expect(page.getByRole('tabpanel', { name: /当前客户/ }).getByText(`共 ${broker.currentCustomers} 条`)).toBeVisible();
  await settled(page);
  await shot(page, 'staff-current-zh');

  // 月指标: the latest month's net commission on screen equals the API's, and the chart is drawn
  const indicators = (await (await page.request.get(`/api/staff/${broker.staffNo}/indicators`)).json()) as { months: { month: string; netCommission: string }[] };
  expect(indicators.months.length).toBeGreaterThan(0);
  const last = indicators.months.at(-1)!;
  await page.getByRole('tab', { name: '月指标' }).click();
  const row = page.getByRole('tabpanel', { name: '月指标' }).locator('.ant-table-row').filter({ has: page.getByText(last.month, { exact: true }) });
  await expect(row).toHaveCount(1);
  expect(digits(await row.locator('td').nth(8).textContent())).toBe(last.netCommission);
  await expect(page.getByTestId('staff-indicators-chart').locator('canvas')).toBeVisible();
  await page.waitForTimeout(800); // chart animation
  await shot(page, 'staff-indicators-zh');
});

test('a broker finds only their own record under 我的信息, and another staff member’s page is not found', async ({ page }) => {
  await signIn(page, 'broker');
  const me = (await (await page.request.get('/api/me')).json()) as { staffNo: string };
  await openFromMenu(page, ['营销管理', '我的信息'], new RegExp(`/staff/${me.staffNo}$`));
  await expect(page.getByTestId('staff-title')).toContainText(me.staffNo);
  await expect(page.locator('.ant-breadcrumb')).toContainText('我的信息');
  await settled(page);
  await shot(page, 'staff-my-info-zh');

  const list = (await (await page.request.get('/api/staff')).json()) as StaffPage;
  expect(list.items.map((s) => s.staffNo)).toEqual([me.staffNo]);
  const other = me.staffNo === 'S01001' ? 'S01002' : 'S01001';
  expect((await page.request.get(`/api/staff/${other}`)).status()).toBe(404);
  await page.goto(`/staff/${other}`);
  await expect(page.getByText('记录不存在。')).toBeVisible();
});
