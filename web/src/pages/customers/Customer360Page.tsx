import { useMemo } from 'react';
import { Card, Col, Descriptions, Row as GridRow, Space, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { EChartsCoreOption } from 'echarts/core';
import { useParams } from 'react-router';
import { useCustomer } from '../../api/queries';
import type { Customer360, Row } from '../../api/types';
import { Chart } from '../../components/Chart';
import { RecordTitle } from '../../components/RecordTitle';
import { formatDecimal, toChartNumber } from '../../components/decimal';
import { EmptyState, QueryState } from '../../components/States';
import { fieldLabel, keyedValueLabel, type CodeKind } from '../../../../shared/codes';
import { codeLanguage, useCodeLabel, useI18n, type CodeLabelOf, type Translate } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { tierColor } from './CustomerListPage';

/** A column: its row key, its title, and how a value shows (money exactly, yes/no, a code by its label). */
type ColumnSpec = [key: string, title: MessageKey, kind?: 'money' | 'bool' | CodeKind];

function columnsOf(t: Translate, label: CodeLabelOf, specs: ColumnSpec[]): TableColumnsType<Row> {
  return specs.map(([key, title, kind]) => ({
    key,
    dataIndex: key,
    title: t(title),
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
  }));
}

function RowTable({ rows, specs, rowKey }: { rows: Row[]; specs: ColumnSpec[]; rowKey: string }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  return (
    <Table<Row>
      size="small"
      rowKey={(row) => String(row[rowKey] ?? JSON.stringify(row))}
      columns={columnsOf(t, label, specs)}
      dataSource={rows}
      pagination={rows.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: <EmptyState /> }}
    />
  );
}

export default function Customer360Page() {
  const { customerNo } = useParams();
  const customer = useCustomer(customerNo);
  return <QueryState query={customer}>{customer.data && <CustomerView view={customer.data} />}</QueryState>;
}

