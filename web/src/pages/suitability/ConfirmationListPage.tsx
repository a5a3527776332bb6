import type { TableProps } from 'antd';
import { Typography } from 'antd';
import dayjs from 'dayjs';
import { codeColumn, customerColumn, nameColumn, textColumn } from '../../components/columns';
import { ListPage, ListTotal, PickerFilter, TextFilter, useListPage } from '../../components/ListPage';
import type { FilterSpec } from '../../components/listParams';
import { useCodeLabel, useI18n } from '../../i18n/i18n';
import { suitabilityRoot, type Confirmation, type ConfirmationList } from '../products/productsApi';

const FILTERS: FilterSpec = { customerNo: 'text', productCode: 'text' };

/** 适当性管理 → 风险警示确认记录: the special warnings shown and confirmed for the customers of the caller's scope, newest first. */
export default function ConfirmationListPage() {
  const { t } = useI18n();
  const label = useCodeLabel();
  const list = useListPage<ConfirmationList>({ path: '/api/suitability/confirmations', queryKey: [...suitabilityRoot, 'confirmations'], filters: FILTERS });
  const columns: NonNullable<TableProps<Confirmation>['columns']> = [
    { key: 'confirmedAt', dataIndex: 'confirmedAt', title: t('suitability.col.confirmedAt'), width: 150, render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
    customerColumn<Confirmation>('customerNo', t('product.holder.customerNo')),
    nameColumn<Confirmation>('customerName', t('product.holder.name')),
    textColumn<Confirmation>('productCode', t('product.col.code'), 110),
    nameColumn<Confirmation>('productName', t('product.col.name'), 160),
    codeColumn<Confirmation>('customerRisk', t('suitability.customerRisk'), 130, 'riskLevel', label),
    codeColumn<Confirmation>('productRisk', t('suitability.productRisk'), 130, 'productRisk', label),
    {
      key: 'warningText', dataIndex: 'warningText', title: t('suitability.col.warning'), width: 260,
      render: (v: string) => <Typography.Text ellipsis={{ tooltip: v }} style={{ maxWidth: 244 }}>{v}</Typography.Text>,
    },
    { key: 'by', title: t('suitability.col.by'), width: 140, render: (_: unknown, c: Confirmation) => c.staffName ?? c.createdBy },
  ];
  return (
    <ListPage<Confirmation>
      list={list}
      filterTestId="confirmation-filters"
      filters={
        <>
          <PickerFilter name="customerNo" kind="customer" placeholder={t('suitability.filter.customer')} width={240} />
          <TextFilter name="productCode" placeholder={t('suitability.filter.product')} width={160} />
        </>
      }
      title={t('menu.suitabilityConfirmations')}
      total={<ListTotal list={list} title={t('suitability.confirmCount')} testId="confirmation-total" />}
      rowKey="id"
      columns={columns}
      emptyInTable
      data-testid="suitability-confirmations"
    />
  );
}
