import { useState } from 'react';
import { Alert, Button, Checkbox, DatePicker, Form, Grid, Input, InputNumber, Popover, Space, Tag, Tooltip } from 'antd';
import type { TableProps } from 'antd';
import { Link } from 'react-router';
import type { CustomerListItem, Page } from '../../api/types';
import { customerListTitle, useCurrentUser } from '../../components/AppLayout';
import { formatDecimal } from '../../components/decimal';
import { ChoiceFilter, ListPage, ListTotal, PickerFilter, useListPage } from '../../components/ListPage';
import type { FilterSpec } from '../../components/listParams';
import { useCodeLabel, useI18n } from '../../i18n/i18n';
import { ContactModal, type ContactCustomer } from './ContactModal';

const LIFECYCLES = ['POTENTIAL', 'ACTIVE', 'SLEEPING', 'DORMANT', 'CHURN_RISK', 'CHURNED'];
const STATUSES = ['NORMAL', 'FROZEN', 'LOST', 'DORMANT', 'CLOSED'];
const FILTERS: FilterSpec = {
  q: 'text',
  branch: 'text',
  tier: 'choice',
  lifecycle: 'choice',
  status: 'choice',
  open: { from: 'openFrom', to: 'openTo' },
  minAsset: 'amount',
  maxAsset: 'amount',
};
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

/** 我的客户 / 营业部客户 (`current`) and 历史客户 (`history`): the same list over two sets. */
export default function CustomerListPage({ view = 'current' }: { view?: 'current' | 'history' }) {
  const { t } = useI18n();
  const [visible, setVisible] = useState<OptionalColumn[]>(() => storedColumns(view));
  const label = useCodeLabel();
  const me = useCurrentUser();
  const [contactFor, setContactFor] = useState<ContactCustomer | null>(null);
  // 记录接触 on the customers in scope (a history row outside it only shows its number)
  const canLog = me.permissions.includes('contacts.write');
  // the name stays in view beside the number while the wide list scrolls, where the screen has room for both
  const wide = Grid.useBreakpoint().md === true;
  const list = useListPage<Page<CustomerListItem> & { tiers: string[] }>({
    path: '/api/customers',
    queryKey: ['customers'],
    filters: FILTERS,
    fixed: { view: view === 'history' ? 'history' : undefined },
    sortable: SORTABLE,
    defaultSort: 'customerNo',
    exportFile: 'customers.xlsx',
  });

  function chooseColumns(keys: OptionalColumn[]) {
    setVisible(keys);
    localStorage.setItem(columnsStorageKey(view), JSON.stringify(keys));
  }

  const sortOrder = list.sortOrder;
  // the configured tiers, highest first (系统设置 → 客户级别), as the list's answer gives them
  const tiers = list.result.data?.tiers ?? [];
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
    { key: 'tier', dataIndex: 'tier', title: t('customers.col.tier'), render: (v: string | null) => (v ? <Tag color={tierColor(v, tiers)}>{v}</Tag> : null), width: 90 },
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
  const logColumn: NonNullable<TableProps<CustomerListItem>['columns']> = canLog
    ? [
        {
          key: 'actions',
          title: '',
          fixed: 'right',
          width: 100,
          render: (_: unknown, row: CustomerListItem) =>
            row.inScope === false ? null : (
              <Button size="small" type="link" onClick={() => setContactFor({ customerNo: row.customerNo, name: row.name })} data-testid="row-log-contact">
                {t('contact.log')}
              </Button>
            ),
        },
      ]
    : [];
  const columns = [...allColumns.filter((c) => c.key === 'customerNo' || visible.includes(c.key as OptionalColumn)), ...logColumn];
  const columnChooser = (
    <Checkbox.Group
      value={visible}
      onChange={(keys) => chooseColumns(keys as OptionalColumn[])}
      style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
      options={OPTIONAL_COLUMNS.map((key) => ({ value: key, label: String(allColumns.find((c) => c.key === key)?.title ?? key) }))}
    />
  );

  return (
    <>
      <ListPage<CustomerListItem>
        list={list}
        filters={
          <>
            <Tooltip title={t('customers.searchHint')} trigger={['focus', 'hover']}>
              <Form.Item name="q">
                <Input allowClear placeholder={t('customers.filter.q')} style={{ width: 200 }} />
              </Form.Item>
            </Tooltip>
            {me.scopeLevel === 'ALL' ? <PickerFilter name="branch" kind="branch" placeholder={t('customers.filter.branch')} width={200} /> : null}
            <ChoiceFilter name="tier" placeholder={t('customers.filter.tier')} width={120} options={tiers.map((v) => ({ value: v, label: v }))} />
            <ChoiceFilter name="lifecycle" placeholder={t('customers.filter.lifecycle')} width={120} options={LIFECYCLES.map((v) => ({ value: v, label: label('lifecycle', v) }))} />
            <ChoiceFilter name="status" placeholder={t('customers.filter.status')} width={120} options={STATUSES.map((v) => ({ value: v, label: label('customerStatus', v) }))} />
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
          </>
        }
        notice={view === 'history' && <Alert type="info" showIcon title={t('customers.history.hint')} />}
        title={t(view === 'history' ? 'menu.customerHistory' : customerListTitle(me))}
        tools={
          <Popover content={columnChooser} trigger="click" placement="bottomRight">
            <Button data-testid="column-chooser">{t('common.columns')}</Button>
          </Popover>
        }
        total={<ListTotal list={list} title={t('customers.total')} hint={t('customers.totalHint')} testId="customer-total" />}
        rowKey="customerNo"
        columns={columns}
        // the columns' own widths (a long organisation name is cut with …, not widening the fixed pair)
        scroll={{ x: columns.reduce((sum, c) => sum + (typeof c.width === 'number' ? c.width : 120), 0) }}
        tableLayout="fixed"
      />
      <ContactModal customer={contactFor} onClose={() => setContactFor(null)} />
    </>
  );
}

const DEFAULT_TIERS = ['玉满堂', '金满堂', '银满堂'];
const TIER_COLORS = ['green', 'gold', 'default'];

/**
 * A tier's tag colour by its rank among the configured tiers (highest first; the default tiers where a page
 * does not have them): the top three green, gold and grey, any further tier blue.
 */
export function tierColor(tier: string, tiers: readonly string[] = DEFAULT_TIERS): string {
  const rank = tiers.indexOf(tier);
  return rank >= 0 ? (TIER_COLORS[rank] ?? 'blue') : 'blue';
}
