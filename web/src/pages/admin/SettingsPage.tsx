import { useEffect, useState, type CSSProperties, type ReactNode } from 'react';
import { Alert, App, Button, Card, Form, Input, InputNumber, Space, Typography } from 'antd';
import type { FormInstance, FormProps } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/api';
import { ApiError } from '../../api/client';
import { compareDecimals } from '../../components/decimal';
import { ErrorState, Loading } from '../../components/States';
import { useI18n } from '../../i18n/i18n';
import { formatTime, useSettings, type Lifecycle, type Tier, type ValidCustomer } from './adminApi';

const DECIMAL = /^\d{1,15}(\.\d{1,4})?$/;

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

/**
 * One setting's form: filled with the saved value, PUT on submit (`toValue` of the form's values);
 * field errors (`tiers.1.min`) go onto the form's fields (`toFieldName`), the detail into an alert.
 */
function SettingForm<T, V extends object>({
  settingKey, initial, toForm, toValue, toFieldName = (path) => path, hint, children, layout, style, testId,
}: {
  settingKey: string;
  initial: T | null;
  toForm: (value: T) => V;
  toValue: (values: V) => T;
  toFieldName?: (path: string[]) => (string | number)[];
  hint?: string;
  children: ReactNode;
  layout?: FormProps['layout'];
  style?: CSSProperties;
  testId?: string;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<V>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (initial) form.setFieldsValue(toForm(initial) as Parameters<typeof form.setFieldsValue>[0]);
  }, [initial, form, toForm]);
  async function save(value: T) {
    setSaving(true);
    setError(null);
    try {
      await api.put('/api/admin/settings/{key}', { path: { key: settingKey }, body: value });
      void message.success(t('admin.saved'));
      await queryClient.invalidateQueries({ queryKey: ['admin', 'settings'] });
    } catch (e) {
      if (e instanceof ApiError) {
        setError(e.detail);
        const fields = e.fieldErrors.filter((f) => f.field.startsWith(`${settingKey}.`));
        (form as FormInstance).setFields(fields.map((f) => ({ name: toFieldName(f.field.split('.').slice(1)), errors: [f.message] })));
      } else setError(String(e));
    } finally {
      setSaving(false);
    }
  }
  return (
    <Form form={form} layout={layout} style={style} onFinish={(v) => void save(toValue(v))} data-testid={testId}>
      {hint && <Typography.Paragraph type="secondary">{hint}</Typography.Paragraph>}
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      {children}
      <Button type="primary" htmlType="submit" loading={saving}>
        {t('admin.save')}
      </Button>
    </Form>
  );
}

const tiersForm = (tiers: Tier[]) => ({ tiers });
const same = <T,>(value: T) => value;

function TiersForm({ initial }: { initial: Tier[] | null }) {
  const { t } = useI18n();
  return (
    <SettingForm<Tier[], { tiers: Tier[] }>
      settingKey="tiers"
      initial={initial}
      toForm={tiersForm}
      toValue={(v) => v.tiers.map((tier) => ({ name: tier.name.trim(), min: tier.min.trim() }))}
      toFieldName={(path) => ['tiers', Number(path[0]), path[1] ?? 'min']}
      hint={t('admin.settings.tiersHint')}
      testId="tiers-form"
    >
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
                        if (prev && DECIMAL.test(prev) && compareDecimals(v, prev) >= 0) return Promise.reject(new Error(t('admin.settings.decreasing')));
                        if (index === tiers.length - 1 && compareDecimals(v, '0') !== 0) return Promise.reject(new Error(t('admin.settings.lastZero')));
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
    </SettingForm>
  );
}

function LifecycleForm({ initial }: { initial: Lifecycle | null }) {
  const { t } = useI18n();
  const positiveInt = [{ required: true, message: t('admin.settings.required') }, { type: 'integer' as const, min: 1, message: t('admin.settings.positiveInt') }];
  return (
    <SettingForm<Lifecycle, Lifecycle>
      settingKey="lifecycle"
      initial={initial}
      toForm={same}
      toValue={(v) => ({ ...v, dormantMaxCash: v.dormantMaxCash.trim() })}
      hint={t('admin.settings.lifecycleHint')}
      layout="vertical"
      style={{ maxWidth: 420 }}
    >
      <Form.Item name="sleepingDays" label={t('admin.settings.sleepingDays')} rules={positiveInt}>
        <InputNumber precision={0} style={{ width: 200 }} />
      </Form.Item>
      <Form.Item name="dormantYears" label={t('admin.settings.dormantYears')} rules={positiveInt}>
        <InputNumber precision={0} style={{ width: 200 }} />
      </Form.Item>
      <DecimalItem name="dormantMaxCash" label={t('admin.settings.dormantMaxCash')} />
    </SettingForm>
  );
}

function ValidCustomerForm({ initial }: { initial: ValidCustomer | null }) {
  const { t } = useI18n();
  return (
    <SettingForm<ValidCustomer, ValidCustomer>
      settingKey="validCustomer"
      initial={initial}
      toForm={same}
      toValue={(v) => ({ minNetAsset: v.minNetAsset.trim() })}
      layout="vertical"
      style={{ maxWidth: 420 }}
    >
      <DecimalItem name="minNetAsset" label={t('admin.settings.minNetAsset')} />
    </SettingForm>
  );
}

/** A required non-negative decimal amount. */
function DecimalItem({ name, label }: { name: string; label: string }) {
  const { t } = useI18n();
  return (
    <Form.Item name={name} label={label} rules={[{ required: true, message: t('admin.settings.required') }, { pattern: DECIMAL, message: t('admin.settings.decimal') }]}>
      <Input style={{ width: 200 }} />
    </Form.Item>
  );
}
