import { expect, test, type Page } from '@playwright/test';
import type { paths } from '../../web/src/api/schema.js';
import { CODES } from '../../shared/codes.js';
import { openFromMenu, settled, shot, signIn } from './helpers.js';

type CustomerList = paths['/api/customers']['get']['responses'][200]['content']['application/json'];
type ProductList = paths['/api/products']['get']['responses'][200]['content']['application/json'];
type Check = paths['/api/suitability/check']['post']['responses'][200]['content']['application/json'];
type Confirmations = paths['/api/suitability/confirmations']['get']['responses'][200]['content']['application/json'];
type Result = Check['result'];

/** Picks `code` in a picker (a searchable select) by typing it and choosing the option that names it. */
async function pick(page: Page, testId: string, code: string): Promise<void> {
  const picker = page.getByTestId(testId);
  await picker.click();
  await picker.locator('input').fill(code);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: code }).first().click();
  await expect(picker).toContainText(code);
}

/** Checks a customer against a product on 适当性匹配检查 and compares the screen with POST /api/suitability/check. */
async function checkOnScreen(page: Page, check: Check): Promise<void> {
  await pick(page, 'pick-customer', check.customerNo);
  await pick(page, 'pick-product', check.productCode);
  await page.getByTestId('suitability-check').click();
  const result = page.getByTestId('suitability-result');
  await expect(result).toContainText(`${check.customerName}（${check.customerNo}） × ${check.productName}（${check.productCode}）`);
  await expect(result.getByTestId('suitability-result-tag')).toHaveText(CODES.suitabilityResult[check.result].zh);
  await expect(result.locator('li')).toHaveText(check.reasons.map((r) => r.text));
  await expect(result).toContainText(CODES.productRisk[check.productRisk].zh);
  if (check.customerRisk) await expect(result).toContainText(CODES.riskLevel[check.customerRisk].zh);
}

test('适当性匹配检查: a MATCH, a MISMATCH whose special warning is confirmed and listed, and a NEVER refused with its reason, each as POST /api/suitability/check answers', async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, 'manager');
  const customers = (await (await page.request.get('/api/customers?pageSize=200&sort=-totalAsset')).json()) as CustomerList;
  const products = (await (await page.request.get('/api/products?pageSize=200')).json()) as ProductList;
  // one product of each risk level the library has, highest first (a MISMATCH and a NEVER need one above R1)
  const byRisk = [...new Map(products.items.map((p) => [p.riskLevel, p])).values()].sort((a, b) => b.riskLevel.localeCompare(a.riskLevel));
  const found = new Map<Result, Check>();
  for (const c of customers.items) {
    if (c.status === 'CLOSED') continue;
    for (const p of byRisk) {
      const res = await page.request.post('/api/suitability/check', { data: { customerNo: c.customerNo, productCode: p.productCode } });
      expect(res.status(), `check ${c.customerNo} × ${p.productCode}`).toBe(200);
      const check = (await res.json()) as Check;
      // the first customer found for each result (a MATCH above R1, which says more than R1's)
      if (!found.has(check.result) && (check.result !== 'MATCH' || check.productRisk !== 'R1')) found.set(check.result, check);
    }
    if (found.size === 3) break;
  }
  expect([...found.keys()].sort(), 'the manager’s branch has a MATCH, a MISMATCH and a NEVER').toEqual(['MATCH', 'MISMATCH', 'NEVER']);
  const match = found.get('MATCH')!;
  const mismatch = found.get('MISMATCH')!;
  const never = found.get('NEVER')!;

  await openFromMenu(page, ['适当性管理', '适当性匹配检查'], /\/suitability\/check$/);
  await settled(page);

  // MATCH: nothing to confirm
  await checkOnScreen(page, match);
  await expect(page.getByTestId('suitability-confirm-form')).toHaveCount(0);
  await shot(page, 'suitability-01-match');

  // NEVER: refused whatever the customer asks — no confirmation form, the reason on screen; the API refuses a confirmation too
  await checkOnScreen(page, never);
  await expect(page.getByTestId('suitability-confirm-form')).toHaveCount(0);
  expect(never.reasons.length).toBeGreaterThan(0);
  const refused = await page.request.post('/api/suitability/confirmations', { data: { customerNo: never.customerNo, productCode: never.productCode, warningText: '客户主动要求购买' } });
  expect(refused.status()).toBe(422);
  expect(((await refused.json()) as { code: string }).code).toBe('SUITABILITY_NEVER');
  await shot(page, 'suitability-02-never');

  // MISMATCH: the special warning shown, confirmed, recorded
  await checkOnScreen(page, mismatch);
  const form = page.getByTestId('suitability-confirm-form');
  await expect(form).toBeVisible();
  const warningText = await form.locator('textarea').inputValue();
  expect(warningText).toContain(mismatch.productName);
  await shot(page, 'suitability-03-mismatch');
  await page.getByTestId('suitability-confirm').click();
  await expect(page.getByText('已登记客户确认')).toBeVisible();
  await expect(page.getByTestId('suitability-result')).toHaveCount(0);

  // … and listed under 风险警示确认记录, newest first, as GET /api/suitability/confirmations gives it
  const listed = (await (await page.request.get('/api/suitability/confirmations?pageSize=20')).json()) as Confirmations;
  const newest = listed.items[0]!;
  expect(newest).toMatchObject({ customerNo: mismatch.customerNo, productCode: mismatch.productCode, warningText, customerRisk: mismatch.customerRisk, productRisk: mismatch.productRisk });
  await openFromMenu(page, ['适当性管理', '风险警示确认记录'], /\/suitability\/confirmations$/);
  await settled(page);
  await expect(page.getByTestId('confirmation-total').locator('.ant-statistic-content')).toHaveText(listed.total.toLocaleString('en-US'));
  const row = page.getByTestId('suitability-confirmations').locator('.ant-table-row').first();
  await expect(row).toContainText(mismatch.customerNo);
  await expect(row).toContainText(mismatch.productCode);
  await expect(row).toContainText(CODES.productRisk[mismatch.productRisk].zh);
  await expect(row).toContainText(newest.staffName ?? newest.createdBy);
  await shot(page, 'suitability-04-confirmations');
});

