/**
 * Screenshots of each main page at 1366×768 and 1920×1080 into e2e/screenshots/ (git-ignored), for
 * a person to look at: Chinese renders, charts draw, nothing overlaps. The only assertions are that
 * each page rendered and that no page is wider than the window (no sideways scrolling of the page).
 */
import { expect, test, type Page } from '@playwright/test';
import { settled, shot, signInByApi, type ReportCatalogue } from './helpers.js';

const ADMIN_PAGES = ['users', 'import-runs', 'audit', 'settings'];
const VIEWPORTS = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
];

async function capture(page: Page, size: string, name: string, url: string, ready: (page: Page) => Promise<void>) {
  await page.goto(url);
  await ready(page);
  await settled(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect.soft(overflow, `${name} is wider than the window at ${size}`).toBeLessThanOrEqual(0);
  await shot(page, `${size}-${name}`);
}

const charts = (...ids: string[]) => async (page: Page) => {
  for (const id of ids) await expect(page.getByTestId(id).locator('canvas')).toBeVisible({ timeout: 30_000 });
  await page.waitForTimeout(700); // the charts' opening animation
};
const table = async (page: Page) => {
  await expect(page.locator('.ant-table').first()).toBeVisible({ timeout: 30_000 });
};

for (const viewport of VIEWPORTS) {
  const size = `${viewport.width}x${viewport.height}`;
  test(`screenshots of the main pages at ${size}`, async ({ browser }) => {
    test.setTimeout(300_000);
    const context = await browser.newContext({ viewport, locale: 'zh-CN' });
    const page = await context.newPage();
    await signInByApi(context.request, 'admin');
    const list = (await (await context.request.get('/api/customers?sort=-totalAsset&pageSize=1')).json()) as { items: { customerNo: string; branchCode: string }[] };
    const top = list.items[0]!;
    // the reports of the server's catalogue (the registry), not a list of our own
    const reportIds = ((await (await context.request.get('/api/reports')).json()) as ReportCatalogue).map((r) => r.id);
    expect(reportIds.length).toBeGreaterThan(0);

    await capture(page, size, '01-home', '/', charts('pie-customers', 'pie-assets', 'bar-trend'));
    await capture(page, size, '02-customers', '/customers', table);
    await capture(page, size, '03-customer-history', '/customers/history', table);
    await capture(page, size, '04-customer360', `/customers/${top.customerNo}`, charts('trend-chart'));
    // 客户洞察 (issue 12): classification, the lifecycle lists, value, contribution, churn, labels, groups
    const INTELLIGENCE: [string, string][] = [
      ['classification', '/customers/classification'], ['prospects', '/customers/prospects'], ['sleeping', '/customers/sleeping'],
      ['churn-risk', '/customers/churn-risk'], ['churned', '/customers/churned'], ['value', '/customers/value'],
      ['contribution', '/customers/contribution?flagged=true'], ['churn', '/customers/churn'], ['labels', '/customers/labels'],
      ['groups', '/customers/groups'], ['group-new', '/customers/groups/new'],
    ];
    for (const [i, [name, url]] of INTELLIGENCE.entries()) {
      await capture(page, size, `${String(50 + i)}-${name}`, url, async (p) => {
        await expect(p.locator('.ant-breadcrumb')).toContainText('客户管理', { timeout: 30_000 });
        await p.waitForTimeout(1_500); // lists and charts
      });
    }
    for (const [i, id] of reportIds.entries()) {
      const url = id === 'team-marketing' ? `/reports/${id}?branch=${top.branchCode}` : `/reports/${id}`;
      await capture(page, size, `${String(10 + i)}-report-${id}`, url, table);
    }
    for (const [i, name] of ADMIN_PAGES.entries()) {
      await capture(page, size, `${String(30 + i)}-admin-${name}`, `/admin/${name}`, async (p) => {
        await expect(p.locator('.ant-breadcrumb')).toContainText('系统管理', { timeout: 30_000 });
      });
    }
    await capture(page, size, '40-not-found', '/no-such-page', async (p) => {
      await expect(p.getByText('页面不存在。')).toBeVisible({ timeout: 30_000 });
    });
    await context.close();
  });
}
