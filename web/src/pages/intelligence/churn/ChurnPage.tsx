import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Row, Space, Statistic, Table, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import type { EChartsCoreOption } from 'echarts/core';
import { useMemo } from 'react';
import dayjs from 'dayjs';
import { Link } from 'react-router';
import { api } from '../../../api/api';
import { useCurrentUser } from '../../../components/AppLayout';
import { Chart } from '../../../components/Chart';
import { customerColumn, moneyColumn, nameColumn, NUMERIC_CELL, textColumn } from '../../../components/columns';
import { ChoiceFilter, ListPage, ListTotal, useListPage } from '../../../components/ListPage';
import type { FilterSpec } from '../../../components/listParams';
import { ErrorState, Loading } from '../../../components/States';
import { useCodeLabel, useI18n } from '../../../i18n/i18n';
import { LIFECYCLE_PATHS } from '../lifecycle/lifecycleApi';
import { churnRoot, useChurnModel, type ChurnModel, type ChurnScore, type ChurnScoreList } from './churnApi';
import { ChurnLevelTag, ChurnReasons, ChurnScorerTag } from './ChurnReasons';

const FILTERS: FilterSpec = { level: 'choice', customerNo: 'text' };

const percent = (x: string | null): string => (x === null ? '—' : `${(Number(x) * 100).toFixed(1)} %`);

/**
 * 客户管理 → 流失预警 (business-rules.md §7): the model's quality measured out of time (AUC of the tree
 * and of the experience rules alone, precision and lift in the top 10 %, the cut-off days, the
 * features by importance), a retrain button for admins, who scores (经验模型 until a trained model is
 * active: then the rules, their weights and why there is no model yet), and the scored customers in
 * scope, highest score first, each with its scorer and the reasons in words, exported to Excel.
 */
export default function ChurnPage() {
  const { t } = useI18n();
  const label = useCodeLabel();
  const model = useChurnModel();
  const list = useListPage<ChurnScoreList>({ path: '/api/churn/scores', queryKey: churnRoot, filters: FILTERS, exportFile: 'churn-scores.xlsx' });

  const columns: NonNullable<TableProps<ChurnScore>['columns']> = [
    customerColumn<ChurnScore>('customerNo', t('churn.col.customerNo')),
    nameColumn<ChurnScore>('customerName', t('churn.col.name')),
    {
      key: 'score', dataIndex: 'score', title: t('churn.col.score'), align: 'right', width: 110,
      render: (v: string) => <span style={NUMERIC_CELL}>{percent(v)}</span>,
    },
    { key: 'level', dataIndex: 'level', title: t('churn.col.level'), width: 80, render: (v: ChurnScore['level']) => <ChurnLevelTag level={v} text={label('churnLevel', v)} /> },
    { key: 'scorer', dataIndex: 'scorer', title: t('churn.col.scorer'), width: 130, render: (v: ChurnScore['scorer']) => <ChurnScorerTag scorer={v} text={label('churnScorer', v)} /> },
    { key: 'reasons', dataIndex: 'reasons', title: t('churn.col.reasons'), width: 420, render: (v: ChurnScore['reasons']) => <ChurnReasons reasons={v} /> },
    { key: 'lifecycle', dataIndex: 'lifecycle', title: t('churn.col.lifecycle'), width: 100, render: (v: string | null) => label('lifecycle', v) },
    moneyColumn<ChurnScore>('netAsset', t('churn.col.netAsset'), 140),
    nameColumn<ChurnScore>('staffName', t('churn.col.staff'), 120),
    textColumn<ChurnScore>('branchName', t('churn.col.branch'), 120),
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {model.isPending ? <Loading /> : model.isError ? <ErrorState error={model.error} onRetry={() => void model.refetch()} /> : <ModelQuality model={model.data} />}
      <ListPage<ChurnScore>
        list={list}
        filterTestId="churn-filters"
        filters={
          <>
            <ChoiceFilter name="level" placeholder={t('churn.filter.level')} width={140} options={(['HIGH', 'MEDIUM', 'LOW'] as const).filter((v) => v !== 'LOW').map((v) => ({ value: v, label: `${label('churnLevel', v)}${t('churn.filter.andAbove')}` }))} />
          </>
        }
        // every scored customer (the follow-up list of those past the threshold is 潜在流失客户)
        notice={<Alert type="info" showIcon title={<Link to={LIFECYCLE_PATHS.CHURN_RISK} data-testid="churn-follow-up-link">{t('lifecycle.toChurnRisk')}</Link>} />}
        title={t('churn.listTitle')}
        total={<ListTotal list={list} title={t('churn.total')} testId="churn-total" />}
        rowKey="customerNo"
        columns={columns}
        emptyInTable
        data-testid="churn-list"
      />
    </Space>
  );
}

