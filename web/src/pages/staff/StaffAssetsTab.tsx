import { useState } from 'react';
import { DatePicker, Space, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import type { Page } from '../../api/types';
import { ListTable, useListPage } from '../../components/ListPage';
import { DataTable } from '../../components/DataTable';
import { ErrorState } from '../../components/States';
import { useCodeLabel, useI18n } from '../../i18n/i18n';
import { codeColumn, customerColumn, moneyColumn, nameColumn, textColumn } from '../../components/columns';
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

/** 客户资产: the develop-relationship customers' assets on a day × weight (report relationship-assets), with totals. */
export function StaffAssetsTab({ staffNo }: { staffNo: string }) {
  const { t } = useI18n();
  const [date, setDate] = useState<string | undefined>();
  const assets = useStaffAssets(staffNo, { date });
  const columns: TableColumnsType<StaffAsset> = [
    { ...customerColumn<StaffAsset>('customerNo', t('staff.cust.customerNo')), fixed: 'left' },
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
      <DataTable<StaffAsset>
        rowKey="customerNo"
        columns={columns}
        rows={data?.items ?? []}
        loading={assets.isFetching}
        pageSize={20}
        countTotal
        pending={assets.isPending}
        totals={data && { values: data.totals, fixed: true }}
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
    { ...customerColumn<StaffHolding>('customerNo', t('staff.cust.customerNo')), fixed: 'left' },
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
