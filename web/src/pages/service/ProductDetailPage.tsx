import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Form, Input, Popconfirm, Select, Space, Tabs, Tag } from 'antd';
import type { TableProps } from 'antd';
import dayjs from 'dayjs';
import { useQueryClient } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { api } from '../../api/api';
import { ApiError } from '../../api/client';
import { useMe } from '../../api/queries';
import { CodePicker } from '../../components/CodePicker';
import { customerColumn, moneyCell, nameColumn } from '../../components/columns';
import { FormModal, useFormModal } from '../../components/FormModal';
import { ListTable, useListPage } from '../../components/ListPage';
import { ErrorState, Loading } from '../../components/States';
import { useCodeLabel, useI18n } from '../../i18n/i18n';
import { ProductFormModal } from './ProductFormModal';
import { serviceRoot, useServiceProduct, type RelationshipList, type ServiceProduct, type ServiceRelationship, type Subscription, type SubscriptionList } from './serviceApi';

/** 服务产品 detail: its facts, service staff (服务人员), subscribers and service relationships (服务关系). */
export default function ProductDetailPage() {
  const { id = '' } = useParams();
  const product = useServiceProduct(id);
  if (product.isPending) return <Loading />;
  if (product.isError) return <ErrorState error={product.error} onRetry={() => void product.refetch()} />;
  return <Detail product={product.data} />;
}

function Detail({ product }: { product: ServiceProduct }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const me = useMe().data;
  const canManage = me?.permissions.includes('products.manage') ?? false;
  const [editing, setEditing] = useState(false);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card className="wrap-head-card" title={<span data-testid="product-heading">{product.name}</span>}
        extra={canManage && <Button onClick={() => setEditing(true)}>{t('service.edit')}</Button>}>
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('service.col.code')}>{product.code}</Descriptions.Item>
          <Descriptions.Item label={t('service.col.productKind')}>{label('serviceProductKind', product.kind)}</Descriptions.Item>
          <Descriptions.Item label={t('service.col.level')}>{label('productRisk', product.riskLevel)}</Descriptions.Item>
          <Descriptions.Item label={t('service.col.price')}>{moneyCell(product.price)} {t('service.perMonth')}</Descriptions.Item>
          <Descriptions.Item label={t('service.col.status')}><Tag>{label('serviceProductStatus', product.status)}</Tag></Descriptions.Item>
          <Descriptions.Item label={t('service.col.subscribers')}>{product.subscribers}</Descriptions.Item>
          {product.description ? <Descriptions.Item label={t('service.description')} span={3}>{product.description}</Descriptions.Item> : null}
        </Descriptions>
      </Card>
      <Card>
        <Tabs items={[
          { key: 'subscribers', label: t('service.tab.subscribers'), children: <Subscribers product={product} /> },
          { key: 'staff', label: t('service.tab.staff'), children: <Staff product={product} canManage={canManage} /> },
          { key: 'relationships', label: t('service.tab.relationships'), children: <Relationships product={product} /> },
        ]} />
      </Card>
      <ProductFormModal product={product} open={editing} onClose={() => setEditing(false)}
        onSaved={() => { void message.success(t('service.saved')); void queryClient.invalidateQueries({ queryKey: serviceRoot }); }} />
    </Space>
  );
}