function ModelQuality({ model }: { model: ChurnModel }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  const me = useCurrentUser();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const train = useMutation({
    mutationFn: () => api.post('/api/churn/train', {}),
    onSuccess: async (answer) => {
      await queryClient.invalidateQueries({ queryKey: churnRoot });
      void message.success(answer.noModelReason ? label('churnNoModel', answer.noModelReason) : t('churn.trained'));
    },
  });
  const importance = useMemo(() => model.features.filter((f) => Number(f.importance) > 0).slice(0, 12).reverse(), [model.features]);
  const option = useMemo<EChartsCoreOption>(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 200, right: 40, top: 10, bottom: 30 },
      xAxis: { type: 'value', axisLabel: { formatter: (v: number) => `${Math.round(v * 100)} %` } },
      yAxis: { type: 'category', data: importance.map((f) => label('churnFeature', f.name)) },
      series: [{ type: 'bar', name: t('churn.importance'), data: importance.map((f) => Number(f.importance)), itemStyle: { color: '#c8102e' } }],
    }),
    [importance, label, t],
  );
  const canTrain = me.permissions.includes('churn.train');
  const retrain = canTrain ? (
    <Button onClick={() => train.mutate()} loading={train.isPending} data-testid="churn-train">{t('churn.train')}</Button>
  ) : null;

  const noModel = model.noModelReason ? (
    <Typography.Paragraph type="warning" data-testid="churn-no-model" style={{ marginBottom: 0 }}>
      {label('churnNoModel', model.noModelReason)}
      {model.needDays ? ` ${t('churn.needDays', { have: String(model.historyDays ?? model.daysImported), need: String(model.needDays) })}` : ''}
      {model.activeTrainedAt ? ` ${t('churn.olderModel', { at: model.activeTrainedAt.slice(0, 10) })}` : ''}
    </Typography.Paragraph>
  ) : null;

  const scorer = model.scorer ? (
    <ChurnScorerTag scorer={model.scorer} text={t('churn.scorer', { scorer: label('churnScorer', model.scorer) })} testId="churn-scorer" />
  ) : null;

  return (
    <Card size="small" title={t('churn.model')} extra={<Space>{scorer}{retrain}</Space>} data-testid="churn-model">
      {noModel}
      {model.activeTrainedAt ? null : <RulesScoring model={model} />}
      {model.auc !== null ? (
        <>
          <Row gutter={16}>
            <Col xs={12} md={6}>
              <Tooltip title={t('churn.aucHint')}><span><Statistic title={t('churn.aucTree')} value={model.auc} data-testid="churn-auc" /></span></Tooltip>
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('churn.aucRules')} value={model.rulesAuc ?? '—'} />
              <Typography.Text type="secondary">{t('churn.singleTree', { value: model.singleTreeAuc ?? '—' })}</Typography.Text>
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('churn.precision')} value={percent(model.precisionAtTop10)} />
              <Typography.Text type="secondary">{t('churn.rulesValue', { value: percent(model.rulesPrecisionAtTop10) })}</Typography.Text>
            </Col>
            <Col xs={12} md={6}>
              <Statistic title={t('churn.lift')} value={model.liftAtTop10 ?? '—'} />
              <Typography.Text type="secondary">{t('churn.rulesValue', { value: model.rulesLiftAtTop10 ?? '—' })}</Typography.Text>
            </Col>
          </Row>
          <Row gutter={16} style={{ marginTop: 16 }}>
            <Col xs={24} xl={10}>
              <Descriptions size="small" column={1}>
                <Descriptions.Item label={t('churn.horizon')}>{t('churn.days', { n: String(model.horizonDays) })}</Descriptions.Item>
                <Descriptions.Item label={t('churn.threshold')}>{percent(model.threshold)}</Descriptions.Item>
                <Descriptions.Item label={t('churn.trainCutoffs')}>{model.trainCutoffs.join('、')}</Descriptions.Item>
                <Descriptions.Item label={t('churn.testCutoffs')}>{model.testCutoffs.join('、')}</Descriptions.Item>
                <Descriptions.Item label={t('churn.examples')}>
                  {t('churn.examplesValue', { n: String(model.examples ?? 0), churned: String(model.churners ?? 0), testN: String(model.testExamples ?? 0), testChurned: String(model.testChurners ?? 0) })}
                </Descriptions.Item>
                <Descriptions.Item label={t('churn.trainedAt')}>{model.trainedAt ? dayjs(model.trainedAt).format('YYYY-MM-DD HH:mm') : '—'}</Descriptions.Item>
                <Descriptions.Item label={t('churn.scoredDay')}>{model.scoredDay ?? '—'}</Descriptions.Item>
              </Descriptions>
            </Col>
            <Col xs={24} xl={14}>
              <Typography.Text strong>{t('churn.importance')}</Typography.Text>
              {importance.length ? <Chart option={option} height={Math.max(160, importance.length * 26 + 40)} testId="churn-importance" /> : null}
            </Col>
          </Row>
        </>
      ) : null}
    </Card>
  );
}

/**
 * While no trained model is active: how the experience rules (经验模型) score each imported day, the
 * feature window a score needs, and the rules with their conditions and weights (the API's words).
 */
function RulesScoring({ model }: { model: ChurnModel }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  const notYet = model.daysImported < model.windowDays ? t('churn.windowNotYet', { n: String(model.windowDays) }) : '';
  const columns: NonNullable<TableProps<ChurnModel['rules'][number]>['columns']> = [
    { key: 'code', dataIndex: 'code', title: t('churn.rule.name'), width: 160, render: (v: string) => label('churnRule', v) },
    { key: 'condition', dataIndex: 'condition', title: t('churn.rule.condition') },
    { key: 'weight', dataIndex: 'weight', title: t('churn.rule.weight'), align: 'right', width: 90, render: (v: string) => <span style={NUMERIC_CELL}>{v}</span> },
  ];
  return (
    <div data-testid="churn-rules">
      <Typography.Paragraph style={{ marginBottom: 8 }}>{t('churn.rulesScoring', { threshold: percent(model.threshold) })}</Typography.Paragraph>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }} data-testid="churn-window">
        {t('churn.window', { n: String(model.windowDays), have: String(model.daysImported), notYet })}
      </Typography.Paragraph>
      <Table<ChurnModel['rules'][number]>
        size="small"
        rowKey="code"
        pagination={false}
        columns={columns}
        dataSource={model.rules}
        title={() => <Typography.Text strong>{t('churn.rules')}</Typography.Text>}
        style={{ maxWidth: 720 }}
      />
    </div>
  );
}
