/**
 * 客户信息完善 on a phone (issue 14 item 3, part G): a broker opens a customer's 客户信息 tab at 390×844,
 * reads the completeness and the 证件号码校验 of the extract's identity (the demo's ID numbers carry the
 * GB 11643 check digit and agree with birth date and gender), completes the emergency contact in the
 * drawer — a bad mobile refused in the form — and sees the score rise by its weight; nothing wider than the screen.
 */
import { expect, test } from '@playwright/test';
import type { paths } from '../../web/src/api/schema.js';
import { CODES } from '../../shared/codes.js';
import { KYC_WEIGHTS } from '../../server/src/modules/kyc/kyc.rules.js';
import { fitsTheScreen, settled, shot, signIn } from './helpers.js';

test.use({ viewport: { width: 390, height: 844 }, timezoneId: 'Asia/Shanghai' });

type Incomplete = paths['/api/kyc/incomplete']['get']['responses'][200]['content']['application/json'];
type Kyc = paths['/api/customers/{customerNo}/kyc']['get']['responses'][200]['content']['application/json'];

test('a broker on a phone checks a customer’s identity and completes the emergency contact in 客户信息', async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, 'broker');
  const todo = (await (await page.request.get('/api/kyc/incomplete?mine=true&pageSize=200')).json()) as Incomplete;
  const candidates = todo.items.filter((c) => c.customerType === 'P' && c.missing.includes('emergencyContact'));
  expect(candidates.length, 'the broker serves an individual without an emergency contact').toBeGreaterThan(0);
  const customer = candidates[0]!;
  const before = (await (await page.request.get(`/api/customers/${customer.customerNo}/kyc`)).json()) as Kyc;
  // the demo's identities pass the check (the server computes it on the unmasked number)
  expect(before.identityCheck).toEqual({ idNo: null, birthDateAgrees: true, genderAgrees: true });

  await page.goto(`/customers/${customer.customerNo}?tab=kyc`);
  await settled(page);
  await expect(page.getByTestId('kyc-score')).toHaveText(`${before.score}%`);
  await expect(page.getByTestId('kyc-id-check')).toHaveText('证件号码校验通过（GB 11643），出生日期与性别与证件号码一致');
  await expect(page.getByTestId('kyc-missing')).toContainText(CODES.kycField.emergencyContact.zh);
  await fitsTheScreen(page, '客户信息');
  await page.getByTestId('kyc-id-check').scrollIntoViewIfNeeded();
  await shot(page, 'kyc-phone-tab');

  await page.getByTestId('kyc-edit').click();
  const drawer = page.locator('.ant-drawer-open');
  await drawer.getByTestId('kyc-emergencyName').fill('钱少少');
  await drawer.getByTestId('kyc-emergencyRelation').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: CODES.kycRelation.SPOUSE.zh }).first().click();
  // a mobile of 10 digits is refused (the server's 422 names the field in the form)
  await drawer.getByTestId('kyc-emergencyMobile').fill('1390000222');
  await drawer.getByTestId('kyc-save').click();
  await expect(drawer.locator('.ant-form-item-explain-error, [data-testid="kyc-error"]').first()).toBeVisible();
  await fitsTheScreen(page, '客户信息表');
  await shot(page, 'kyc-phone-form');
  await drawer.getByTestId('kyc-emergencyMobile').fill('13900002222');
  await drawer.getByTestId('kyc-save').click();
  await expect(page.locator('.ant-drawer-open')).toHaveCount(0);
  const gained = KYC_WEIGHTS.PERSON.emergencyContact ?? 0;
  expect(gained).toBe(4);
  await expect(page.getByTestId('kyc-score')).toHaveText(`${before.score + gained}%`);
  await expect(page.getByTestId('kyc-missing')).not.toContainText(CODES.kycField.emergencyContact.zh);
  await expect(page.getByTestId('kyc-history')).toContainText(CODES.kycField.emergencyName.zh);
  await fitsTheScreen(page, '客户信息 after saving');

  const after = (await (await page.request.get(`/api/customers/${customer.customerNo}/kyc`)).json()) as Kyc;
  expect(after.score).toBe(before.score + gained);
  expect(after.form.emergencyMobile).toBe('139****2222'); // masked for a broker
});
