import { useState } from 'react';
import { Alert, Card, DatePicker, Form, Space, Typography } from 'antd';
import { CodePicker } from '../../components/CodePicker';
import type { TableProps } from 'antd';
import { codeColumn, customerColumn, moneyColumn, nameColumn, textColumn } from '../../components/columns';
import { ListPage, ListTotal, useListPage } from '../../components/ListPage';
import type { FilterSpec } from '../../components/listParams';
import { useCodeLabel, useI18n } from '../../i18n/i18n';
import { PoolCheck } from './MarginCard';
import { marginRoot, type PoolCustomer, type PoolList } from './marginApi';

const FILTERS: FilterSpec = { date: 'date' };

/**
 * 融资融券 → 两融合格客户池 (suitability.md "Margin trading"): the customers of the caller's scope who
 * meet every condition on the last imported trading day (or a chosen one) — 20-day average asset,
 * trading history, risk category (or professional), status, no credit account yet — highest
 * average asset first, exported to Excel. Below it, any customer of the scope checked against the
 * conditions, the failing ones in words (as on the 360° view).
 */
export default function QualifiedPoolPage() {
  const { t } = useI18n();
  const label = useCodeLabel();
  const list = useListPage<PoolList>({ path: '/api/margin/qualified-pool', queryKey: [...marginRoot, 'pool'], filters: FILTERS, exportFile: 'margin-pool.xlsx' });
  const columns: NonNullable<TableProps<PoolCustomer>['columns']> = [
    customerColumn<PoolCustomer>('customerNo', t('margin.col.customerNo')),
    nameColumn<PoolCustomer>('customerName', t('margin.col.name')),
    moneyColumn<PoolCustomer>('avgAsset', t('margin.col.avgAsset'), 160),
    codeColumn<PoolCustomer>('riskLevel', t('margin.col.riskLevel'), 130, 'riskLevel', label),
    textColumn<PoolCustomer>('riskAssessedOn', t('margin.col.assessedOn'), 120),
    codeColumn<PoolCustomer>('investorClass', t('margin.col.investorClass'), 170, 'investorClass', label),
    textColumn<PoolCustomer>('branchName', t('margin.col.branch'), 140),
  ];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
    <ListPage<PoolCustomer>
      list={list}
      filterTestId="margin-pool-filters"
      filters={
        <Form.Item name="date" label={t('margin.date')}>
          <DatePicker placeholder={t('margin.datePlaceholder')} style={{ width: 160 }} />
        </Form.Item>
      }
      notice={
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Alert type="info" showIcon title={t('margin.poolHint', { date: list.result.data?.date ?? '—' })} />
          {list.result.data?.historyTooShort ? (
            <Alert type="warning" showIcon title={t('margin.poolHistoryShort', { tradedBy: list.result.data.tradedBy ?? '—' })} data-testid="margin-pool-history-short" />
          ) : null}
        </Space>
      }
      title={t('menu.marginPool')}
      total={<ListTotal list={list} title={t('margin.poolCustomers')} testId="margin-pool-total" />}
      rowKey="customerNo"
      columns={columns}
      emptyInTable
      data-testid="margin-pool"
    />
    <PoolCheckCard />
    </Space>
  );
}

/** 查询客户是否合格: one customer of the caller's scope against every condition, the failing ones in words. */
function PoolCheckCard() {
  const { t } = useI18n();
  const [customerNo, setCustomerNo] = useState<string | undefined>();
  return (
    <Card size="small" title={t('margin.poolCheck')} data-testid="margin-pool-check-card">
      <Typography.Paragraph type="secondary">{t('margin.poolCheckHint')}</Typography.Paragraph>
      <CodePicker kind="customer" value={customerNo} onChange={setCustomerNo} style={{ width: 320 }} data-testid="pool-pick-customer" />
      {customerNo ? (
        <div style={{ marginTop: 12 }}>
          <PoolCheck customerNo={customerNo} />
        </div>
      ) : null}
    </Card>
  );
}
