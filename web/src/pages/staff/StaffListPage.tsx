import { Tag } from 'antd';
import type { TableProps } from 'antd';
import { Link, useNavigate } from 'react-router';
import type { Page } from '../../api/types';
import { ChoiceFilter, ListPage, PickerFilter, TextFilter, useListPage } from '../../components/ListPage';
import type { FilterSpec } from '../../components/listParams';
import { useCodeLabel, useI18n } from '../../i18n/i18n';
import { staffDetailPath } from './menu';
import { STAFF_CATEGORIES, STAFF_STATUSES, type StaffListItem } from './staffApi';

const FILTERS: FilterSpec = { q: 'text', branch: 'text', team: 'text', category: 'choice', status: 'choice' };

/** 人员列表: the staff in the caller's scope, filtered and paged on the server; a row opens the detail. */
export default function StaffListPage() {
  const { t } = useI18n();
  const label = useCodeLabel();
  const navigate = useNavigate();
  const list = useListPage<Page<StaffListItem>>({ path: '/api/staff', queryKey: ['staff', 'list'], filters: FILTERS });

  const columns: TableProps<StaffListItem>['columns'] = [
    {
      key: 'staffNo',
      dataIndex: 'staffNo',
      title: t('staff.col.staffNo'),
      render: (no: string) => (
        <Link to={staffDetailPath(no)} onClick={(e) => e.stopPropagation()}>
          {no}
        </Link>
      ),
      fixed: 'left',
      width: 110,
    },
    { key: 'name', dataIndex: 'name', title: t('staff.col.name'), width: 90 },
    { key: 'category', dataIndex: 'category', title: t('staff.col.category'), render: (v: string) => label('staffCategory', v), width: 90 },
    { key: 'level', dataIndex: 'level', title: t('staff.col.level'), render: (v: string) => label('staffLevel', v), width: 60 },
    { key: 'team', dataIndex: 'teamName', title: t('staff.col.team'), render: (v: string | null, r) => v ?? r.teamCode ?? '', ellipsis: true, width: 130 },
    { key: 'branch', dataIndex: 'branchName', title: t('staff.col.branch'), ellipsis: true, width: 140 },
    { key: 'hireDate', dataIndex: 'hireDate', title: t('staff.col.hireDate'), width: 100 },
    { key: 'leaveDate', dataIndex: 'leaveDate', title: t('staff.col.leaveDate'), width: 100 },
    { key: 'contractType', dataIndex: 'contractType', title: t('staff.col.contractType'), render: (v: string) => label('contractType', v), width: 110 },
    {
      key: 'status',
      dataIndex: 'status',
      title: t('staff.col.status'),
      render: (v: string) => <Tag color={v === 'ACTIVE' ? 'green' : 'default'}>{label('staffStatus', v)}</Tag>,
      width: 70,
    },
    { key: 'currentCustomers', dataIndex: 'currentCustomers', title: t('staff.col.currentCustomers'), align: 'right', width: 90 },
  ];

  return (
    <ListPage<StaffListItem>
      list={list}
      filters={
        <>
          <TextFilter name="q" placeholder={t('staff.filter.q')} width={180} />
          <PickerFilter name="branch" kind="branch" placeholder={t('staff.filter.branch')} width={200} />
          <PickerFilter name="team" kind="team" placeholder={t('staff.filter.team')} width={180} />
          <ChoiceFilter name="category" placeholder={t('staff.filter.category')} width={130} options={STAFF_CATEGORIES.map((v) => ({ value: v, label: label('staffCategory', v) }))} />
          <ChoiceFilter name="status" placeholder={t('staff.filter.status')} width={110} options={STAFF_STATUSES.map((v) => ({ value: v, label: label('staffStatus', v) }))} />
        </>
      }
      title={t('menu.staffList')}
      total={<span data-testid="staff-total">{t('common.totalCount', { n: list.result.data?.total ?? 0 })}</span>}
      rowKey="staffNo"
      columns={columns}
      onRow={(row) => ({ onClick: () => void navigate(staffDetailPath(row.staffNo)), style: { cursor: 'pointer' } })}
    />
  );
}
