import { expect, test } from '@playwright/test';
import type { paths } from '../../web/src/api/schema.js';
import { settled, shot, signIn } from './helpers.js';

type CampaignDetail = paths['/api/campaigns/{id}']['get']['responses'][200]['content']['application/json'];

test('a branch manager cancels (撤销) a campaign in approval from its page: confirmed first, the flow ends, nothing is queued', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, 'manager');
  const stamp = Date.now();
  const group = await (await page.request.post('/api/customer-groups', {
    data: { name: `撤销测试群${stamp}`, filter: { all: [{ label: 'net_asset', op: '>=', value: '0' }] }, shared: false },
  })).json() as { id: string };
  const template = await (await page.request.post('/api/outreach/templates', {
    data: { name: `撤销测试${stamp}`, channel: 'SMS', body: '尊敬的{{customerName}}，周六理财讲座欢迎您。', smsTemplateCode: 'SMS_0001' },
  })).json() as { id: string };
  const started = await page.request.post('/api/campaigns', { data: { name: `撤销测试活动${stamp}`, channel: 'SMS', templateId: template.id, groupId: group.id } });
  expect(started.status()).toBe(201);
  const plan = (await started.json()) as CampaignDetail;
  expect(plan.counts.PLANNED, 'the group has members in the manager’s branch').toBeGreaterThan(0);

  await page.goto(`/outreach/campaigns/${plan.id}`);
  await settled(page);
  await expect(page.getByTestId('campaign-status')).toHaveText('审批中');
  await page.getByTestId('campaign-cancel').click();
  // the confirmation says what happens; "不撤销" leaves it as it was
  await expect(page.locator('.ant-popconfirm')).toContainText('审批流程随即结束');
  await shot(page, 'outreach-06-cancel-confirm');
  await page.getByRole('button', { name: '不撤销' }).click();
  await expect(page.getByTestId('campaign-status')).toHaveText('审批中');

  await page.getByTestId('campaign-cancel').click();
  await page.getByTestId('campaign-cancel-confirm').click();
  await expect(page.getByTestId('campaign-status')).toHaveText('已撤销');
  await expect(page.getByTestId('count-CANCELLED').locator('.ant-statistic-content')).toHaveText(plan.counts.PLANNED.toLocaleString('en-US'));
  await expect(page.getByTestId('count-PLANNED')).toHaveCount(0);
  await expect(page.getByTestId('campaign-cancel')).toHaveCount(0);
  const after = (await (await page.request.get(`/api/campaigns/${plan.id}`)).json()) as CampaignDetail;
  expect([after.status, after.workflowStatus, after.counts.QUEUED]).toEqual(['CANCELLED', 'WITHDRAWN', 0]);
});
