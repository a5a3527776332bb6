import { Alert, DatePicker, Form, Tag } from 'antd';
import type { TableProps } from 'antd';
import { customerColumn, moneyColumn, nameColumn, NUMERIC_CELL, textColumn } from '../../components/columns';
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
  const list = useListPage<MarginAccountList>({ path: '/api/margin/accounts', queryKey: [...marginRoot, 'accounts'], filters: FILTERS, exportFile: 'margin-accounts.xlsx' });
  const data = list.result.data;
  const columns: NonNullable<TableProps<MarginAccount>['columns']> = [
    textColumn<MarginAccount>('fundAccount', t('margin.col.fundAccount'), 130),
    customerColumn<MarginAccount>('customerNo', t('margin.col.customerNo')),
    nameColumn<MarginAccount>('customerName', t('margin.col.name')),
    moneyColumn<MarginAccount>('financingDebt', t('margin.col.financingDebt')),
    moneyColumn<MarginAccount>('lendingDebt', t('margin.col.lendingDebt')),
    moneyColumn<MarginAccount>('interestPayable', t('margin.col.interestPayable'), 110),
    moneyColumn<MarginAccount>('collateralValue', t('margin.col.collateralValue'), 140),
    {
      key: 'maintenanceRatio', dataIndex: 'maintenanceRatio', title: t('margin.col.ratio'), align: 'right', width: 130,
      render: (v: string | null) => <span style={NUMERIC_CELL}>{ratioPercent(v)}</span>,
    },
    {
      key: 'state', dataIndex: 'state', title: t('margin.col.state'), width: 130,
      render: (v: MarginState | null) => (v ? <Tag color={STATE_COLOR[v]}>{label('marginState', v)}</Tag> : '—'),
    },
    textColumn<MarginAccount>('branchName', t('margin.col.branch'), 140),
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
      emptyInTable
      data-testid="margin-accounts"
    />
  );
}
