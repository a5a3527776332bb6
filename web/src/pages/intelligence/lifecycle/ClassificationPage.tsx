import { useMemo } from 'react';
import { Card, Col, DatePicker, Form, Row, Space, Typography } from 'antd';
import { Link } from 'react-router';
import type { Page } from '../../../api/types';
import { Chart } from '../../../components/Chart';
import { NUMERIC_CELL } from '../../../components/columns';
import { formatDecimal, sumDecimals, toChartNumber } from '../../../components/decimal';
import { ChoiceFilter, ListPage, ListTotal, TextFilter, useListPage } from '../../../components/ListPage';
import type { FilterSpec } from '../../../components/listParams';
import { ErrorState, Loading } from '../../../components/States';
import { useCodeLabel, useI18n } from '../../../i18n/i18n';
import { lifecycleColumns } from './lifecycleColumns';
import {
  LIFECYCLE_ORDER, lifecycleRoot, PROSPECTS_PATH, useClassification, type ClassificationAnswer, type ClassificationCell, type Lifecycle, type LifecycleCustomer,
} from './lifecycleApi';

const FILTERS: FilterSpec = { date: 'date', lifecycle: 'choice', tier: 'choice', q: 'text' };
const SORTABLE = ['netAsset', 'lastTradeDate'];

/**
 * 客户管理 → 级别和分类 (business-rules.md §6): the customers of the caller's scope per tier and
 * lifecycle on the last imported trading day (or a chosen one) with their net assets, the trend
 * at the last 12 month ends, and the customers of the chosen cell below (a click on a cell chooses
 * it), exported to Excel.
 */
export default function ClassificationPage() {
  const { t } = useI18n();
  const label = useCodeLabel();
  const list = useListPage<Page<LifecycleCustomer>>({
    path: '/api/intelligence/lifecycle-customers',
    queryKey: [...lifecycleRoot, 'classified'],
    filters: FILTERS,
    sortable: SORTABLE,
    defaultSort: '-netAsset',
    exportFile: 'classification.xlsx',
  });
  const answer = useClassification(list.filters.date);
  const choose = (lifecycle: Lifecycle, tier: string | null) =>
    list.update({ lifecycle, tier: tier ?? undefined, page: undefined });
  const tiers = answer.data?.tiers ?? [];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {answer.isPending ? <Loading /> : answer.isError ? <ErrorState error={answer.error} onRetry={() => void answer.refetch()} /> : (
        <Matrix answer={answer.data} chosen={{ lifecycle: list.filters.lifecycle, tier: list.filters.tier }} onChoose={choose} />
      )}
      {answer.data?.date ? <Trend answer={answer.data} /> : null}
      <ListPage<LifecycleCustomer>
        list={list}
        filterTestId="classification-filters"
        filters={
          <>
            <Form.Item name="date" label={t('lifecycle.date')}>
              <DatePicker placeholder={t('lifecycle.datePlaceholder')} style={{ width: 160 }} />
            </Form.Item>
            <ChoiceFilter name="lifecycle" placeholder={t('lifecycle.filter.lifecycle')} width={140} options={LIFECYCLE_ORDER.map((v) => ({ value: v, label: label('lifecycle', v) }))} />
            <ChoiceFilter name="tier" placeholder={t('lifecycle.filter.tier')} width={120} options={tiers.map((v) => ({ value: v, label: v }))} />
            <TextFilter name="q" placeholder={t('lifecycle.filter.q')} width={200} />
          </>
        }
        title={t('lifecycle.listTitle')}
        total={<ListTotal list={list} title={t('lifecycle.customers')} testId="classification-total" />}
        rowKey="customerNo"
        columns={lifecycleColumns(t, label, { sortOrder: list.sortOrder, tiers })}
        emptyInTable
        data-testid="classification-list"
      />
    </Space>
  );
}

