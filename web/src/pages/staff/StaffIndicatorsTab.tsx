import { useMemo, useState } from 'react';
import { Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { EChartsCoreOption } from 'echarts/core';
import { Chart } from '../../components/Chart';
import { MonthRangePicker, type MonthRange } from '../../components/MonthRangePicker';
import { toChartNumber } from '../../components/decimal';
import { EmptyState, ErrorState, Loading } from '../../components/States';
import { useI18n } from '../../i18n/i18n';
import { moneyColumn, sumsOf, textColumn, totalsRow } from '../../components/columns';
import { useStaffIndicators, type MonthlyIndicator, type MonthlyTrading } from './staffApi';

/** 月指标: the staff-monthly figures of each month, and a bar chart of volume and net commission. */
export function StaffIndicatorsTab({ staffNo }: { staffNo: string }) {
  const { t } = useI18n();
  const [range, setRange] = useState<MonthRange>({});
  const indicators = useStaffIndicators(staffNo, range);
  const rows = indicators.data?.months ?? [];

  const option = useMemo<EChartsCoreOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 90, right: 90, top: 40, bottom: 30 },
      xAxis: { type: 'category', data: rows.map((m) => m.month) },
      yAxis: [
        { type: 'value', name: t('staff.ind.volume') },
        { type: 'value', name: t('staff.ind.netCommission'), splitLine: { show: false } },
      ],
      series: [
        { name: t('staff.ind.volume'), type: 'bar', data: rows.map((m) => toChartNumber(m.volume)) },
        { name: t('staff.ind.netCommission'), type: 'bar', yAxisIndex: 1, data: rows.map((m) => toChartNumber(m.netCommission)) },
      ],
    }),
    [rows, t],
  );

  const columns: TableColumnsType<MonthlyIndicator> = [
    textColumn('month', t('staff.pay.month'), 90),
    { ...textColumn<MonthlyIndicator>('customers', t('staff.ind.customers'), 90), align: 'right' },
    { ...textColumn<MonthlyIndicator>('validCustomers', t('staff.ind.validCustomers'), 90), align: 'right' },
    { ...textColumn<MonthlyIndicator>('newCustomers', t('staff.ind.newCustomers'), 90), align: 'right' },
    moneyColumn('monthEndAsset', t('staff.ind.monthEndAsset'), 150),
    moneyColumn('netInflow', t('staff.ind.netInflow')),
    moneyColumn('volume', t('staff.ind.volume'), 150),
    moneyColumn('commission', t('staff.ind.commission')),
    moneyColumn('netCommission', t('staff.ind.netCommission')),
    moneyColumn('productSales', t('staff.ind.productSales')),
  ];

  if (indicators.isError) return <ErrorState error={indicators.error} onRetry={() => void indicators.refetch()} />;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <MonthRangePicker label={t('staff.months')} onChange={setRange} shown={indicators.data} />
      {indicators.isPending ? (
        <Loading />
      ) : rows.length ? (
        <>
          <Table<MonthlyIndicator> rowKey="month" size="small" columns={columns} dataSource={rows} pagination={false} scroll={{ x: 'max-content' }} loading={indicators.isFetching} />
          <Typography.Text strong>{t('staff.ind.chart')}</Typography.Text>
          <Chart option={option} height={280} testId="staff-indicators-chart" />
        </>
      ) : (
        <EmptyState />
      )}
    </Space>
  );
}

const TRADING_SUMS = ['volume', 'quantity', 'commission', 'fees', 'guaranteed', 'netCommission'] as const;

/** 交易统计: attributed volume, quantity, gross commission, fees, guaranteed and net commission by month, with totals. */
export function StaffTradingTab({ staffNo }: { staffNo: string }) {
  const { t } = useI18n();
  const [range, setRange] = useState<MonthRange>({});
  const indicators = useStaffIndicators(staffNo, range);
  const rows = indicators.data?.trading ?? [];
  const columns: TableColumnsType<MonthlyTrading> = [
    textColumn('month', t('staff.pay.month'), 90),
    moneyColumn('volume', t('staff.ind.volume'), 150),
    moneyColumn('quantity', t('staff.ind.quantity')),
    moneyColumn('commission', t('staff.ind.commission')),
    moneyColumn('fees', t('staff.ind.fees')),
    moneyColumn('guaranteed', t('staff.ind.guaranteed')),
    moneyColumn('netCommission', t('staff.ind.netCommission')),
  ];
  if (indicators.isError) return <ErrorState error={indicators.error} onRetry={() => void indicators.refetch()} />;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <MonthRangePicker label={t('staff.months')} onChange={setRange} shown={indicators.data} />
      <Table<MonthlyTrading>
        rowKey="month"
        size="small"
        columns={columns}
        dataSource={rows}
        pagination={false}
        loading={indicators.isFetching}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: indicators.isPending ? ' ' : <EmptyState /> }}
        summary={() => (rows.length > 1 ? totalsRow(columns, t('common.total'), sumsOf(rows, TRADING_SUMS)) : null)}
      />
    </Space>
  );
}
