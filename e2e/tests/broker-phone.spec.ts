/**
 * The broker in the field (issue 14 item 6): the daily pages on a phone-sized screen (390×844) —
 * the menu from the header, 我的客户, the 360° view, logging a contact with a next action, 我的待办 and
 * 异常监控 — each reading its numbers as the API gives them, and no page wider than the screen.
 */
import { expect, test, type Page } from '@playwright/test';
import { chooseOption, digits, fitsTheScreen, shot, signIn } from './helpers.js';

test.use({ viewport: { width: 390, height: 844 }, timezoneId: 'Asia/Shanghai' });

/** The page is no wider than the window: nothing to scroll sideways but the tables themselves. */
/** Opens an entry of the side menu, which on a phone is a drawer opened from the header. */
async function openFromDrawer(page: Page, group: string, entry: string, url: RegExp): Promise<void> {
  await page.getByTestId('menu-toggle').click();
  const drawer = page.locator('.ant-drawer-open');
  await expect(drawer.getByTestId('main-menu')).toBeVisible();
  const entryLink = drawer.getByRole('link', { name: entry, exact: true });
  if (!(await entryLink.isVisible())) await drawer.getByText(group, { exact: true }).click();
  await entryLink.click();
  await expect(page).toHaveURL(url);
  await expect(page.locator('.ant-drawer-open')).toHaveCount(0); // the drawer closes on navigation
}

test('a broker on a phone opens a customer from 我的客户, logs a visit with a next action, finds it under 我的待办 and reads 异常监控', async ({ page }) => {
  await signIn(page, 'broker');
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  // no side menu takes the screen: the header's button opens it
  await expect(page.locator('.ant-layout-sider')).toHaveCount(0);
  await fitsTheScreen(page, '首页');
  await shot(page, 'phone-01-home');

  // 我的客户: the total as the API counts it
  await openFromDrawer(page, '客户管理', '我的客户', /\/customers$/);
  const list = (await (await page.request.get('/api/customers?pageSize=1')).json()) as { total: number };
  await expect(page.getByTestId('customer-total').locator('.ant-statistic-content')).toHaveText(list.total.toLocaleString('en-US'));
  await expect(page.locator('.ant-table-row').first()).toBeVisible();
  await fitsTheScreen(page, '我的客户');
  await shot(page, 'phone-02-customers');

  // the first customer's 360° view: its total asset as the API gives it
  const firstLink = page.locator('.ant-table-row').first().getByRole('link').first();
  const customerNo = ((await firstLink.textContent()) ?? '').trim();
  await firstLink.click();
  await expect(page).toHaveURL(new RegExp(`/customers/${customerNo}$`));
  const view = (await (await page.request.get(`/api/customers/${customerNo}`)).json()) as { assets: { totalAsset: string } | null };
  const total = page.getByTestId('customer-total-asset').locator('.ant-statistic-content');
  await expect(total).toBeVisible();
  expect(digits(await total.textContent())).toBe(view.assets?.totalAsset);
  await fitsTheScreen(page, '客户360°视图');
  await shot(page, 'phone-03-customer360');

  // 记录接触: a visit with a next action due today; the dialog fits the screen
  const summary = `上门拜访：介绍两融业务 ${Date.now()}`;
  const nextAction = '寄送两融开户资料';
  await page.getByTestId('log-contact').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  const box = await dialog.locator('.ant-modal-container, .ant-modal-content').first().boundingBox();
  expect(box && box.x >= 0 && box.x + box.width <= 390, 'the contact dialog fits the phone’s width').toBe(true);
  await chooseOption(page, dialog, '接触渠道', '拜访');
  await dialog.getByLabel('接触内容').fill(summary);
  await dialog.getByLabel('跟进事项').fill(nextAction);
  await dialog.getByLabel('跟进日期').fill(today);
  await dialog.getByLabel('跟进日期').press('Enter');
  await expect(page.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)')).toHaveCount(0);
  await expect(dialog.getByLabel('跟进日期')).toHaveValue(today);
  await shot(page, 'phone-04-contact');
  await dialog.getByRole('button', { name: /保\s*存/ }).click();
  await expect(dialog.locator('.ant-form-item-explain-error')).toHaveText([]);
  await expect(dialog).toBeHidden();
  const entry = page.getByTestId('customer-timeline').getByTestId('timeline-contact').first();
  await expect(entry).toContainText(summary);
  await expect(entry).toContainText('拜访');

  // 我的待办 → 跟进事项: the next action is there, due today
  await openFromDrawer(page, '协同工作', '我的待办', /\/workflows\/todo/);
  // (a click landing while the lazily loaded page settles may be lost: repeated until the tab is selected)
  const tab = page.getByRole('tab', { name: '跟进事项' });
  await expect(async () => {
    await tab.click();
    await expect(tab).toHaveAttribute('aria-selected', 'true', { timeout: 2000 });
  }).toPass({ timeout: 20_000 });
  const row = page.getByTestId('follow-ups').locator('.ant-table-row', { hasText: summary });
  await expect(row).toContainText(nextAction);
  await expect(row).toContainText(today);
  await fitsTheScreen(page, '我的待办');
  await shot(page, 'phone-05-todo');

  // 异常监控: the number of alerts as the API counts them in the broker's scope
  await openFromDrawer(page, '客户管理', '异常监控', /\/customers\/alerts/);
  const alerts = (await (await page.request.get('/api/alerts?pageSize=1')).json()) as { total: number };
  await expect(page.getByTestId('alert-total').locator('.ant-statistic-content')).toHaveText(alerts.total.toLocaleString('en-US'));
  await fitsTheScreen(page, '异常监控');
  await shot(page, 'phone-06-alerts');
});
