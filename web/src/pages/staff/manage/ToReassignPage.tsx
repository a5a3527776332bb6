import { Alert, Space, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link } from 'react-router';
import type { Page } from '../../../api/types';
import { useCurrentUser } from '../../../components/AppLayout';
import { ListPage, PickerFilter, useListPage } from '../../../components/ListPage';
import { useI18n } from '../../../i18n/i18n';
import { operationPath } from '../../relationships/ops/operations';
import { staffDetailPath } from '../menu';
import type { ToReassignItem } from './manageApi';
import { canManageStaff, staffManagePath } from './menu';

/** 待重新分配客户: relationships still in force whose staff member has left, within the caller's scope. */
export default function ToReassignPage() {
  const { t } = useI18n();
  const me = useCurrentUser();
  const list = useListPage<Page<ToReassignItem>>({ path: '/api/staff/to-reassign', queryKey: ['staff-to-reassign'], filters: { staffNo: 'text' } });
  // the change operation acts for a staff member of the caller's branch: offered to staff logins that may start flows
  const canReassign = me.permissions.includes('workflows') && Boolean(me.staffNo);

  const columns: TableColumnsType<ToReassignItem> = [
    {
      key: 'customer',
      title: t('tr.col.customer'),
      width: 280,
      ellipsis: true,
      render: (_, r) => (
        <Space size={4}>
          <Link to={`/customers/${encodeURIComponent(r.customerNo)}`}>{r.customerNo}</Link>
          <span>{r.customerName}</span>
        </Space>
      ),
    },
    {
      key: 'staff',
      title: t('tr.col.staff'),
      render: (_, r) => (
        <Space size={4}>
          <Link to={canManageStaff(me) ? staffManagePath(r.staffNo) : staffDetailPath(r.staffNo)}>{r.staffNo}</Link>
          <span>{r.staffName}</span>
        </Space>
      ),
    },
    { key: 'leaveDate', dataIndex: 'leaveDate', title: t('tr.col.leaveDate'), width: 110 },
    { key: 'kind', dataIndex: 'kind', title: t('tr.col.kind'), width: 100, render: (k: ToReassignItem['kind']) => <Tag color={k === 'DEVELOP' ? 'blue' : 'default'}>{t(`rq.kind.${k}`)}</Tag> },
    { key: 'weight', dataIndex: 'weight', title: t('tr.col.weight'), width: 70, align: 'right' },
    { key: 'effectiveFrom', dataIndex: 'effectiveFrom', title: t('tr.col.effectiveFrom'), width: 110 },
    { key: 'endedOn', dataIndex: 'endedOn', title: t('tr.col.endedOn'), width: 110 },
    ...(canReassign
      ? [
          {
            key: 'action',
            title: '',
            width: 110,
            render: (_: unknown, r: ToReassignItem) => (
              <Link to={`${operationPath('RELATIONSHIP_CHANGE')}?customerNo=${encodeURIComponent(r.customerNo)}`}>{t('tr.reassign')}</Link>
            ),
          },
        ]
      : []),
  ];

  return (
    <ListPage<ToReassignItem>
      list={list}
      notice={<Alert type="info" showIcon title={t('tr.hint')} />}
      title={t('tr.title')}
      filterBar="inline"
      filters={<PickerFilter name="staffNo" kind="staff" allowTyped placeholder={t('tr.filter.staffNo')} width={200} />}
      emptyText={t('tr.empty')}
      rowKey="relationshipId"
      columns={columns}
      pageSizeOptions={[10, 20, 50, 100]}
    />
  );
}
