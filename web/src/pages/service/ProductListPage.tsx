import { useState } from 'react';
import { App, Button, Card, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { useMe } from '../../api/queries';
import { moneyCell } from '../../components/columns';
import { EmptyState, ErrorState } from '../../components/States';
import { useCodeLabel, useI18n } from '../../i18n/i18n';
import { ProductFormModal } from './ProductFormModal';
import { SERVICE_PRODUCTS_PATH, serviceRoot, useServiceProducts, type ServiceProduct } from './serviceApi';

/** 服务管理 → 服务产品: advisory and information products, their level, price, staff and subscribers in the caller's scope. */
export default function ProductListPage() {
  const { t } = useI18n();
  const label = useCodeLabel();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useMe().data;
  const products = useServiceProducts();
  const [creating, setCreating] = useState(false);
  const canManage = me?.permissions.includes('products.manage') ?? false;
  const columns: TableColumnsType<ServiceProduct> = [
    { key: 'code', dataIndex: 'code', title: t('service.col.code'), width: 110 },
    { key: 'name', title: t('service.col.name'), width: 200, render: (_, p) => <Link to={`${SERVICE_PRODUCTS_PATH}/${p.id}`}>{p.name}</Link> },
    { key: 'kind', title: t('service.col.productKind'), width: 100, render: (_, p) => label('serviceProductKind', p.kind) },
    { key: 'riskLevel', title: t('service.col.level'), width: 120, render: (_, p) => label('productRisk', p.riskLevel) },
    { key: 'price', title: t('service.col.price'), width: 110, align: 'right', render: (_, p) => moneyCell(p.price) },
    { key: 'status', title: t('service.col.status'), width: 100, render: (_, p) => <Tag color={p.status === 'ACTIVE' ? 'success' : 'default'}>{label('serviceProductStatus', p.status)}</Tag> },
    { key: 'staff', title: t('service.col.staff'), width: 200, render: (_, p) => p.staff.map((s) => s.name).join('、') || '—' },
    { key: 'subscribers', dataIndex: 'subscribers', title: t('service.col.subscribers'), width: 100, align: 'right' },
  ];
  if (products.isError) return <ErrorState error={products.error} onRetry={() => void products.refetch()} />;
  return (
    <Card title={t('menu.serviceProducts')} extra={canManage && <Button type="primary" onClick={() => setCreating(true)} data-testid="new-product">{t('service.newProduct')}</Button>}>
      <Table<ServiceProduct> rowKey="id" size="small" loading={products.isPending} columns={columns} dataSource={products.data?.items ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }} scroll={{ x: 'max-content' }} locale={{ emptyText: <EmptyState /> }} data-testid="service-products" />
      <ProductFormModal product={null} open={creating} onClose={() => setCreating(false)}
        onSaved={(p) => {
          void message.success(t('service.saved'));
          void queryClient.invalidateQueries({ queryKey: serviceRoot });
          navigate(`${SERVICE_PRODUCTS_PATH}/${p.id}`);
        }} />
    </Card>
  );
}
