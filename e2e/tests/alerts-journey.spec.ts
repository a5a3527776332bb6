import { expect, test } from '@playwright/test';
import type { paths } from '../../web/src/api/schema.js';
import { formatDecimal, percentText } from '../../web/src/components/decimal.js';
import { settled, shot, signIn } from './helpers.js';

type AlertPage = paths['/api/alerts']['get']['responses'][200]['content']['application/json'];
type Alert = AlertPage['items'][number];

/** A figure of the alert's evidence that its sentence on screen must show, by rule. */
function keyFigure(alert: Alert): string {
  const evidence = alert.evidence as Record<string, unknown>;
  const text = (key: string) => String(evidence[key] ?? '');
  switch (alert.rule) {
    case 'LARGE_WITHDRAWAL':
      return `转出 ${formatDecimal(text('bankOut'))}`;
    case 'QUICK_IN_OUT':
      return `转入 ${formatDecimal(text('bankIn'))} 于 ${text('bankInDay')}`;
    case 'FREQUENT_CANCEL':
      return `撤单 ${text('cancelled')}/${text('orders')} 笔`;
    case 'MARGIN_WARNING':
      return '低于预警线';
    case 'MARGIN_LIQUIDATION':
      return '低于平仓线';
    case 'CHURN_RISK':
      return `评分 ${percentText(text('score'))}`;
    default:
      return '';
  }
}

test('a branch manager opens 异常监控 from 首页, reads an alert’s evidence, acknowledges it with a comment and sees its status change', async ({ page }) => {
  await signIn(page, 'manager');
  const me = (await (await page.request.get('/api/me')).json()) as { openAlerts: number; permissions: string[] };
  expect(me.permissions).toContain('alerts.act');
  const open = (await (await page.request.get('/api/alerts?status=NEW')).json()) as AlertPage;
  expect(open.total, 'the e2e demo raises NEW alerts in the manager’s branch').toBeGreaterThan(0);
  expect(me.openAlerts).toBe(open.total);
  const alert = open.items[0]!; // newest day first, as the page lists them
  const comment = `已电话联系客户核实资金用途 ${Date.now()}`;

  // 首页's count opens 异常监控 filtered to the NEW alerts
  const count = page.getByTestId('home-alerts');
  await expect(count.locator('.ant-statistic-content')).toHaveText(open.total.toLocaleString('en-US'));
  await shot(page, 'alerts-home-zh');
  await count.getByRole('link').click();
  await expect(page).toHaveURL(/\/customers\/alerts\?status=NEW$/);
  await expect(page.locator('.ant-breadcrumb')).toContainText('异常监控');
  await settled(page);
  await expect(page.getByTestId('alert-total').locator('.ant-statistic-content')).toHaveText(open.total.toLocaleString('en-US'));

  // the first row is the API's first alert: day, customer, the evidence in words, the NEW status
  const row = page.getByTestId('alert-list').locator('.ant-table-row').first();
  await expect(row).toContainText(alert.date);
  await expect(row).toContainText(`（${alert.customerNo}）`);
  await expect(row.getByTestId('alert-evidence')).toContainText(keyFigure(alert));
  await expect(row.getByTestId('alert-status')).toHaveText('新预警');
  await shot(page, 'alerts-zh');

  // 详情: the drawer with the same evidence and no history yet; 确认 with a comment
  await row.getByTestId('alert-details').click();
  await expect(page).toHaveURL(new RegExp(`[?&]alert=${alert.id}(&|$)`));
  const drawer = page.getByTestId('alert-drawer');
  await expect(drawer.getByTestId('alert-evidence')).toContainText(keyFigure(alert));
  await expect(drawer).toContainText('尚无处理记录');
  await drawer.getByTestId('alert-acknowledge').click();
  const dialog = page.getByRole('dialog').filter({ has: page.getByTestId('alert-action-form') });
  await dialog.getByLabel('说明').fill(comment);
  await dialog.getByRole('button', { name: /提\s*交/ }).click();
  await expect(dialog).toBeHidden();

  // the status changes to 已确认, the history shows the comment; the server agrees
  await expect(drawer.getByTestId('alert-status')).toHaveText('已确认');
  await expect(drawer.getByTestId('alert-history')).toContainText(comment);
  await shot(page, 'alerts-acknowledged-zh');
  const after = (await (await page.request.get(`/api/alerts/${alert.id}`)).json()) as { status: string; history: { action: string; comment: string | null }[] };
  expect(after.status).toBe('ACKNOWLEDGED');
  expect(after.history.at(-1)).toMatchObject({ action: 'acknowledge', comment });

  // no longer NEW: out of the filtered list, one fewer on 首页
  await page.keyboard.press('Escape'); // the drawer's ✕ and the alert's 关闭 share the name
  await expect(page).toHaveURL(/\/customers\/alerts\?status=NEW$/);
  await expect(page.getByTestId('alert-total').locator('.ant-statistic-content')).toHaveText((open.total - 1).toLocaleString('en-US'));
  await page.goto('/');
  await expect(page.getByTestId('home-alerts').locator('.ant-statistic-content')).toHaveText((open.total - 1).toLocaleString('en-US'));

  // the customer's 360° timeline shows the alert with its new status, linking back to it
  await page.goto(`/customers/${alert.customerNo}`);
  await page.getByRole('tab', { name: '接触与动态' }).click();
  const entry = page.getByTestId('customer-timeline').getByTestId('timeline-alert').filter({ hasText: keyFigure(alert) }).first();
  await expect(entry.getByTestId('alert-status')).toHaveText('已确认');
  await shot(page, 'alerts-timeline-zh');
  // and its 预警 tab lists it with the same evidence and status
  await page.getByRole('tab', { name: '预警', exact: true }).click();
  const tabRow = page.getByTestId('c360-alerts').locator('tr').filter({ hasText: keyFigure(alert) }).first();
  await expect(tabRow.getByTestId('alert-status')).toHaveText('已确认');
  await shot(page, 'alerts-c360-tab-zh');
  await page.getByRole('tab', { name: '接触与动态' }).click();
  await entry.getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`/customers/alerts\\?customerNo=${alert.customerNo}&alert=${alert.id}$`));
  await expect(page.getByTestId('alert-drawer').getByTestId('alert-history')).toContainText(comment);
});
