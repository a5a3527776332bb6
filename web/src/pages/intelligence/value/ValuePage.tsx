import { Card, Col, DatePicker, Form, Row, Space, Statistic, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import type { Page } from '../../../api/types';
import { codeColumn, customerColumn, moneyColumn, nameColumn, NUMERIC_CELL, textColumn } from '../../../components/columns';
import { formatDecimal, percentText } from '../../../components/decimal';
import { ChoiceFilter, ListPage, ListTotal, useListPage } from '../../../components/ListPage';
import type { FilterSpec } from '../../../components/listParams';
import { ErrorState, Loading } from '../../../components/States';
import { useCodeLabel, useI18n } from '../../../i18n/i18n';
import { useRfm, valueRoot, type RfmAnswer, type RfmCustomer, type RfmSegmentRow } from './valueApi';

const FILTERS: FilterSpec = { date: 'date', segment: 'choice' };

/**
 * 客户管理 → 客户价值 (RFM, business-rules.md §6): the eight segments of the open customers in the
 * caller's scope as two 2×2 grids (M high, M low; R across, F down), each cell with its count,
 * share and net assets, the scope's averages, and the customers of the chosen segment below
 * (a click on a cell chooses it), exported to Excel.
 */
export default function ValuePage() {
  const { t } = useI18n();
  const label = useCodeLabel();
  const list = useListPage<Page<RfmCustomer>>({ path: '/api/intelligence/rfm/customers', queryKey: valueRoot, filters: FILTERS, exportFile: 'customer-value.xlsx' });
  const date = list.filters.date;
  const rfm = useRfm(date);
  const chosen = list.filters.segment;

  const columns: NonNullable<TableProps<RfmCustomer>['columns']> = [
    customerColumn<RfmCustomer>('customerNo', t('value.col.customerNo')),
    nameColumn<RfmCustomer>('name', t('value.col.name')),
    textColumn<RfmCustomer>('branchName', t('value.col.branch'), 120),
    codeColumn<RfmCustomer>('segment', t('value.col.segment'), 110, 'rfmSegment', label),
    { key: 'r', dataIndex: 'r', title: t('value.col.r'), align: 'right', width: 100, render: (v: number) => <span style={NUMERIC_CELL}>{v}</span> },
    { key: 'f', dataIndex: 'f', title: t('value.col.f'), align: 'right', width: 80, render: (v: number) => <span style={NUMERIC_CELL}>{v}</span> },
    moneyColumn<RfmCustomer>('m', t('value.col.m')),
    moneyColumn<RfmCustomer>('netAsset', t('value.col.netAsset'), 150),
    textColumn<RfmCustomer>('tier', t('value.col.tier'), 90),
    nameColumn<RfmCustomer>('staff', t('value.col.staff'), 160),
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {rfm.isPending ? <Loading /> : rfm.isError ? <ErrorState error={rfm.error} onRetry={() => void rfm.refetch()} /> : (
        <Segments answer={rfm.data} chosen={chosen} onChoose={(segment) => list.update({ segment: segment === chosen ? undefined : segment, page: undefined })} />
      )}
      <ListPage<RfmCustomer>
        list={list}
        filterTestId="value-filters"
        filters={
          <>
            <Form.Item name="date" label={t('value.date')}>
              <DatePicker placeholder={t('value.datePlaceholder')} style={{ width: 160 }} />
            </Form.Item>
            <ChoiceFilter
              name="segment"
              placeholder={t('value.listAll')}
              width={160}
              options={(rfm.data?.segments ?? []).map((s) => ({ value: s.segment, label: label('rfmSegment', s.segment) }))}
            />
          </>
        }
        title={chosen ? `${t('value.listTitle')} · ${label('rfmSegment', chosen)}` : t('value.listTitle')}
        total={<ListTotal list={list} title={t('value.customers')} testId="value-total" />}
        rowKey="customerNo"
        columns={columns}
        emptyInTable
        data-testid="value-list"
      />
    </Space>
  );
}

/** The averages and the two 2×2 grids of the segments. */
function Segments({ answer, chosen, onChoose }: { answer: RfmAnswer; chosen: string | undefined; onChoose: (segment: string) => void }) {
  const { t } = useI18n();
  if (!answer.date) return <Card size="small"><Typography.Text type="secondary">{t('value.noData')}</Typography.Text></Card>;
  const cell = (r: 'H' | 'L', f: 'H' | 'L', m: 'H' | 'L') => answer.segments.find((s) => s.r === r && s.f === f && s.m === m);
  const grid = (m: 'H' | 'L') => (
    <Card size="small" title={m === 'H' ? t('value.mHigh') : t('value.mLow')} data-testid={`rfm-grid-${m}`}>
      <table style={{ width: '100%', borderCollapse: 'separate', borderSpacing: 8 }}>
        <thead>
          <tr>
            <th />
            <th style={{ fontWeight: 500 }}>{t('value.rHigh')}</th>
            <th style={{ fontWeight: 500 }}>{t('value.rLow')}</th>
          </tr>
        </thead>
        <tbody>
          {(['H', 'L'] as const).map((f) => (
            <tr key={f}>
              <th style={{ fontWeight: 500, whiteSpace: 'nowrap' }}>{f === 'H' ? t('value.fHigh') : t('value.fLow')}</th>
              {(['H', 'L'] as const).map((r) => {
                const s = cell(r, f, m);
                return <td key={r} style={{ width: '45%' }}>{s && <SegmentCell s={s} total={answer.customers} active={chosen === s.segment} onChoose={onChoose} />}</td>;
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
  return (
    <>
      <Card size="small" title={t('menu.value')} extra={<Typography.Text type="secondary">{t('value.asOf', { date: answer.date })}</Typography.Text>}>
        <Space size="large" wrap>
          <Statistic title={t('value.customers')} value={answer.customers} groupSeparator="," />
          <Tooltip title={t('value.avgRHint')}>
            <Statistic title={t('value.avgR')} value={t('value.days', { n: answer.averages.r })} />
          </Tooltip>
          <Tooltip title={t('value.avgFHint')}>
            <Statistic title={t('value.avgF')} value={t('value.days', { n: answer.averages.f })} />
          </Tooltip>
          <Tooltip title={t('value.avgMHint')}>
            <Statistic title={t('value.avgM')} value={formatDecimal(answer.averages.m)} />
          </Tooltip>
        </Space>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {t('value.scopeHint')}
        </Typography.Paragraph>
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={12}>{grid('H')}</Col>
        <Col xs={24} lg={12}>{grid('L')}</Col>
      </Row>
    </>
  );
}

/** One segment: its name, count and share, net assets; a click lists its customers. */
function SegmentCell({ s, total, active, onChoose }: { s: RfmSegmentRow; total: number; active: boolean; onChoose: (segment: string) => void }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  const share = total > 0 ? percentText(shareOf(s.customers, total), 2) : '0%';
  return (
    <Card
      size="small"
      hoverable
      onClick={() => onChoose(s.segment)}
      style={{ borderColor: active ? '#1677ff' : undefined, background: active ? '#e6f4ff' : undefined }}
      data-testid={`rfm-cell-${s.segment}`}
    >
      <Typography.Text strong>{label('rfmSegment', s.segment)}</Typography.Text>
      <div style={{ fontSize: 20, ...NUMERIC_CELL }}>{t('value.cellCustomers', { n: s.customers.toLocaleString() })}</div>
      <Typography.Text type="secondary" style={NUMERIC_CELL}>
        {t('value.cellShare', { share })} · {t('value.cellAsset', { amount: formatDecimal(s.netAsset) })}
      </Typography.Text>
    </Card>
  );
}

/** count ÷ total as a decimal fraction string with 6 places (for percentText), exact from integers. */
function shareOf(count: number, total: number): string {
  const millionths = (BigInt(count) * 1_000_000n * 2n + BigInt(total)) / (2n * BigInt(total));
  const digits = millionths.toString().padStart(7, '0');
  return `${digits.slice(0, -6)}.${digits.slice(-6)}`;
}
