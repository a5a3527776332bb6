import { Alert, Button, Card, Form, Input, Select, Space } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router';
import { api } from '../../api/api';
import { useFormSubmit } from '../../components/formSubmit';
import { ErrorState, Loading } from '../../components/States';
import { useCodeLabel, useI18n } from '../../i18n/i18n';
import { codesOf } from '../../../../shared/codes';
import { RichTextEditor } from './RichTextEditor';
import { SERVICE_CONTENT_PATH, serviceRoot, useContent, useServiceProducts, type ContentBody, type ContentDetail } from './serviceApi';

const FIELDS = ['title', 'kind', 'category', 'riskLevel', 'productId', 'summary', 'bodyHtml'] as const;

/** 服务产品加工: a new item (/service/content/new) or the author's draft (/service/content/:id/edit). */
export default function ContentEditorPage() {
  const { id } = useParams();
  const content = useContent(id ?? '');
  if (!id) return <ContentForm item={null} />;
  if (content.isPending) return <Loading />;
  if (content.isError) return <ErrorState error={content.error} onRetry={() => void content.refetch()} />;
  return <ContentForm item={content.data} />;
}

function ContentForm({ item }: { item: ContentDetail | null }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const products = useServiceProducts();
  const [form] = Form.useForm<ContentBody>();
  const { busy, error, submit } = useFormSubmit(form, FIELDS);
  const options = (kind: 'contentKind' | 'contentCategory' | 'productRisk') => codesOf(kind).map((value) => ({ value, label: label(kind, value) }));
  const initial: Partial<ContentBody> = item
    ? { title: item.title, kind: item.kind, category: item.category, riskLevel: item.riskLevel, productId: item.productId, summary: item.summary, bodyHtml: item.bodyHtml }
    : { kind: 'RESEARCH', category: 'STRATEGY', riskLevel: 'R3', productId: null, summary: '', bodyHtml: '' };

  function save(values: ContentBody) {
    void submit(async () => {
      const body = { ...values, productId: values.productId ?? null };
      const saved = item
        ? await api.put('/api/service/content/{id}', { path: { id: item.id }, body })
        : await api.post('/api/service/content', { body });
      await queryClient.invalidateQueries({ queryKey: serviceRoot });
      navigate(`${SERVICE_CONTENT_PATH}/${saved.id}`);
    });
  }
  if (item && !item.editable) return <Alert type="warning" showIcon title={t('service.notEditable')} />;
  return (
    <Card title={item ? t('service.editContent') : t('service.newContent')}>
      <Form form={form} layout="vertical" initialValues={initial} onFinish={save} style={{ maxWidth: 960 }} data-testid="content-form">
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="content-error" />}
        <Form.Item name="title" label={t('service.col.title')} rules={[{ required: true, whitespace: true, max: 200 }]}><Input data-testid="content-title" /></Form.Item>
        <Space wrap size={16}>
          <Form.Item name="kind" label={t('service.col.kind')} rules={[{ required: true }]}><Select options={options('contentKind')} style={{ width: 140 }} /></Form.Item>
          <Form.Item name="category" label={t('service.col.category')} rules={[{ required: true }]}><Select options={options('contentCategory')} style={{ width: 140 }} /></Form.Item>
          <Form.Item name="riskLevel" label={t('service.col.level')} rules={[{ required: true }]} tooltip={t('service.levelHint')}>
            <Select options={options('productRisk')} style={{ width: 160 }} data-testid="content-level" />
          </Form.Item>
          <Form.Item name="productId" label={t('service.col.product')}>
            <Select allowClear placeholder={t('service.noProduct')} style={{ width: 220 }} loading={products.isPending}
              options={(products.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.name}（${p.riskLevel}）` }))} />
          </Form.Item>
        </Space>
        <Form.Item name="summary" label={t('service.summary')} rules={[{ max: 500 }]}><Input.TextArea rows={2} /></Form.Item>
        <Form.Item name="bodyHtml" label={t('service.body')} rules={[{ required: true, message: t('service.bodyRequired') }]}><RichTextEditor /></Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="content-save">{t('service.saveDraft')}</Button>
          <Button onClick={() => navigate(item ? `${SERVICE_CONTENT_PATH}/${item.id}` : SERVICE_CONTENT_PATH)}>{t('service.cancel')}</Button>
        </Space>
      </Form>
    </Card>
  );
}
