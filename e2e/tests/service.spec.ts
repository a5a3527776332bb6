/**
 * Issue 14 item 1, 服务管理: an advisor (the demo's broker S01003) writes a research note in the
 * rich-text editor and submits it; the branch manager approves it in 协同工作 (the writer could not);
 * the broker pushes it to a saved group of theirs; a customer of that group logs in to the customer
 * space (mobile and one-time code through the embedded SMS gateway) and reads it under 我的资讯, and
 * the read count on the staff page goes 0 → 1.
 */
import { expect, request as playwrightRequest, test, type APIRequestContext } from '@playwright/test';
import { settled, shot, signIn, signInByApi } from './helpers.js';

let admin: APIRequestContext;

test.beforeAll(async () => {
  admin = await playwrightRequest.newContext({ baseURL: process.env.E2E_BASE_URL });
  await signInByApi(admin, 'admin');
});

test.afterAll(async () => {
  await admin.dispose();
});

test('a note is written, reviewed, pushed to a group and read by a customer in their space', async ({ page, browser }) => {
  test.setTimeout(240_000);
  const stamp = Date.now();
  const title = `六月策略笔记${stamp}`;

  // the broker writes the note (R1: every member of the group matches it)
  await signIn(page, 'broker');
  await page.goto('/service/content');
  await page.getByTestId('new-content').click();
  await page.getByTestId('content-title').fill(title);
  await page.getByTestId('content-level').click();
  await page.getByTitle('R1 低风险').click();
  const editor = page.getByTestId('rich-text').locator('.ProseMirror');
  await editor.click();
  await page.keyboard.type('红利资产估值合理，');
  await page.getByRole('button', { name: '加粗' }).click();
  await page.keyboard.type('建议逐步配置');
  await shot(page, 'service-01-editor');
  await page.getByTestId('content-save').click();
  await expect(page.getByTestId('content-heading')).toHaveText(title);
  await expect(page.getByTestId('content-status')).toHaveText('草稿');
  await expect(page.getByTestId('content-html').locator('strong')).toHaveText('建议逐步配置');
  const contentId = page.url().split('/').pop()!;

  await page.getByTestId('content-submit').click();
  await expect(page.getByTestId('content-status')).toHaveText('审核中');
  const workflowId = ((await (await page.request.get(`/api/service/content/${contentId}`)).json()) as { workflowId: string }).workflowId;
  // the writer may not approve their own note
  expect((await page.request.post(`/api/workflows/${workflowId}/actions`, { data: { action: 'approve' } })).status()).toBe(403);

  // the branch manager reviews the note on the flow's page and approves it
  const manager = await browser.newPage();
  await signIn(manager, 'manager');
  await manager.goto(`/workflows/${workflowId}`);
  await expect(manager.getByTestId('content-under-review')).toContainText(title);
  await shot(manager, 'service-02-review');
  await manager.getByTestId('action-approve').click();
  await expect.poll(async () => ((await (await manager.request.get(`/api/service/content/${contentId}`)).json()) as { status: string }).status).toBe('PUBLISHED');
  await manager.close();

  // the broker pushes it to a saved group of theirs
  const group = await page.request.post('/api/customer-groups', {
    data: { name: `资讯推送群${stamp}`, filter: { all: [{ label: 'net_asset', op: '>=', value: '0' }] }, shared: false },
  });
  expect(group.status()).toBe(201);
  const groupName = ((await group.json()) as { name: string }).name;
  await page.reload();
  await expect(page.getByTestId('content-status')).toHaveText('已发布');
  await page.getByTestId('push-group').click();
  await page.getByTitle(groupName).click();
  await page.getByTestId('push-submit').click();
  await expect(page.getByTestId('push-list').getByTestId('push-read')).toHaveText('0');
  const delivered = Number(await page.getByTestId('push-list').getByTestId('push-delivered').textContent());
  expect(delivered).toBeGreaterThan(0);
  await settled(page);
  await shot(page, 'service-03-pushed');

  // a customer the note reached logs in to the customer space
  const pushes = (await (await page.request.get(`/api/service/pushes?contentId=${contentId}`)).json()) as { items: { id: string }[] };
  const recipients = (await (await page.request.get(`/api/service/pushes/${pushes.items[0]!.id}/recipients?status=DELIVERED`)).json()) as { items: { customerNo: string }[] };
  const customers = await Promise.all(recipients.items.slice(0, 20).map(async (r) =>
    ((await (await admin.get(`/api/customers/${r.customerNo}`)).json()) as { profile: { mobile: string | null; status: string } }).profile));
  const mobile = customers.find((c) => c.mobile && /^1\d{10}$/.test(c.mobile) && c.status !== 'CLOSED')?.mobile;
  expect(mobile, 'a reached customer with a mobile').toBeTruthy();

  const customerContext = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
  const customer = await customerContext.newPage();
  await customer.goto('/my/login');
  await customer.getByTestId('my-login-mobile').fill(mobile!);
  await customer.getByTestId('my-login-send').click();
  await expect(customer.getByTestId('my-login-sent')).toBeVisible();
  const sms = (await (await admin.get(`/api/outreach/sms-inbox?direction=OUT&q=${mobile}`)).json()) as { items: { content: string | null }[] };
  const code = /\d{6}/.exec(sms.items[0]?.content ?? '')?.[0];
  expect(code, 'the login code in the embedded SMS gateway').toBeTruthy();
  await customer.getByTestId('my-login-code').fill(code!);
  await customer.getByTestId('my-login-submit').click();
  await expect(customer).not.toHaveURL(/\/my\/login/);

  await customer.goto('/my/content');
  const entry = customer.getByTestId(`my-content-${contentId}`);
  await expect(entry).toContainText(title);
  await expect(entry).toContainText('未读');
  await shot(customer, 'service-04-my-content');
  await entry.click();
  await expect(customer.getByTestId('my-content-title')).toHaveText(title);
  await expect(customer.getByTestId('content-html').locator('strong')).toHaveText('建议逐步配置');
  await shot(customer, 'service-05-my-content-item');
  await customerContext.close();

  // the read receipt on the staff page: 0 → 1
  await page.getByTestId('pushes-refresh').click();
  await expect(page.getByTestId('push-list').getByTestId('push-read')).toHaveText('1');
});

