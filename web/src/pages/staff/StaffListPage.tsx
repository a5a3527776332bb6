import { useEffect } from 'react';
import { Button, Card, Form, Input, Select, Space, Table, Tag } from 'antd';
import type { TableProps } from 'antd';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { CodePicker } from '../../components/CodePicker';
import { ErrorState } from '../../components/States';
import { useCodeLabel, useI18n } from '../../i18n/i18n';
import { staffDetailPath } from './menu';
import { STAFF_CATEGORIES, STAFF_STATUSES, useStaffList, type StaffListItem } from './staffApi';

const FILTER_KEYS = ['q', 'branch', 'team', 'category', 'status'] as const;
type FilterForm = Partial<Record<(typeof FILTER_KEYS)[number], string>>;

/** 人员列表: the staff in the caller's scope, filtered and paged on the server; a row opens the detail. */
export default function StaffListPage() {
  const { t } = useI18n();
  const label = useCodeLabel();
  const navigate = useNavigate();
  const [search, setSearch] = useSearchParams();
  const [form] = Form.useForm<FilterForm>();

  const page = Math.max(1, Number(search.get('page') ?? '1') || 1);
  const pageSize = Math.min(500, Math.max(1, Number(search.get('pageSize') ?? '20') || 20));
  const filters = Object.fromEntries(FILTER_KEYS.map((k) => [k, search.get(k) ?? undefined]));
  const staff = useStaffList({ ...filters, page, pageSize });

  useEffect(() => {
    form.setFieldsValue(Object.fromEntries(FILTER_KEYS.map((k) => [k, search.get(k) ?? undefined])));
  }, [search, form]);

  function update(changes: Record<string, string | undefined>) {
    const next = new URLSearchParams(search);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setSearch(next);
  }

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
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small">
        <Form
          form={form}
          layout="inline"
          style={{ rowGap: 8 }}
          onFinish={(values: FilterForm) =>
            update({ q: values.q?.trim(), branch: values.branch?.trim(), team: values.team?.trim(), category: values.category, status: values.status, page: undefined })
          }
        >
          <Form.Item name="q">
            <Input allowClear placeholder={t('staff.filter.q')} style={{ width: 180 }} />
          </Form.Item>
          <Form.Item name="branch">
            <CodePicker kind="branch" placeholder={t('staff.filter.branch')} style={{ width: 200 }} data-testid="pick-branch" />
          </Form.Item>
          <Form.Item name="team">
            <CodePicker kind="team" placeholder={t('staff.filter.team')} style={{ width: 180 }} data-testid="pick-team" />
          </Form.Item>
          <Form.Item name="category">
            <Select allowClear placeholder={t('staff.filter.category')} style={{ width: 130 }} options={STAFF_CATEGORIES.map((v) => ({ value: v, label: label('staffCategory', v) }))} />
          </Form.Item>
          <Form.Item name="status">
            <Select allowClear placeholder={t('staff.filter.status')} style={{ width: 110 }} options={STAFF_STATUSES.map((v) => ({ value: v, label: label('staffStatus', v) }))} />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit">
                {t('common.query')}
              </Button>
              <Button onClick={() => setSearch(new URLSearchParams())}>{t('common.reset')}</Button>
            </Space>
          </Form.Item>
        </Form>
      </Card>
      <Card size="small" title={t('menu.staffList')} extra={<span data-testid="staff-total">{t('common.totalCount', { n: staff.data?.total ?? 0 })}</span>}>
        {staff.isError ? (
          <ErrorState error={staff.error} onRetry={() => void staff.refetch()} />
        ) : (
          <Table<StaffListItem>
            rowKey="staffNo"
            size="small"
            columns={columns}
            dataSource={staff.data?.items ?? []}
            loading={staff.isFetching}
            scroll={{ x: 'max-content' }}
            onRow={(row) => ({ onClick: () => void navigate(staffDetailPath(row.staffNo)), style: { cursor: 'pointer' } })}
            pagination={{
              current: page,
              pageSize,
              total: staff.data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [20, 50, 100, 200],
              showTotal: (n) => t('common.totalCount', { n }),
            }}
            onChange={(pagination) => update({ page: String(pagination.current ?? 1), pageSize: String(pagination.pageSize ?? pageSize) })}
          />
        )}
      </Card>
    </Space>
  );
}
