import { useMemo } from 'react';
import { Card, Col, Row as GridRow, Space, Statistic, Typography } from 'antd';
import type { EChartsCoreOption } from 'echarts/core';
import { useLastTradingDay, useReport } from '../../api/queries';
import { useCurrentUser } from '../../components/AppLayout';
import { Chart } from '../../components/Chart';
import { divideToCents, formatDecimal, subtractDecimals, sumDecimals, toChartNumber } from '../../components/decimal';
import { EmptyState, ErrorState, Loading } from '../../components/States';
import { useI18n } from '../../i18n/i18n';
import { CountCard } from '../../components/CountCard';
import { ALERTS_PATH } from '../customers/alertsApi';
import { FollowUpsCard } from '../customers/FollowUpList';
import { ExpiringTodoCard } from '../suitability/ExpiringTodo';
import { KycTodoCard } from '../kyc/KycTodo';
import { TodoCard } from '../workflows/TodoWidgets';

/** side by side on a wide screen; on a phone each count takes the whole width */
const COUNT_CARD = { flex: '1 1 240px', maxWidth: 420 } as const;
const TIER_COLORS: Record<string, string> = { 玉满堂: '#2f9e44', 金满堂: '#f5a623', 银满堂: '#9aa5b1' };

export default function HomePage() {
  const { t } = useI18n();
  const me = useCurrentUser();
  const canReport = me.permissions.includes('reports');
  const lastDay = useLastTradingDay(canReport);
  const tiers = useReport('tier-distribution', lastDay.data ? { date: lastDay.data } : null);
  const trend = useReport('asset-trend', canReport ? { months: '6' } : null);

  const header = (
    <div>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('home.welcome', { name: me.displayName ?? me.username })}
      </Typography.Title>
      <Typography.Text type="secondary">
        {t('home.scope', { scope: t(`scope.${me.scopeLevel}`) })}
        {lastDay.data ? ` · ${t('home.asOf', { date: lastDay.data })}` : ''}
      </Typography.Text>
      <TodoCard style={{ marginTop: 16 }} />
      {/* the counts side by side, each opening the list it counts */}
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 16, marginTop: 16 }}>
        <FollowUpsCard style={COUNT_CARD} />
        <ExpiringTodoCard style={COUNT_CARD} />
        <KycTodoCard style={COUNT_CARD} />
        {me.permissions.includes('customers') ? (
          // the NEW alerts in the caller's scope, opening 异常监控 filtered to them
          <CountCard to={`${ALERTS_PATH}?status=NEW`} title={t('alerts.home')} hint={t('alerts.homeHint')} value={me.openAlerts} style={COUNT_CARD} testId="home-alerts" />
        ) : null}
      </div>
    </div>
  );

  const tierRows = useMemo(() => tiers.data?.rows ?? [], [tiers.data]);
  const trendRows = useMemo(() => trend.data?.rows ?? [], [trend.data]);
  const pie = (valueKey: 'customers' | 'asset', name: string): EChartsCoreOption => ({
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: { bottom: 0 },
    series: [
      {
        name,
        type: 'pie',
        radius: ['35%', '65%'],
        label: { formatter: '{b}\n{d}%' },
        data: tierRows.map((row) => ({
          name: String(row.tier),
          value: toChartNumber(row[valueKey] as string | number),
          itemStyle: { color: TIER_COLORS[String(row.tier)] },
        })),
      },
    ],
  });
  const barOption = useMemo<EChartsCoreOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 90, right: 70, top: 40, bottom: 30 },
      xAxis: { type: 'category', data: trendRows.map((r) => String(r.month)) },
      yAxis: [
        { type: 'value', name: t('chart.asset') },
        { type: 'value', name: t('chart.customers'), splitLine: { show: false } },
      ],
      series: [
        { name: t('chart.asset'), type: 'bar', data: trendRows.map((r) => toChartNumber(r.asset as string)), itemStyle: { color: '#c8102e' } },
        { name: t('chart.customers'), type: 'bar', yAxisIndex: 1, data: trendRows.map((r) => toChartNumber(r.customers as number)), itemStyle: { color: '#5470c6' } },
      ],
    }),
    [trendRows, t],
  );

  /** The greeting above one card saying why there is nothing to show. */
  const emptyPage = (text: string) => (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {header}
      <Card>
        <EmptyState text={text} />
      </Card>
    </Space>
  );
  if (!canReport) return emptyPage(t('home.noReports'));
  if (lastDay.isPending || (lastDay.data && tiers.isPending) || trend.isPending) return <Loading />;
  const error = lastDay.error ?? tiers.error ?? trend.error;
  if (error) {
    return (
      <ErrorState
        error={error}
        onRetry={() => {
          void lastDay.refetch();
          void tiers.refetch();
          void trend.refetch();
        }}
      />
    );
  }
  if (!lastDay.data || tierRows.length === 0) return emptyPage(t('home.noData'));

  const customers = tierRows.reduce((n, row) => n + Number(row.customers ?? 0), 0);
  const totalAsset = sumDecimals(tierRows.map((row) => row.asset as string));
  const last = trendRows.at(-1);
  const previous = trendRows.at(-2);
  const change = last && previous ? subtractDecimals(String(last.asset), String(previous.asset)) : null;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {header}
      <GridRow gutter={[16, 16]}>
        <Col xs={24} sm={12} lg={6}>
          <Card size="small">
            <Statistic title={t('home.customers')} value={customers} groupSeparator="," />
            {/* what this counts, beside the customer list's total (which includes closed customers) */}
            <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="home-customers-hint">
              {t('home.customersHint', { date: lastDay.data ?? '' })}
            </Typography.Text>
          </Card>
        </Col>
        <Col xs={24} sm={12} lg={6}>
          <Card size="small">
            <Statistic title={t('home.totalAsset')} value={formatDecimal(totalAsset)} />
          </Card>
        </Col>
        <Col xs={24} sm={12} lg={6}>
          <Card size="small">
            <Statistic title={t('home.avgAsset')} value={formatDecimal(divideToCents(totalAsset, customers))} />
          </Card>
        </Col>
        <Col xs={24} sm={12} lg={6}>
          <Card size="small">
            <Statistic
              title={t('home.monthChange')}
              value={change ? formatDecimal(change) : '—'}
              styles={{ content: { color: change?.startsWith('-') ? '#2f9e44' : '#c8102e' } }}
            />
          </Card>
        </Col>
      </GridRow>
      <GridRow gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('home.customersByTier')}>
            <Chart option={pie('customers', t('chart.customers'))} height={280} testId="pie-customers" />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('home.assetByTier')}>
            <Chart option={pie('asset', t('chart.asset'))} height={280} testId="pie-assets" />
          </Card>
        </Col>
      </GridRow>
      <Card size="small" title={t('home.monthEnd')}>
        {trendRows.length ? <Chart option={barOption} height={300} testId="bar-trend" /> : <EmptyState />}
      </Card>
    </Space>
  );
}
