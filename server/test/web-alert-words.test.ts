/**
 * The alerts page's wording (web/src/pages/customers/alertWords.ts): each rule's evidence in words in
 * both languages, and the actions each status allows. Pure functions of the browser code, tested
 * here because this is the suite `npm test` runs. Expected sentences worked out by hand.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** Loaded by path, as web-api-client.test.ts explains; only what the tests call is named. */
const webModule = (file: string) => fileURLToPath(new URL(`../../web/src/${file}`, import.meta.url));
type Translate = (key: string, vars?: Record<string, string | number>) => string;
type Evidence = Record<string, string | number>;
const { alertActions, evidenceWords } = (await import(webModule('pages/customers/alertWords.ts'))) as {
  alertActions: (status: string) => string[];
  evidenceWords: (rule: string, evidence: Evidence, t: Translate) => string;
};
const { enUS, zhCN } = (await import(webModule('i18n/messages.ts'))) as { enUS: Record<string, string>; zhCN: Record<string, string> };

/** The catalogue's message with its `{name}` placeholders filled, as the web's t() does. */
const translator =
  (catalogue: Record<string, string>): Translate =>
  (key, vars = {}) =>
    (catalogue[key] ?? key).replace(/\{(\w+)\}/g, (match: string, name: string) => (name in vars ? String(vars[name]) : match));
const zh = translator(zhCN);
const en = translator(enUS);

describe('evidenceWords', () => {
  it('LARGE_WITHDRAWAL: the amount out and its share of the previous day’s net asset', () => {
    const evidence = { bankOut: '620000.00', previousNetAsset: '1000000.00', previousDay: '2026-11-02', share: '0.6200' };
    expect(evidenceWords('LARGE_WITHDRAWAL', evidence, zh)).toBe('转出 620,000.00，占前一日（2026-11-02）净资产 1,000,000.00 的 62%');
    expect(evidenceWords('LARGE_WITHDRAWAL', evidence, en)).toBe('Withdrew 620,000.00, 62% of the net asset 1,000,000.00 of the previous day (2026-11-02)');
  });

  it('QUICK_IN_OUT: the deposit, its day, the share out within the trading days, and the same-day wording', () => {
    const evidence = { bankIn: '100000.00', bankInDay: '2026-11-02', bankOut: '95000.00', share: '0.95', tradingDaysBetween: 3 };
    expect(evidenceWords('QUICK_IN_OUT', evidence, zh)).toBe('转入 100,000.00 于 2026-11-02，3 个交易日内转出 95,000.00（95%），其间无交易');
    expect(evidenceWords('QUICK_IN_OUT', evidence, en)).toBe('Deposited 100,000.00 on 2026-11-02, withdrew 95,000.00 (95%) within 3 trading days, no trade in between');
    expect(evidenceWords('QUICK_IN_OUT', { ...evidence, tradingDaysBetween: 0, bankOut: '90000.00', share: '0.9' }, zh)).toBe(
      '转入 100,000.00 于 2026-11-02，当日转出 90,000.00（90%），其间无交易',
    );
  });

  it('FREQUENT_CANCEL: cancelled of all orders, with the share', () => {
    expect(evidenceWords('FREQUENT_CANCEL', { orders: 20, cancelled: 12, share: '0.6' }, zh)).toBe('撤单 12/20 笔（60%）');
    expect(evidenceWords('FREQUENT_CANCEL', { orders: 20, cancelled: 12, share: '0.6' }, en)).toBe('Cancelled 12 of 20 orders (60%)');
  });

  it('MARGIN_WARNING and MARGIN_LIQUIDATION: the ratio below its line, with collateral and debt', () => {
    // 1,421,300.00 ÷ 1,000,000.00 = 1.4213 → 142.13 %
    const warning = { ratio: '1.4213', collateral: '1421300.00', debt: '1000000.00', line: '1.50' };
    expect(evidenceWords('MARGIN_WARNING', warning, zh)).toBe('维持担保比例 142.13%，低于预警线 150%（担保资产 1,421,300.00，负债 1,000,000.00）');
    // 1,299,900.00 ÷ 1,000,000.00 = 1.2999 → 129.99 %
    const liquidation = { ratio: '1.2999', collateral: '1299900.00', debt: '1000000.00', line: '1.30' };
    expect(evidenceWords('MARGIN_LIQUIDATION', liquidation, en)).toBe(
      'Maintenance ratio 129.99%, below the liquidation line 130% (collateral 1,299,900.00, debt 1,000,000.00)',
    );
  });

  it('CHURN_RISK: the score that crossed the threshold and who scored it', () => {
    // the experience rules: OUTFLOW 0.35 + ASSET_DROP 0.25 = 0.6 against the default threshold 0.5
    const rules = { score: '0.6', threshold: '0.5', scorer: 'RULES', reasons: 'OUTFLOW ASSET_DROP' };
    expect(evidenceWords('CHURN_RISK', rules, zh)).toBe('经验模型（规则）评分 60%，达到预警阈值 50%');
    expect(evidenceWords('CHURN_RISK', { ...rules, score: '0.1234', threshold: '0.1', scorer: 'MODEL' }, en)).toBe(
      'Decision-tree model score 12.34%, at or above the alert threshold 10%',
    );
    // an alert raised before the scorer was recorded
    expect(evidenceWords('CHURN_RISK', { score: '0.8', threshold: '0.5' }, zh)).toBe('流失评分 80%，达到预警阈值 50%');
  });

  it('no sentence for an unknown rule, or evidence missing a figure', () => {
    expect(evidenceWords('CHURN_RISK', { score: '0.8' }, zh)).toBe('');
    expect(evidenceWords('SOMETHING_ELSE', {}, zh)).toBe('');
    expect(evidenceWords('FREQUENT_CANCEL', { orders: 20, share: '0.6' }, zh)).toBe('');
  });
});

describe('alertActions', () => {
  it.each([
    ['NEW', ['acknowledge', 'close', 'note']],
    ['ACKNOWLEDGED', ['close', 'note']],
    ['CLOSED', ['note']],
  ])('%s allows %j', (status, actions) => {
    expect(alertActions(status)).toEqual(actions);
  });
});
