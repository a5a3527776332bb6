import { useMemo } from 'react';
import { Alert, Card, DatePicker, Form, Space, Statistic, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import type { EChartsCoreOption } from 'echarts/core';
import type { Page } from '../../../api/types';
import { Chart } from '../../../components/Chart';
import { customerColumn, moneyColumn, nameColumn, NUMERIC_CELL, textColumn } from '../../../components/columns';
import { formatDecimal, toChartNumber } from '../../../components/decimal';
import { ChoiceFilter, ListPage, ListTotal, useListPage } from '../../../components/ListPage';
import type { FilterSpec } from '../../../components/listParams';
import { ErrorState, Loading } from '../../../components/States';
import { useI18n, type Translate } from '../../../i18n/i18n';
import { useContribution, valueRoot, type ContributionAnswer, type ContributionCustomer } from './valueApi';

const FILTERS: FilterSpec = { date: 'date', flagged: 'choice' };
const SORTABLE = ['contribution', 'avgNetAsset', 'netCommission'] as const;
const FLAGGED_COLOR = '#cf1322';
const OTHERS_COLOR = '#1677ff';

/**
 * 客户管理 → 客户贡献 (business-rules.md §6): what the customers of the caller's scope contributed
 * over the last 250 trading days — the exact totals of each part, a scatter of 20-day average net
 * asset against contribution with the large but unprofitable accounts in red, and the customers
 * with every part (those accounts by default from the menu), exported to Excel.
 */
export default function ContributionPage() {
  const { t } = useI18n();
  const list = useListPage<Page<ContributionCustomer>>({
    path: '/api/intelligence/contribution/customers',
    queryKey: valueRoot,
    filters: FILTERS,
    sortable: SORTABLE,
    defaultSort: 'contribution',
    exportFile: 'customer-contribution.xlsx',
  });
  const answer = useContribution(list.filters.date);

  const columns: NonNullable<TableProps<ContributionCustomer>['columns']> = [
    customerColumn<ContributionCustomer>('customerNo', t('value.col.customerNo')),
    nameColumn<ContributionCustomer>('name', t('value.col.name')),
    textColumn<ContributionCustomer>('branchName', t('value.col.branch'), 120),
    textColumn<ContributionCustomer>('tier', t('value.col.tier'), 80),
    { ...moneyColumn<ContributionCustomer>('avgNetAsset', t('contribution.col.avgNetAsset'), 150), sorter: true, sortOrder: list.sortOrder('avgNetAsset') },
    { ...moneyColumn<ContributionCustomer>('netCommission', t('contribution.netCommission')), sorter: true, sortOrder: list.sortOrder('netCommission') },
    moneyColumn<ContributionCustomer>('cashSpread', t('contribution.cashSpread')),
    moneyColumn<ContributionCustomer>('marginInterest', t('contribution.marginInterest')),
    moneyColumn<ContributionCustomer>('productFees', t('contribution.productFees')),
    { key: 'contacts', dataIndex: 'contacts', title: t('contribution.col.contacts'), align: 'right', width: 90, render: (v: number) => <span style={NUMERIC_CELL}>{v}</span> },
    moneyColumn<ContributionCustomer>('contactCost', t('contribution.contactCost')),
    moneyColumn<ContributionCustomer>('staffCost', t('contribution.staffCost')),
    { ...moneyColumn<ContributionCustomer>('contribution', t('contribution.col.contribution'), 140), sorter: true, sortOrder: list.sortOrder('contribution') },
    {
      key: 'flagged', dataIndex: 'flagged', title: t('contribution.col.flagged'), width: 100,
      render: (v: boolean) => (v ? <Tag color="red">{t('common.yes')}</Tag> : null),
    },
    nameColumn<ContributionCustomer>('staff', t('value.col.staff'), 160),
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {answer.isPending ? <Loading /> : answer.isError ? <ErrorState error={answer.error} onRetry={() => void answer.refetch()} /> : <Overview answer={answer.data} />}
      <ListPage<ContributionCustomer>
        list={list}
        filterTestId="contribution-filters"
        filters={
          <>
            <Form.Item name="date" label={t('value.date')}>
              <DatePicker placeholder={t('value.datePlaceholder')} style={{ width: 160 }} />
            </Form.Item>
            <ChoiceFilter
              name="flagged"
              placeholder={t('contribution.filter.flagged')}
              width={180}
              options={[{ value: 'true', label: t('contribution.filter.flaggedTrue') }, { value: 'false', label: t('contribution.filter.flaggedFalse') }]}
            />
          </>
        }
        title={list.filters.flagged === 'true' ? `${t('contribution.listTitle')} · ${t('contribution.flagged')}` : t('contribution.listTitle')}
        total={<ListTotal list={list} title={t('value.customers')} testId="contribution-total" />}
        rowKey="customerNo"
        columns={columns}
        emptyInTable
        data-testid="contribution-list"
      />
    </Space>
  );
}

/** The totals of each part, the rule, and the scatter. */
function Overview({ answer }: { answer: ContributionAnswer }) {
  const { t } = useI18n();
  const option = useMemo(() => scatterOption(answer, t), [answer, t]);
  if (!answer.date) return <Card size="small"><Typography.Text type="secondary">{t('value.noData')}</Typography.Text></Card>;
  const s = answer.summary;
  const money = (title: string, value: string, testId?: string) => (
    <span data-testid={testId}>
      <Statistic title={title} value={formatDecimal(value)} styles={{ content: { fontSize: 18, ...NUMERIC_CELL } }} />
    </span>
  );
  return (
    <>
      <Card size="small" title={t('contribution.summary')} extra={<Typography.Text type="secondary">{t('value.asOf', { date: answer.date })}</Typography.Text>}>
        <Space size="large" wrap>
          <Statistic title={t('contribution.customers')} value={s.customers} groupSeparator="," styles={{ content: { fontSize: 18 } }} />
          {money(t('contribution.total'), s.contribution, 'contribution-sum')}
          {money(t('contribution.netCommission'), s.netCommission)}
          {money(t('contribution.cashSpread'), s.cashSpread)}
          {money(t('contribution.marginInterest'), s.marginInterest)}
          {money(t('contribution.productFees'), s.productFees)}
          {money(t('contribution.contactCost'), s.contactCost)}
          {money(t('contribution.staffCost'), s.staffCost)}
        </Space>
        <Space size="large" wrap style={{ marginTop: 12 }}>
          <span data-testid="contribution-flagged">
            <Statistic title={t('contribution.flagged')} value={s.flagged} groupSeparator="," styles={{ content: { fontSize: 18, color: FLAGGED_COLOR } }} />
          </span>
          {money(t('contribution.flaggedAsset'), s.flaggedAvgNetAsset)}
        </Space>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {t('contribution.rule', { tiers: answer.rule.largeTiers.join('、'), percent: answer.rule.lowContributionPercent })}
        </Typography.Paragraph>
      </Card>
      <Card size="small" title={t('contribution.scatter')}>
        <Typography.Paragraph type="secondary">{t('contribution.scatterHint')}</Typography.Paragraph>
        {answer.truncated && <Alert type="info" showIcon style={{ marginBottom: 8 }} message={t('contribution.truncated', { n: answer.pointsLimit.toLocaleString() })} />}
        <Chart option={option} height={420} testId="contribution-scatter" />
      </Card>
    </>
  );
}

type Point = [number, number, string, string, string, string];

/** Two scatter series (the flagged in red), each point [asset, contribution, customer no., name, asset text, contribution text]. */
function scatterOption(answer: ContributionAnswer, t: Translate): EChartsCoreOption {
  const flagged: Point[] = [];
  const others: Point[] = [];
  const p = answer.points;
  p.customerNo.forEach((no, i) => {
    const asset = p.avgNetAsset[i] ?? '0';
    const contribution = p.contribution[i] ?? '0';
    const point: Point = [toChartNumber(asset), toChartNumber(contribution), no, p.name[i] ?? '', asset, contribution];
    (p.flagged[i] ? flagged : others).push(point);
  });
  const large = flagged.length + others.length > 2000;
  return {
    animation: false,
    legend: { top: 0, right: 10, data: [t('contribution.series.others'), t('contribution.series.flagged')] },
    grid: { left: 90, right: 30, top: 40, bottom: 50 },
    tooltip: {
      trigger: 'item',
      formatter: (item: { data: Point }) =>
        `${item.data[3]}（${item.data[2]}）<br/>${t('contribution.axis.asset')}: ${formatDecimal(item.data[4])}<br/>${t('contribution.axis.contribution')}: ${formatDecimal(item.data[5])}`,
    },
    xAxis: { type: 'value', name: t('contribution.axis.asset'), nameLocation: 'middle', nameGap: 30, scale: true },
    yAxis: { type: 'value', name: t('contribution.axis.contribution'), scale: true },
    series: [
      { name: t('contribution.series.others'), type: 'scatter', data: others, symbolSize: 5, large, itemStyle: { color: OTHERS_COLOR, opacity: 0.5 } },
      { name: t('contribution.series.flagged'), type: 'scatter', data: flagged, symbolSize: 8, itemStyle: { color: FLAGGED_COLOR } },
    ],
  };
}
