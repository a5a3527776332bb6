import { Alert, DatePicker, Form, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { Link } from 'react-router';
import { useCurrentUser } from '../../components/AppLayout';
import { moneyColumn, NUMERIC_CELL, textColumn } from '../../components/columns';
import { ChoiceFilter, ListPage, ListTotal, TextFilter, useListPage } from '../../components/ListPage';
import type { FilterSpec } from '../../components/listParams';
import { useCodeLabel, useI18n } from '../../i18n/i18n';
import { MARGIN_STATES, marginRoot, ratioPercent, STATE_COLOR, type MarginAccount, type MarginAccountList, type MarginState } from './marginApi';

const FILTERS: FilterSpec = { date: 'date', marginState: 'choice', customerNo: 'text' };

/**
 * 融资融券 → 信用账户 (suitability.md "Margin trading"): the credit accounts of the caller's scope on the
 * last imported trading day (or a chosen one) with financing and lending debt, interest, collateral
 * and the maintenance ratio (维持担保比例), lowest first, each with its state against the configured
 * lines (shown above the list); filtered by state and customer, exported to Excel with totals.
 */
export default function MarginAccountsPage() {
  const { t } = useI18n();
  const label = useCodeLabel();
  const me = useCurrentUser();
  const list = useListPage<MarginAccountList>({ path: '/api/margin/accounts', queryKey: [...marginRoot, 'accounts'], filters: FILTERS, exportFile: 'margin-accounts.xlsx' });
  const data = list.result.data;
  // fits 1366 px (about 1,050 px of table beside the menu): the customer's name and number in one column kept in
  // view, the money columns as narrow as their figures, the branch only for a scope spanning branches
  const columns: NonNullable<TableProps<MarginAccount>['columns']> = [
    {
      key: 'customer', title: t('margin.col.customer'), width: 170, fixed: 'left', ellipsis: { showTitle: false },
      render: (_: unknown, a: MarginAccount) => (
        <Typography.Text ellipsis={{ tooltip: `${a.customerName}（${a.customerNo}）` }} style={{ maxWidth: 154 }}>
          <Link to={`/customers/${encodeURIComponent(a.customerNo)}`}>{a.customerName}</Link>
          <Typography.Text type="secondary">（{a.customerNo}）</Typography.Text>
        </Typography.Text>
      ),
    },
    textColumn<MarginAccount>('fundAccount', t('margin.col.fundAccount'), 120),
    moneyColumn<MarginAccount>('financingDebt', t('margin.col.financingDebt'), 120),
    moneyColumn<MarginAccount>('lendingDebt', t('margin.col.lendingDebt'), 110),
    moneyColumn<MarginAccount>('interestPayable', t('margin.col.interestPayable'), 100),
    moneyColumn<MarginAccount>('collateralValue', t('margin.col.collateralValue'), 130),
    {
      key: 'maintenanceRatio', dataIndex: 'maintenanceRatio', title: t('margin.col.ratio'), align: 'right', width: 110,
      render: (v: string | null) => <span style={NUMERIC_CELL}>{ratioPercent(v)}</span>,
    },
    {
      key: 'state', dataIndex: 'state', title: t('margin.col.state'), width: 100,
      render: (v: MarginState | null) => (v ? <Tag color={STATE_COLOR[v]}>{label('marginState', v)}</Tag> : '—'),
    },
    ...(me.scopeLevel === 'ALL' ? [{ ...textColumn<MarginAccount>('branchName', t('margin.col.branch'), 150), ellipsis: true }] : []),
  ];
  const lines = data?.lines;
  return (
    <ListPage<MarginAccount>
      list={list}
      filterTestId="margin-filters"
      filters={
        <>
          <Form.Item name="date" label={t('margin.date')}>
            <DatePicker placeholder={t('margin.datePlaceholder')} style={{ width: 160 }} />
          </Form.Item>
          <ChoiceFilter name="marginState" placeholder={t('margin.filter.state')} width={160} options={MARGIN_STATES.map((v) => ({ value: v, label: label('marginState', v) }))} />
          <TextFilter name="customerNo" placeholder={t('margin.filter.customerNo')} width={160} />
        </>
      }
      notice={lines ? <Alert type="info" showIcon title={t('margin.lines', { warning: lines.warning, liquidation: lines.liquidation, withdrawable: lines.withdrawable, date: data?.date ?? '—' })} data-testid="margin-lines" /> : null}
      title={t('menu.marginAccounts')}
      total={<ListTotal list={list} title={t('margin.accounts')} testId="margin-total" />}
      rowKey="fundAccount"
      columns={columns}
      scroll={{ x: columns.reduce((sum, c) => sum + (typeof c.width === 'number' ? c.width : 120), 0) }}
      tableLayout="fixed"
      emptyInTable
      data-testid="margin-accounts"
    />
  );
}
