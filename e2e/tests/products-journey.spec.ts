import { expect, test } from '@playwright/test';
import type { paths } from '../../web/src/api/schema.js';
import { CODES } from '../../shared/codes.js';
import { formatDecimal } from '../../web/src/components/decimal.js';
import { openFromMenu, readWorkbook, settled, shot, signIn } from './helpers.js';

type ProductList = paths['/api/products']['get']['responses'][200]['content']['application/json'];
type ProductDetail = paths['/api/products/{productCode}']['get']['responses'][200]['content']['application/json'];
type HolderList = paths['/api/products/{productCode}/holders']['get']['responses'][200]['content']['application/json'];
type SaleList = paths['/api/products/{productCode}/sales']['get']['responses'][200]['content']['application/json'];

test('a branch manager filters 金融产品 by risk level, exports the list, opens a product and reads its holders and sales as the API gives them', async ({ page }) => {
  test.setTimeout(120_000);
  const get = async <T,>(url: string): Promise<T> => (await (await page.request.get(url)).json()) as T;

  // the product in the user's scope with the most holders that was also sold in the demo's days
  const pick = async () => {
    const library = await get<ProductList>('/api/products?pageSize=200');
    const details = await Promise.all(library.items.map((p) => get<ProductDetail>(`/api/products/${encodeURIComponent(p.productCode)}`)));
    const held = details.filter((d) => d.holdings.holders > 0).sort((a, b) => b.holdings.holders - a.holdings.holders);
    for (const candidate of held) {
      const s = await get<SaleList>(`/api/products/${encodeURIComponent(candidate.productCode)}/sales?pageSize=20`);
      if (s.total > 0) return { library, product: candidate, sales: s };
    }
    return { library, product: held[0], sales: null };
  };
  // the branch manager's branch; head office when the small e2e demo (500 customers, 25 days, its
  // purchases drawn at random) sold no product in that branch
  await signIn(page, 'manager');
  let found = await pick();
  if (!found.sales) {
    await page.request.post('/api/auth/logout');
    await signIn(page, 'headoffice');
    found = await pick();
  }
  expect(found.product, 'the e2e demo has products held in the user’s scope').toBeDefined();
  expect(found.sales?.total ?? 0, 'a held product in the user’s scope was sold in the demo’s days').toBeGreaterThan(0);
  const { library } = found;
  const product = found.product!;
  const sales = found.sales!;
  const code = product.productCode;
  const risk = product.riskLevel;
  const riskLabel = CODES.productRisk[risk].zh;
  const ofRisk = await get<ProductList>(`/api/products?riskLevel=${risk}&pageSize=200`);
  expect(ofRisk.items.every((p) => p.riskLevel === risk)).toBe(true);
  expect(ofRisk.items.map((p) => p.productCode)).toContain(code);

  // 金融产品管理 → 金融产品, filtered by the product's risk level
  await openFromMenu(page, ['金融产品管理', '金融产品'], /\/products$/);
  await settled(page);
  await expect(page.getByTestId('product-total').locator('.ant-statistic-content')).toHaveText(library.total.toLocaleString('en-US'));
  const filters = page.getByTestId('product-filters');
  await filters.locator('.ant-select').first().click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: new RegExp(`^${riskLabel}$`) }).click();
  await filters.getByRole('button', { name: /查\s*询/ }).click();
  await expect(page).toHaveURL(new RegExp(`[?&]riskLevel=${risk}`));
  await settled(page);
  await expect(page.getByTestId('product-total').locator('.ant-statistic-content')).toHaveText(ofRisk.total.toLocaleString('en-US'));
  const rows = page.getByTestId('products').locator('.ant-table-row');
  await expect(rows).toHaveCount(Math.min(ofRisk.total, 20));
  for (const p of ofRisk.items.slice(0, 20)) {
    const row = rows.filter({ hasText: p.productCode });
    await expect(row).toContainText(p.name);
    await expect(row).toContainText(riskLabel);
  }
  await shot(page, 'products-01-list-by-risk');

  // the export holds the API's rows of the same filter, each with its risk level by label
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()]);
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
  const sheet = await readWorkbook(await download.path());
  const header = sheet.findIndex((r) => r[0] === '产品代码');
  expect(header, 'the sheet has the column header row').toBeGreaterThan(-1);
  expect(sheet[header]!.slice(0, 4)).toEqual(['产品代码', '产品名称', '产品类型', '风险等级']);
  const data = sheet.slice(header + 1).filter((r) => r[0] !== null && r[0] !== '合计');
  expect(data.map((r) => r[0])).toEqual(ofRisk.items.map((p) => p.productCode));
  for (const p of ofRisk.items) {
    const row = data.find((r) => r[0] === p.productCode)!;
    expect([row[1], row[2], row[3]]).toEqual([p.name, CODES.productType[p.productType].zh, riskLabel]);
  }

  // the product: its holders in the branch on the last day, as GET …/holders gives them
  await rows.filter({ hasText: code }).getByRole('link', { name: code, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/products/${code}$`));
  await settled(page);
  const holders = await get<HolderList>(`/api/products/${encodeURIComponent(code)}/holders?pageSize=20`);
  const detail = page.getByTestId('product-detail');
  await expect(detail).toContainText(product.name);
  await expect(detail).toContainText(`持有客户 ${product.holdings.holders} 户，持有市值 ${formatDecimal(product.holdings.marketValue)}`);
  await expect(page.getByTestId('holders-total').locator('.ant-statistic-content')).toHaveText(holders.total.toLocaleString('en-US'));
  const holderRows = page.getByTestId('product-holders').locator('.ant-table-row');
  await expect(holderRows).toHaveCount(Math.min(holders.total, 20));
  for (const [i, h] of holders.items.entries()) {
    const row = holderRows.nth(i);
    await expect(row).toContainText(h.customerNo);
    await expect(row).toContainText(h.fundAccount);
    await expect(row).toContainText(formatDecimal(h.marketValue));
  }
  await expect(page.getByRole('tabpanel')).toContainText(`持有市值 ${formatDecimal(holders.totalMarketValue)}`);
  await shot(page, 'products-02-holders');

  // its sales in the branch, with the totals
  await page.getByRole('tab', { name: '销售记录' }).click();
  await settled(page);
  const salesCard = page.getByRole('tabpanel');
  await expect(page.getByTestId('sales-total').locator('.ant-statistic-content')).toHaveText(sales.total.toLocaleString('en-US'));
  await expect(salesCard).toContainText(
    `认购/申购 ${formatDecimal(sales.totals.subscribed)}，赎回 ${formatDecimal(sales.totals.redeemed)}，费用 ${formatDecimal(sales.totals.fee)}`,
  );
  const saleRows = salesCard.locator('.ant-table-row');
  await expect(saleRows).toHaveCount(Math.min(sales.total, 20));
  for (const [i, s] of sales.items.entries()) {
    const row = saleRows.nth(i);
    await expect(row).toContainText(s.tradeDate);
    await expect(row).toContainText(s.customerNo);
    await expect(row).toContainText(CODES.productTxnType[s.txnType].zh);
    await expect(row).toContainText(formatDecimal(s.amount));
  }
  await shot(page, 'products-03-sales');
});