function CustomerView({ view }: { view: Customer360 }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  const { profile, assets } = view;

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
    {
      key: 'holdings',
      label: `${t('c360.holdings')} (${view.holdings.length})`,
      children: (
        <RowTable
          rows={view.holdings}
          rowKey="securityCode"
          specs={[
            ['fundAccount', 'field.fundAccount'],
            ['market', 'field.market', 'market'],
            ['securityCode', 'field.securityCode'],
            ['securityName', 'field.securityName'],
            ['securityClass', 'field.securityClass', 'securityClass'],
            ['quantity', 'field.quantity', 'money'],
            ['costAmount', 'field.costAmount', 'money'],
            ['marketValue', 'field.marketValue', 'money'],
          ]}
        />
      ),
    },
    {
      key: 'trades',
      label: `${t('c360.trades')} (${view.recentTrades.length})`,
      children: (
        <RowTable
          rows={view.recentTrades}
          rowKey="tradeNo"
          specs={[
            ['tradeDate', 'field.tradeDate'],
            ['tradeTime', 'field.time'],
            ['fundAccount', 'field.fundAccount'],
            ['securityCode', 'field.securityCode'],
            ['securityName', 'field.securityName'],
            ['side', 'field.side', 'side'],
            ['price', 'field.price', 'money'],
            ['quantity', 'field.quantity', 'money'],
            ['amount', 'field.amount', 'money'],
            ['commission', 'field.commission', 'money'],
            ['channel', 'field.channel', 'channel'],
          ]}
        />
      ),
    },
    {
      key: 'orders',
      label: `${t('c360.orders')} (${view.recentOrders.length})`,
      children: (
        <RowTable
          rows={view.recentOrders}
          rowKey="orderNo"
          specs={[
            ['tradeDate', 'field.tradeDate'],
            ['orderTime', 'field.time'],
            ['orderNo', 'field.orderNo'],
            ['securityCode', 'field.securityCode'],
            ['securityName', 'field.securityName'],
            ['side', 'field.side', 'side'],
            ['price', 'field.price', 'money'],
            ['quantity', 'field.quantity', 'money'],
            ['filledQuantity', 'field.filledQuantity', 'money'],
            ['status', 'field.status', 'orderStatus'],
            ['channel', 'field.channel', 'channel'],
          ]}
        />
      ),
    },
    {
      key: 'flows',
      label: `${t('c360.flows')} (${view.recentFlows.length})`,
      children: (
        <RowTable
          rows={view.recentFlows}
          rowKey="flowNo"
          specs={[
            ['tradeDate', 'field.tradeDate'],
            ['flowTime', 'field.time'],
            ['fundAccount', 'field.fundAccount'],
            ['currency', 'field.currency', 'currency'],
            ['flowType', 'field.flowType', 'flowType'],
            ['amount', 'field.amount', 'money'],
          ]}
        />
      ),
    },
    {
      key: 'accounts',
      label: `${t('c360.accounts')} (${view.accounts.length})`,
      children: (
        <RowTable
          rows={view.accounts}
          rowKey="fundAccount"
          specs={[
            ['fundAccount', 'field.fundAccount'],
            ['accountKind', 'field.accountKind', 'accountKind'],
            ['currency', 'field.currency', 'currency'],
            ['openDate', 'customers.col.openDate'],
            ['closeDate', 'field.closeDate'],
            ['status', 'field.status', 'customerStatus'],
            ['commissionRate', 'field.commissionRate', 'money'],
          ]}
        />
      ),
    },
    {
      key: 'relationships',
      label: `${t('c360.relationships')} (${view.relationships.length})`,
      children: (
        <RowTable
          rows={view.relationships}
          rowKey="id"
          specs={[
            ['staffNo', 'field.staff'],
            ['staffName', 'customer360.service.staffName'], // the staff member's name, not the customer's
            ['kind', 'field.kind', 'relationshipKind'],
            ['weight', 'field.weight', 'money'],
            ['assessmentSet', 'field.assessmentSet'],
            ['effectiveFrom', 'field.effectiveFrom'],
            ['endedOn', 'field.endedOn'],
            ['effective', 'field.effective', 'bool'],
          ]}
        />
      ),
    },
    {
      key: 'products',
      label: `${t('c360.products')} (${view.productHoldings.length})`,
      children: (
        <RowTable
          rows={view.productHoldings}
          rowKey="productCode"
          specs={[
            ['fundAccount', 'field.fundAccount'],
            ['productCode', 'field.productCode'],
            ['productName', 'field.productName'],
            ['productType', 'field.productType', 'productType'],
            ['riskLevel', 'field.productRisk', 'productRisk'],
            ['units', 'field.units', 'money'],
            ['marketValue', 'field.marketValue', 'money'],
          ]}
        />
      ),
    },
    {
      key: 'other',
      label: `${t('c360.contacts')} / ${t('c360.labels')} / ${t('c360.alerts')}`,
      children: (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Title level={5}>{t('c360.labels')}</Typography.Title>
          <GenericRows rows={view.labels} />
          <Typography.Title level={5}>{t('c360.alerts')}</Typography.Title>
          <GenericRows rows={view.alerts} />
          <Typography.Title level={5}>{t('c360.contacts')}</Typography.Title>
          <GenericRows rows={view.contacts} />
          {view.credit && (
            <>
              <Typography.Title level={5}>{t('c360.credit')}</Typography.Title>
              <RowTable
                rows={[view.credit]}
                rowKey="tradeDate"
                specs={[
                  ['tradeDate', 'field.tradeDate'],
                  ['financingDebt', 'field.financingDebt', 'money'],
                  ['lendingDebt', 'field.lendingDebt', 'money'],
                  ['interestPayable', 'field.interestPayable', 'money'],
                  ['collateralValue', 'field.collateralValue', 'money'],
                  ['maintenanceRatio', 'field.maintenanceRatio'],
                ]}
              />
            </>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        size="small"
        title={
          <RecordTitle name={profile.name} code={profile.customerNo} testId="customer-title">
            {profile.tier && <Tag color={tierColor(profile.tier)}>{profile.tier}</Tag>}
            {profile.lifecycle && <Tag>{label('lifecycle', profile.lifecycle)}</Tag>}
            <Tag color={profile.status === 'NORMAL' ? 'blue' : 'red'}>{label('customerStatus', profile.status)}</Tag>
          </RecordTitle>
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
      </Card>
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
      <Card size="small">
        <Tabs items={tabs} />
      </Card>
    </Space>
  );
}

/** Rows whose shape this page does not know yet (labels, alerts, contacts): every field as a column, titled and coded values by label. */
function GenericRows({ rows }: { rows: Row[] }) {
  const { locale, t } = useI18n();
  const language = codeLanguage(locale);
  const keys = Array.from(new Set(rows.flatMap((row) => Object.keys(row))));
  if (!rows.length) return <EmptyState />;
  return (
    <Table<Row>
      size="small"
      rowKey={(row) => JSON.stringify(row)}
      dataSource={rows}
      pagination={false}
      scroll={{ x: 'max-content' }}
      columns={keys.map((key) => ({
        key,
        dataIndex: key,
        title: fieldLabel(key, language),
        render: (v: Row[string]) => (typeof v === 'boolean' ? t(v ? 'common.yes' : 'common.no') : keyedValueLabel(key, String(v ?? ''), language)),
      }))}
    />
  );
}
