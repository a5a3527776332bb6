import { Alert, Tag } from 'antd';
import type { TableProps } from 'antd';
import { codeColumn, customerColumn, nameColumn, textColumn } from '../../components/columns';
import { ChoiceFilter, ListPage, ListTotal, PickerFilter, TextFilter, useListPage } from '../../components/ListPage';
import type { FilterSpec } from '../../components/listParams';
import { useCodeLabel, useI18n } from '../../i18n/i18n';
import { suitabilityRoot, type ExpiringCustomer, type ExpiringList } from '../products/productsApi';

const FILTERS: FilterSpec = { status: 'choice', withinDays: 'text', q: 'text', branch: 'text' };
const STATUSES = ['EXPIRING', 'EXPIRED', 'MISSING'] as const;
const STATUS_COLOR: Record<ExpiringCustomer['status'], string> = { EXPIRING: 'orange', EXPIRED: 'red', MISSING: 'default' };

/**
 * 适当性管理 → 风险测评到期: the ordinary investors of the caller's scope whose risk assessment expires
 * within the configured days or has expired (and, on request, those never assessed), soonest first,
 * with their serving staff: the reminders to have them reassessed.
 */
export default function ExpiringPage() {
  const { t } = useI18n();
  const label = useCodeLabel();
  const list = useListPage<ExpiringList>({ path: '/api/suitability/expiring', queryKey: [...suitabilityRoot, 'expiring'], filters: FILTERS });
  const data = list.result.data;
  const columns: NonNullable<TableProps<ExpiringCustomer>['columns']> = [
    customerColumn<ExpiringCustomer>('customerNo', t('product.holder.customerNo')),
    nameColumn<ExpiringCustomer>('name', t('product.holder.name')),
    textColumn<ExpiringCustomer>('branchName', t('product.holder.branch'), 160),
    codeColumn<ExpiringCustomer>('riskLevel', t('suitability.customerRisk'), 130, 'riskLevel', label),
    textColumn<ExpiringCustomer>('assessedOn', t('suitability.assessedOn'), 110),
    textColumn<ExpiringCustomer>('expiresOn', t('suitability.expiresOn'), 130),
    textColumn<ExpiringCustomer>('daysLeft', t('suitability.col.daysLeft'), 90),
    { key: 'status', dataIndex: 'status', title: t('suitability.col.status'), width: 110, render: (v: ExpiringCustomer['status']) => <Tag color={STATUS_COLOR[v]}>{label('assessmentStatus', v)}</Tag> },
    { key: 'staff', title: t('suitability.col.staff'), width: 180, render: (_: unknown, c: ExpiringCustomer) => c.staff.map((s) => s.name).join('、') || '—' },
  ];
  return (
    <ListPage<ExpiringCustomer>
      list={list}
      filterTestId="expiring-filters"
      filters={
        <>
          <ChoiceFilter name="status" placeholder={t('suitability.filter.status')} width={180} options={STATUSES.map((v) => ({ value: v, label: label('assessmentStatus', v) }))} />
          <TextFilter name="withinDays" placeholder={t('suitability.filter.withinDays')} width={120} />
          <TextFilter name="q" placeholder={t('picker.searchCustomer')} width={220} />
          <PickerFilter name="branch" kind="branch" placeholder={t('picker.searchBranch')} width={200} />
        </>
      }
      notice={data ? <Alert type="info" showIcon title={t('suitability.expiringHint', { date: data.date, days: String(data.withinDays) })} /> : null}
      title={t('menu.suitabilityExpiring')}
      total={<ListTotal list={list} title={t('suitability.expiringCount')} testId="expiring-total" />}
      rowKey="customerNo"
      columns={columns}
      emptyInTable
      data-testid="suitability-expiring"
    />
  );
}
