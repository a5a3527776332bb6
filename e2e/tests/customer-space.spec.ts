/**
 * 客户专属空间 (issue 14 item 5) on a phone (390×844): the demo's customer 1000000001 (served by the
 * `service` login, S01007) signs in with their mobile and the code the embedded SMS gateway received,
 * fills the risk questionnaire, reads the resulting category and the products that match it, and asks
 * their advisor; the advisor answers from 我的待办 → 客户咨询; the customer reads the answer.
 */
import { expect, test, type Page } from '@playwright/test';
import { shot, signIn, signInByApi } from './helpers.js';

test.use({ viewport: { width: 390, height: 844 }, timezoneId: 'Asia/Shanghai' });

const CUSTOMER = '1000000001';
/** 60 points (customer-space.test.ts BALANCED): C4 with the standard thresholds. */
const BALANCED: Record<string, string> = { AGE: 'B', INCOME: 'B', ASSETS: 'B', SHARE: 'B', EXPERIENCE: 'C', KNOWLEDGE: 'B', PRODUCTS: 'C', HORIZON: 'B', GOAL: 'C', LOSS: 'C' };

async function fitsTheScreen(page: Page, name: string): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${name} is wider than the phone's screen`).toBeLessThanOrEqual(0);
}

test('a customer signs in with an SMS code, takes the questionnaire, sees the matching products, asks the advisor and reads the answer', async ({ browser, playwright, baseURL }) => {
  test.setTimeout(180_000); // a long journey: two browsers, the questionnaire, an answer
  // the customer's mobile and, later, the code the gateway received: read as admin (pii, settings)
  const admin = await playwright.request.newContext({ baseURL });
  await signInByApi(admin, 'admin');
  const { mobile, name } = ((await (await admin.get(`/api/customers/${CUSTOMER}`)).json()) as { profile: { mobile: string; name: string } }).profile;
  expect(mobile).toMatch(/^1\d{10}$/);

  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await phone.newPage();
  await page.goto('/my');
  await expect(page).toHaveURL(/\/my\/login$/); // no customer session: the sign-in
  await expect(page.getByText('客户登录')).toBeVisible();
  await fitsTheScreen(page, 'the sign-in');
  await page.getByTestId('my-login-mobile').fill(mobile);
  await page.getByTestId('my-login-send').click();
  await expect(page.getByTestId('my-login-sent')).toBeVisible();
  await expect(page.getByTestId('my-login-send')).toBeDisabled(); // 60 s before a new code
  const inbox = (await (await admin.get(`/api/outreach/sms-inbox?q=${mobile}&direction=OUT`)).json()) as { items: { content: string | null; outId: string | null }[] };
  const sms = inbox.items.find((m) => m.outId?.startsWith('login:'));
  const code = /\b(\d{6})\b/.exec(sms?.content ?? '')?.[1];
  expect(code, 'the login code in the embedded SMS gateway').toBeTruthy();
  await page.getByTestId('my-login-code').fill(code!);
  await shot(page, 'my-01-login');
  await page.getByTestId('my-login-submit').click();

  // 首页: my name, my advisor
  await expect(page).toHaveURL(/\/my$/);
  await expect(page.getByTestId('my-name')).toHaveText(name);
  await expect(page.getByTestId('my-advisor')).toBeVisible();
  await fitsTheScreen(page, '首页');
  await shot(page, 'my-02-home');

  // 风险测评: ten questions, 60 points → C4
  await page.getByTestId('my-assess').click();
  await expect(page).toHaveURL(/\/my\/questionnaire$/);
  await expect(page.getByTestId('my-q-submit')).toBeDisabled();
  for (const [question, option] of Object.entries(BALANCED)) await page.getByTestId(`my-q-${question}-${option}`).click();
  await fitsTheScreen(page, '风险测评');
  await page.getByTestId('my-q-submit').click();
  const result = page.getByTestId('my-q-result');
  await expect(result).toContainText('C4');
  await expect(result).toContainText('60 分');
  await shot(page, 'my-03-result');

  // the category in force on 首页, from the questionnaire, valid two years
  await page.getByTestId('my-tab-home').click();
  await expect(page.getByTestId('my-risk-level')).toContainText('C4');
  await expect(page.getByTestId('my-risk')).toContainText('客户专属空间风险测评');

  // 适合我的产品: exactly what the API finds MATCH, none above R4
  await page.getByTestId('my-tab-products').click();
  await expect(page).toHaveURL(/\/my\/products$/);
  const matching = (await (await page.request.get('/api/me/products')).json()) as { items: { productCode: string; name: string; riskLevel: string }[] };
  expect(matching.items.length).toBeGreaterThan(0);
  expect(matching.items.every((p) => ['R1', 'R2', 'R3', 'R4'].includes(p.riskLevel))).toBe(true);
  await expect(page.getByTestId('my-p-hint')).toContainText('C4');
  await expect(page.locator('[data-testid^="my-product-"]')).toHaveCount(matching.items.length);
  await expect(page.getByTestId(`my-product-${matching.items[0]!.productCode}`)).toContainText(matching.items[0]!.name);
  await fitsTheScreen(page, '适合我的产品');
  await shot(page, 'my-04-products');

  // 咨询顾问
  const question = `请问现在适合配置哪只债券基金？${Date.now()}`;
  await page.getByTestId('my-tab-messages').click();
  await page.getByTestId('my-m-text').fill(question);
  await page.getByTestId('my-m-send').click();
  const asked = page.getByTestId('my-questions').locator('.ant-list-item', { hasText: question });
  await expect(asked).toContainText('等待顾问回复');
  await fitsTheScreen(page, '咨询顾问');

  // the advisor (service, S01007) finds it in 我的待办 → 客户咨询 and answers
  const office = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const staff = await office.newPage();
  await signIn(staff, 'service');
  await staff.goto('/workflows/todo?tab=questions');
  const todo = staff.getByTestId('question-todos').locator('.ant-list-item', { hasText: question });
  await expect(todo).toBeVisible();
  await expect(todo).toContainText(name);
  const answer = '建议关注中短债基金，风险等级 R2，详情请来电。';
  await todo.getByTestId('question-answer-text').fill(answer);
  await shot(staff, 'my-05-advisor-todo');
  await todo.getByTestId('question-answer-send').click();
  await expect(staff.getByTestId('question-todos').locator('.ant-list-item', { hasText: question })).toHaveCount(0);
  // the customer's question is not a session of the staff realm, nor the staff's a customer's
  expect((await staff.request.get('/api/me/profile')).status()).toBe(401);
  expect((await page.request.get('/api/customers?pageSize=1')).status()).toBe(401);

  // the customer reads the answer
  await page.reload();
  const answered = page.getByTestId('my-questions').locator('.ant-list-item', { hasText: question });
  await expect(answered.getByTestId('my-answer')).toContainText(answer);
  await shot(page, 'my-06-answer');

  // the same pages in English
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByTestId('my-tab-messages')).toHaveText('My advisor');
  await expect(answered).toContainText('answered');

  await office.close();
  await phone.close();
  await admin.dispose();
});
