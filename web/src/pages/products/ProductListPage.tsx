import type { TableProps } from 'antd';
import { Link } from 'react-router';
import { codesOf } from '../../../../shared/codes';
import { codeColumn, moneyColumn, nameColumn, textColumn } from '../../components/columns';
import { ChoiceFilter, ListPage, ListTotal, TextFilter, useListPage } from '../../components/ListPage';
import type { FilterSpec } from '../../components/listParams';
import { useCodeLabel, useI18n } from '../../i18n/i18n';
import { PRODUCTS_PATH, productsRoot, type Product, type ProductList } from './productsApi';

const FILTERS: FilterSpec = { riskLevel: 'choice', type: 'choice', q: 'text' };

/** The sales window as one cell: "2025-06-01 ~ 2025-06-30", an open end as "…". */
export function salesWindow(start: string | null, end: string | null): string {
  return start || end ? `${start ?? '…'} ~ ${end ?? '…'}` : '—';
}

/**
 * 金融产品管理 → 金融产品: the product library (the extract's products with the CRM's marketing data),
 * filtered by risk level, type and code or name, each opening its detail; exported to Excel.
 */
export default function ProductListPage() {
  const { t } = useI18n();
  const label = useCodeLabel();
  const list = useListPage<ProductList>({ path: '/api/products', queryKey: [...productsRoot, 'list'], filters: FILTERS, exportFile: 'products.xlsx' });
  const columns: NonNullable<TableProps<Product>['columns']> = [
    {
      key: 'productCode', dataIndex: 'productCode', title: t('product.col.code'), width: 120,
      render: (code: string) => <Link to={`${PRODUCTS_PATH}/${encodeURIComponent(code)}`}>{code}</Link>,
    },
    nameColumn<Product>('name', t('product.col.name'), 200),
    codeColumn<Product>('productType', t('product.col.type'), 150, 'productType', label),
    codeColumn<Product>('riskLevel', t('product.col.riskLevel'), 130, 'productRisk', label),
    textColumn<Product>('issuer', t('product.col.issuer'), 160),
    moneyColumn<Product>('minAmount', t('product.col.minAmount')),
    { key: 'salesWindow', title: t('product.col.salesWindow'), width: 200, render: (_: unknown, p: Product) => salesWindow(p.salesStart, p.salesEnd) },
    textColumn<Product>('salesCommissionRate', t('product.col.commissionRate'), 130),
  ];
  return (
    <ListPage<Product>
      list={list}
      filterTestId="product-filters"
      filters={
        <>
          <ChoiceFilter name="riskLevel" placeholder={t('product.filter.riskLevel')} width={160} options={codesOf('productRisk').map((v) => ({ value: v, label: label('productRisk', v) }))} />
          <ChoiceFilter name="type" placeholder={t('product.filter.type')} width={180} options={codesOf('productType').map((v) => ({ value: v, label: label('productType', v) }))} />
          <TextFilter name="q" placeholder={t('product.filter.q')} width={200} />
        </>
      }
      title={t('menu.productList')}
      total={<ListTotal list={list} title={t('product.count')} testId="product-total" />}
      rowKey="productCode"
      columns={columns}
      emptyInTable
      data-testid="products"
    />
  );
}
