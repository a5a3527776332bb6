import type { TableProps } from 'antd';
import { customerColumn, nameColumn } from '../../components/columns';
import { ChoiceFilter, ListPage, ListTotal, PickerFilter, useListPage } from '../../components/ListPage';
import type { FilterSpec } from '../../components/listParams';
import { useI18n } from '../../i18n/i18n';
import { serviceRoot, useServiceProducts, type RelationshipList, type ServiceRelationship } from './serviceApi';

const FILTERS: FilterSpec = { productId: 'text', staffNo: 'text', customerNo: 'text' };

/** 服务管理 → 服务关系: which service staff serve which subscribers of which product, for the customers in the caller's scope. */
export default function RelationshipListPage() {
  const { t } = useI18n();
  const products = useServiceProducts();
  const list = useListPage<RelationshipList>({ path: '/api/service/relationships', queryKey: [...serviceRoot, 'relationships'], filters: FILTERS });
  const columns: NonNullable<TableProps<ServiceRelationship>['columns']> = [
    nameColumn<ServiceRelationship>('productName', t('service.col.product'), 180),
    customerColumn<ServiceRelationship>('customerNo', t('service.col.customerNo')),
    nameColumn<ServiceRelationship>('customerName', t('service.col.customer')),
    nameColumn<ServiceRelationship>('staffName', t('service.col.servedBy')),
    { key: 'startOn', dataIndex: 'startOn', title: t('service.col.startOn'), width: 110 },
    { key: 'endOn', title: t('service.col.endOn'), width: 110, render: (_: unknown, r: ServiceRelationship) => r.endOn ?? '—' },
  ];
  return (
    <ListPage<ServiceRelationship>
      list={list}
      filterTestId="service-relationship-filters"
      filters={
        <>
          <ChoiceFilter name="productId" placeholder={t('service.col.product')} width={200} options={(products.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))} />
          <PickerFilter name="staffNo" kind="staff" placeholder={t('service.col.servedBy')} width={200} />
          <PickerFilter name="customerNo" kind="customer" placeholder={t('service.col.customer')} width={220} />
        </>
      }
      title={t('menu.serviceRelationships')}
      total={<ListTotal list={list} title={t('service.relationshipCount')} testId="service-relationship-total" />}
      rowKey="id"
      columns={columns}
      emptyInTable
    />
  );
}
