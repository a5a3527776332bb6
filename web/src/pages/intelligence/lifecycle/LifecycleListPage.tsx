import { Alert, DatePicker, Form } from 'antd';
import { Link } from 'react-router';
import { ChoiceFilter, ListPage, ListTotal, TextFilter, useListPage } from '../../../components/ListPage';
import type { FilterSpec } from '../../../components/listParams';
import { useCodeLabel, useI18n } from '../../../i18n/i18n';
import { CHURN_PATH } from '../churn/churnApi';
import { lifecycleColumns } from './lifecycleColumns';
import { lifecycleRoot, type LifecycleCustomer, type LifecycleList, type ListedLifecycle } from './lifecycleApi';

const FILTERS: FilterSpec = { date: 'date', tier: 'choice', q: 'text' };
const SORTABLE = ['netAsset', 'lastTradeDate'];
const TITLES = { SLEEPING: 'menu.sleeping', CHURN_RISK: 'menu.churnRisk', CHURNED: 'menu.churned' } as const;
const FILES = { SLEEPING: 'sleeping-customers.xlsx', CHURN_RISK: 'churn-risk-customers.xlsx', CHURNED: 'churned-customers.xlsx' } as const;

/**
 * 客户管理 → 睡眠客户, 潜在流失客户, 流失客户 (business-rules.md §6): the customers of the caller's scope
 * in one lifecycle on the last imported trading day (or a chosen one), with what explains it — the
 * days without a trade, the churn score and its main reason, the day the customer churned or
 * closed — and their staff by name; filtered by day, tier (客户级别, the configured tiers) and
 * customer, counted and exported to Excel (the export honours the filters).
 *
 * 潜在流失客户 is the follow-up list of the customers whose score crossed the threshold; 流失预警
 * (the churn page) is the model's page: its quality and the scores of every customer, each with
 * all its reasons (docs/decisions.md "潜在流失客户 and 流失预警").
 */
export default function LifecycleListPage({ lifecycle }: { lifecycle: ListedLifecycle }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  const list = useListPage<LifecycleList>({
    path: '/api/intelligence/lifecycle-customers',
    queryKey: [...lifecycleRoot, lifecycle],
    filters: FILTERS,
    fixed: { lifecycle },
    sortable: SORTABLE,
    defaultSort: lifecycle === 'CHURN_RISK' ? '-churnScore' : '-netAsset',
    exportFile: FILES[lifecycle],
  });
  const tiers = list.result.data?.tiers ?? [];
  const columns = lifecycleColumns(t, label, { lifecycle, sortOrder: list.sortOrder, tiers });
  const hint = t(`lifecycle.hint.${lifecycle}`);
  const notice = lifecycle === 'CHURN_RISK'
    ? <Alert type="info" showIcon title={<>{hint} <Link to={CHURN_PATH} data-testid="churn-risk-model-link">{t('lifecycle.toChurnModel')}</Link></>} />
    : <Alert type="info" showIcon title={hint} />;
  return (
    <ListPage<LifecycleCustomer>
      list={list}
      filterTestId="lifecycle-filters"
      filters={
        <>
          <Form.Item name="date" label={t('lifecycle.date')}>
            <DatePicker placeholder={t('lifecycle.datePlaceholder')} style={{ width: 160 }} />
          </Form.Item>
          <ChoiceFilter name="tier" placeholder={t('lifecycle.filter.tier')} width={130} options={tiers.map((v) => ({ value: v, label: v }))} />
          <TextFilter name="q" placeholder={t('lifecycle.filter.q')} width={200} />
        </>
      }
      notice={notice}
      title={t(TITLES[lifecycle])}
      total={<ListTotal list={list} title={t('lifecycle.customers')} testId="lifecycle-total" />}
      rowKey="customerNo"
      columns={columns}
      emptyInTable
      data-testid={`lifecycle-list-${lifecycle}`}
    />
  );
}
