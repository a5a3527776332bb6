import { Form, Input, Select, Space } from 'antd';
import { api } from '../../api/api';
import { FormModal, useFormModal } from '../../components/FormModal';
import { useCodeLabel, useI18n } from '../../i18n/i18n';
import { codesOf } from '../../../../shared/codes';
import type { ProductBody, ServiceProduct } from './serviceApi';

const FIELDS = ['code', 'name', 'kind', 'riskLevel', 'price', 'status', 'description'] as const;

/** 新建 / 编辑服务产品: code, name, kind, risk level, monthly price, status and description (head office). */
export function ProductFormModal({ product, open, onClose, onSaved }: { product: ServiceProduct | null; open: boolean; onClose: () => void; onSaved: (p: ServiceProduct) => void }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  const [form] = Form.useForm<ProductBody>();
  const modal = useFormModal(form, FIELDS, onClose);
  const options = (kind: 'serviceProductKind' | 'productRisk' | 'serviceProductStatus') => codesOf(kind).map((value) => ({ value, label: label(kind, value) }));
  const initial: Partial<ProductBody> = product
    ? { code: product.code, name: product.name, kind: product.kind, riskLevel: product.riskLevel, price: product.price, status: product.status, description: product.description }
    : { kind: 'ADVISORY', riskLevel: 'R3', status: 'ACTIVE', price: '0.00', description: '' };
  async function save(values: ProductBody) {
    await modal.submit(async () => {
      const saved = product ? await api.put('/api/service/products/{id}', { path: { id: product.id }, body: values }) : await api.post('/api/service/products', { body: values });
      onSaved(saved);
      modal.close();
    });
  }
  return (
    <FormModal modal={modal} title={t(product ? 'service.editProduct' : 'service.newProduct')} open={open} okText={t('service.save')} cancelText={t('service.cancel')} errorTestId="product-error" width={640}>
      <Form form={form} layout="vertical" initialValues={initial} onFinish={(v) => void save(v)} preserve={false}>
        <Space wrap size={16}>
          <Form.Item name="code" label={t('service.col.code')} rules={[{ required: true, pattern: /^[A-Za-z0-9_-]{1,32}$/ }]}><Input style={{ width: 160 }} data-testid="product-code" /></Form.Item>
          <Form.Item name="name" label={t('service.col.name')} rules={[{ required: true, whitespace: true, max: 100 }]}><Input style={{ width: 280 }} data-testid="product-name" /></Form.Item>
        </Space>
        <Space wrap size={16}>
          <Form.Item name="kind" label={t('service.col.productKind')} rules={[{ required: true }]}><Select options={options('serviceProductKind')} style={{ width: 140 }} /></Form.Item>
          <Form.Item name="riskLevel" label={t('service.col.level')} rules={[{ required: true }]}><Select options={options('productRisk')} style={{ width: 160 }} /></Form.Item>
          <Form.Item name="price" label={t('service.col.price')} rules={[{ required: true, pattern: /^\d{1,18}(\.\d{1,2})?$/, message: t('service.priceRule') }]}><Input style={{ width: 140 }} suffix={t('service.perMonth')} /></Form.Item>
          <Form.Item name="status" label={t('service.col.status')} rules={[{ required: true }]}><Select options={options('serviceProductStatus')} style={{ width: 140 }} /></Form.Item>
        </Space>
        <Form.Item name="description" label={t('service.description')} rules={[{ max: 2000 }]}><Input.TextArea rows={3} /></Form.Item>
      </Form>
    </FormModal>
  );
}
