import { expect, test } from '@playwright/test';
import type { paths } from '../../web/src/api/schema.js';
import { openFromMenu, settled, shot, signIn } from './helpers.js';

type CampaignDetail = paths['/api/campaigns/{id}']['get']['responses'][200]['content']['application/json'];

test('a branch manager writes a template (the sensitive word is shown), starts a campaign to a group, sees its plan; head office approves it in 协同工作', async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, 'manager');
  // a group of the branch's customers, saved through the API (the group builder has its own journey)
  const group = await (await page.request.post('/api/customer-groups', {
    data: { name: `推送测试群${Date.now()}`, filter: { all: [{ label: 'net_asset', op: '>=', value: '0' }] }, shared: false },
  })).json() as { id: string; name: string };

  // 营销活动 → 短信邮件模板: a sensitive word is found while typing, then the text is fixed and saved
  await openFromMenu(page, ['营销活动', '短信邮件模板'], /\/outreach\/templates$/);
  await settled(page);
  await page.getByTestId('new-template').click();
  const name = `讲座邀请${Date.now()}`;
  await page.getByTestId('template-name').fill(name);
  await page.getByTestId('template-body').fill('尊敬的');
  await page.getByTestId('variable-customerName').click();
  await page.getByTestId('template-body').press('End');
  await page.getByTestId('template-body').pressSequentially('，本产品保本');
  await expect(page.getByTestId('template-sensitive')).toContainText('保本');
  await shot(page, 'outreach-01-template-sensitive');
  await page.getByTestId('template-body').fill('尊敬的{{customerName}}，{{branchName}}诚邀您参加本周六的理财讲座。');
  await expect(page.getByTestId('template-sensitive')).toHaveCount(0);
  await page.getByRole('button', { name: /保\s*存/ }).click();
  await expect(page.getByTestId('templates').locator('.ant-table-row').filter({ hasText: name })).toBeVisible();

  // 营销活动 → 新建营销活动 to the group: the detail shows the plan as the API counts it
  await openFromMenu(page, ['营销活动', '营销活动'], /\/outreach\/campaigns$/);
  await settled(page);
  await page.getByTestId('new-campaign').click();
  await page.getByTestId('campaign-name').fill(`讲座邀请活动${Date.now()}`);
  await page.getByTestId('campaign-template').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: name }).click();
  await page.getByTestId('campaign-group').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: group.name }).click();
  await page.getByRole('button', { name: '提交审批' }).click();
  await expect(page).toHaveURL(/\/outreach\/campaigns\/\d+$/);
  const id = page.url().split('/').pop()!;
  const detail = await (await page.request.get(`/api/campaigns/${id}`)).json() as CampaignDetail;
  expect(detail.status).toBe('PENDING_APPROVAL');
  expect(detail.audience, 'the group has members in the manager’s branch').toBeGreaterThan(0);
  await expect(page.getByTestId('campaign-status')).toHaveText('审批中');
  await expect(page.getByTestId('count-PLANNED').locator('.ant-statistic-content')).toHaveText(detail.counts.PLANNED.toLocaleString('en-US'));
  await expect(page.getByTestId('campaign-sample').locator('.ant-table-row')).toHaveCount(detail.sample.length);
  await shot(page, 'outreach-02-campaign-plan');

  // head office approves in 协同工作 (a branch manager's own campaign has no other approver in the branch)
  await page.context().clearCookies();
  await signIn(page, 'headoffice');
  await page.goto(`/workflows/${detail.workflowId}`);
  await expect(page.getByTestId('workflow-campaign')).toBeVisible();
  await expect(page.getByTestId('workflow-campaign').getByTestId('count-PLANNED').locator('.ant-statistic-content')).toHaveText(detail.counts.PLANNED.toLocaleString('en-US'));
  await shot(page, 'outreach-03-approval');
  await page.getByTestId('action-approve').click();
  await expect.poll(async () => ((await (await page.request.get(`/api/campaigns/${id}`)).json()) as CampaignDetail).status).not.toBe('PENDING_APPROVAL');
  const approved = (await (await page.request.get(`/api/campaigns/${id}`)).json()) as CampaignDetail;
  expect(approved.counts.PLANNED).toBe(0);
  expect(approved.counts.QUEUED + approved.counts.SENDING + approved.counts.SENT + approved.counts.DELIVERED + approved.counts.FAILED).toBe(detail.counts.PLANNED);
});

type Settings = paths['/api/admin/settings']['get']['responses'][200]['content']['application/json'];
type Products = paths['/api/products']['get']['responses'][200]['content']['application/json'];
type Mailbox = paths['/api/outreach/mailbox']['get']['responses'][200]['content']['application/json'];
type MailDetail = paths['/api/outreach/mailbox/{id}']['get']['responses'][200]['content']['application/json'];
type Check = paths['/api/suitability/check']['post']['responses'][200]['content']['application/json'];

