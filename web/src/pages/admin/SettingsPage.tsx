import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Form, Input, InputNumber, Space, Typography } from 'antd';
import type { FormInstance } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/api';
import { ApiError } from '../../api/client';
import { ErrorState, Loading } from '../../components/States';
import { useI18n } from '../../i18n/i18n';
import { formatTime, useSettings, type Lifecycle, type Tier, type ValidCustomer } from './adminApi';

const DECIMAL = /^\d{1,15}(\.\d{1,4})?$/;

/** Compares two non-negative decimal strings exactly (no floating point). */
function compareDecimal(a: string, b: string): number {
  const [ai = '0', af = ''] = a.split('.');
  const [bi = '0', bf = ''] = b.split('.');
  const ia = ai.replace(/^0+(?=\d)/, '');
  const ib = bi.replace(/^0+(?=\d)/, '');
  if (ia.length !== ib.length) return ia.length - ib.length;
  if (ia !== ib) return ia < ib ? -1 : 1;
  const width = Math.max(af.length, bf.length);
  const fa = af.padEnd(width, '0');
  const fb = bf.padEnd(width, '0');
  return fa === fb ? 0 : fa < fb ? -1 : 1;
}

/**
 * 参数配置: tier bounds, lifecycle thresholds and the valid-customer bound. Tier and lifecycle are
 * derived at import time, so a change applies to the trading days imported after it.
 */
export default function SettingsPage() {
  const { t } = useI18n();
  const settings = useSettings();
  if (settings.isPending) return <Loading />;
  if (settings.isError) return <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />;
  const s = settings.data;
  const updated = (at: string | null, by: string | null) => (at ? <Typography.Text type="secondary">{t('admin.settings.updated', { at: formatTime(at), by: by ?? '' })}</Typography.Text> : null);
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card title={t('admin.settings.tiers')} extra={updated(s.tiers.updatedAt, s.tiers.updatedBy)}>
        <TiersForm initial={s.tiers.value} />
      </Card>
      <Card title={t('admin.settings.lifecycle')} extra={updated(s.lifecycle.updatedAt, s.lifecycle.updatedBy)}>
        <LifecycleForm initial={s.lifecycle.value} />
      </Card>
      <Card title={t('admin.settings.validCustomer')} extra={updated(s.validCustomer.updatedAt, s.validCustomer.updatedBy)}>
        <ValidCustomerForm initial={s.validCustomer.value} />
      </Card>
    </Space>
  );
}

/** PUTs one setting; field errors (`tiers.1.min`) go onto the form's fields, the detail into an alert. */
function useSave<T>(key: string, form: FormInstance, toFieldName: (path: string[]) => (string | number)[]) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  async function save(value: T) {
    setSaving(true);
    setError(null);
    try {
      await api.put('/api/admin/settings/{key}', { path: { key }, body: value });
      void message.success(t('admin.saved'));
      await queryClient.invalidateQueries({ queryKey: ['admin', 'settings'] });
    } catch (e) {
      if (e instanceof ApiError) {
        setError(e.detail);
        const fields = e.fieldErrors.filter((f) => f.field.startsWith(`${key}.`));
        form.setFields(fields.map((f) => ({ name: toFieldName(f.field.split('.').slice(1)), errors: [f.message] })));
      } else setError(String(e));
    } finally {
      setSaving(false);
    }
  }
  return { save, saving, error };
}

