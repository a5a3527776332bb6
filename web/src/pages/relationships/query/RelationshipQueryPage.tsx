import { useEffect, useState } from 'react';
import { App, Button, Card, DatePicker, Form, Input, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { Link, useSearchParams } from 'react-router';
import { apiDownload } from '../../../api/client';
import { CodePicker } from '../../../components/CodePicker';
import { formatDecimal } from '../../../components/decimal';
import { ErrorState } from '../../../components/States';
import { useI18n } from '../../../i18n/i18n';
import { staffDetailPath } from '../../staff/menu';
import { FILTER_KEYS, relationshipsUrl, useRelationships, type Filters, type RelationshipItem } from './queryApi';

interface FilterForm {
  customerNo?: string;
  staffNo?: string;
  kind?: string;
  at?: Dayjs | null;
  branch?: string;
  team?: string;
  assessmentSet?: string;
  status?: string;
  confirmed?: string;
  month?: Dayjs | null;
}

/**
 * 经纪关系查询: every relationship in the caller's scope with its assessment set, weight, dates and
 * month-end assets; filters live in the URL, paging is the server's, and the Excel export is every
 * row of the same filters.
 */
export default function RelationshipQueryPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [search, setSearch] = useSearchParams();
  const [form] = Form.useForm<FilterForm>();
  const [exporting, setExporting] = useState(false);

  const page = Math.max(1, Number(search.get('page') ?? '1') || 1);
  const pageSize = Math.min(500, Math.max(1, Number(search.get('pageSize') ?? '20') || 20));
  const filters: Filters = Object.fromEntries(FILTER_KEYS.flatMap((k) => (search.get(k) ? [[k, search.get(k) as string]] : [])));
  const result = useRelationships(filters, page, pageSize);

  useEffect(() => {
    const at = search.get('at');
    const month = search.get('month');
    form.setFieldsValue({
      customerNo: search.get('customerNo') ?? undefined,
      staffNo: search.get('staffNo') ?? undefined,
      kind: search.get('kind') ?? undefined,
      at: at ? dayjs(at) : null,
      branch: search.get('branch') ?? undefined,
      team: search.get('team') ?? undefined,
      assessmentSet: search.get('assessmentSet') ?? undefined,
      status: search.get('status') ?? undefined,
      confirmed: search.get('confirmed') ?? undefined,
      month: month ? dayjs(`${month}-01`) : null,
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
      customerNo: values.customerNo?.trim(),
      staffNo: values.staffNo?.trim(),
      kind: values.kind,
      at: values.at?.format('YYYY-MM-DD'),
      branch: values.branch?.trim(),
      team: values.team?.trim(),
      assessmentSet: values.assessmentSet?.trim(),
      status: values.status,
      confirmed: values.confirmed,
      month: values.month?.format('YYYY-MM'),
      page: undefined,
    });
  }

  async function exportRows() {
    setExporting(true);
    try {
      await apiDownload(relationshipsUrl({ ...filters, format: 'xlsx' }), 'relationships.xlsx');
    } catch (error) {
      void message.error(`${t('rq.exportFailed')}: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setExporting(false);
    }
  }

  const columns: TableColumnsType<RelationshipItem> = ([
    {
      key: 'customer',
      title: t('rq.col.customer'),
      fixed: 'left',
      width: 260,
      render: (_, r) => (
        <Space size={4}>
          <Link to={`/customers/${encodeURIComponent(r.customerNo)}`}>{r.customerNo}</Link>
          <span title={r.customerName} style={{ display: 'inline-block', maxWidth: 150, overflow: 'hidden', textOverflow: 'ellipsis', verticalAlign: 'bottom' }}>
            {r.customerName}
          </span>
        </Space>
      ),
    },
    { key: 'branch', dataIndex: 'branchName', title: t('rq.col.branch'), width: 150, ellipsis: true },
    {
      key: 'staff',
      title: t('rq.col.staff'),
      width: 150,
      render: (_, r) => (
        <Space size={4}>
          <Link to={staffDetailPath(r.staffNo)}>{r.staffNo}</Link>
          <span>{r.staffName}</span>
          {r.staffStatus === 'LEFT' && <Tag>{t('rq.staffLeft')}</Tag>}
        </Space>
      ),
    },
    { key: 'team', dataIndex: 'teamName', title: t('rq.col.team'), width: 100, ellipsis: true },
    { key: 'kind', dataIndex: 'kind', title: t('rq.col.kind'), width: 90, render: (k: RelationshipItem['kind']) => <Tag color={k === 'DEVELOP' ? 'blue' : 'default'}>{t(`rq.kind.${k}`)}</Tag> },
    { key: 'weight', dataIndex: 'weight', title: t('rq.col.weight'), width: 70, align: 'right' },
    { key: 'assessmentSet', dataIndex: 'assessmentSet', title: t('rq.col.assessmentSet'), width: 90 },
    { key: 'addedOn', dataIndex: 'addedOn', title: t('rq.col.addedOn'), width: 105 },
    { key: 'effectiveFrom', dataIndex: 'effectiveFrom', title: t('rq.col.effectiveFrom'), width: 105 },
    { key: 'confirmedOn', dataIndex: 'confirmedOn', title: t('rq.col.confirmedOn'), width: 115 },
    { key: 'endedOn', dataIndex: 'endedOn', title: t('rq.col.endedOn'), width: 105 },
    { key: 'guaranteedRate', dataIndex: 'guaranteedRate', title: t('rq.col.guaranteedRate'), width: 100, align: 'right' },
    { key: 'monthEndAsset', dataIndex: 'monthEndAsset', title: t('rq.col.monthEndAsset'), width: 140, align: 'right', render: (v: string | null) => formatDecimal(v) },
    { key: 'weightedAsset', dataIndex: 'weightedAsset', title: t('rq.col.weightedAsset'), width: 140, align: 'right', render: (v: string | null) => formatDecimal(v) },
  ] satisfies TableColumnsType<RelationshipItem>).map((column) => ({ ...column, onCell: () => ({ style: { whiteSpace: 'nowrap' } }) }));

  const data = result.data;
  const monthNote = data?.month
    ? data.monthEndDate
      ? t('rq.monthEnd', { month: data.month, date: data.monthEndDate })
      : t('rq.monthEndNone', { month: data.month })
    : null;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small">
        <Form form={form} layout="inline" onFinish={applyFilters} style={{ rowGap: 8 }} data-testid="relationship-filters">
          <Form.Item name="customerNo">
            <CodePicker kind="customer" allowTyped placeholder={t('rq.filter.customerNo')} style={{ width: 200 }} data-testid="pick-customerNo" />
          </Form.Item>
          <Form.Item name="staffNo">
            <CodePicker kind="staff" allowTyped placeholder={t('rq.filter.staffNo')} style={{ width: 180 }} data-testid="pick-staffNo" />
          </Form.Item>
          <Form.Item name="kind">
            <Select allowClear placeholder={t('rq.filter.kind')} style={{ width: 130 }} options={(['DEVELOP', 'SERVICE'] as const).map((k) => ({ value: k, label: t(`rq.kind.${k}`) }))} />
          </Form.Item>
          <Form.Item name="status">
            <Select allowClear placeholder={t('rq.filter.status')} style={{ width: 110 }} options={(['current', 'ended', 'upcoming'] as const).map((s) => ({ value: s, label: t(`rq.status.${s}`) }))} />
          </Form.Item>
          <Form.Item name="confirmed">
            <Select allowClear placeholder={t('rq.filter.confirmed')} style={{ width: 110 }} options={(['yes', 'no'] as const).map((c) => ({ value: c, label: t(`rq.confirmed.${c}`) }))} />
          </Form.Item>
          <Form.Item name="at">
            <DatePicker placeholder={t('rq.filter.at')} style={{ width: 130 }} />
          </Form.Item>
          <Form.Item name="branch">
            <CodePicker kind="branch" placeholder={t('rq.filter.branch')} style={{ width: 200 }} data-testid="pick-branch" />
          </Form.Item>
          <Form.Item name="team">
            <CodePicker kind="team" placeholder={t('rq.filter.team')} style={{ width: 180 }} data-testid="pick-team" />
          </Form.Item>
          <Form.Item name="assessmentSet">
            <Input allowClear placeholder={t('rq.filter.assessmentSet')} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="month">
            <DatePicker picker="month" placeholder={t('rq.filter.month')} style={{ width: 190 }} />
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
      <Card
        size="small"
        title={
          <Space>
            <span>{t('rq.title')}</span>
            {monthNote && (
              <Typography.Text type="secondary" style={{ fontWeight: 'normal' }} data-testid="month-end-note">
                {monthNote}
              </Typography.Text>
            )}
          </Space>
        }
        extra={
          <Space size="large" align="center">
            <Button onClick={() => void exportRows()} loading={exporting} disabled={!data?.total} data-testid="export-xlsx">
              {exporting ? t('rq.exporting') : t('rq.export')}
            </Button>
            <span data-testid="relationship-total">
              <Statistic title={t('rq.total')} value={data?.total ?? '-'} styles={{ content: { fontSize: 18 } }} groupSeparator="," />
            </span>
          </Space>
        }
      >
        {result.isError ? (
          <ErrorState error={result.error} onRetry={() => void result.refetch()} />
        ) : (
          <Table<RelationshipItem>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={data?.items ?? []}
            loading={result.isFetching}
            scroll={{ x: 'max-content' }}
            pagination={{
              current: page,
              pageSize,
              total: data?.total ?? 0,
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
