import { expect, test } from '@playwright/test';
import type { paths } from '../../web/src/api/schema.js';
import { CODES } from '../../shared/codes.js';
import { openFromMenu, settled, shot, signIn } from './helpers.js';

type ChurnModel = paths['/api/churn/model']['get']['responses'][200]['content']['application/json'];
type ScoreList = paths['/api/churn/scores']['get']['responses'][200]['content']['application/json'];
type CustomerChurn = paths['/api/churn/customers/{customerNo}']['get']['responses'][200]['content']['application/json'];

/** A score as the pages show it: 0.6 → "60.0 %". */
const percent = (score: string): string => `${(Number(score) * 100).toFixed(1)} %`;

test('a branch manager opens 流失预警, sees who scores, opens the top churn-risk customer and reads its score and reasons as the API gives them', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, 'manager');
  const model = (await (await page.request.get('/api/churn/model')).json()) as ChurnModel;
  const high = (await (await page.request.get('/api/churn/scores?level=HIGH&pageSize=5')).json()) as ScoreList;
  expect(model.scorer, 'the e2e demo’s latest day is scored').not.toBeNull();
  expect(high.total, 'the e2e demo has a churn-risk customer (score ≥ the threshold) in the manager’s branch').toBeGreaterThan(0);
  const top = high.items[0]!;
  expect(top.level).toBe('HIGH');
  expect(top.reasons.length, 'a customer at risk has reasons').toBeGreaterThan(0);
  const scorer = CODES.churnScorer[top.scorer].zh; // 经验模型（规则） or 决策树模型

  // 客户管理 → 流失预警: who scores; without a trained model the rules, their weights and why no model yet
  await openFromMenu(page, ['客户管理', '流失预警'], /\/customers\/churn$/);
  await settled(page);
  const card = page.getByTestId('churn-model');
  await expect(card.getByTestId('churn-scorer')).toHaveText(`当前评分：${CODES.churnScorer[model.scorer!].zh}`);
  if (model.activeTrainedAt === null) {
    expect(model.scorer).toBe('RULES');
    await expect(card.getByTestId('churn-no-model')).toContainText(CODES.churnNoModel[model.noModelReason!].zh);
    if (model.needDays) await expect(card.getByTestId('churn-no-model')).toContainText(`已导入 ${model.historyDays ?? model.daysImported} 个交易日，至少需要 ${model.needDays} 个`);
    const rules = card.getByTestId('churn-rules');
    await expect(rules).toContainText(`阈值 ${percent(model.threshold)}`);
    for (const rule of model.rules) {
      const row = rules.locator('tr').filter({ hasText: CODES.churnRule[rule.code as keyof typeof CODES.churnRule].zh });
      await expect(row).toContainText(rule.condition);
      await expect(row).toContainText(rule.weight);
    }
  }

  // the list, highest score first: its first row is the API's top customer, with score, scorer and reasons
  const filters = page.getByTestId('churn-filters');
  await filters.locator('.ant-select').first().click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: /^高及以上$/ }).click();
  await filters.getByRole('button', { name: /查\s*询/ }).click();
  await expect(page).toHaveURL(/[?&]level=HIGH/);
  await settled(page);
  await expect(page.getByTestId('churn-total').locator('.ant-statistic-content')).toHaveText(high.total.toLocaleString('en-US'));
  const row = page.getByTestId('churn-list').locator('.ant-table-row').first();
  await expect(row).toContainText(top.customerNo);
  await expect(row).toContainText(percent(top.score));
  await expect(row).toContainText(scorer);
  await expect(row).toContainText('高');
  if (top.lifecycle === 'CHURN_RISK') await expect(row).toContainText(CODES.lifecycle.CHURN_RISK.zh);
  await expect(row.getByTestId('churn-reasons').locator('li')).toHaveText(top.reasons.map((r) => r.text));
  await shot(page, 'churn-list-zh');

  // the customer's 360° view: the churn card says the same, and GET /api/churn/customers/{no} agrees
  await row.getByRole('link', { name: top.customerNo, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/customers/${top.customerNo}$`));
  const one = (await (await page.request.get(`/api/churn/customers/${top.customerNo}`)).json()) as CustomerChurn;
  expect(one.score).toMatchObject({ score: top.score, scorer: top.scorer, level: 'HIGH' });
  const churn = page.getByTestId('churn-card');
  await expect(churn.getByTestId('churn-score')).toHaveText(percent(one.score!.score));
  await expect(churn.getByTestId('churn-scorer')).toHaveText(scorer);
  await expect(churn).toContainText(`评分日 ${one.date}`);
  await expect(churn.getByTestId('churn-reasons').locator('li')).toHaveText(one.score!.reasons.map((r) => r.text));
  await churn.scrollIntoViewIfNeeded();
  await shot(page, 'churn-customer360-zh');
});
