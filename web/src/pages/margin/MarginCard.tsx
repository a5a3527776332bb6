import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Card, Collapse, Descriptions, Space, Table, Tag, Typography } from 'antd';
import type { EChartsCoreOption } from 'echarts/core';
import { api } from '../../api/api';
import { Chart } from '../../components/Chart';
import { formatDecimal, toChartNumber } from '../../components/decimal';
import { useCodeLabel, useI18n } from '../../i18n/i18n';
import { marginRoot, ratioPercent, STATE_COLOR, useCustomerMargin, type CustomerMargin } from './marginApi';

type Account = CustomerMargin['accounts'][number];

/**
 * The 360° view's 融资融券 card: each credit account of the customer on the last imported day (debt,
 * interest, collateral, the maintenance ratio and its state) with the ratio's daily history drawn
 * against the warning, liquidation and withdrawal lines; for a customer without one, whether they
 * qualify for the margin pool (两融合格客户池) and which conditions fail.
 */
export function MarginCard({ customerNo }: { customerNo: string }) {
  const { t } = useI18n();
  const margin = useCustomerMargin(customerNo);
  const accounts = margin.data?.accounts ?? [];
  return (
    <Card size="small" title={t('margin.card')} data-testid="margin-card">
      {margin.isPending ? (
        <Typography.Text type="secondary">{t('common.loading')}</Typography.Text>
      ) : accounts.length && margin.data ? (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          {accounts.map((a) => <CreditAccount key={a.account.fundAccount} entry={a} lines={margin.data.lines} />)}
        </Space>
      ) : (
        <PoolCheck customerNo={customerNo} />
      )}
    </Card>
  );
}

function CreditAccount({ entry, lines }: { entry: Account; lines: CustomerMargin['lines'] }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  const { account, history } = entry;
  const option = useMemo<EChartsCoreOption>(() => {
    const line = (name: string, percent: string, color: string) => ({ name, yAxis: toChartNumber(percent), lineStyle: { color, type: 'dashed' }, label: { formatter: `${name} ${percent}%` } });
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 60, right: 110, top: 20, bottom: 30 },
      xAxis: { type: 'category', data: history.map((h) => h.date) },
      // the liquidation and warning lines always in view (the withdrawal line when the ratio nears it)
      yAxis: {
        type: 'value', name: '%',
        min: (v: { min: number }) => Math.floor(Math.min(v.min, toChartNumber(lines.liquidation)) * 0.95),
        max: (v: { max: number }) => Math.ceil(Math.max(v.max, toChartNumber(lines.warning)) * 1.05),
      },
      series: [
        {
          name: t('margin.col.ratio'), type: 'line', showSymbol: history.length < 40,
          data: history.map((h) => (h.maintenanceRatio === null ? null : toChartNumber(h.maintenanceRatio) * 100)),
          markLine: {
            symbol: 'none',
            data: [line(t('margin.line.warning'), lines.warning, '#fa8c16'), line(t('margin.line.liquidation'), lines.liquidation, '#c8102e'), line(t('margin.line.withdrawable'), lines.withdrawable, '#52c41a')],
          },
        },
      ],
    };
  }, [history, lines, t]);
  return (
    <div data-testid={`margin-account-${account.fundAccount}`}>
      <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }} title={`${t('margin.col.fundAccount')} ${account.fundAccount}`} extra={t('c360.asOf', { date: account.date })}>
        <Descriptions.Item label={t('margin.col.ratio')}>
          <span style={{ fontVariantNumeric: 'tabular-nums', marginInlineEnd: 8 }} data-testid="margin-ratio">{ratioPercent(account.maintenanceRatio)}</span>
          {account.state ? <Tag color={STATE_COLOR[account.state]} data-testid="margin-state">{label('marginState', account.state)}</Tag> : null}
        </Descriptions.Item>
        <Descriptions.Item label={t('margin.col.collateralValue')}>{formatDecimal(account.collateralValue)}</Descriptions.Item>
        <Descriptions.Item label={t('margin.col.financingDebt')}>{formatDecimal(account.financingDebt)}</Descriptions.Item>
        <Descriptions.Item label={t('margin.col.lendingDebt')}>{formatDecimal(account.lendingDebt)}</Descriptions.Item>
        <Descriptions.Item label={t('margin.col.interestPayable')}>{formatDecimal(account.interestPayable)}</Descriptions.Item>
        <Descriptions.Item label={t('margin.col.debt')}>{formatDecimal(account.debt)}</Descriptions.Item>
      </Descriptions>
      {history.length ? <Chart option={option} height={220} testId="margin-ratio-chart" /> : null}
      {history.length ? (
        <Collapse
          size="small"
          ghost
          items={[{ key: 'days', label: t('margin.history', { n: String(history.length) }), children: <HistoryTable history={history} /> }]}
          data-testid="margin-history-toggle"
        />
      ) : null}
    </div>
  );
}

/** The account's daily figures, newest first: the exact ratio of each day beside its state. */
function HistoryTable({ history }: { history: Account['history'] }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  const rows = useMemo(() => [...history].reverse(), [history]);
  return (
    <Table<Account['history'][number]>
      size="small"
      rowKey="date"
      dataSource={rows}
      pagination={{ pageSize: 10, size: 'small', hideOnSinglePage: true, showSizeChanger: false }}
      data-testid="margin-history"
      columns={[
        { key: 'date', dataIndex: 'date', title: t('margin.col.date'), width: 110 },
        { key: 'debt', dataIndex: 'debt', title: t('margin.col.debt'), align: 'right', render: (v: string) => formatDecimal(v) },
        { key: 'collateralValue', dataIndex: 'collateralValue', title: t('margin.col.collateralValue'), align: 'right', render: (v: string) => formatDecimal(v) },
        { key: 'maintenanceRatio', dataIndex: 'maintenanceRatio', title: t('margin.col.ratio'), align: 'right', render: (v: string | null) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{ratioPercent(v)}</span> },
        { key: 'state', dataIndex: 'state', title: t('margin.col.state'), render: (v: Account['history'][number]['state']) => <Tag color={STATE_COLOR[v]}>{label('marginState', v)}</Tag> },
      ]}
    />
  );
}

/** Whether a customer without a credit account qualifies for the pool, and the conditions failing in words. */
export function PoolCheck({ customerNo }: { customerNo: string }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  const check = useQuery({
    queryKey: [...marginRoot, 'pool-check', customerNo],
    queryFn: ({ signal }) => api.get('/api/margin/qualified-pool/{customerNo}', { path: { customerNo } }, signal),
  });
  if (!check.data) return <Typography.Text type="secondary">{check.isPending ? t('common.loading') : t('margin.noAccount')}</Typography.Text>;
  const { qualified, failing, date } = check.data;
  return (
    <Descriptions size="small" column={1}>
      <Descriptions.Item label={t('margin.pool')}>
        <span data-testid="margin-pool-check">
          {qualified ? <Tag color="green">{t('margin.qualified')}</Tag> : <Tag>{t('margin.notQualified')}</Tag>}
          {failing.map((code) => <Tag key={code} color="orange">{label('marginPoolFailing', code)}</Tag>)}
        </span>
        {date ? <Typography.Text type="secondary">{t('c360.asOf', { date })}</Typography.Text> : null}
      </Descriptions.Item>
    </Descriptions>
  );
}
