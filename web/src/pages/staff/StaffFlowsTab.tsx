import { DatePicker, Space, Typography } from 'antd';
import type { TableColumnType, TableColumnsType } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { ListTable, useListPage } from '../../components/ListPage';
import { useCodeLabel, useI18n, type CodeLabelOf, type Translate } from '../../i18n/i18n';
import { codeColumn, customerColumn, moneyColumn, nameColumn, textColumn } from '../../components/columns';
import { staffPath, type FlowKind, type StaffFlow, type StaffFlows } from './staffApi';

function columnsOf(kind: FlowKind, t: Translate, label: CodeLabelOf): TableColumnsType<StaffFlow> {
  const lead: TableColumnsType<StaffFlow> = [
    textColumn('tradeDate', t('field.tradeDate'), 105),
    textColumn('time', t('field.time'), 80),
    customerColumn('customerNo', t('staff.cust.customerNo'), 100),
    nameColumn('name', t('staff.cust.name')),
    textColumn('fundAccount', t('field.fundAccount'), 110),
  ];
  if (kind === 'fund') {
    return [...lead, textColumn('flowNo', t('staff.flow.flowNo'), 100), codeColumn<StaffFlow>('flowType', t('field.flowType'), 100, 'flowType', label), codeColumn<StaffFlow>('currency', t('field.currency'), 70, 'currency', label), moneyColumn('amount', t('field.amount'), 140)];
  }
  /** An order's or a trade's: its number, the security and side, price and quantity, then `rest`. */
  const securityFlow = (no: TableColumnType<StaffFlow>, rest: TableColumnsType<StaffFlow>): TableColumnsType<StaffFlow> => [
    ...lead,
    no,
    textColumn<StaffFlow>('securityCode', t('field.securityCode'), 90),
    textColumn<StaffFlow>('securityName', t('field.securityName'), 100),
    codeColumn<StaffFlow>('side', t('field.side'), 60, 'side', label),
    moneyColumn('price', t('field.price'), 100),
    moneyColumn('quantity', t('field.quantity'), 100),
    ...rest,
  ];
  if (kind === 'order') {
    return securityFlow(textColumn('orderNo', t('field.orderNo'), 100), [
      moneyColumn('filledQuantity', t('field.filledQuantity'), 100),
      codeColumn<StaffFlow>('status', t('field.status'), 90, 'orderStatus', label),
      codeColumn<StaffFlow>('channel', t('field.channel'), 80, 'channel', label),
    ]);
  }
  return securityFlow(textColumn('tradeNo', t('staff.trade.tradeNo'), 100), [
    moneyColumn('amount', t('field.amount'), 140),
    moneyColumn('commission', t('field.commission'), 100),
    moneyColumn('fees', t('staff.trade.fees'), 90),
    codeColumn<StaffFlow>('channel', t('field.channel'), 80, 'channel', label),
  ]);
}

const ROW_KEY: Record<FlowKind, string> = { fund: 'flowNo', order: 'orderNo', trade: 'tradeNo' };

/** 资金流水 / 委托流水 / 成交流水 of the customers related to the staff member on each row's date, paged on the server. */
export function StaffFlowsTab({ staffNo, kind }: { staffNo: string; kind: FlowKind }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  const list = useListPage<StaffFlows>({ path: staffPath(staffNo, '/flows'), queryKey: ['staff', 'flows'], filters: { range: { from: 'from', to: 'to' } }, fixed: { kind }, local: true });
  const range = list.filters;
  const shown = list.result.data;
  const value: [Dayjs | null, Dayjs | null] | null =
    range.from || range.to ? [range.from ? dayjs(range.from) : null, range.to ? dayjs(range.to) : null] : shown?.from && shown.to ? [dayjs(shown.from), dayjs(shown.to)] : null;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap>
        <Typography.Text>{t('staff.range')}</Typography.Text>
        <DatePicker.RangePicker value={value} onChange={(values) => list.applyFilters({ range: values })} />
        <Typography.Text type="secondary">{t('staff.flows.note')}</Typography.Text>
      </Space>
      <ListTable<StaffFlow>
        list={list}
        rowKey={(r) => `${r.tradeDate}|${r.customerNo}|${r[ROW_KEY[kind]] ?? ''}`}
        columns={columnsOf(kind, t, label)}
        emptyInTable
        pageSizeOptions={[20, 50, 100]}
      />
    </Space>
  );
}
