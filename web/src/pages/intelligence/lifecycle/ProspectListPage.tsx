import { Alert } from 'antd';
import type { TableProps } from 'antd';
import { codesOf } from '../../../../../shared/codes';
import type { Page } from '../../../api/types';
import { codeColumn, nameColumn, textColumn } from '../../../components/columns';
import { ChoiceFilter, ListPage, ListTotal, TextFilter, useListPage } from '../../../components/ListPage';
import type { FilterSpec } from '../../../components/listParams';
import { useCodeLabel, useI18n } from '../../../i18n/i18n';
import { lifecycleRoot, type Prospect } from './lifecycleApi';

const FILTERS: FilterSpec = { q: 'text', status: 'choice' };
/** The appointment states of a prospect not yet opened. */
const OPEN_STATUSES = codesOf('appointmentStatus').filter((s) => s === 'PENDING' || s === 'APPROVED');

/**
 * 客户管理 → 潜在客户 (business-rules.md §6, 潜在): the appointments (预约开户) not yet opened whose staff
 * member is in the caller's scope, newest appointment first, PII masked per role; exported to
 * Excel without it.
 */
export default function ProspectListPage() {
  const { t } = useI18n();
  const label = useCodeLabel();
  const list = useListPage<Page<Prospect>>({ path: '/api/intelligence/prospects', queryKey: [...lifecycleRoot, 'prospects'], filters: FILTERS, exportFile: 'prospects.xlsx' });
  const columns: NonNullable<TableProps<Prospect>['columns']> = [
    nameColumn<Prospect>('name', t('prospects.col.name'), 120),
    textColumn<Prospect>('idNo', t('prospects.col.idNo'), 190),
    textColumn<Prospect>('mobile', t('prospects.col.mobile'), 130),
    textColumn<Prospect>('branchName', t('prospects.col.branch'), 160),
    textColumn<Prospect>('appointmentDate', t('prospects.col.appointmentDate'), 120),
    textColumn<Prospect>('staffName', t('prospects.col.staff'), 100),
    codeColumn<Prospect>('status', t('prospects.col.status'), 150, 'appointmentStatus', label),
  ];
  return (
    <ListPage<Prospect>
      list={list}
      filterTestId="prospect-filters"
      filters={
        <>
          <TextFilter name="q" placeholder={t('prospects.filter.q')} width={160} />
          <ChoiceFilter name="status" placeholder={t('prospects.filter.status')} width={180} options={OPEN_STATUSES.map((v) => ({ value: v, label: label('appointmentStatus', v) }))} />
        </>
      }
      notice={<Alert type="info" showIcon title={t('prospects.hint')} />}
      title={t('prospects.title')}
      total={<ListTotal list={list} title={t('prospects.total')} testId="prospect-total" />}
      rowKey="id"
      columns={columns}
      emptyInTable
      data-testid="prospect-list"
    />
  );
}