type Expiring = paths['/api/suitability/expiring']['get']['responses'][200]['content']['application/json'];

test('the serving broker sees the expiring assessments of the customers they serve: a count on 首页 opening 我的待办 → 测评到期', async ({ page }) => {
  await signIn(page, 'broker');
  const mine = (await (await page.request.get('/api/suitability/expiring?mine=true&pageSize=20')).json()) as Expiring;
  const branch = (await (await page.request.get('/api/suitability/expiring?pageSize=1')).json()) as Expiring;
  expect(mine.total, 'the demo broker serves a customer whose assessment expires soon or has expired').toBeGreaterThan(0);
  expect(branch.total).toBeGreaterThanOrEqual(mine.total); // the scope's list holds the served ones

  const count = page.getByTestId('home-expiring');
  await expect(count.locator('.ant-statistic-content')).toHaveText(String(mine.total));
  await count.getByRole('link').click();
  await expect(page).toHaveURL(/\/workflows\/todo\?tab=assessments$/);
  await expect(page.getByRole('tab', { name: '测评到期', selected: true })).toBeVisible();
  await expect(page.getByTestId('expiring-todo-hint')).toContainText(`${mine.date}：您服务的普通投资者中，风险测评在 ${mine.withinDays} 天内到期或已过期`);
  const rows = page.getByTestId('expiring-todos').locator('.ant-table-row');
  await expect(rows).toHaveCount(mine.items.length);
  for (const [i, c] of mine.items.entries()) {
    await expect(rows.nth(i)).toContainText(`${c.name}（${c.customerNo}）`);
    await expect(rows.nth(i)).toContainText(CODES.assessmentStatus[c.status].zh);
    if (c.expiresOn) await expect(rows.nth(i)).toContainText(c.expiresOn);
    if (c.daysLeft !== null) await expect(rows.nth(i)).toContainText(c.daysLeft > 0 ? `还有 ${c.daysLeft} 天` : `已过期 ${-c.daysLeft} 天`);
  }
  await shot(page, 'suitability-05-todo');
});
