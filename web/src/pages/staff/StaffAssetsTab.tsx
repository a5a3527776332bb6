import { useState } from 'react';
import { DatePicker, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { Link } from 'react-router';
import type { Page } from '../../api/types';
import { ListTable, useListPage } from '../../components/ListPage';
import { EmptyState, ErrorState } from '../../components/States';
import { useCodeLabel, useI18n } from '../../i18n/i18n';
import { codeColumn, moneyColumn, nameColumn, textColumn, totalsRow } from '../../components/columns';
import { staffPath, useStaffAssets, type StaffAsset, type StaffHolding } from './staffApi';

/** A day picker; empty means the server's default (the last trading day). */
function DayPicker({ date, onChange }: { date: string | null | undefined; onChange: (date: string | undefined) => void }) {
  const { t } = useI18n();
  return (
    <Space>
      <Typography.Text>{t('staff.date')}</Typography.Text>
      <DatePicker value={date ? dayjs(date) : null} onChange={(d) => onChange(d ? d.format('YYYY-MM-DD') : undefined)} />
    </Space>
  );
}

const customerLink = (no: string) => <Link to={`/customers/${encodeURIComponent(no)}`}>{no}</Link>;

/** 客户资产: the develop-relationship customers' assets on a day × weight (report relationship-assets), with totals. */
export function StaffAssetsTab({ staffNo }: { staffNo: string }) {
  const { t } = useI18n();
  const [date, setDate] = useState<string | undefined>();
  const assets = useStaffAssets(staffNo, { date });
  const columns: TableColumnsType<StaffAsset> = [
    { key: 'customerNo', dataIndex: 'customerNo', title: t('staff.cust.customerNo'), render: customerLink, fixed: 'left', width: 110 },
    nameColumn('name', t('staff.cust.name')),
    textColumn('openDate', t('staff.cust.openDate'), 105),
    moneyColumn('stockValue', t('field.stockValue')),
    moneyColumn('fundValue', t('field.fundValue')),
    moneyColumn('bondValue', t('field.bondValue')),
    moneyColumn('otherValue', t('field.otherValue')),
    moneyColumn('cashCny', t('staff.asset.cashCny')),
    moneyColumn('cashUsd', t('staff.asset.cashUsd')),
    moneyColumn('cashHkd', t('staff.asset.cashHkd')),
    moneyColumn('totalAsset', t('staff.cust.totalAsset'), 150),
    moneyColumn('commission', t('staff.asset.commission')),
  ];
  if (assets.isError) return <ErrorState error={assets.error} onRetry={() => void assets.refetch()} />;
  const data = assets.data;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <DayPicker date={date ?? data?.date} onChange={setDate} />
        <Typography.Text type="secondary">{data?.date ? t('staff.assets.note', { date: data.date }) : data ? t('staff.assets.none') : ''}</Typography.Text>
      </Space>
      <Table<StaffAsset>
        rowKey="customerNo"
        size="small"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={assets.isFetching}
        scroll={{ x: 'max-content' }}
        pagination={(data?.items.length ?? 0) > 20 ? { pageSize: 20, showSizeChanger: false, showTotal: (n) => t('common.totalCount', { n }) } : false}
        locale={{ emptyText: assets.isPending ? ' ' : <EmptyState /> }}
        summary={() => (data?.items.length ? <Table.Summary fixed="bottom">{totalsRow(columns, t('common.total'), data.totals)}</Table.Summary> : null)}
      />
    </Space>
  );
}

/** 持仓: positions on a day of the customers related to the staff member that day, paged on the server. */
export function StaffHoldingsTab({ staffNo }: { staffNo: string }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  const list = useListPage<Page<StaffHolding> & { date: string | null }>({ path: staffPath(staffNo, '/holdings'), queryKey: ['staff', 'holdings'], filters: { date: 'date' }, local: true });
  const columns: TableColumnsType<StaffHolding> = [
    { key: 'customerNo', dataIndex: 'customerNo', title: t('staff.cust.customerNo'), render: customerLink, fixed: 'left', width: 110 },
    nameColumn('name', t('staff.cust.name')),
    textColumn('fundAccount', t('field.fundAccount'), 120),
    codeColumn('market', t('field.market'), 70, 'market', label),
    textColumn('securityCode', t('field.securityCode'), 90),
    textColumn('securityName', t('field.securityName'), 110),
    codeColumn('securityClass', t('field.securityClass'), 90, 'securityClass', label),
    moneyColumn('quantity', t('field.quantity')),
    moneyColumn('costAmount', t('field.costAmount')),
    moneyColumn('marketValue', t('field.marketValue'), 150),
  ];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <DayPicker date={list.filters.date ?? list.result.data?.date} onChange={(date) => list.update({ date, page: undefined })} />
      <ListTable<StaffHolding>
        list={list}
        rowKey={(r) => `${r.customerNo}|${r.fundAccount}|${r.market}|${r.securityCode}`}
        columns={columns}
        emptyInTable
        pageSizeOptions={[20, 50, 100]}
      />
    </Space>
  );
}
