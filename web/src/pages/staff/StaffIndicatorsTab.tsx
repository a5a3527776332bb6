import { useMemo, useState, type ReactNode } from 'react';
import { Space, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { EChartsCoreOption } from 'echarts/core';
import { Chart } from '../../components/Chart';
import { DataTable } from '../../components/DataTable';
import { MonthRangePicker, type MonthRange } from '../../components/MonthRangePicker';
import { toChartNumber } from '../../components/decimal';
import { EmptyState, ErrorState, Loading } from '../../components/States';
import { useI18n, type Translate } from '../../i18n/i18n';
import { moneyColumn, sumsOf, textColumn } from '../../components/columns';
import { useStaffIndicators, type MonthlyIndicator, type MonthlyTrading, type StaffIndicators } from './staffApi';

type IndicatorKey = Exclude<keyof MonthlyIndicator | keyof MonthlyTrading, 'month'>;

/** A month's figure titled `staff.ind.<key>`: counts right-aligned as they are, amounts as money (the large ones wider). */
function figureColumns<T extends { month: string }>(t: Translate, counts: readonly (keyof T & IndicatorKey)[], amounts: readonly (keyof T & IndicatorKey)[]): TableColumnsType<T> {
  const wide: readonly IndicatorKey[] = ['monthEndAsset', 'volume'];
  return [
    textColumn<T>('month', t('staff.month'), 90),
    ...counts.map((key) => ({ ...textColumn<T>(key, t(`staff.ind.${key}`), 90), align: 'right' as const })),
    ...amounts.map((key) => moneyColumn<T>(key, t(`staff.ind.${key}`), wide.includes(key) ? 150 : undefined)),
  ];
}

/** The month range of a staff member's indicators (GET /api/staff/{staffNo}/indicators) above what a tab draws of them. */
function MonthlyFigures({ staffNo, children }: { staffNo: string; children: (data: StaffIndicators | undefined, fetching: boolean) => ReactNode }) {
  const [range, setRange] = useState<MonthRange>({});
  const indicators = useStaffIndicators(staffNo, range);
  if (indicators.isError) return <ErrorState error={indicators.error} onRetry={() => void indicators.refetch()} />;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <MonthRangePicker onChange={setRange} shown={indicators.data} />
      {children(indicators.data, indicators.isFetching)}
    </Space>
  );
}

/** 月指标: the staff-monthly figures of each month, and a bar chart of volume and net commission. */
export function StaffIndicatorsTab({ staffNo }: { staffNo: string }) {
  return <MonthlyFigures staffNo={staffNo}>{(data, fetching) => (data ? <IndicatorsView rows={data.months} fetching={fetching} /> : <Loading />)}</MonthlyFigures>;
}

function IndicatorsView({ rows, fetching }: { rows: MonthlyIndicator[]; fetching: boolean }) {
  const { t } = useI18n();
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
  if (!rows.length) return <EmptyState />;
  const columns = figureColumns<MonthlyIndicator>(t, ['customers', 'validCustomers', 'newCustomers'], ['monthEndAsset', 'netInflow', 'volume', 'commission', 'netCommission', 'productSales']);
  return (
    <>
      <DataTable<MonthlyIndicator> rowKey="month" columns={columns} rows={rows} loading={fetching} />
      <Typography.Text strong>{t('staff.ind.chart')}</Typography.Text>
      <Chart option={option} height={280} testId="staff-indicators-chart" />
    </>
  );
}

const TRADING_SUMS = ['volume', 'quantity', 'commission', 'fees', 'guaranteed', 'netCommission'] as const satisfies readonly (keyof MonthlyTrading)[];

/** 交易统计: attributed volume, quantity, gross commission, fees, guaranteed and net commission by month, with totals. */
export function StaffTradingTab({ staffNo }: { staffNo: string }) {
  const { t } = useI18n();
  const columns = figureColumns<MonthlyTrading>(t, [], TRADING_SUMS);
  return (
    <MonthlyFigures staffNo={staffNo}>
      {(data, fetching) => {
        const rows = data?.trading ?? [];
        return <DataTable<MonthlyTrading> rowKey="month" columns={columns} rows={rows} loading={fetching} pending={!data} totals={{ values: sumsOf(rows, TRADING_SUMS), minRows: 2 }} />;
      }}
    </MonthlyFigures>
  );
}
