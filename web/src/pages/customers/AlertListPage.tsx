import { useState } from 'react';
import { Button, DatePicker, Form } from 'antd';
import type { TableProps } from 'antd';
import { codesOf } from '../../../../shared/codes';
import type { Page } from '../../api/types';
import { useCurrentUser } from '../../components/AppLayout';
import { ChoiceFilter, ListPage, ListTotal, PickerFilter, useListPage } from '../../components/ListPage';
import type { FilterSpec } from '../../components/listParams';
import { useCodeLabel, useI18n } from '../../i18n/i18n';
import { alertsRoot, type AlertItem } from './alertsApi';
import { alertColumns, AlertActionButtons, AlertActionModal, AlertDrawer, type AlertActing } from './AlertWidgets';

const FILTERS: FilterSpec = { rule: 'choice', status: 'choice', customerNo: 'text', date: { from: 'from', to: 'to' } };
/** The URL parameter of the alert whose drawer is open (the 360° timeline links to it). */
const OPEN = 'alert';

/**
 * 客户管理 → 异常监控: the alerts of the customers in the caller's scope, newest day first, filtered by
 * rule, status, customer and days, exported to Excel; each one's evidence in words, its owner and
 * status; 确认 / 关闭 / 备注 for a login with `alerts.act`; a drawer with its history.
 */
export default function AlertListPage() {
  const { t } = useI18n();
  const label = useCodeLabel();
  const me = useCurrentUser();
  const canAct = me.permissions.includes('alerts.act');
  const [acting, setActing] = useState<AlertActing | null>(null);
  const list = useListPage<Page<AlertItem>>({ path: '/api/alerts', queryKey: alertsRoot, filters: FILTERS, exportFile: 'alerts.xlsx' });
  const openId = list.search.get(OPEN);
  const open = (id: string | null) => list.update({ [OPEN]: id ?? undefined });

  const columns: NonNullable<TableProps<AlertItem>['columns']> = [
    ...alertColumns(t, { customer: true }),
    {
      key: 'actions',
      title: '',
      fixed: 'right',
      width: canAct ? 180 : 60,
      render: (_: unknown, a: AlertItem) => (
        <span style={{ whiteSpace: 'nowrap' }}>
          <Button size="small" type="link" style={{ paddingInline: 4 }} onClick={() => open(a.id)} data-testid="alert-details">
            {t('alerts.details')}
          </Button>
          {canAct ? <AlertActionButtons alert={a} onAct={setActing} /> : null}
        </span>
      ),
    },
  ];

  return (
    <>
      <ListPage<AlertItem>
        list={list}
        filterTestId="alert-filters"
        filters={
          <>
            <ChoiceFilter name="rule" placeholder={t('alerts.filter.rule')} width={150} options={codesOf('alertRule').map((v) => ({ value: v, label: label('alertRule', v) }))} />
            <ChoiceFilter name="status" placeholder={t('alerts.filter.status')} width={120} options={codesOf('alertStatus').map((v) => ({ value: v, label: label('alertStatus', v) }))} />
            <PickerFilter name="customerNo" kind="customer" allowTyped placeholder={t('alerts.filter.customer')} width={200} />
            <Form.Item name="date" label={t('alerts.filter.date')}>
              <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: 240 }} />
            </Form.Item>
          </>
        }
        title={t('menu.alerts')}
        total={<ListTotal list={list} title={t('alerts.total')} testId="alert-total" />}
        rowKey="id"
        columns={columns}
        emptyInTable
        tableLayout="fixed"
        scroll={{ x: columns.reduce((sum, c) => sum + (typeof c.width === 'number' ? c.width : 120), 0) }}
        data-testid="alert-list"
      />
      <AlertDrawer id={openId} canAct={canAct} onAct={setActing} onClose={() => open(null)} />
      <AlertActionModal acting={acting} onClose={() => setActing(null)} />
    </>
  );
}