/** The tier × lifecycle matrix: a row per tier (and one for customers without a tier: not open, closed), a column per lifecycle. */
function Matrix({ answer, chosen, onChoose }: {
  answer: ClassificationAnswer; chosen: { lifecycle?: string; tier?: string }; onChoose: (lifecycle: Lifecycle, tier: string | null) => void;
}) {
  const { t } = useI18n();
  const label = useCodeLabel();
  if (!answer.date) return <Card size="small"><Typography.Text type="secondary">{t('lifecycle.noData')}</Typography.Text></Card>;
  const rows: (string | null)[] = [...answer.tiers, ...(answer.cells.some((c) => c.tier === null) ? [null] : [])];
  const find = (tier: string | null, lifecycle: Lifecycle) => answer.cells.find((c) => c.tier === tier && c.lifecycle === lifecycle);
  const sum = (cells: ClassificationCell[]) => ({ customers: cells.reduce((n, c) => n + c.customers, 0), netAsset: sumDecimals(cells.map((c) => c.netAsset)) });
  const th = { fontWeight: 500, padding: '6px 8px', whiteSpace: 'nowrap' } as const;
  const td = { padding: '6px 8px', textAlign: 'right', verticalAlign: 'top' } as const;
  const figure = (n: number, amount: string) => (
    <>
      <div style={{ fontSize: 16, ...NUMERIC_CELL }}>{t('lifecycle.cellCustomers', { n: n.toLocaleString() })}</div>
      <Typography.Text type="secondary" style={{ fontSize: 12, ...NUMERIC_CELL }}>{formatDecimal(amount)}</Typography.Text>
    </>
  );
  return (
    <Card
      size="small"
      title={t('lifecycle.matrix')}
      extra={
        <Space size="middle">
          <Link to={PROSPECTS_PATH}>{t('lifecycle.prospects', { n: answer.prospects.toLocaleString() })}</Link>
          <Typography.Text type="secondary">{t('lifecycle.asOf', { date: answer.date })}</Typography.Text>
        </Space>
      }
      data-testid="classification-matrix"
    >
      <div style={{ overflowX: 'auto' }}>
        <table style={{ width: '100%', borderCollapse: 'collapse' }}>
          <thead>
            <tr style={{ borderBottom: '1px solid #f0f0f0' }}>
              <th style={{ ...th, textAlign: 'left' }}>{t('lifecycle.tier')}</th>
              {LIFECYCLE_ORDER.map((l) => <th key={l} style={{ ...th, textAlign: 'right' }}>{label('lifecycle', l)}</th>)}
              <th style={{ ...th, textAlign: 'right' }}>{t('lifecycle.total')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((tier) => {
              const total = sum(answer.cells.filter((c) => c.tier === tier));
              return (
                <tr key={tier ?? '-'} style={{ borderBottom: '1px solid #f0f0f0' }}>
                  <th style={{ ...th, textAlign: 'left' }}>{tier ?? t('lifecycle.tierNone')}</th>
                  {LIFECYCLE_ORDER.map((l) => {
                    const cell = find(tier, l);
                    const active = chosen.lifecycle === l && (chosen.tier ?? null) === tier;
                    return (
                      <td
                        key={l}
                        style={{ ...td, cursor: cell ? 'pointer' : undefined, background: active ? '#e6f4ff' : undefined }}
                        onClick={cell ? () => onChoose(l, tier) : undefined}
                        data-testid={`cell-${tier ?? 'none'}-${l}`}
                      >
                        {cell ? figure(cell.customers, cell.netAsset) : <Typography.Text type="secondary">-</Typography.Text>}
                      </td>
                    );
                  })}
                  <td style={td}>{figure(total.customers, total.netAsset)}</td>
                </tr>
              );
            })}
            <tr>
              <th style={{ ...th, textAlign: 'left' }}>{t('lifecycle.total')}</th>
              {LIFECYCLE_ORDER.map((l) => {
                const total = sum(answer.cells.filter((c) => c.lifecycle === l));
                return <td key={l} style={td}>{figure(total.customers, total.netAsset)}</td>;
              })}
              <td style={td}>{figure(sum(answer.cells).customers, sum(answer.cells).netAsset)}</td>
            </tr>
          </tbody>
        </table>
      </div>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>{t('lifecycle.matrixHint')}</Typography.Paragraph>
    </Card>
  );
}

/** The counts by lifecycle and the net assets by tier at the last 12 month ends. */
function Trend({ answer }: { answer: ClassificationAnswer }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  const counts = useMemo(() => ({
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 60, right: 16, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: answer.trend.map((m) => m.month) },
    yAxis: { type: 'value' },
    series: LIFECYCLE_ORDER.map((l) => ({
      name: label('lifecycle', l), type: 'bar', stack: 'customers',
      data: answer.trend.map((m) => m.cells.filter((c) => c.lifecycle === l).reduce((n, c) => n + c.customers, 0)),
    })),
  }), [answer, label]);
  const assets = useMemo(() => ({
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 90, right: 16, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: answer.trend.map((m) => m.month) },
    yAxis: { type: 'value' },
    series: answer.tiers.map((tier) => ({
      name: tier, type: 'line',
      data: answer.trend.map((m) => toChartNumber(sumDecimals(m.cells.filter((c) => c.tier === tier).map((c) => c.netAsset)))),
    })),
  }), [answer]);
  return (
    <Row gutter={16}>
      <Col xs={24} lg={12}>
        <Card size="small" title={t('lifecycle.trend')}><Chart option={counts} height={280} testId="classification-trend" /></Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card size="small" title={t('lifecycle.trendAsset')}><Chart option={assets} height={280} testId="classification-assets" /></Card>
      </Col>
    </Row>
  );
}
