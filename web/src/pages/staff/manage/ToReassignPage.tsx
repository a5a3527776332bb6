import { Alert, Button, Card, Form, Space, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { useCurrentUser } from '../../../components/AppLayout';
import { CodePicker } from '../../../components/CodePicker';
import { EmptyState, ErrorState } from '../../../components/States';
import { useI18n } from '../../../i18n/i18n';
import { operationPath } from '../../relationships/ops/operations';
import { staffDetailPath } from '../menu';
import { MANAGER_ROLES, useToReassign, type ToReassignItem } from './manageApi';
import { staffManagePath } from './menu';

/** 待重新分配客户: relationships still in force whose staff member has left, within the caller's scope. */
export default function ToReassignPage() {
  const { t } = useI18n();
  const me = useCurrentUser();
  const [search, setSearch] = useSearchParams();
  const staffNo = search.get('staffNo') ?? undefined;
  const page = Math.max(1, Number(search.get('page') ?? '1') || 1);
  const pageSize = Math.min(500, Math.max(1, Number(search.get('pageSize') ?? '20') || 20));
  const list = useToReassign({ staffNo, page, pageSize });
  // the change operation acts for a staff member of the caller's branch: offered to staff logins that may start flows
  const canReassign = me.permissions.includes('workflows') && Boolean(me.staffNo);

  function update(changes: Record<string, string | undefined>) {
    const next = new URLSearchParams(search);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setSearch(next);
  }

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
          <Link to={MANAGER_ROLES.includes(me.role) ? staffManagePath(r.staffNo) : staffDetailPath(r.staffNo)}>{r.staffNo}</Link>
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
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Alert type="info" showIcon title={t('tr.hint')} />
      <Card size="small" title={t('tr.title')}>
        <Form layout="inline" style={{ marginBottom: 12 }} onFinish={(v: { staffNo?: string }) => update({ staffNo: v.staffNo?.trim(), page: undefined })} initialValues={{ staffNo }}>
          <Form.Item name="staffNo">
            <CodePicker kind="staff" allowTyped placeholder={t('tr.filter.staffNo')} style={{ width: 200 }} data-testid="pick-staffNo" />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit">
              {t('common.query')}
            </Button>
          </Form.Item>
        </Form>
        {list.isError ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : !list.isFetching && list.data?.total === 0 ? (
          <EmptyState text={t('tr.empty')} />
        ) : (
          <Table<ToReassignItem>
            rowKey="relationshipId"
            size="small"
            columns={columns}
            dataSource={list.data?.items ?? []}
            loading={list.isFetching}
            scroll={{ x: 'max-content' }}
            pagination={{
              current: page,
              pageSize,
              total: list.data?.total ?? 0,
              showSizeChanger: true,
              showTotal: (n) => t('common.totalCount', { n }),
            }}
            onChange={(pagination) => update({ page: String(pagination.current ?? 1), pageSize: String(pagination.pageSize ?? pageSize) })}
          />
        )}
      </Card>
    </Space>
  );
}
