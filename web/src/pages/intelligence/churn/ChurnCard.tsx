import { Card, Descriptions, Typography } from 'antd';
import { useCodeLabel, useI18n } from '../../../i18n/i18n';
import { useCustomerChurn } from './churnApi';
import { ChurnLevelTag, ChurnReasons, ChurnScorerTag } from './ChurnReasons';

/** The 360° view's 流失预警 card: the customer's latest churn score, its level, who scored it (the rules or the model) and the reasons. */
export function ChurnCard({ customerNo }: { customerNo: string }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  const churn = useCustomerChurn(customerNo);
  const score = churn.data?.score;
  return (
    <Card size="small" title={t('churn.card')} extra={churn.data?.date ? t('churn.scoredOn', { date: churn.data.date }) : null} data-testid="churn-card">
      {!score ? (
        <Typography.Text type="secondary">{churn.isPending ? t('common.loading') : t('churn.unscored')}</Typography.Text>
      ) : (
        <Descriptions size="small" column={1}>
          <Descriptions.Item label={t('churn.col.score')}>
            <span style={{ fontVariantNumeric: 'tabular-nums', marginInlineEnd: 8 }} data-testid="churn-score">{(Number(score.score) * 100).toFixed(1)} %</span>
            <ChurnLevelTag level={score.level} text={label('churnLevel', score.level)} />
          </Descriptions.Item>
          <Descriptions.Item label={t('churn.col.scorer')}>
            <ChurnScorerTag scorer={score.scorer} text={label('churnScorer', score.scorer)} testId="churn-scorer" />
          </Descriptions.Item>
          <Descriptions.Item label={t('churn.col.reasons')}>
            <ChurnReasons reasons={score.reasons} />
          </Descriptions.Item>
        </Descriptions>
      )}
    </Card>
  );
}
