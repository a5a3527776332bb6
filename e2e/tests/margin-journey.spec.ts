import { expect, test } from '@playwright/test';
import type { paths } from '../../web/src/api/schema.js';
import { CODES } from '../../shared/codes.js';
import { percentText } from '../../web/src/components/decimal.js';
import { openFromMenu, settled, shot, signIn } from './helpers.js';

type AccountList = paths['/api/margin/accounts']['get']['responses'][200]['content']['application/json'];
type AccountDetail = paths['/api/margin/accounts/{fundAccount}']['get']['responses'][200]['content']['application/json'];
type PoolList = paths['/api/margin/qualified-pool']['get']['responses'][200]['content']['application/json'];
type PoolCheck = paths['/api/margin/qualified-pool/{customerNo}']['get']['responses'][200]['content']['application/json'];
type CustomerList = paths['/api/customers']['get']['responses'][200]['content']['application/json'];

/** A maintenance ratio as the pages show it: 1.499999 → 149.9999%. */
const ratio = (value: string | null): string => (value ? percentText(value, 4) : '—');

test('融资融券: a branch manager reads 信用账户 (fitting 1366 px), an account’s daily ratios and the qualified pool with a customer’s failing conditions in words, as the API gives them', async ({ page }) => {
  test.setTimeout(150_000);
  await signIn(page, 'manager');
  const get = async <T,>(url: string): Promise<T> => (await (await page.request.get(url)).json()) as T;
  const accounts = await get<AccountList>('/api/margin/accounts?pageSize=20');
  expect(accounts.total, 'the e2e demo has credit accounts in the manager’s branch').toBeGreaterThan(0);

  // 融资融券 → 信用账户: the riskiest first, each ratio and state as the API gives them
  await openFromMenu(page, ['融资融券', '信用账户'], /\/margin\/accounts$/);
  await settled(page);
  await expect(page.getByTestId('margin-total').locator('.ant-statistic-content')).toHaveText(accounts.total.toLocaleString('en-US'));
  await expect(page.getByTestId('margin-lines')).toContainText(`低于预警线 ${accounts.lines.warning}% 预警，低于平仓线 ${accounts.lines.liquidation}% 平仓`);
  const rows = page.getByTestId('margin-accounts').locator('.ant-table-row');
  await expect(rows).toHaveCount(Math.min(accounts.total, 20));
  for (const [i, a] of accounts.items.entries()) {
    const row = rows.nth(i);
    await expect(row).toContainText(a.fundAccount);
    await expect(row).toContainText(a.customerNo);
    await expect(row).toContainText(ratio(a.maintenanceRatio));
    if (a.state) await expect(row).toContainText(CODES.marginState[a.state].zh);
  }
  // every column in view at 1366 × 768: the table does not scroll sideways
  const table = page.getByTestId('margin-accounts').locator('.ant-table-content, .ant-table-body').first();
  const { scroll, client } = await table.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
  expect(scroll, 'the credit accounts fit the screen').toBeLessThanOrEqual(client);
  await shot(page, 'margin-01-accounts');

  // an account with debt: its ratio and daily history on the customer's 360° view, as GET /api/margin/accounts/{fundAccount}
  const chosen = accounts.items.find((a) => a.maintenanceRatio !== null) ?? accounts.items[0]!;
  const detail = await get<AccountDetail>(`/api/margin/accounts/${chosen.fundAccount}`);
  expect(detail.history.length, 'the account has a daily history').toBeGreaterThan(1);
  await rows.filter({ hasText: chosen.fundAccount }).getByRole('link', { name: chosen.customerName }).click();
  await expect(page).toHaveURL(new RegExp(`/customers/${chosen.customerNo}$`));
  const card = page.getByTestId(`margin-account-${chosen.fundAccount}`);
  await card.scrollIntoViewIfNeeded();
  await expect(card.getByTestId('margin-ratio')).toHaveText(ratio(detail.account.maintenanceRatio));
  if (detail.account.state) await expect(card.getByTestId('margin-state')).toHaveText(CODES.marginState[detail.account.state].zh);
  await card.getByTestId('margin-history-toggle').getByText(`每日明细（${detail.history.length} 个交易日）`).click();
  const days = card.getByTestId('margin-history').locator('.ant-table-row');
  const newest = [...detail.history].reverse().slice(0, 10);
  await expect(days).toHaveCount(newest.length);
  for (const [i, h] of newest.entries()) {
    await expect(days.nth(i)).toContainText(h.date);
    await expect(days.nth(i)).toContainText(ratio(h.maintenanceRatio));
    await expect(days.nth(i)).toContainText(CODES.marginState[h.state].zh);
  }
  await shot(page, 'margin-02-account-history');

  // 两融合格客户池: the pool's size, and a customer who does not qualify with each failing condition in words
  const pool = await get<PoolList>('/api/margin/qualified-pool?pageSize=20');
  const customers = await get<CustomerList>('/api/customers?pageSize=50&sort=-totalAsset');
  let failing: PoolCheck | null = null;
  for (const c of customers.items) {
    const check = await get<PoolCheck>(`/api/margin/qualified-pool/${c.customerNo}`);
    if (!check.qualified && check.failing.length >= 2) {
      failing = check;
      break;
    }
  }
  expect(failing, 'a customer of the branch fails two conditions or more').not.toBeNull();
  await openFromMenu(page, ['融资融券', '两融合格客户池'], /\/margin\/qualified-pool$/);
  await settled(page);
  await expect(page.getByTestId('margin-pool-total').locator('.ant-statistic-content')).toHaveText(pool.total.toLocaleString('en-US'));
  const picker = page.getByTestId('pool-pick-customer');
  await picker.click();
  await picker.locator('input').fill(failing!.customerNo);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: failing!.customerNo }).first().click();
  const words = page.getByTestId('margin-pool-check');
  await expect(words).toContainText('不合格');
  await expect(words.locator('.ant-tag')).toHaveText(['不合格', ...failing!.failing.map((code) => CODES.marginPoolFailing[code].zh)]);
  await shot(page, 'margin-03-pool-check');
});

