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
