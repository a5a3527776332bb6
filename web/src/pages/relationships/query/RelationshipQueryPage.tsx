import { DatePicker, Form, Space, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link } from 'react-router';
import { formatDecimal } from '../../../components/decimal';
import { ChoiceFilter, ListPage, ListTotal, PickerFilter, TextFilter, useListPage } from '../../../components/ListPage';
import { useI18n } from '../../../i18n/i18n';
import { staffDetailPath } from '../../staff/menu';
import { FILTERS, RELATIONSHIPS_PATH, type RelationshipItem, type RelationshipPage } from './queryApi';

/**
 * 经纪关系查询: every relationship in the caller's scope with its assessment set, weight, dates and
 * month-end assets; filters live in the URL, paging is the server's, and the Excel export is every
 * row of the same filters.
 */
export default function RelationshipQueryPage() {
  const { t } = useI18n();
  const list = useListPage<RelationshipPage>({ path: RELATIONSHIPS_PATH, queryKey: ['relationships'], filters: FILTERS, exportFile: 'relationships.xlsx' });

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

  const data = list.result.data;
  const monthNote = data?.month
    ? data.monthEndDate
      ? t('rq.monthEnd', { month: data.month, date: data.monthEndDate })
      : t('rq.monthEndNone', { month: data.month })
    : null;

  return (
    <ListPage<RelationshipItem>
      list={list}
      filterTestId="relationship-filters"
      filters={
        <>
          <PickerFilter name="customerNo" kind="customer" allowTyped placeholder={t('rq.filter.customerNo')} width={200} />
          <PickerFilter name="staffNo" kind="staff" allowTyped placeholder={t('rq.filter.staffNo')} width={180} />
          <ChoiceFilter name="kind" placeholder={t('rq.filter.kind')} width={130} options={(['DEVELOP', 'SERVICE'] as const).map((k) => ({ value: k, label: t(`rq.kind.${k}`) }))} />
          <ChoiceFilter name="status" placeholder={t('rq.filter.status')} width={110} options={(['current', 'ended', 'upcoming'] as const).map((s) => ({ value: s, label: t(`rq.status.${s}`) }))} />
          <ChoiceFilter name="confirmed" placeholder={t('rq.filter.confirmed')} width={110} options={(['yes', 'no'] as const).map((c) => ({ value: c, label: t(`rq.confirmed.${c}`) }))} />
          <Form.Item name="at">
            <DatePicker placeholder={t('rq.filter.at')} style={{ width: 130 }} />
          </Form.Item>
          <PickerFilter name="branch" kind="branch" placeholder={t('rq.filter.branch')} width={200} />
          <PickerFilter name="team" kind="team" placeholder={t('rq.filter.team')} width={180} />
          <TextFilter name="assessmentSet" placeholder={t('rq.filter.assessmentSet')} width={140} />
          <Form.Item name="month">
            <DatePicker picker="month" placeholder={t('rq.filter.month')} style={{ width: 190 }} />
          </Form.Item>
        </>
      }
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
      total={<ListTotal list={list} title={t('rq.total')} testId="relationship-total" />}
      rowKey="id"
      columns={columns}
    />
  );
}