function Subscribers({ product }: { product: ServiceProduct }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const me = useMe().data;
  const canWrite = me?.permissions.includes('contacts.write') ?? false;
  const [adding, setAdding] = useState(false);
  const list = useListPage<SubscriptionList>({ path: '/api/service/subscriptions', queryKey: [...serviceRoot, 'subscriptions'], fixed: { productId: product.id }, local: true });
  async function end(s: Subscription) {
    try {
      await api.post('/api/service/subscriptions/{id}/end', { path: { id: s.id } });
      void message.success(t('service.unsubscribed'));
      await queryClient.invalidateQueries({ queryKey: serviceRoot });
    } catch (err) {
      void message.error(err instanceof Error ? err.message : String(err));
    }
  }
  const columns: NonNullable<TableProps<Subscription>['columns']> = [
    customerColumn<Subscription>('customerNo', t('service.col.customerNo')),
    nameColumn<Subscription>('customerName', t('service.col.customer')),
    { key: 'risk', title: t('service.col.customerRisk'), width: 110, render: (_: unknown, s: Subscription) => label('riskLevel', s.customerRisk) },
    { key: 'suitability', title: t('service.col.suitability'), width: 170, render: (_: unknown, s: Subscription) => <Tag color={s.suitability === 'MATCH' ? 'success' : 'warning'}>{label('subscriptionSuitability', s.suitability)}</Tag> },
    { key: 'servedBy', title: t('service.col.servedBy'), width: 140, render: (_: unknown, s: Subscription) => s.servedBy.map((x) => x.name).join('、') || '—' },
    { key: 'subscribedAt', title: t('service.col.subscribedAt'), width: 140, render: (_: unknown, s: Subscription) => dayjs(s.subscribedAt).format('YYYY-MM-DD HH:mm') },
    { key: 'by', dataIndex: 'subscribedBy', title: t('service.col.recordedBy'), width: 100 },
    {
      key: 'actions', title: '', width: 80,
      render: (_: unknown, s: Subscription) => canWrite && (
        <Popconfirm title={t('service.unsubscribeConfirm')} onConfirm={() => void end(s)}><Button type="link" size="small" danger>{t('service.unsubscribe')}</Button></Popconfirm>
      ),
    },
  ];
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {canWrite && product.status === 'ACTIVE' ? <Button type="primary" onClick={() => setAdding(true)} data-testid="subscribe">{t('service.subscribe')}</Button> : null}
      <ListTable<Subscription> list={list} rowKey="id" columns={columns} emptyInTable data-testid="subscriber-list" />
      <SubscribeModal product={product} open={adding} onClose={() => setAdding(false)} />
    </Space>
  );
}

/** 登记订阅: a customer in scope; a product above the customer's category needs the special warning the customer confirmed. */
function SubscribeModal({ product, open, onClose }: { product: ServiceProduct; open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ customerNo: string; warningText?: string }>();
  // a missing warning is told in the banner (the server's explanation) while the warning's field appears
  const modal = useFormModal(form, ['customerNo'], onClose);
  const [needsWarning, setNeedsWarning] = useState(false);
  async function save(values: { customerNo: string; warningText?: string }) {
    await modal.submit(async () => {
      try {
        await api.post('/api/service/subscriptions', { body: { productId: product.id, customerNo: values.customerNo, warningText: values.warningText || undefined } });
      } catch (err) {
        if (err instanceof ApiError && err.fieldErrors.some((f) => f.field === 'warningText')) setNeedsWarning(true);
        throw err;
      }
      void message.success(t('service.subscribed'));
      await queryClient.invalidateQueries({ queryKey: serviceRoot });
      setNeedsWarning(false);
      modal.close();
    });
  }
  return (
    <FormModal modal={modal} title={t('service.subscribeTitle', { name: product.name })} open={open} okText={t('service.save')} cancelText={t('service.cancel')} errorTestId="subscribe-error"
      hint={<Alert type="info" showIcon title={t('service.subscribeHint', { level: product.riskLevel })} style={{ marginBottom: 16 }} />}>
      <Form form={form} layout="vertical" onFinish={(v) => void save(v)} preserve={false}>
        <Form.Item name="customerNo" label={t('service.col.customer')} rules={[{ required: true }]}><CodePicker kind="customer" data-testid="subscribe-customer" /></Form.Item>
        {needsWarning ? (
          <Form.Item name="warningText" label={t('service.warningText')} rules={[{ required: true, whitespace: true, max: 4000 }]}>
            <Input.TextArea rows={4} placeholder={t('service.warningPlaceholder')} data-testid="subscribe-warning" />
          </Form.Item>
        ) : null}
      </Form>
    </FormModal>
  );
}

