/**
 * An alert in words (异常监控): the evidence that made it fire, as a sentence in the UI's language, and
 * the actions its status allows. Pure: no React, no antd; tested in server/test/web-alert-words.test.ts.
 */
import { formatDecimal, percentText } from '../../components/decimal';
import type { Translate } from '../../i18n/i18n';

/** An alert's evidence as the API sends it (amounts, shares and ratios as decimal strings, days as YYYY-MM-DD). */
export type Evidence = Readonly<Record<string, unknown>>;

/** The actions on an alert (POST /api/alerts/{id}/actions). */
export type AlertActionCode = 'acknowledge' | 'close' | 'note';

const text = (evidence: Evidence, key: string): string => {
  const value = evidence[key];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
};

/**
 * The evidence in words (business-rules §9): "转出 620,000.00，占前一日（2026-11-02）净资产 1,000,000.00 的 62%",
 * "撤单 12/20 笔（60%）", "维持担保比例 142.13%，低于预警线 150%…", "经验模型（规则）评分 60%，达到预警阈值 50%";
 * '' for a rule without a wording or evidence lacking a figure the wording needs.
 */
export function evidenceWords(rule: string, evidence: Evidence, t: Translate): string {
  const money = (key: string) => formatDecimal(text(evidence, key));
  const percent = (key: string) => (text(evidence, key) ? percentText(text(evidence, key)) : '');
  const filled = (vars: Record<string, string>) => (Object.values(vars).every((v) => v !== '') ? vars : null);
  switch (rule) {
    case 'LARGE_WITHDRAWAL': {
      const vars = filled({ bankOut: money('bankOut'), previousNetAsset: money('previousNetAsset'), previousDay: text(evidence, 'previousDay'), share: percent('share') });
      return vars ? t('alerts.evidence.LARGE_WITHDRAWAL', vars) : '';
    }
    case 'QUICK_IN_OUT': {
      const days = text(evidence, 'tradingDaysBetween');
      const vars = filled({ bankIn: money('bankIn'), bankInDay: text(evidence, 'bankInDay'), bankOut: money('bankOut'), share: percent('share'), days });
      if (!vars) return '';
      return Number(days) === 0 ? t('alerts.evidence.QUICK_IN_OUT.sameDay', vars) : t('alerts.evidence.QUICK_IN_OUT', vars);
    }
    case 'FREQUENT_CANCEL': {
      const vars = filled({ cancelled: text(evidence, 'cancelled'), orders: text(evidence, 'orders'), share: percent('share') });
      return vars ? t('alerts.evidence.FREQUENT_CANCEL', vars) : '';
    }
    case 'MARGIN_WARNING':
    case 'MARGIN_LIQUIDATION': {
      const vars = filled({ ratio: percent('ratio'), line: percent('line'), collateral: money('collateral'), debt: money('debt') });
      return vars ? t(`alerts.evidence.${rule}`, vars) : '';
    }
    case 'CHURN_RISK': {
      // the score that crossed the threshold and who scored it (the experience rules or the trained model)
      const vars = filled({ score: percent('score'), threshold: percent('threshold') });
      if (!vars) return '';
      const scorer = text(evidence, 'scorer');
      return scorer === 'RULES' || scorer === 'MODEL' ? t('alerts.evidence.CHURN_RISK.scorer', { ...vars, scorer: t(`alerts.scorer.${scorer}`) }) : t('alerts.evidence.CHURN_RISK', vars);
    }
    default:
      return '';
  }
}

/** What can be done to an alert in a status: NEW → ACKNOWLEDGED → CLOSED (closed from NEW too); a note always. */
export function alertActions(status: string): AlertActionCode[] {
  if (status === 'NEW') return ['acknowledge', 'close', 'note'];
  if (status === 'ACKNOWLEDGED') return ['close', 'note'];
  return ['note'];
}
