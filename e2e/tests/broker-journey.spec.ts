import { expect, test } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { chooseOption, digits, openFromMenu, shot, signIn } from './helpers.js';

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

test.describe('in the business time zone (where "today" is the server\'s business date)', () => {
  test.use({ timezoneId: 'Asia/Shanghai' });

  test('a broker logs a phone contact with a next action, sees it on the timeline and finishes it under 跟进事项', async ({ page }) => {
    await signIn(page, 'broker');
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
    const summary = `电话回访：提醒客户关注新发基金 ${Date.now()}`;
    const nextAction = '发送基金说明书';

    // one of the broker's customers, its 360° view, 记录接触
    await openFromMenu(page, ['客户管理', '我的客户'], /\/customers$/);
    const firstLink = page.locator('.ant-table-row').first().getByRole('link');
    const customerNo = (await firstLink.textContent()) ?? '';
    await firstLink.click();
    await expect(page).toHaveURL(new RegExp(`/customers/${customerNo}$`));
    await page.getByTestId('log-contact').click();
    const dialog = page.getByRole('dialog');
    await chooseOption(page, dialog, '接触渠道', '电话');
    await dialog.getByLabel('接触内容').fill(summary);
    await dialog.getByLabel('跟进事项').fill(nextAction);
    await dialog.getByLabel('跟进日期').fill(today);
    await dialog.getByLabel('跟进日期').press('Enter');
    // the picker has taken the typed date and closed before 保存 (under load the Enter can land first)
    await expect(page.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)')).toHaveCount(0);
    await expect(dialog.getByLabel('跟进日期')).toHaveValue(today);
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    // a refused save names its field in the dialog; none is expected
    await expect(dialog.locator('.ant-form-item-explain-error')).toHaveText([]);
    await expect(dialog).toBeHidden();

    // the timeline shows it first: channel, summary, the open next action and its due date
    const entry = page.getByTestId('customer-timeline').getByTestId('timeline-contact').first();
    await expect(entry).toContainText(summary);
    await expect(entry).toContainText('电话');
    await expect(entry).toContainText('待跟进');
    await expect(entry).toContainText(`${nextAction}（${today} 前）`);
    await shot(page, '06-customer360-timeline-zh');

    // 首页 counts it among the follow-ups due; the count opens 我的待办 → 跟进事项
    await page.goto('/');
    const me = (await (await page.request.get('/api/me')).json()) as { openFollowUps: number };
    expect(me.openFollowUps).toBeGreaterThanOrEqual(1);
    const count = page.getByTestId('home-follow-ups');
    await expect(count.locator('.ant-statistic-content')).toHaveText(String(me.openFollowUps));
    await count.getByRole('link').click();
    await expect(page).toHaveURL(/\/workflows\/todo\?tab=follow-ups$/);
    const row = page.getByTestId('follow-ups').locator('.ant-table-row', { hasText: summary });
    await expect(row).toContainText(nextAction);
    await expect(row).toContainText(today);
    await shot(page, '07-follow-ups-zh');

    // 完成: it leaves the open list and shows under 已完成; the timeline says done
    await row.getByRole('button', { name: /完\s*成/ }).click();
    await expect(row).toHaveCount(0);
    await page.getByTestId('follow-up-status').getByText('已完成').click();
    await expect(page.getByTestId('follow-ups').locator('.ant-table-row', { hasText: summary })).toBeVisible();
    await page.goto(`/customers/${customerNo}`);
    await page.getByRole('tab', { name: '接触与动态' }).click();
    await expect(page.getByTestId('customer-timeline').getByTestId('timeline-contact').first()).toContainText('已完成');
  });
});
