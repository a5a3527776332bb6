import { expect, test } from '@playwright/test';
import type { paths } from '../../web/src/api/schema.js';
import { CODES } from '../../shared/codes.js';
import { KYC_WEIGHTS } from '../../server/src/modules/kyc/kyc.rules.js';
import { chooseIn, settled, signIn } from './helpers.js';

type Incomplete = paths['/api/kyc/incomplete']['get']['responses'][200]['content']['application/json'];
type Kyc = paths['/api/customers/{customerNo}/kyc']['get']['responses'][200]['content']['application/json'];

/** What the journey fills in, by field (a retiree needs no employer). */
const FILLED = {
  occupation: ['kycOccupation', 'RETIRED'],
  industry: ['kycIndustry', 'FINANCE'],
  education: ['kycEducation', 'BACHELOR'],
  incomeBand: ['kycIncomeBand', '100K_300K'],
  assetBand: ['kycAssetBand', '500K_3M'],
  fundSource: ['kycFundSource', 'SALARY'],
  investmentGoal: ['kycGoal', 'INCOME'],
  investmentHorizon: ['kycHorizon', '1Y_3Y'],
} as const;

test('客户信息完善: a broker opens 信息待完善, fills the missing fields of a customer and sees the completeness rise by their weights', async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, 'broker');
  const todo = (await (await page.request.get('/api/kyc/incomplete?mine=true&pageSize=200')).json()) as Incomplete;
  const customer = todo.items.find((c) => c.customerType === 'P');
  expect(customer, 'the broker serves an individual below the threshold').toBeTruthy();
  const before = (await (await page.request.get(`/api/customers/${customer!.customerNo}/kyc`)).json()) as Kyc;
  expect(before.score).toBe(customer!.score);

  // 首页 counts the to-do; 我的待办 → 信息待完善 lists the customer and opens the 360° view's tab
  await expect(page.getByTestId('home-kyc')).toContainText(String(todo.total));
  await page.goto('/workflows/todo?tab=kyc');
  await settled(page);
  await expect(page.getByTestId('kyc-todos')).toContainText(customer!.customerNo);
  await page.getByTestId('kyc-todos').getByRole('link', { name: new RegExp(customer!.customerNo) }).first().click();
  await expect(page.getByTestId('kyc-score')).toHaveText(`${before.score}%`);
  for (const field of before.missing) await expect(page.getByTestId('kyc-missing')).toContainText(CODES.kycField[field].zh);

  // the fields filled now that were missing add their weights (employer too: a retiree has none)
  const completed = new Set<string>([...Object.keys(FILLED), 'employer']);
  const gained = before.missing.filter((f) => completed.has(f)).reduce((sum, f) => sum + (KYC_WEIGHTS.PERSON[f as keyof typeof KYC_WEIGHTS.PERSON] ?? 0), 0);
  expect(gained).toBeGreaterThan(0);

  await page.getByTestId('kyc-edit').click();
  for (const [field, [kind, code]] of Object.entries(FILLED)) {
    await chooseIn(page, page.getByTestId(`kyc-${field}`), (CODES[kind] as Record<string, { zh: string }>)[code]!.zh);
  }
  await page.getByTestId('kyc-save').click();
  await expect(page.getByTestId('kyc-score')).toHaveText(`${before.score + gained}%`);
  for (const field of Object.keys(FILLED)) await expect(page.getByTestId('kyc-missing')).not.toContainText(CODES.kycField[field as keyof typeof FILLED].zh);
  await expect(page.getByTestId('kyc-details')).toContainText(CODES.kycOccupation.RETIRED.zh);
  // each changed field in the history, by the broker
  const history = page.getByTestId('kyc-history');
  await expect(history).toContainText(CODES.kycField.occupation.zh);
  await expect(history).toContainText(CODES.kycOccupation.RETIRED.zh);
  await expect(history).toContainText('broker');

  const after = (await (await page.request.get(`/api/customers/${customer!.customerNo}/kyc`)).json()) as Kyc;
  expect(after.score).toBe(before.score + gained);
});
