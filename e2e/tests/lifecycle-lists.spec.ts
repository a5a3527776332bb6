import { expect, test } from '@playwright/test';
import type { paths } from '../../web/src/api/schema.js';
import { settled, signIn } from './helpers.js';

type LifecycleList = paths['/api/intelligence/lifecycle-customers']['get']['responses'][200]['content']['application/json'];
type ScoreList = paths['/api/churn/scores']['get']['responses'][200]['content']['application/json'];
type Users = paths['/api/admin/users']['get']['responses'][200]['content']['application/json'];

test('the lifecycle lists filter by a configured tier (客户级别), as the API does', async ({ page }) => {
  await signIn(page, 'headoffice');
  const list = async (query: string) => (await (await page.request.get(`/api/intelligence/lifecycle-customers?lifecycle=SLEEPING&${query}`)).json()) as LifecycleList;
  const all = await list('pageSize=1');
  expect(all.tiers, 'the configured tiers, highest first').toEqual(['玉满堂', '金满堂', '银满堂']);
  const counts = await Promise.all(all.tiers.map(async (tier) => ({ tier, total: (await list(`tier=${encodeURIComponent(tier)}&pageSize=1`)).total })));
  const { tier, total } = counts.reduce((a, b) => (b.total > a.total ? b : a));
  expect(total, 'the e2e demo has sleeping customers').toBeGreaterThan(0);
  expect(counts.reduce((s, c) => s + c.total, 0)).toBe(all.total); // every sleeping customer is open, so has a tier

  await page.goto('/customers/sleeping');
  await settled(page);
  const filters = page.getByTestId('lifecycle-filters');
  await filters.locator('.ant-select').first().click();
  const options = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
  await expect(options).toHaveText(all.tiers);
  await options.filter({ hasText: new RegExp(`^${tier}$`) }).click();
  await filters.getByRole('button', { name: /查\s*询/ }).click();
  await expect(page).toHaveURL(new RegExp(`[?&]tier=${encodeURIComponent(tier)}`));
  await settled(page);
  await expect(page.getByTestId('lifecycle-total').locator('.ant-statistic-content')).toHaveText(total.toLocaleString('en-US'));
  const tierCells = page.getByTestId('lifecycle-list-SLEEPING').locator('.ant-table-row td:nth-child(4)');
  await expect(tierCells.first()).toHaveText(tier);
  expect(new Set(await tierCells.allInnerTexts())).toEqual(new Set([tier]));
});

test('潜在流失客户 is the follow-up list and links to 流失预警, which lists every scored customer and links back', async ({ page }) => {
  await signIn(page, 'headoffice');
  // the list's own order: the highest churn score first
  const atRisk = (await (await page.request.get('/api/intelligence/lifecycle-customers?lifecycle=CHURN_RISK&sort=-churnScore&pageSize=1')).json()) as LifecycleList;
  const scored = (await (await page.request.get('/api/churn/scores?pageSize=1')).json()) as ScoreList;
  expect(scored.total, 'the e2e demo’s latest day is scored').toBeGreaterThan(0);
  expect(scored.total).toBeGreaterThanOrEqual(atRisk.total); // the churn-risk customers are among the scored

  await page.goto('/customers/churn-risk');
  await settled(page);
  await expect(page.getByTestId('lifecycle-total').locator('.ant-statistic-content')).toHaveText(atRisk.total.toLocaleString('en-US'));
  const first = atRisk.items[0];
  if (first) {
    // the main reason on the row (all of them on 流失预警)
    const row = page.getByTestId('lifecycle-list-CHURN_RISK').locator('.ant-table-row').first();
    await expect(row).toContainText(first.customerNo);
    if (first.churnReasons[0]) await expect(row.getByTestId('churn-main-reason')).toContainText(first.churnReasons[0].text);
  }
  await page.getByTestId('churn-risk-model-link').click();
  await expect(page).toHaveURL(/\/customers\/churn$/);
  await settled(page);
  await expect(page.getByText('全部客户流失评分')).toBeVisible();
  await expect(page.getByTestId('churn-total').locator('.ant-statistic-content')).toHaveText(scored.total.toLocaleString('en-US'));
  await page.getByTestId('churn-follow-up-link').click();
  await expect(page).toHaveURL(/\/customers\/churn-risk$/);
});

test('系统管理 → 用户 hides the demo’s system login until asked, then marks it and offers no action on it', async ({ page }) => {
  await signIn(page, 'admin');
  const all = (await (await page.request.get('/api/admin/users?includeSystem=true&pageSize=500')).json()) as Users;
  const system = all.items.filter((u) => u.system).map((u) => u.username);
  // the demo's history importer and the customer space's audit identity (part A)
  expect(system.sort()).toEqual(['customer-space', 'demo-history']);

  await page.goto('/admin/users');
  await settled(page);
  const table = page.locator('.ant-table');
  await expect(table.getByRole('cell', { name: 'admin', exact: false }).first()).toBeVisible();
  for (const name of system) await expect(table.getByRole('cell', { name, exact: true })).toHaveCount(0);

  await page.locator('.ant-select').filter({ hasText: '系统账户' }).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: /^显示系统账户$/ }).click();
  await page.getByRole('button', { name: /查\s*询/ }).click();
  const row = page.locator('.ant-table-row').filter({ has: page.getByRole('cell', { name: 'demo-history', exact: true }) });
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('user-system-tag')).toHaveText('系统账户');
  await expect(row).toContainText('已停用');
  await expect(row.getByRole('button')).toHaveCount(0);
});