type Settings = paths['/api/admin/settings']['get']['responses'][200]['content']['application/json'];

test('系统设置 → 融资融券: a liquidation line not below the warning line is refused; new lines change 信用账户’s states at once', async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page, 'admin');
  const before = (await (await page.request.get('/api/admin/settings')).json()) as Settings;
  const monitoring = before.monitoring.value!;
  const accounts = (await (await page.request.get('/api/margin/accounts?pageSize=200')).json()) as AccountList;
  // new lines just above the riskiest ratio: the riskiest account becomes a liquidation whatever it was
  const riskiest = accounts.items.find((a) => a.maintenanceRatio !== null)!;
  const liquidation = String(Math.ceil(Number(riskiest.maintenanceRatio) * 100) + 1);
  const warning = String(Number(liquidation) + 20);
  try {
    await page.goto('/admin/settings');
    const form = page.getByTestId('margin-lines-form');
    await expect(form.getByLabel('预警线（%）')).toHaveValue(monitoring.marginWarningPercent);
    await expect(form.getByLabel('平仓线（%）')).toHaveValue(monitoring.marginLiquidationPercent);
    await form.getByLabel('预警线（%）').fill(warning);
    await form.getByLabel('平仓线（%）').fill(warning);
    await form.getByRole('button', { name: /保\s*存/ }).click();
    await expect(form).toContainText('平仓线必须低于预警线');
    await form.getByLabel('平仓线（%）').fill(liquidation);
    await form.getByRole('button', { name: /保\s*存/ }).click();
    await expect(page.getByText('已保存').first()).toBeVisible();
    await shot(page, 'margin-04-settings');
    const saved = (await (await page.request.get('/api/admin/settings')).json()) as Settings;
    // the other monitoring thresholds are kept as they were
    expect(saved.monitoring.value).toEqual({ ...monitoring, marginWarningPercent: warning, marginLiquidationPercent: liquidation });

    const after = (await (await page.request.get(`/api/margin/accounts?pageSize=200`)).json()) as AccountList;
    expect(after.lines).toMatchObject({ warning, liquidation });
    expect(after.items.find((a) => a.fundAccount === riskiest.fundAccount)!.state).toBe('LIQUIDATION');
    await page.goto(`/margin/accounts?customerNo=${riskiest.customerNo}`);
    await expect(page.getByTestId('margin-lines')).toContainText(`低于预警线 ${warning}% 预警，低于平仓线 ${liquidation}% 平仓`);
    await expect(page.getByTestId('margin-accounts').locator('.ant-table-row').filter({ hasText: riskiest.fundAccount })).toContainText(CODES.marginState.LIQUIDATION.zh);
  } finally {
    const restored = await page.request.put('/api/admin/settings/monitoring', { data: monitoring });
    expect(restored.ok()).toBeTruthy();
  }
});
