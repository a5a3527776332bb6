import { useMemo, useState } from 'react';
import { Button, Card, Col, Descriptions, Row as GridRow, Space, Statistic, Tabs, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import type { EChartsCoreOption } from 'echarts/core';
import { useParams, useSearchParams } from 'react-router';
import { useCustomer } from '../../api/queries';
import { useCurrentUser } from '../../components/AppLayout';
import type { Customer360, Row } from '../../api/types';
import { Chart } from '../../components/Chart';
import { RecordCard } from '../../components/RecordCard';
import { formatDecimal, toChartNumber } from '../../components/decimal';
import { DataTable } from '../../components/DataTable';
import { EmptyState, QueryState } from '../../components/States';
import type { CodeKind } from '../../../../shared/codes';
import { useCodeLabel, useI18n, type CodeLabelOf, type Translate } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { ChurnCard } from '../intelligence/churn/ChurnCard';
import { MarginCard } from '../margin/MarginCard';
import { ContactModal } from './ContactModal';
import { ContactTimeline } from './ContactTimeline';
import { CustomerAlerts } from './CustomerAlerts';
import { KycTab } from '../kyc/KycTab';
import { tierColor } from './CustomerListPage';

/** How a column's value shows: money exactly, yes/no, a code by its label; as text when none. */
type Shown = 'money' | 'bool' | CodeKind;

/** The columns of the 360° view's tables, by row key: a key shows the same way in every table (a table may say otherwise). */
const SHOWN: Partial<Record<string, Shown>> = {
  market: 'market', securityClass: 'securityClass', side: 'side', channel: 'channel', currency: 'currency', flowType: 'flowType',
  accountKind: 'accountKind', kind: 'relationshipKind', productType: 'productType', riskLevel: 'productRisk', effective: 'bool',
  quantity: 'money', costAmount: 'money', marketValue: 'money', price: 'money', amount: 'money', commission: 'money', filledQuantity: 'money',
  commissionRate: 'money', weight: 'money', units: 'money', financingDebt: 'money', lendingDebt: 'money', interestPayable: 'money', collateralValue: 'money',
};

/** Titles that are not `field.<key>`. */
const TITLES = {
  tradeTime: 'field.time', orderTime: 'field.time', flowTime: 'field.time', openDate: 'customers.col.openDate', staffNo: 'field.staff',
  staffName: 'customer360.service.staffName', // the staff member's name, not the customer's
  riskLevel: 'field.productRisk',
} as const satisfies Record<string, MessageKey>;

type FieldKey = MessageKey extends infer K ? (K extends `field.${infer F}` ? F : never) : never;
type ColumnKey = FieldKey | keyof typeof TITLES;

/** A table of the 360° view: its rows, the key that tells them apart, its columns in order and the kinds it shows otherwise than SHOWN. */
interface TableSpec {
  rowKey: string;
  columns: readonly ColumnKey[];
  shown?: Partial<Record<string, Shown>>;
}

function columnsOf(t: Translate, label: CodeLabelOf, { columns, shown: own }: TableSpec): TableColumnsType<Row> {
  return columns.map((key) => {
    const kind = own?.[key] ?? SHOWN[key];
    return {
      key,
      dataIndex: key,
      title: t(key in TITLES ? TITLES[key as keyof typeof TITLES] : (`field.${key}` as MessageKey)),
      align: kind === 'money' ? 'right' : undefined,
      render: (value: Row[string]) =>
        kind === 'money'
          ? formatDecimal(value as string | null)
          : kind === 'bool'
            ? value
              ? t('common.yes')
              : t('common.no')
            : kind
              ? label(kind, value as string | null)
              : String(value ?? ''),
    };
  });
}

function RowTable({ rows, spec }: { rows: Row[]; spec: TableSpec }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  return (
    <DataTable<Row>
      rowKey={(row) => String(row[spec.rowKey] ?? JSON.stringify(row))}
      columns={columnsOf(t, label, spec)}
      rows={rows}
      pageSize={10}
    />
  );
}

/** The tabs of tables, in order: each titled `c360.<key>` with its count, its rows in the view and its columns. */
const TABS: (TableSpec & { key: 'holdings' | 'trades' | 'orders' | 'flows' | 'accounts' | 'relationships' | 'products'; rows: (view: Customer360) => Row[] })[] = [
  { key: 'holdings', rows: (v) => v.holdings, rowKey: 'securityCode', columns: ['fundAccount', 'market', 'securityCode', 'securityName', 'securityClass', 'quantity', 'costAmount', 'marketValue'] },
  { key: 'trades', rows: (v) => v.recentTrades, rowKey: 'tradeNo', columns: ['tradeDate', 'tradeTime', 'fundAccount', 'securityCode', 'securityName', 'side', 'price', 'quantity', 'amount', 'commission', 'channel'] },
  {
    key: 'orders',
    rows: (v) => v.recentOrders,
    rowKey: 'orderNo',
    columns: ['tradeDate', 'orderTime', 'orderNo', 'securityCode', 'securityName', 'side', 'price', 'quantity', 'filledQuantity', 'status', 'channel'],
    shown: { status: 'orderStatus' },
  },
  { key: 'flows', rows: (v) => v.recentFlows, rowKey: 'flowNo', columns: ['tradeDate', 'flowTime', 'fundAccount', 'currency', 'flowType', 'amount'] },
  { key: 'accounts', rows: (v) => v.accounts, rowKey: 'fundAccount', columns: ['fundAccount', 'accountKind', 'currency', 'openDate', 'closeDate', 'status', 'commissionRate'], shown: { status: 'customerStatus' } },
  { key: 'relationships', rows: (v) => v.relationships, rowKey: 'id', columns: ['staffNo', 'staffName', 'kind', 'weight', 'assessmentSet', 'effectiveFrom', 'endedOn', 'effective'] },
  { key: 'products', rows: (v) => v.productHoldings, rowKey: 'productCode', columns: ['fundAccount', 'productCode', 'productName', 'productType', 'riskLevel', 'units', 'marketValue'] },
];

const CREDIT: TableSpec = { rowKey: 'tradeDate', columns: ['tradeDate', 'financingDebt', 'lendingDebt', 'interestPayable', 'collateralValue', 'maintenanceRatio'] };

export default function Customer360Page() {
  const { customerNo } = useParams();
  const customer = useCustomer(customerNo);
  return <QueryState query={customer}>{customer.data && <CustomerView view={customer.data} />}</QueryState>;
}

function CustomerView({ view }: { view: Customer360 }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  const me = useCurrentUser();
  const { profile, assets } = view;
  // ?tab=kyc opens 客户信息 (the to-do 信息待完善 links there)
  const [search] = useSearchParams();
  const [tab, setTab] = useState<string>(search.get('tab') ?? TABS[0]?.key ?? 'timeline');
  const [logging, setLogging] = useState(false);

  const trendOption = useMemo<EChartsCoreOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 80, right: 80, top: 40, bottom: 30 },
      xAxis: { type: 'category', data: view.monthlyTrend.map((m) => m.month) },
      yAxis: [
        { type: 'value', name: t('chart.assetEnd') },
        { type: 'value', name: t('chart.volume'), splitLine: { show: false } },
      ],
      series: [
        { name: t('chart.assetEnd'), type: 'bar', data: view.monthlyTrend.map((m) => toChartNumber(m.assetEnd)) },
        { name: t('chart.volume'), type: 'line', yAxisIndex: 1, data: view.monthlyTrend.map((m) => toChartNumber(m.volume)) },
      ],
    }),
    [view.monthlyTrend, t],
  );

  const assetFields: [keyof NonNullable<Customer360['assets']>, MessageKey][] = [
    ['netAsset', 'field.netAsset'],
    ['cash', 'field.cash'],
    ['stockValue', 'field.stockValue'],
    ['fundValue', 'field.fundValue'],
    ['bondValue', 'field.bondValue'],
    ['otherValue', 'field.otherValue'],
    ['productValue', 'field.productValue'],
    ['debt', 'field.debt'],
  ];

  const tabs = [
    ...TABS.map((tab) => ({ key: tab.key, label: `${t(`c360.${tab.key}`)} (${tab.rows(view).length})`, children: <RowTable rows={tab.rows(view)} spec={tab} /> })),
    { key: 'timeline', label: t('timeline.title'), children: <ContactTimeline customerNo={profile.customerNo} /> },
    { key: 'alerts', label: t('c360.alerts'), children: <CustomerAlerts customerNo={profile.customerNo} /> },
    { key: 'kyc', label: t('kyc.tab'), children: <KycTab customerNo={profile.customerNo} /> },
    ...(view.credit ? [{ key: 'credit', label: t('c360.credit'), children: <RowTable rows={[view.credit]} spec={CREDIT} /> }] : []),
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <RecordCard
        name={profile.name}
        code={profile.customerNo}
        testId="customer-title"
        extra={
          me.permissions.includes('contacts.write') ? (
            <Button type="primary" onClick={() => setLogging(true)} data-testid="log-contact">
              {t('contact.log')}
            </Button>
          ) : null
        }
        tags={
          <>
            {profile.tier && <Tag color={tierColor(profile.tier)}>{profile.tier}</Tag>}
            {profile.lifecycle && <Tag>{label('lifecycle', profile.lifecycle)}</Tag>}
            <Tag color={profile.status === 'NORMAL' ? 'blue' : 'red'}>{label('customerStatus', profile.status)}</Tag>
          </>
        }
      >
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }}>
          <Descriptions.Item label={t('customers.col.type')}>{label('customerType', profile.customerType)}</Descriptions.Item>
          <Descriptions.Item label={t('customers.col.branch')}>{`${profile.branchName} (${profile.branchCode})`}</Descriptions.Item>
          <Descriptions.Item label={t('customers.col.openDate')}>{profile.openDate}</Descriptions.Item>
          <Descriptions.Item label={t('field.closeDate')}>{profile.closeDate ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('field.idNo')}>{profile.idNo ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('customers.col.mobile')}>{profile.mobile ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('field.email')}>{profile.email ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('field.address')}>{profile.address ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('field.birthDate')}>{profile.birthDate ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('customers.col.risk')}>
            {profile.riskLevel ? label('riskLevel', profile.riskLevel) : '—'}
            {profile.riskAssessedOn ? ` (${profile.riskAssessedOn})` : ''}
          </Descriptions.Item>
          <Descriptions.Item label={t('field.investorClass')}>{profile.investorClass ? label('investorClass', profile.investorClass) : '—'}</Descriptions.Item>
        </Descriptions>
      </RecordCard>
      <GridRow gutter={16}>
        <Col xs={24} xl={10}>
          <Card size="small" title={t('c360.assets')} extra={assets ? t('c360.asOf', { date: assets.tradeDate }) : null} style={{ height: '100%' }}>
            {assets ? (
              <>
                <span data-testid="customer-total-asset">
                  <Statistic title={t('field.totalAsset')} value={formatDecimal(assets.totalAsset)} />
                </span>
                <Descriptions size="small" column={2} style={{ marginTop: 12 }}>
                  {assetFields.map(([key, title]) => (
                    <Descriptions.Item key={key} label={t(title)}>
                      <span style={{ fontVariantNumeric: 'tabular-nums' }}>{formatDecimal(assets[key] as string)}</span>
                    </Descriptions.Item>
                  ))}
                </Descriptions>
              </>
            ) : (
              <EmptyState />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card size="small" title={t('c360.trend')} style={{ height: '100%' }}>
            {view.monthlyTrend.length ? <Chart option={trendOption} height={260} testId="trend-chart" /> : <EmptyState />}
          </Card>
        </Col>
      </GridRow>
      <ChurnCard customerNo={profile.customerNo} />
      <MarginCard customerNo={profile.customerNo} />
      <Card size="small">
        <Tabs items={tabs} activeKey={tab} onChange={setTab} />
      </Card>
      <ContactModal customer={logging ? { customerNo: profile.customerNo, name: profile.name } : null} onClose={() => setLogging(false)} onLogged={() => setTab('timeline')} />
    </Space>
  );
}