test('a product e-mail to a saved group reaches only matching customers, arrives in the embedded mailbox; one customer unsubscribes and the next campaign skips them', async ({ page }) => {
  test.setTimeout(240_000);
  // no quiet hours for this run (the journey may run at night, business time), set as an administrator would
  await signIn(page, 'admin');
  const settings = (await (await page.request.get('/api/admin/settings')).json()) as Settings;
  const outreach = { ...(settings.outreach.value as Record<string, unknown>), quietHours: { start: '00:00', end: '00:00' } };
  expect((await page.request.put('/api/admin/settings/outreach', { data: outreach })).status()).toBe(200);
  await page.context().clearCookies();

  await signIn(page, 'manager');
  const stamp = Date.now();
  const group = await (await page.request.post('/api/customer-groups', {
    data: { name: `理财推送群${stamp}`, filter: { all: [{ label: 'net_asset', op: '>=', value: '0' }] }, shared: false },
  })).json() as { id: string; name: string };
  const subject = `新发理财产品介绍 ${stamp}`;
  const template = await (await page.request.post('/api/outreach/templates', {
    data: { name: `产品邮件${stamp}`, channel: 'EMAIL', subject, body: '尊敬的{{customerName}}：{{productName}}（{{productRisk}}）现已发售，详情请咨询{{staffName}}。' },
  })).json() as { id: string; name: string };
  expect(template.id).toBeTruthy();
  // an R3 product: the group's C1/C2 customers do not match it
  const products = (await (await page.request.get('/api/products?riskLevel=R3&pageSize=5')).json()) as Products;
  const product = products.items[0]!;

  // 新建营销活动: e-mail, the template, the group, the product pushed
  await openFromMenu(page, ['营销活动', '营销活动'], /\/outreach\/campaigns$/);
  await settled(page);
  await page.getByTestId('new-campaign').click();
  const form = page.getByTestId('campaign-form');
  await page.getByTestId('campaign-name').fill(`理财推介${stamp}`);
  await form.getByText('电子邮件', { exact: true }).click();
  await page.getByTestId('campaign-template').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: template.name }).click();
  await page.getByTestId('campaign-group').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: group.name }).click();
  const picker = page.getByTestId('pick-product');
  await picker.click();
  await picker.locator('input').fill(product.productCode);
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: product.productCode }).first().click();
  await page.getByRole('button', { name: '提交审批' }).click();
  await expect(page).toHaveURL(/\/outreach\/campaigns\/\d+$/);
  const id = page.url().split('/').pop()!;
  const plan = await (await page.request.get(`/api/campaigns/${id}`)).json() as CampaignDetail;
  expect(plan.counts.PLANNED, 'some of the branch’s customers match an R3 product').toBeGreaterThan(0);
  expect(plan.counts.SKIPPED_SUITABILITY, 'and some do not').toBeGreaterThan(0);
  await expect(page.getByTestId('count-SKIPPED_SUITABILITY').locator('.ant-statistic-content')).toHaveText(plan.counts.SKIPPED_SUITABILITY.toLocaleString('en-US'));
  // the preview (sample) shows only customers whose check is MATCH
  await expect(page.getByTestId('campaign-sample').locator('.ant-table-row')).toHaveCount(plan.sample.length);
  for (const m of plan.sample) {
    const check = (await (await page.request.post('/api/suitability/check', { data: { customerNo: m.customerNo, productCode: product.productCode } })).json()) as Check;
    expect(check.result, `${m.customerNo} in the preview`).toBe('MATCH');
  }
  await shot(page, 'outreach-04-product-plan');

  // head office approves; the messages go out through the embedded SMTP server
  await page.context().clearCookies();
  await signIn(page, 'headoffice');
  await page.goto(`/workflows/${plan.workflowId}`);
  await expect(page.getByTestId('workflow-campaign')).toBeVisible();
  await page.getByTestId('action-approve').click();
  await expect.poll(async () => {
    const c = (await (await page.request.get(`/api/campaigns/${id}`)).json()) as CampaignDetail;
    return c.counts.SENT + c.counts.DELIVERED + c.counts.FAILED;
  }, { timeout: 120_000 }).toBe(plan.counts.PLANNED);

  // 系统管理 → 邮件与短信收件箱 lists them
  await page.context().clearCookies();
  await signIn(page, 'admin');
  const mailbox = (await (await page.request.get(`/api/outreach/mailbox?q=${encodeURIComponent(subject)}&pageSize=100`)).json()) as Mailbox;
  expect(mailbox.total).toBe(plan.counts.PLANNED);
  await page.goto('/admin/inbox');
  await settled(page);
  await expect(page.locator('.ant-table-row').filter({ hasText: subject }).first()).toBeVisible();
  await shot(page, 'outreach-05-mailbox');

  // one customer follows the unsubscribe link in the mail
  const mail = (await (await page.request.get(`/api/outreach/mailbox/${mailbox.items[0]!.id}`)).json()) as MailDetail;
  const link = /https?:\/\/[^\s<>]+\/api\/outreach\/unsubscribe\?token=[^\s<>]+/.exec(mail.textBody ?? mail.raw)?.[0];
  expect(link, 'the mail carries its unsubscribe link').toBeTruthy();
  await page.context().clearCookies();
  const url = new URL(link!);
  await page.goto(`${url.pathname}${url.search}`);
  await expect(page.getByRole('heading')).toContainText('退订成功');

  // the next campaign to the same group skips them
  await signIn(page, 'manager');
  const next = await page.request.post('/api/campaigns', {
    data: { name: `理财推介二期${stamp}`, channel: 'EMAIL', templateId: template.id, groupId: group.id, productCode: product.productCode },
  });
  expect(next.status()).toBe(201);
  const nextId = ((await next.json()) as { id: string }).id;
  const nextPlan = (await (await page.request.get(`/api/campaigns/${nextId}`)).json()) as CampaignDetail;
  expect(nextPlan.counts.SKIPPED_OPT_OUT).toBe(plan.counts.SKIPPED_OPT_OUT + 1);
  await page.goto(`/outreach/campaigns/${nextId}`);
  await expect(page.getByTestId('count-SKIPPED_OPT_OUT').locator('.ant-statistic-content')).toHaveText(nextPlan.counts.SKIPPED_OPT_OUT.toLocaleString('en-US'));
});