function Staff({ product, canManage }: { product: ServiceProduct; canManage: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [adding, setAdding] = useState<string | undefined>();
  async function save(staffNos: string[]) {
    try {
      await api.put('/api/service/products/{id}/staff', { path: { id: product.id }, body: { staffNos } });
      setAdding(undefined);
      await queryClient.invalidateQueries({ queryKey: serviceRoot });
    } catch (err) {
      void message.error(err instanceof Error ? err.message : String(err));
    }
  }
  const current = product.staff.map((s) => s.staffNo);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap data-testid="service-staff">
        {product.staff.length === 0 ? <span>{t('service.noStaff')}</span> : product.staff.map((s) => (
          <Tag key={s.staffNo} closable={canManage} onClose={(e) => { e.preventDefault(); void save(current.filter((x) => x !== s.staffNo)); }}>{s.name}（{s.staffNo}）</Tag>
        ))}
      </Space>
      {canManage ? (
        <Space>
          <CodePicker kind="staff" value={adding} onChange={setAdding} style={{ width: 260 }} />
          <Button disabled={!adding || current.includes(adding)} onClick={() => adding && void save([...current, adding])}>{t('service.addStaff')}</Button>
        </Space>
      ) : null}
    </Space>
  );
}

function Relationships({ product }: { product: ServiceProduct }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const me = useMe().data;
  const canWrite = me?.permissions.includes('contacts.write') ?? false;
  const list = useListPage<RelationshipList>({ path: '/api/service/relationships', queryKey: [...serviceRoot, 'relationships'], fixed: { productId: product.id }, local: true });
  const [form] = Form.useForm<{ customerNo: string; staffNo: string }>();
  const modal = useFormModal(form, ['customerNo', 'staffNo'], () => setAdding(false));
  const [adding, setAdding] = useState(false);
  async function end(r: ServiceRelationship) {
    try {
      await api.post('/api/service/relationships/{id}/end', { path: { id: r.id }, body: {} });
      await queryClient.invalidateQueries({ queryKey: serviceRoot });
    } catch (err) {
      void message.error(err instanceof Error ? err.message : String(err));
    }
  }
  async function save(values: { customerNo: string; staffNo: string }) {
    await modal.submit(async () => {
      await api.post('/api/service/relationships', { body: { productId: product.id, ...values } });
      await queryClient.invalidateQueries({ queryKey: serviceRoot });
      modal.close();
    });
  }
  const columns: NonNullable<TableProps<ServiceRelationship>['columns']> = [
    customerColumn<ServiceRelationship>('customerNo', t('service.col.customerNo')),
    nameColumn<ServiceRelationship>('customerName', t('service.col.customer')),
    nameColumn<ServiceRelationship>('staffName', t('service.col.servedBy')),
    { key: 'startOn', dataIndex: 'startOn', title: t('service.col.startOn'), width: 110 },
    { key: 'endOn', title: t('service.col.endOn'), width: 110, render: (_: unknown, r: ServiceRelationship) => r.endOn ?? '—' },
    { key: 'actions', title: '', width: 80, render: (_: unknown, r: ServiceRelationship) => canWrite && r.endOn === null && <Button type="link" size="small" onClick={() => void end(r)}>{t('service.end')}</Button> },
  ];
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {canWrite ? <Button onClick={() => setAdding(true)} data-testid="add-relationship">{t('service.addRelationship')}</Button> : null}
      <ListTable<ServiceRelationship> list={list} rowKey="id" columns={columns} emptyInTable />
      <FormModal modal={modal} title={t('service.addRelationship')} open={adding} okText={t('service.save')} cancelText={t('service.cancel')} errorTestId="relationship-error">
        <Form form={form} layout="vertical" onFinish={(v) => void save(v)} preserve={false}>
          <Form.Item name="customerNo" label={t('service.col.customer')} rules={[{ required: true }]}><CodePicker kind="customer" /></Form.Item>
          <Form.Item name="staffNo" label={t('service.col.servedBy')} rules={[{ required: true }]}>
            <Select options={product.staff.map((s) => ({ value: s.staffNo, label: `${s.name}（${s.staffNo}）` }))} />
          </Form.Item>
        </Form>
      </FormModal>
    </Space>
  );
}
