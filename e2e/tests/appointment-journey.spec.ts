import { expect, test, type Page } from '@playwright/test';
import { openFromMenu, shot, signIn } from './helpers.js';
import { lastDemoDay, makeIdNo, writeNextDayWithCustomer } from './support/appointment-extract.js';

const dataDir = process.env.E2E_DATA_DIR;
const inboxDir = process.env.E2E_INBOX_DIR;

/** Signs in as another user: the previous session's cookie is dropped first. */
async function login(page: Page, username: string) {
  await page.context().clearCookies();
  await signIn(page, username);
}

/** Opens 我的待办 from the header's bell, checks the flow is listed, and approves it with a comment. */
async function approveFromTodo(page: Page, flowId: string, comment: string) {
  await page.getByTestId('todo-bell').click();
  await expect(page).toHaveURL(/\/workflows\/todo$/);
  const row = page.getByTestId('workflows-todo').locator('.ant-table-row', { hasText: `#${flowId}` });
  await expect(row).toBeVisible();
  await row.getByRole('button', { name: /办\s*理/ }).click();
  await expect(page).toHaveURL(new RegExp(`/workflows/${flowId}$`));
  await page.getByLabel('审批意见').fill(comment);
  await page.getByTestId('action-approve').click();
  await expect(page.getByTestId('workflow-history')).toContainText(comment);
}

test('a broker registers an appointment, the lead and the manager approve it, and the next extract brings the customer to the broker', async ({ page }) => {
  // the journey writes the next day into the server's inbox: it needs the server global-setup.ts starts
  expect(dataDir && inboxDir, 'E2E_DATA_DIR and E2E_INBOX_DIR (set by global-setup.ts; not available with E2E_BASE_URL)').toBeTruthy();
  test.setTimeout(180_000);
  const lastDay = await lastDemoDay(dataDir!);
  const unique = Date.now() % 1000;
  const prospect = { name: `预约测试${unique}`, idNo: makeIdNo('110105', '1990-06-15', unique), mobile: `139${String(Date.now()).slice(-8)}` };

  // the broker: 营销管理 → 经纪关系管理 → 预约客户开户
  await login(page, 'broker');
  const me = (await (await page.request.get('/api/me')).json()) as { staffNo: string; staff: { branchCode: string } };
  await openFromMenu(page, ['营销管理', '经纪关系管理', '预约客户开户'], /\/relationship-ops\/appointment-open$/);
  const form = page.getByTestId('op-form-APPOINTMENT_OPEN');
  await form.getByLabel('客户姓名').fill(prospect.name);
  // a wrong check digit and a short mobile are refused before anything is sent
  await form.getByLabel('身份证号码').fill(`${prospect.idNo.slice(0, 17)}${prospect.idNo.endsWith('0') ? '1' : '0'}`);
  await form.getByLabel('手机号码').fill('1391234');
  await page.getByTestId('op-submit').click();
  await expect(form).toContainText('身份证号码无效');
  await expect(form).toContainText('手机号码应为 1 开头的 11 位数字');
  await form.getByLabel('身份证号码').fill(prospect.idNo);
  await form.getByLabel('手机号码').fill(prospect.mobile);
  await expect(form.getByTestId('pick-branch')).toContainText(`（${me.staff.branchCode}）`); // the own branch, 名称（代码）
  const date = form.getByLabel('预约日期');
  await date.click();
  await date.fill(lastDay);
  await date.press('Tab'); // commits the typed date (Enter would also submit the form)
  await expect(date).toHaveValue(lastDay);
  await shot(page, 'appt-01-form');
  await page.getByTestId('op-submit').click();
  await expect(page).toHaveURL(/\/workflows\/\d+$/);
  const flowId = /\/workflows\/(\d+)$/.exec(page.url())?.[1] ?? '';
  await expect(page.getByTestId('workflow-payload')).toContainText(prospect.name);
  await expect(page.getByTestId('workflow-payload')).toContainText(lastDay);
  await expect(page.getByText('审批中').first()).toBeVisible();
  await expect(page.getByTestId('workflow-steps')).toContainText('团队长');
  await expect(page.getByTestId('workflow-steps')).toContainText('营业部负责人');
  await shot(page, 'appt-02-flow-started');

  // the team lead approves from 我的待办
  await login(page, 'lead');
  await expect(page.getByTestId('todo-card')).toContainText(prospect.name);
  await approveFromTodo(page, flowId, '资料齐全，同意');
  await expect(page.getByText('审批中').first()).toBeVisible();
  await shot(page, 'appt-03-lead-approved');

  // the branch manager approves: the flow is done and the appointment waits for the account
  await login(page, 'manager');
  await approveFromTodo(page, flowId, '同意预约');
  await expect(page.locator('.ant-card-head').getByText('已通过')).toBeVisible();
  await shot(page, 'appt-04-manager-approved');

  // the next trading day's extract with the new customer arrives in the inbox; the administrator imports it
  const next = await writeNextDayWithCustomer(dataDir!, inboxDir!, { ...prospect, branchCode: me.staff.branchCode });
  await login(page, 'admin');
  await page.goto('/admin/import-runs');
  await page.getByTestId('inbox-import').locator('input').fill(next.folderName);
  const imported = page.waitForResponse((r) => r.url().endsWith('/api/admin/imports') && r.request().method() === 'POST');
  await page.getByTestId('inbox-import').getByRole('button').click();
  const response = await imported;
  expect(response.status(), await response.text()).toBeLessThan(300);
  expect(((await response.json()) as { status: string }).status).toBe('SUCCEEDED');
  await expect(page.getByText(`${next.folderName.slice(0, 4)}-${next.folderName.slice(4, 6)}-${next.folderName.slice(6, 8)} 已导入`)).toBeVisible();
  await shot(page, 'appt-05a-admin-inbox-import');

  // the broker finds the customer under 我的客户, and the 360° view shows the relationship from the open date
  await login(page, 'broker');
  await page.goto('/relationship-ops/appointments');
  await page.getByTestId('appointment-status').getByText('已开户').click();
  const appointmentRow = page.getByTestId('appointments').locator('.ant-table-row', { hasText: prospect.name });
  await expect(appointmentRow).toContainText(next.customerNo);
  await expect(appointmentRow).toContainText(next.tradeDate);
  await shot(page, 'appt-05-appointment-matched');
  await openFromMenu(page, ['客户管理', '我的客户'], /\/customers$/);
  await page.getByRole('main').getByRole('textbox', { name: '客户号 / 姓名 / 手机号' }).fill(next.customerNo); // the list's filter, not the header's search
  await page.getByRole('button', { name: /查\s*询/ }).click();
  const customerRow = page.locator('.ant-table-row', { hasText: next.customerNo });
  await expect(customerRow).toContainText(prospect.name);
  await customerRow.getByRole('link', { name: next.customerNo }).click();
  await expect(page).toHaveURL(new RegExp(`/customers/${next.customerNo}$`));
  await page.getByRole('tab', { name: /服务关系/ }).click();
  const relationship = page.locator('.ant-table-row', { hasText: me.staffNo });
  await expect(relationship).toContainText(next.tradeDate);
  await shot(page, 'appt-06-customer360-relationship');
});
