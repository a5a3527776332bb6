import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Checkbox, DatePicker, Form, Grid, Input, InputNumber, Popover, Select, Space, Statistic, Table, Tag, Tooltip } from 'antd';
import type { TableProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { Link, useSearchParams } from 'react-router';
import { apiDownload, queryString } from '../../api/client';
import { useCustomers } from '../../api/queries';
import type { CustomerListItem } from '../../api/types';
import { customerListTitle, useCurrentUser } from '../../components/AppLayout';
import { CodePicker } from '../../components/CodePicker';
import { formatDecimal } from '../../components/decimal';
import { ErrorState } from '../../components/States';
import { useCodeLabel, useI18n } from '../../i18n/i18n';

export const TIERS = ['玉满堂', '金满堂', '银满堂'];
const LIFECYCLES = ['POTENTIAL', 'ACTIVE', 'SLEEPING', 'DORMANT', 'CHURNED'];
const STATUSES = ['NORMAL', 'FROZEN', 'LOST', 'DORMANT', 'CLOSED'];
const FILTER_KEYS = ['q', 'branch', 'tier', 'lifecycle', 'status', 'openFrom', 'openTo', 'minAsset', 'maxAsset'] as const;
/** Columns the user may hide (the customer number always shows); the choice is kept in this browser. */
const OPTIONAL_COLUMNS = ['name', 'tier', 'totalAsset', 'netAsset', 'lifecycle', 'status', 'type', 'branch', 'openDate', 'closeDate', 'risk', 'mobile', 'staff'] as const;
type OptionalColumn = (typeof OPTIONAL_COLUMNS)[number];
const HIDDEN_BY_DEFAULT: Record<'current' | 'history', OptionalColumn[]> = { current: ['closeDate'], history: [] };
const columnsStorageKey = (view: string) => `quancrm.customerColumns.${view}`;

function storedColumns(view: 'current' | 'history'): OptionalColumn[] {
  try {
    const saved: unknown = JSON.parse(localStorage.getItem(columnsStorageKey(view)) ?? 'null');
    if (Array.isArray(saved)) return OPTIONAL_COLUMNS.filter((c) => saved.includes(c));
  } catch {
    // unreadable: the default
  }
  return OPTIONAL_COLUMNS.filter((c) => !HIDDEN_BY_DEFAULT[view].includes(c));
}
const SORTABLE = ['customerNo', 'name', 'openDate', 'totalAsset', 'netAsset'];

interface FilterForm {
  q?: string;
  branch?: string;
  tier?: string;
  lifecycle?: string;
  status?: string;
  open?: [Dayjs | null, Dayjs | null] | null;
  minAsset?: string | null;
  maxAsset?: string | null;
}

/** 我的客户 / 营业部客户 (`current`) and 历史客户 (`history`): the same list over two sets. */
export default function CustomerListPage({ view = 'current' }: { view?: 'current' | 'history' }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [visible, setVisible] = useState<OptionalColumn[]>(() => storedColumns(view));
  const [exporting, setExporting] = useState(false);
  const label = useCodeLabel();
  const me = useCurrentUser();
  const [search, setSearch] = useSearchParams();
  const [form] = Form.useForm<FilterForm>();
  // the name stays in view beside the number while the wide list scrolls, where the screen has room for both
  const wide = Grid.useBreakpoint().md === true;

  const page = Math.max(1, Number(search.get('page') ?? '1') || 1);
  const pageSize = Math.min(500, Math.max(1, Number(search.get('pageSize') ?? '20') || 20));
  const sort = search.get('sort') ?? 'customerNo';
  const filters = Object.fromEntries(FILTER_KEYS.map((k) => [k, search.get(k) ?? undefined]));
  const customers = useCustomers({ ...filters, view: view === 'history' ? 'history' : undefined, page, pageSize, sort });

  useEffect(() => {
    const openFrom = search.get('openFrom');
    const openTo = search.get('openTo');
    form.setFieldsValue({
      q: search.get('q') ?? undefined,
      branch: search.get('branch') ?? undefined,
      tier: search.get('tier') ?? undefined,
      lifecycle: search.get('lifecycle') ?? undefined,
      status: search.get('status') ?? undefined,
      open: openFrom || openTo ? [openFrom ? dayjs(openFrom) : null, openTo ? dayjs(openTo) : null] : null,
      minAsset: search.get('minAsset') ?? null,
      maxAsset: search.get('maxAsset') ?? null,
    });
  }, [search, form]);

  function update(changes: Record<string, string | undefined>) {
    const next = new URLSearchParams(search);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setSearch(next);
  }

  function applyFilters(values: FilterForm) {
    update({
      q: values.q?.trim(),
      branch: values.branch?.trim(),
      tier: values.tier,
      lifecycle: values.lifecycle,
      status: values.status,
      openFrom: values.open?.[0]?.format('YYYY-MM-DD'),
      openTo: values.open?.[1]?.format('YYYY-MM-DD'),
      minAsset: values.minAsset ?? undefined,
      maxAsset: values.maxAsset ?? undefined,
      page: undefined,
    });
  }

  function chooseColumns(keys: OptionalColumn[]) {
    setVisible(keys);
    localStorage.setItem(columnsStorageKey(view), JSON.stringify(keys));
  }

  /** The Excel file of the whole filtered list, as the server writes it. */
  async function exportList() {
    setExporting(true);
    try {
      const query = queryString({ ...filters, view: view === 'history' ? 'history' : undefined, sort, format: 'xlsx' });
      await apiDownload(`/api/customers${query}`, 'customers.xlsx');
    } catch (error) {
      void message.error(`${t('customers.exportFailed')}: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setExporting(false);
    }
  }

  const sortOrder = (key: string) => (sort === key ? 'ascend' : sort === `-${key}` ? 'descend' : null);
  const money = (value: string | null) => formatDecimal(value);
  const allColumns: NonNullable<TableProps<CustomerListItem>['columns']> = [
    {
      key: 'customerNo',
      dataIndex: 'customerNo',
      title: t('customers.col.customerNo'),
      sorter: true,
      sortOrder: sortOrder('customerNo'),
      render: (no: string, row: CustomerListItem) =>
        row.inScope === false ? (
          <Tooltip title={t('customers.history.notInScope')}>
            <span>{no}</span>
          </Tooltip>
        ) : (
          <Link to={`/customers/${no}`}>{no}</Link>
        ),
      fixed: 'left',
      width: 120,
    },
    { key: 'name', dataIndex: 'name', title: t('customers.col.name'), sorter: true, sortOrder: sortOrder('name'), ellipsis: true, width: 160, fixed: wide ? 'left' : undefined },
    { key: 'tier', dataIndex: 'tier', title: t('customers.col.tier'), render: (v: string | null) => (v ? <Tag color={tierColor(v)}>{v}</Tag> : null), width: 90 },
    {
      key: 'totalAsset',
      dataIndex: 'totalAsset',
      title: t('customers.col.totalAsset'),
      align: 'right',
      sorter: true,
      sortOrder: sortOrder('totalAsset'),
      render: money,
      width: 150,
    },
    { key: 'netAsset', dataIndex: 'netAsset', title: t('customers.col.netAsset'), align: 'right', sorter: true, sortOrder: sortOrder('netAsset'), render: money, width: 150 },
    { key: 'lifecycle', dataIndex: 'lifecycle', title: t('customers.col.lifecycle'), render: (v: string | null) => label('lifecycle', v), width: 90 },
    { key: 'status', dataIndex: 'status', title: t('customers.col.status'), render: (v: string) => label('customerStatus', v), width: 80 },
    { key: 'type', dataIndex: 'customerType', title: t('customers.col.type'), render: (v: string) => label('customerType', v), width: 80 },
    { key: 'branch', dataIndex: 'branchName', title: t('customers.col.branch'), ellipsis: true, width: 160 },
    { key: 'openDate', dataIndex: 'openDate', title: t('customers.col.openDate'), sorter: true, sortOrder: sortOrder('openDate'), width: 110 },
    { key: 'closeDate', dataIndex: 'closeDate', title: t('customers.col.closeDate'), width: 110 },
    { key: 'risk', dataIndex: 'riskLevel', title: t('customers.col.risk'), render: (v: string | null) => label('riskLevel', v), width: 110 },
    { key: 'mobile', dataIndex: 'mobile', title: t('customers.col.mobile'), width: 120 },
    {
      key: 'staff',
      dataIndex: 'developStaff',
      title: t('customers.col.staff'),
      render: (staff: CustomerListItem['developStaff']) => staff.map((s) => `${s.name}${s.weight !== '1' ? ` ×${s.weight}` : ''}`).join('、'),
      ellipsis: true,
      width: 180,
    },
  ];
  const columns = allColumns.filter((c) => c.key === 'customerNo' || visible.includes(c.key as OptionalColumn));
  const columnChooser = (
    <Checkbox.Group
      value={visible}
      onChange={(keys) => chooseColumns(keys as OptionalColumn[])}
      style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
      options={OPTIONAL_COLUMNS.map((key) => ({ value: key, label: String(allColumns.find((c) => c.key === key)?.title ?? key) }))}
    />
  );

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small">
        <Form form={form} layout="inline" onFinish={applyFilters} style={{ rowGap: 8 }}>
          <Tooltip title={t('customers.searchHint')} trigger={['focus', 'hover']}>
            <Form.Item name="q">
              <Input allowClear placeholder={t('customers.filter.q')} style={{ width: 200 }} />
            </Form.Item>
          </Tooltip>
          {me.scopeLevel === 'ALL' ? (
            <Form.Item name="branch">
              <CodePicker kind="branch" placeholder={t('customers.filter.branch')} style={{ width: 200 }} data-testid="pick-branch" />
            </Form.Item>
          ) : null}
          <Form.Item name="tier">
            <Select allowClear placeholder={t('customers.filter.tier')} style={{ width: 120 }} options={TIERS.map((v) => ({ value: v, label: v }))} />
          </Form.Item>
          <Form.Item name="lifecycle">
            <Select allowClear placeholder={t('customers.filter.lifecycle')} style={{ width: 120 }} options={LIFECYCLES.map((v) => ({ value: v, label: label('lifecycle', v) }))} />
          </Form.Item>
          <Form.Item name="status">
            <Select allowClear placeholder={t('customers.filter.status')} style={{ width: 120 }} options={STATUSES.map((v) => ({ value: v, label: label('customerStatus', v) }))} />
          </Form.Item>
          <Form.Item name="open" label={t('customers.filter.openDate')}>
            <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: 240 }} />
          </Form.Item>
          <Form.Item label={t('customers.filter.asset')}>
            <Space.Compact>
              <Form.Item name="minAsset" noStyle>
                <InputNumber<string> stringMode min="0" precision={2} placeholder={t('customers.filter.minAsset')} style={{ width: 120 }} aria-label={`${t('customers.filter.asset')} ${t('customers.filter.minAsset')}`} />
              </Form.Item>
              <Form.Item name="maxAsset" noStyle>
                <InputNumber<string> stringMode min="0" precision={2} placeholder={t('customers.filter.maxAsset')} style={{ width: 120 }} aria-label={`${t('customers.filter.asset')} ${t('customers.filter.maxAsset')}`} />
              </Form.Item>
            </Space.Compact>
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
      {view === 'history' && <Alert type="info" showIcon title={t('customers.history.hint')} />}
      <Card
        size="small"
        title={t(view === 'history' ? 'menu.customerHistory' : customerListTitle(me))}
        styles={{ title: { minWidth: 64 } }}
        extra={
          <Space size="middle" align="center" wrap>
            <Popover content={columnChooser} trigger="click" placement="bottomRight">
              <Button data-testid="column-chooser">{t('common.columns')}</Button>
            </Popover>
            <Button onClick={() => void exportList()} loading={exporting} disabled={!customers.data?.total} data-testid="export-xlsx">
              {exporting ? t('common.exporting') : t('common.export')}
            </Button>
            <span data-testid="customer-total">
              <Tooltip title={t('customers.totalHint')}>
                <Statistic title={t('customers.total')} value={customers.data?.total ?? '-'} styles={{ content: { fontSize: 18 } }} groupSeparator="," />
              </Tooltip>
            </span>
          </Space>
        }
      >
        {customers.isError ? (
          <ErrorState error={customers.error} onRetry={() => void customers.refetch()} />
        ) : (
          <Table<CustomerListItem>
            rowKey="customerNo"
            size="small"
            columns={columns}
            dataSource={customers.data?.items ?? []}
            loading={customers.isFetching}
            // the columns' own widths (a long organisation name is cut with …, not widening the fixed pair)
            scroll={{ x: columns.reduce((sum, c) => sum + (typeof c.width === 'number' ? c.width : 120), 0) }}
            tableLayout="fixed"
            pagination={{
              current: page,
              pageSize,
              total: customers.data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [20, 50, 100, 200],
              showTotal: (n) => t('common.totalCount', { n }),
            }}
            onChange={(pagination, _filters, sorter, extra) => {
              const one = Array.isArray(sorter) ? sorter[0] : sorter;
              const key = typeof one?.columnKey === 'string' && SORTABLE.includes(one.columnKey) && one.order ? one.columnKey : undefined;
              const nextSort = key ? (one?.order === 'descend' ? `-${key}` : key) : undefined;
              update({
                page: extra.action === 'paginate' ? String(pagination.current ?? 1) : undefined,
                pageSize: String(pagination.pageSize ?? pageSize),
                sort: nextSort && nextSort !== 'customerNo' ? nextSort : undefined,
              });
            }}
          />
        )}
      </Card>
    </Space>
  );
}

export function tierColor(tier: string): string {
  return tier === '玉满堂' ? 'green' : tier === '金满堂' ? 'gold' : tier === '银满堂' ? 'default' : 'blue';
}
