import { Alert, DatePicker, Form } from 'antd';
import type { Page } from '../../../api/types';
import { ListPage, ListTotal, TextFilter, useListPage } from '../../../components/ListPage';
import type { FilterSpec } from '../../../components/listParams';
import { useCodeLabel, useI18n } from '../../../i18n/i18n';
import { lifecycleColumns } from './lifecycleColumns';
import { lifecycleRoot, type LifecycleCustomer, type ListedLifecycle } from './lifecycleApi';

const FILTERS: FilterSpec = { date: 'date', q: 'text' };
const SORTABLE = ['netAsset', 'lastTradeDate'];
const TITLES = { SLEEPING: 'menu.sleeping', CHURN_RISK: 'menu.churnRisk', CHURNED: 'menu.churned' } as const;
const FILES = { SLEEPING: 'sleeping-customers.xlsx', CHURN_RISK: 'churn-risk-customers.xlsx', CHURNED: 'churned-customers.xlsx' } as const;

/**
 * 客户管理 → 睡眠客户, 潜在流失客户, 流失客户 (business-rules.md §6): the customers of the caller's scope
 * in one lifecycle on the last imported trading day (or a chosen one), with what explains it — the
 * days without a trade, the churn score and its reasons in words, the day the customer churned or
 * closed — and their staff by name; filtered, counted and exported to Excel.
 */
export default function LifecycleListPage({ lifecycle }: { lifecycle: ListedLifecycle }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  const list = useListPage<Page<LifecycleCustomer>>({
    path: '/api/intelligence/lifecycle-customers',
    queryKey: [...lifecycleRoot, lifecycle],
    filters: FILTERS,
    fixed: { lifecycle },
    sortable: SORTABLE,
    defaultSort: lifecycle === 'CHURN_RISK' ? '-churnScore' : '-netAsset',
    exportFile: FILES[lifecycle],
  });
  const columns = lifecycleColumns(t, label, { lifecycle, sortOrder: list.sortOrder });
  return (
    <ListPage<LifecycleCustomer>
      list={list}
      filterTestId="lifecycle-filters"
      filters={
        <>
          <Form.Item name="date" label={t('lifecycle.date')}>
            <DatePicker placeholder={t('lifecycle.datePlaceholder')} style={{ width: 160 }} />
          </Form.Item>
          <TextFilter name="q" placeholder={t('lifecycle.filter.q')} width={200} />
        </>
      }
      notice={<Alert type="info" showIcon title={t(`lifecycle.hint.${lifecycle}`)} />}
      title={t(TITLES[lifecycle])}
      total={<ListTotal list={list} title={t('lifecycle.customers')} testId="lifecycle-total" />}
      rowKey="customerNo"
      columns={columns}
      emptyInTable
      data-testid={`lifecycle-list-${lifecycle}`}
    />
  );
}
