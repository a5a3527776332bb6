import { Tag, Tooltip } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link } from 'react-router';
import type { Page } from '../../api/types';
import { ListTable, useListPage } from '../../components/ListPage';
import { useCodeLabel, useI18n } from '../../i18n/i18n';
import { tierColor } from '../customers/CustomerListPage';
import { moneyColumn, nameColumn, textColumn } from '../../components/columns';
import { staffPath, type StaffCustomer } from './staffApi';

/** 当前客户 (relationships effective today) or 历史客户 (ended, not current): one row per relationship, paged on the server. */
export function StaffCustomersTab({ staffNo, view }: { staffNo: string; view: 'current' | 'history' }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  const list = useListPage<Page<StaffCustomer>>({ path: staffPath(staffNo, '/customers'), queryKey: ['staff', 'customers'], fixed: { view }, local: true });

  const columns: TableColumnsType<StaffCustomer> = [
    {
      key: 'customerNo',
      dataIndex: 'customerNo',
      title: t('staff.cust.customerNo'),
      fixed: 'left',
      width: 110,
      render: (no: string, row) =>
        row.inScope ? (
          <Link to={`/customers/${encodeURIComponent(no)}`}>{no}</Link>
        ) : (
          <Tooltip title={t('staff.cust.outOfScope')}>
            <span>{no}</span>
          </Tooltip>
        ),
    },
    nameColumn('name', t('staff.cust.name')),
    { key: 'kind', dataIndex: 'kind', title: t('staff.cust.kind'), width: 90, render: (v: string) => <Tag color={v === 'DEVELOP' ? 'blue' : 'default'}>{label('relationshipKind', v)}</Tag> },
    { ...textColumn<StaffCustomer>('weight', t('staff.cust.weight'), 70), align: 'right' },
    ...(view === 'history' ? [textColumn<StaffCustomer>('endedOn', t('staff.cust.endedOn'), 105)] : []),
    moneyColumn('totalAsset', t('staff.cust.totalAsset')),
    moneyColumn('weightedAsset', t('staff.cust.weightedAsset')),
    { key: 'tier', dataIndex: 'tier', title: t('staff.cust.tier'), width: 80, render: (v: string | null) => (v ? <Tag color={tierColor(v)}>{v}</Tag> : null) },
    nameColumn('assessmentSet', t('staff.cust.assessmentSet'), 120),
    textColumn('addedOn', t('staff.cust.addedOn'), 105),
    textColumn('effectiveFrom', t('staff.cust.effectiveFrom'), 105),
    textColumn('confirmedOn', t('staff.cust.confirmedOn'), 115),
    textColumn('assetDate', t('staff.cust.assetDate'), 105),
    textColumn('openDate', t('staff.cust.openDate'), 105),
    { key: 'status', dataIndex: 'status', title: t('staff.cust.status'), width: 90, render: (v: string) => label('customerStatus', v) },
    { ...textColumn<StaffCustomer>('guaranteedRate', t('staff.cust.guaranteedRate'), 100), align: 'right' },
  ];

  return <ListTable<StaffCustomer> list={list} rowKey="relationshipId" columns={columns} emptyInTable pageSizeOptions={[20, 50, 100]} />;
}
