import { expect, test, type Locator, type Page } from '@playwright/test';
import type { paths } from '../../web/src/api/schema.js';
import { openFromMenu, readWorkbook, settled, shot, signIn } from './helpers.js';

type Labels = paths['/api/labels']['get']['responses'][200]['content']['application/json'];
type MemberPage = paths['/api/customer-groups/{id}/members']['get']['responses'][200]['content']['application/json'];
type Group = paths['/api/customer-groups/{id}']['get']['responses'][200]['content']['application/json'];

/** The journey's conditions: 金满堂, no trade in the last 30 days, risk level C3 or above. */
const FILTER = {
  all: [
    { label: 'tier', op: '=', value: '金满堂' },
    { label: 'no_trade_30d', op: '=', value: true },
    { label: 'risk_level', op: '>=', value: 'C3' },
  ],
};

/** Picks an option of the antd select inside `select` by its exact text (typing first narrows a long list). */
async function choose(page: Page, select: Locator, text: string, type = false): Promise<void> {
  await select.click();
  if (type) await page.keyboard.type(text);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: new RegExp(`^${text}$`) }).first().click();
}

/** Adds a condition to the top group and picks its label; returns the new rule. */
async function addRule(page: Page, builder: Locator, title: string): Promise<Locator> {
  const before = await builder.locator('.rule').count();
  await builder.getByRole('button', { name: '+ 添加条件' }).first().click();
  const rule = builder.locator('.rule').nth(before);
  await choose(page, rule.getByTestId('rule-label'), title, true);
  return rule;
}

test('a branch manager builds 金满堂 + 近30日无交易 + 风险等级≥C3, saves it, reads the members the API gives and exports them', async ({ page }) => {
  test.setTimeout(180_000); // a long journey: two menus, three conditions, a save, a list, an export
  await signIn(page, 'manager');
  const labels = (await (await page.request.get('/api/labels')).json()) as Labels;
  expect(labels.length, 'the catalogue holds at least 150 labels').toBeGreaterThanOrEqual(150);
  const title = (key: string) => labels.find((l) => l.key === key)!.title;
  const expected = (await (await page.request.post('/api/customer-groups/preview', { data: { filter: FILTER, pageSize: 20 } })).json()) as MemberPage;
  expect(expected.total, 'the e2e demo has such customers in the manager’s branch').toBeGreaterThan(0);

  // 客户标签: the catalogue, searchable
  await openFromMenu(page, ['客户管理', '客户标签'], /\/customers\/labels$/);
  await expect(page.getByTestId('label-count')).toHaveText(`共 ${labels.length} 个标签`);
  await page.getByTestId('label-search').locator('input').fill('风险等级');
  await expect(page.getByTestId('label-table')).toContainText('C3 稳健型');
  await shot(page, 'groups-labels-zh');

  // 客户群 → 新建客户群: the name and three conditions
  await openFromMenu(page, ['客户管理', '客户群'], /\/customers\/groups$/);
  await page.getByTestId('group-new').click();
  await expect(page).toHaveURL(/\/customers\/groups\/new$/);
  const name = `金满堂沉睡客户 ${Date.now()}`;
  await page.getByTestId('group-name').fill(name);
  const builder = page.getByTestId('filter-builder');

  const tier = await addRule(page, builder, title('tier'));
  await choose(page, tier.getByTestId('rule-value'), '金满堂');
  const idle = await addRule(page, builder, title('no_trade_30d'));
  await choose(page, idle.getByTestId('rule-value'), '是');
  const risk = await addRule(page, builder, title('risk_level'));
  await choose(page, risk.getByTestId('rule-op'), '大于等于');
  await choose(page, risk.getByTestId('rule-value'), 'C3 稳健型');

  // the live count is the API's for the same filter
  const preview = page.getByTestId('group-preview');
  await expect(preview.getByTestId('preview-count').locator('.ant-statistic-content')).toHaveText(expected.total.toLocaleString('en-US'));
  await expect(preview.getByTestId('preview-sample')).toContainText(`${expected.items[0]!.customerName}（${expected.items[0]!.customerNo}）`);
  await shot(page, 'groups-builder-zh');

  // 保存 → the group's page: its members are the API's
  await page.getByTestId('group-save').click();
  await expect(page).toHaveURL(/\/customers\/groups\/\d+$/);
  const id = /\/customers\/groups\/(\d+)$/.exec(page.url())![1]!;
  const group = (await (await page.request.get(`/api/customer-groups/${id}`)).json()) as Group;
  expect(group.name).toBe(name);
  expect(group.filter).toEqual(FILTER); // the builder sent exactly the filter of interfaces.md
  expect(group.members).toBe(expected.total);
  await expect(page.getByTestId('group-title')).toHaveText(name);
  await expect(page.getByTestId('group-conditions')).toHaveText('客户级别 = 金满堂 且 近30日无交易 = 是 且 风险等级 ≥ C3 稳健型');
  await settled(page);
  await expect(page.getByTestId('member-total').locator('.ant-statistic-content')).toHaveText(expected.total.toLocaleString('en-US'));
  const members = (await (await page.request.get(`/api/customer-groups/${id}/members?page=1&pageSize=20`)).json()) as MemberPage;
  const rows = page.getByTestId('member-list').locator('.ant-table-row');
  await expect(rows).toHaveCount(members.items.length);
  for (const [i, m] of members.items.entries()) {
    await expect(rows.nth(i)).toContainText(m.customerNo);
    await expect(rows.nth(i)).toContainText(m.customerName);
  }
  await shot(page, 'groups-detail-zh');

  // 导出: the workbook holds every member, in the same order
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()]);
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
  const sheet = await readWorkbook(await download.path());
  const header = sheet.findIndex((r) => r[0] === '客户号');
  expect(header).toBeGreaterThanOrEqual(0);
  const exported = sheet.slice(header + 1).filter((r) => r[0] !== null);
  expect(exported).toHaveLength(expected.total);
  expect(exported.map((r) => String(r[0]))).toEqual(members.items.map((m) => m.customerNo).slice(0, exported.length));

  // the saved group is on the list with its member count; a member opens the 360° view
  await openFromMenu(page, ['客户管理', '客户群'], /\/customers\/groups$/);
  const listed = page.getByTestId('group-list').locator('.ant-table-row').filter({ hasText: name });
  await expect(listed.getByTestId('group-members')).toHaveText(expected.total.toLocaleString('en-US'));
  await shot(page, 'groups-list-zh');
  await listed.getByTestId('group-link').click();
  await rows.first().getByRole('link', { name: members.items[0]!.customerNo }).click();
  await expect(page).toHaveURL(new RegExp(`/customers/${members.items[0]!.customerNo}$`));
});