function TiersForm({ initial }: { initial: Tier[] | null }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ tiers: Tier[] }>();
  const { save, saving, error } = useSave<Tier[]>('tiers', form, (path) => ['tiers', Number(path[0]), path[1] ?? 'min']);
  useEffect(() => {
    if (initial) form.setFieldsValue({ tiers: initial });
  }, [initial, form]);
  return (
    <Form form={form} onFinish={(v) => void save(v.tiers.map((tier) => ({ name: tier.name.trim(), min: tier.min.trim() })))} data-testid="tiers-form">
      <Typography.Paragraph type="secondary">{t('admin.settings.tiersHint')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      <Form.List name="tiers">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field, index) => (
              <Space key={field.key} align="baseline">
                <Form.Item
                  name={[field.name, 'name']}
                  dependencies={fields.map((f) => ['tiers', f.name, 'name'])}
                  rules={[
                    { required: true, whitespace: true, message: t('admin.settings.required') },
                    ({ getFieldValue }) => ({
                      validator: (_, value: string) => {
                        const names = (getFieldValue('tiers') as Tier[]).map((x) => x?.name?.trim());
                        return names.filter((n) => n === value?.trim()).length > 1 ? Promise.reject(new Error(t('admin.settings.unique'))) : Promise.resolve();
                      },
                    }),
                  ]}
                >
                  <Input placeholder={t('admin.settings.tierName')} style={{ width: 180 }} />
                </Form.Item>
                <Form.Item
                  name={[field.name, 'min']}
                  dependencies={fields.map((f) => ['tiers', f.name, 'min'])}
                  rules={[
                    { required: true, message: t('admin.settings.required') },
                    { pattern: DECIMAL, message: t('admin.settings.decimal') },
                    ({ getFieldValue }) => ({
                      validator: (_, value: string) => {
                        const tiers = getFieldValue('tiers') as Tier[];
                        const v = value?.trim() ?? '';
                        if (!DECIMAL.test(v)) return Promise.resolve();
                        const prev = index > 0 ? tiers[index - 1]?.min?.trim() : undefined;
                        if (prev && DECIMAL.test(prev) && compareDecimal(v, prev) >= 0) return Promise.reject(new Error(t('admin.settings.decreasing')));
                        if (index === tiers.length - 1 && compareDecimal(v, '0') !== 0) return Promise.reject(new Error(t('admin.settings.lastZero')));
                        return Promise.resolve();
                      },
                    }),
                  ]}
                >
                  <Input placeholder={t('admin.settings.tierMin')} style={{ width: 180 }} />
                </Form.Item>
                {fields.length > 1 && <Button onClick={() => remove(field.name)}>−</Button>}
              </Space>
            ))}
            <Form.Item>
              <Button type="dashed" onClick={() => add({ name: '', min: '0' })}>
                {t('admin.settings.addTier')}
              </Button>
            </Form.Item>
          </>
        )}
      </Form.List>
      <Button type="primary" htmlType="submit" loading={saving}>
        {t('admin.save')}
      </Button>
    </Form>
  );
}

function LifecycleForm({ initial }: { initial: Lifecycle | null }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Lifecycle>();
  const { save, saving, error } = useSave<Lifecycle>('lifecycle', form, (path) => path);
  useEffect(() => {
    if (initial) form.setFieldsValue(initial);
  }, [initial, form]);
  const positiveInt = [{ required: true, message: t('admin.settings.required') }, { type: 'integer' as const, min: 1, message: t('admin.settings.positiveInt') }];
  return (
    <Form form={form} layout="vertical" style={{ maxWidth: 420 }} onFinish={(v) => void save({ ...v, dormantMaxCash: v.dormantMaxCash.trim() })}>
      <Typography.Paragraph type="secondary">{t('admin.settings.lifecycleHint')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      <Form.Item name="sleepingDays" label={t('admin.settings.sleepingDays')} rules={positiveInt}>
        <InputNumber precision={0} style={{ width: 200 }} />
      </Form.Item>
      <Form.Item name="dormantYears" label={t('admin.settings.dormantYears')} rules={positiveInt}>
        <InputNumber precision={0} style={{ width: 200 }} />
      </Form.Item>
      <Form.Item name="dormantMaxCash" label={t('admin.settings.dormantMaxCash')} rules={[{ required: true, message: t('admin.settings.required') }, { pattern: DECIMAL, message: t('admin.settings.decimal') }]}>
        <Input style={{ width: 200 }} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={saving}>
        {t('admin.save')}
      </Button>
    </Form>
  );
}

function ValidCustomerForm({ initial }: { initial: ValidCustomer | null }) {
  const { t } = useI18n();
  const [form] = Form.useForm<ValidCustomer>();
  const { save, saving, error } = useSave<ValidCustomer>('validCustomer', form, (path) => path);
  useEffect(() => {
    if (initial) form.setFieldsValue(initial);
  }, [initial, form]);
  return (
    <Form form={form} layout="vertical" style={{ maxWidth: 420 }} onFinish={(v) => void save({ minNetAsset: v.minNetAsset.trim() })}>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      <Form.Item name="minNetAsset" label={t('admin.settings.minNetAsset')} rules={[{ required: true, message: t('admin.settings.required') }, { pattern: DECIMAL, message: t('admin.settings.decimal') }]}>
        <Input style={{ width: 200 }} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={saving}>
        {t('admin.save')}
      </Button>
    </Form>
  );
}