test('head office sets up a service product and a model portfolio; the pages show them', async ({ page }) => {
  test.setTimeout(120_000);
  const stamp = String(Date.now()).slice(-6);
  await signIn(page, 'headoffice');
  const product = await page.request.post('/api/service/products', {
    data: { code: `ADV${stamp}`, name: `金牛投顾${stamp}`, kind: 'ADVISORY', riskLevel: 'R3', price: '199.00', description: '每周策略、调仓信号与投资组合' },
  });
  expect(product.status()).toBe(201);
  const productId = ((await product.json()) as { id: string }).id;
  expect((await page.request.put(`/api/service/products/${productId}/staff`, { data: { staffNos: ['S01007', 'S01003'] } })).ok()).toBeTruthy();

  // two securities the demo's customers hold, 60 % / 40 %
  const held = (await (await page.request.get('/api/staff/S01003/holdings?pageSize=50')).json()) as { items: { market: string; securityCode: string }[] };
  const securities = [...new Map(held.items.map((h) => [`${h.market}.${h.securityCode}`, h])).values()].slice(0, 2);
  expect(securities.length).toBe(2);
  const portfolio = await page.request.post('/api/service/portfolios', {
    data: {
      code: `M${stamp}`, name: `红利精选${stamp}`, productId, effectiveOn: '2020-01-01',
      holdings: [{ ...securities[0], weight: '60' }, { ...securities[1], weight: '40' }],
    },
  });
  expect(portfolio.status()).toBe(201);
  const portfolioId = ((await portfolio.json()) as { id: string }).id;

  await page.goto(`/service/products/${productId}`);
  await expect(page.getByTestId('product-heading')).toHaveText(`金牛投顾${stamp}`);
  await page.getByRole('tab', { name: '服务人员' }).click();
  await expect(page.getByTestId('service-staff')).toContainText('S01007');
  await settled(page);
  await shot(page, 'service-06-product');

  await page.goto(`/service/portfolios/${portfolioId}`);
  await expect(page.getByTestId('portfolio-chart')).toBeVisible();
  await expect(page.getByTestId('portfolio-return')).toContainText('%');
  await settled(page);
  await shot(page, 'service-07-portfolio');
});
