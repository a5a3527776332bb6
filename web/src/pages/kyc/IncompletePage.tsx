import { Alert, Tag } from 'antd';
import type { TableProps } from 'antd';
import { codeColumn, customerColumn, nameColumn, textColumn } from '../../components/columns';
import { ChoiceFilter, ListPage, ListTotal, PickerFilter, TextFilter, useListPage } from '../../components/ListPage';
import type { FilterSpec } from '../../components/listParams';
import { useCodeLabel, useI18n } from '../../i18n/i18n';
import { codesOf } from '../../../../shared/codes';
import { kycRoot, SCORE_BANDS, scoreColor, type IncompleteCustomer, type IncompleteList } from './kycApi';

const FILTERS: FilterSpec = { band: 'choice', branch: 'text', staffNo: 'text', q: 'text', sort: 'choice' };

/**
 * 客户管理 → 信息待完善: the customers of the caller's scope whose information is below the configured
 * completeness (or in a chosen band), lowest first, with what is missing and their staff; Excel export.
 */
export default function IncompletePage() {
  const { t } = useI18n();
  const label = useCodeLabel();
  const list = useListPage<IncompleteList>({ path: '/api/kyc/incomplete', queryKey: [...kycRoot, 'incomplete'], filters: FILTERS, exportFile: 'kyc-incomplete.xlsx' });
  const data = list.result.data;
  const threshold = data?.threshold ?? 80;
  const columns: NonNullable<TableProps<IncompleteCustomer>['columns']> = [
    customerColumn<IncompleteCustomer>('customerNo', t('kyc.col.customerNo')),
    nameColumn<IncompleteCustomer>('name', t('kyc.col.name')),
    codeColumn<IncompleteCustomer>('customerType', t('kyc.col.type'), 80, 'customerType', label),
    textColumn<IncompleteCustomer>('branchName', t('kyc.col.branch'), 160),
    { key: 'score', dataIndex: 'score', title: t('kyc.col.score'), width: 90, render: (score: number) => <Tag color={scoreColor(score, threshold)}>{`${score}%`}</Tag> },
    { key: 'missing', title: t('kyc.col.missing'), render: (_: unknown, c: IncompleteCustomer) => c.missing.map((f) => label('kycField', f)).join('、') },
    { key: 'staff', title: t('kyc.col.staff'), width: 160, render: (_: unknown, c: IncompleteCustomer) => c.staff.map((s) => s.name).join('、') || '—' },
  ];
  return (
    <ListPage<IncompleteCustomer>
      list={list}
      filterTestId="kyc-filters"
      filters={
        <>
          <ChoiceFilter name="band" placeholder={t('kyc.filter.band')} width={150} options={SCORE_BANDS.map((v) => ({ value: v, label: label('kycScoreBand', v) }))} />
          <PickerFilter name="branch" kind="branch" placeholder={t('picker.searchBranch')} width={200} />
          <PickerFilter name="staffNo" kind="staff" placeholder={t('kyc.filter.staff')} width={180} />
          <TextFilter name="q" placeholder={t('picker.searchCustomer')} width={200} />
          <ChoiceFilter name="sort" placeholder={t('kyc.filter.sort')} width={150} options={codesOf('kycSort').map((v) => ({ value: v, label: label('kycSort', v) }))} />
        </>
      }
      notice={data ? <Alert type="info" showIcon title={t('kyc.incomplete.hint', { date: data.date, threshold: String(data.threshold) })} /> : null}
      title={t('menu.kycIncomplete')}
      total={<ListTotal list={list} title={t('kyc.incomplete.count')} testId="kyc-total" />}
      rowKey="customerNo"
      columns={columns}
      emptyInTable
      data-testid="kyc-incomplete"
    />
  );
}
