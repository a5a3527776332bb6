import { useCallback, useEffect, useState, type CSSProperties, type ReactNode } from 'react';
import { Alert, App, Button, Card, Col, Form, Input, InputNumber, Row, Select, Space, Switch, Typography } from 'antd';
import type { FormInstance, FormProps } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/api';
import { ApiError } from '../../api/client';
import { compareDecimals } from '../../components/decimal';
import { ErrorState, Loading } from '../../components/States';
import { useCodeLabel, useI18n } from '../../i18n/i18n';
import { formatTime, useSettings, type ChurnSetting, type ContributionSetting, type Lifecycle, type MarginSetting, type MonitoringSetting, type OutreachSetting, type Tier, type ValidCustomer } from './adminApi';

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
      <Card title={t('admin.settings.churn')} extra={updated(s.churn.updatedAt, s.churn.updatedBy)}>
        <ChurnForm initial={s.churn.value} />
      </Card>
      <Card title={t('admin.settings.validCustomer')} extra={updated(s.validCustomer.updatedAt, s.validCustomer.updatedBy)}>
        <ValidCustomerForm initial={s.validCustomer.value} />
      </Card>
      <Card title={t('admin.settings.contribution')} extra={updated(s.contribution.updatedAt, s.contribution.updatedBy)}>
        <ContributionForm initial={s.contribution.value} />
      </Card>
      <Card title={t('margin.settings')} extra={updated(latest(s.monitoring, s.margin)?.updatedAt ?? null, latest(s.monitoring, s.margin)?.updatedBy ?? null)} data-testid="margin-settings">
        <MarginLinesForm initial={s.monitoring.value} />
        <MarginPoolForm initial={s.margin.value} />
      </Card>
      <Card title={t('outreach.settings')} extra={updated(s.outreach.updatedAt, s.outreach.updatedBy)} data-testid="outreach-settings">
        <OutreachForm initial={s.outreach.value} />
      </Card>
      <Card title={t('kyc.settings')} extra={updated(s.kyc.updatedAt, s.kyc.updatedBy)} data-testid="kyc-settings">
        <KycForm initial={s.kyc.value} />
      </Card>
      <Card title={t('admin.settings.riskQuestionnaire')} extra={updated(s.riskQuestionnaire.updatedAt, s.riskQuestionnaire.updatedBy)} data-testid="risk-questionnaire-settings">
        <RiskQuestionnaireForm initial={s.riskQuestionnaire.value} />
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

/** 流失预警 (business-rules.md §7): the CHURN_RISK threshold, the model's horizon and the churn event by outflow (its 20-day window is fixed). */
function ChurnForm({ initial }: { initial: ChurnSetting | null }) {
  const { t } = useI18n();
  const probability = [
    { required: true, message: t('admin.settings.required') },
    { pattern: /^(0(\.\d{1,4})?|1(\.0{1,4})?)$/, message: t('admin.settings.probability') },
  ];
  const percent = [
    { required: true, message: t('admin.settings.required') },
    { pattern: DECIMAL, message: t('admin.settings.decimal') },
    { validator: (_: unknown, v: string | undefined) => (v && DECIMAL.test(v.trim()) && compareDecimals(v.trim(), '1000') > 0 ? Promise.reject(new Error(t('admin.settings.atMost1000'))) : Promise.resolve()) },
  ];
  return (
    <SettingForm<ChurnSetting, ChurnSetting>
      settingKey="churn"
      initial={initial}
      toForm={same}
      toValue={(v) => ({ ...v, threshold: v.threshold.trim(), eventMaxNetAsset: v.eventMaxNetAsset.trim(), eventOutflowPercent: v.eventOutflowPercent.trim(), eventWindowDays: 20 })}
      hint={t('admin.settings.churnHint')}
      layout="vertical"
      style={{ maxWidth: 420 }}
      testId="churn-form"
    >
      <Form.Item name="threshold" label={t('admin.settings.churnThreshold')} rules={probability}>
        <Input style={{ width: 200 }} />
      </Form.Item>
      <Form.Item
        name="horizonDays"
        label={t('admin.settings.churnHorizonDays')}
        rules={[{ required: true, message: t('admin.settings.required') }, { type: 'integer', min: 5, max: 250, message: t('admin.settings.horizonRange') }]}
      >
        <InputNumber precision={0} style={{ width: 200 }} />
      </Form.Item>
      <DecimalItem name="eventMaxNetAsset" label={t('admin.settings.churnEventMaxNetAsset')} />
      <Form.Item name="eventOutflowPercent" label={t('admin.settings.churnEventOutflowPercent')} rules={percent}>
        <Input style={{ width: 200 }} />
      </Form.Item>
      <Form.Item name="eventWindowDays" label={t('admin.settings.churnEventWindowDays')} extra={t('admin.settings.churnEventWindowFixed')}>
        <InputNumber disabled style={{ width: 200 }} />
      </Form.Item>
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

const CONTACT_CHANNELS = ['COUNTER', 'CALL_CENTER', 'PHONE', 'VISIT', 'SMS', 'EMAIL', 'WECHAT', 'WEB'] as const;
const STAFF_CATEGORIES = ['BROKER', 'ACCOUNT_MANAGER', 'ADVISOR', 'SERVICE', 'DISTRIBUTOR', 'MANAGER'] as const;
const trimmedValues = (record: Record<string, string>) => Object.fromEntries(Object.entries(record).map(([k, v]) => [k, v.trim()]));

/** 客户贡献 (business-rules.md §6): the spreads, the product fee share, the costs by channel and staff category, the large-but-unprofitable rule. */
function ContributionForm({ initial }: { initial: ContributionSetting | null }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  const decimal = [{ required: true, message: t('admin.settings.required') }, { pattern: DECIMAL, message: t('admin.settings.decimal') }];
  return (
    <SettingForm<ContributionSetting, ContributionSetting>
      settingKey="contribution"
      initial={initial}
      toForm={same}
      toValue={(v) => ({
        ...v,
        cashSpreadPercent: v.cashSpreadPercent.trim(),
        marginSpreadPercent: v.marginSpreadPercent.trim(),
        productFeeSharePercent: v.productFeeSharePercent.trim(),
        lowContributionPercent: v.lowContributionPercent.trim(),
        contactCost: trimmedValues(v.contactCost) as ContributionSetting['contactCost'],
        staffMonthlyCost: trimmedValues(v.staffMonthlyCost) as ContributionSetting['staffMonthlyCost'],
      })}
      hint={t('admin.settings.contributionHint')}
      layout="vertical"
      testId="contribution-form"
    >
      <Row gutter={16}>
        <Col><DecimalItem name="cashSpreadPercent" label={t('admin.settings.cashSpreadPercent')} /></Col>
        <Col><DecimalItem name="marginSpreadPercent" label={t('admin.settings.marginSpreadPercent')} /></Col>
        <Col><DecimalItem name="productFeeSharePercent" label={t('admin.settings.productFeeSharePercent')} /></Col>
      </Row>
      <Typography.Text strong>{t('admin.settings.contactCost')}</Typography.Text>
      <Row gutter={16}>
        {CONTACT_CHANNELS.map((channel) => (
          <Col key={channel}>
            <Form.Item name={['contactCost', channel]} label={label('contactChannel', channel)} rules={decimal}>
              <Input style={{ width: 120 }} />
            </Form.Item>
          </Col>
        ))}
      </Row>
      <Typography.Text strong>{t('admin.settings.staffMonthlyCost')}</Typography.Text>
      <Row gutter={16}>
        {STAFF_CATEGORIES.map((category) => (
          <Col key={category}>
            <Form.Item name={['staffMonthlyCost', category]} label={label('staffCategory', category)} rules={decimal}>
              <Input style={{ width: 120 }} />
            </Form.Item>
          </Col>
        ))}
      </Row>
      <Form.Item name="usePayslips" label={t('admin.settings.usePayslips')} valuePropName="checked">
        <Switch />
      </Form.Item>
      <Row gutter={16}>
        <Col>
          <Form.Item
            name="largeTopTiers"
            label={t('admin.settings.largeTopTiers')}
            rules={[{ required: true, message: t('admin.settings.required') }, { type: 'integer', min: 1, max: 20, message: t('admin.settings.positiveInt') }]}
          >
            <InputNumber precision={0} style={{ width: 200 }} />
          </Form.Item>
        </Col>
        <Col><DecimalItem name="lowContributionPercent" label={t('admin.settings.lowContributionPercent')} /></Col>
      </Row>
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

/** Of two settings, the one changed last (the card of 融资融券 edits two). */
type Change = { updatedAt: string | null; updatedBy: string | null };
function latest(a: Change, b: Change): Change | null {
  if (!a.updatedAt) return b.updatedAt ? b : null;
  return b.updatedAt && b.updatedAt > a.updatedAt ? b : a;
}

const PERCENT_RULES = (t: ReturnType<typeof useI18n>['t']) => [
  { required: true, message: t('admin.settings.required') },
  {
    validator: (_: unknown, v: string | undefined) =>
      !v || (DECIMAL.test(v.trim()) && compareDecimals(v.trim(), '1000') <= 0) ? Promise.resolve() : Promise.reject(new Error(t('margin.settings.percent'))),
  },
];

type MarginLines = Pick<MonitoringSetting, 'marginWarningPercent' | 'marginLiquidationPercent'>;

/**
 * 融资融券's lines of the maintenance ratio (suitability.md): the warning and liquidation lines, kept in
 * the `monitoring` setting that the MARGIN_* alerts and the credit account states both read; saved with
 * the setting's other thresholds as they are. The liquidation line must be below the warning line.
 */
function MarginLinesForm({ initial }: { initial: MonitoringSetting | null }) {
  const { t } = useI18n();
  const toForm = useCallback((m: MonitoringSetting): MarginLines => ({ marginWarningPercent: m.marginWarningPercent, marginLiquidationPercent: m.marginLiquidationPercent }), []);
  return (
    <SettingForm<MonitoringSetting, MarginLines>
      settingKey="monitoring"
      initial={initial}
      toForm={toForm}
      toValue={(v) => ({ ...(initial as MonitoringSetting), marginWarningPercent: v.marginWarningPercent.trim(), marginLiquidationPercent: v.marginLiquidationPercent.trim() })}
      hint={t('margin.settings.linesHint')}
      layout="vertical"
      style={{ marginBottom: 24 }}
      testId="margin-lines-form"
    >
      <Row gutter={16}>
        <Col>
          <Form.Item name="marginWarningPercent" label={t('margin.settings.warning')} rules={PERCENT_RULES(t)}>
            <Input style={{ width: 160 }} />
          </Form.Item>
        </Col>
        <Col>
          <Form.Item
            name="marginLiquidationPercent"
            label={t('margin.settings.liquidation')}
            dependencies={['marginWarningPercent']}
            rules={[
              ...PERCENT_RULES(t),
              ({ getFieldValue }) => ({
                validator: (_: unknown, v: string | undefined) => {
                  const warning = String(getFieldValue('marginWarningPercent') ?? '').trim();
                  const liquidation = (v ?? '').trim();
                  if (!DECIMAL.test(warning) || !DECIMAL.test(liquidation)) return Promise.resolve();
                  return compareDecimals(liquidation, warning) < 0 ? Promise.resolve() : Promise.reject(new Error(t('margin.settings.liquidationBelow')));
                },
              }),
            ]}
          >
            <Input style={{ width: 160 }} />
          </Form.Item>
        </Col>
      </Row>
    </SettingForm>
  );
}

const RISK_CATEGORIES = ['C1', 'C2', 'C3', 'C4', 'C5'] as const;

/** 融资融券's withdrawal line and the qualified customer pool's bounds (the `margin` setting). */
function MarginPoolForm({ initial }: { initial: MarginSetting | null }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  return (
    <SettingForm<MarginSetting, MarginSetting>
      settingKey="margin"
      initial={initial}
      toForm={same}
      toValue={(v) => ({ ...v, withdrawablePercent: v.withdrawablePercent.trim(), poolMinAvgAsset: v.poolMinAvgAsset.trim() })}
      hint={t('margin.settings.poolHint')}
      layout="vertical"
      testId="margin-pool-form"
    >
      <Row gutter={16}>
        <Col>
          <Form.Item name="withdrawablePercent" label={t('margin.settings.withdrawable')} rules={PERCENT_RULES(t)}>
            <Input style={{ width: 160 }} />
          </Form.Item>
        </Col>
        <Col><DecimalItem name="poolMinAvgAsset" label={t('margin.settings.poolMinAvgAsset')} /></Col>
        <Col>
          <Form.Item
            name="poolMinTradingMonths"
            label={t('margin.settings.poolMinTradingMonths')}
            rules={[{ required: true, message: t('admin.settings.required') }, { type: 'integer', min: 0, max: 120, message: t('margin.settings.months') }]}
          >
            <InputNumber precision={0} style={{ width: 160 }} />
          </Form.Item>
        </Col>
        <Col>
          <Form.Item name="poolMinRiskLevel" label={t('margin.settings.poolMinRiskLevel')} rules={[{ required: true, message: t('admin.settings.required') }]}>
            <Select style={{ width: 180 }} options={RISK_CATEGORIES.map((c) => ({ value: c, label: label('riskLevel', c) }))} />
          </Form.Item>
        </Col>
      </Row>
    </SettingForm>
  );
}

/** The outreach form's values: the sensitive words one a line. */
type OutreachValues = Omit<OutreachSetting, 'sensitiveWords'> & { sensitiveWords: string };
const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** 营销推送 (the `outreach` setting): quiet hours, the frequency cap, the sensitive words, the rate and the hit window. */
function OutreachForm({ initial }: { initial: OutreachSetting | null }) {
  const { t } = useI18n();
  const toForm = useCallback((o: OutreachSetting): OutreachValues => ({ ...o, sensitiveWords: o.sensitiveWords.join('\n') }), []);
  const hhmm = [{ required: true, message: t('admin.settings.required') }, { pattern: HH_MM, message: t('outreach.settings.hhmm') }];
  const int = (min: number, max: number) => [{ required: true, message: t('admin.settings.required') }, { type: 'integer' as const, min, max, message: `${min}–${max}` }];
  return (
    <SettingForm<OutreachSetting, OutreachValues>
      settingKey="outreach"
      initial={initial}
      toForm={toForm}
      toValue={(v) => ({
        ...v,
        sensitiveWords: [...new Set(v.sensitiveWords.split('\n').map((w) => w.trim()).filter(Boolean))],
      })}
      toFieldName={(path) => (path[0] === 'sensitiveWords' ? ['sensitiveWords'] : path)}
      hint={t('outreach.settings.hint')}
      layout="vertical"
      testId="outreach-form"
    >
      <Row gutter={16}>
        <Col><Form.Item name={['quietHours', 'start']} label={t('outreach.settings.quietStart')} rules={hhmm}><Input style={{ width: 120 }} /></Form.Item></Col>
        <Col><Form.Item name={['quietHours', 'end']} label={t('outreach.settings.quietEnd')} rules={hhmm}><Input style={{ width: 120 }} /></Form.Item></Col>
        <Col><Form.Item name={['frequencyCap', 'maxMessages']} label={t('outreach.settings.maxMessages')} rules={int(1, 1000)}><InputNumber style={{ width: 140 }} /></Form.Item></Col>
        <Col><Form.Item name={['frequencyCap', 'windowDays']} label={t('outreach.settings.windowDays')} rules={int(1, 365)}><InputNumber style={{ width: 140 }} /></Form.Item></Col>
        <Col><Form.Item name="ratePerSecond" label={t('outreach.settings.ratePerSecond')} rules={int(1, 10000)}><InputNumber style={{ width: 140 }} /></Form.Item></Col>
        <Col><Form.Item name="hitWindowDays" label={t('outreach.settings.hitWindowDays')} rules={int(1, 365)}><InputNumber style={{ width: 140 }} /></Form.Item></Col>
      </Row>
      <Form.Item name="sensitiveWords" label={t('outreach.settings.sensitiveWords')}>
        <Input.TextArea rows={4} style={{ maxWidth: 480 }} data-testid="outreach-sensitive-words" />
      </Form.Item>
    </SettingForm>
  );
}

type KycSetting = NonNullable<ReturnType<typeof useSettings>['data']>['kyc']['value'] & object;

/** 客户信息完善 (the `kyc` setting): the completeness below which a customer is a to-do of the serving staff. */
function KycForm({ initial }: { initial: KycSetting | null }) {
  const { t } = useI18n();
  return (
    <SettingForm<KycSetting, KycSetting>
      settingKey="kyc"
      initial={initial}
      toForm={same}
      toValue={same}
      hint={t('kyc.settings.hint')}
      layout="inline"
      testId="kyc-form"
    >
      <Form.Item name="todoThreshold" label={t('kyc.settings.threshold')} rules={[{ required: true, message: t('admin.settings.required') }, { type: 'integer', min: 1, max: 100, message: '1–100' }]}>
        <InputNumber min={1} max={100} style={{ width: 120 }} />
      </Form.Item>
    </SettingForm>
  );
}

type RiskQuestionnaireSetting = NonNullable<ReturnType<typeof useSettings>['data']>['riskQuestionnaire']['value'] & object;
/** The standard questionnaire's bands (server: customer-space.rules.ts DEFAULT_THRESHOLDS), shown until a value is saved. */
const STANDARD_THRESHOLDS: RiskQuestionnaireSetting = { thresholds: { C2: 20, C3: 37, C4: 54, C5: 83 } };

/** 风险测评问卷 (the `riskQuestionnaire` setting): the lowest total score of each category C2–C5. */
function RiskQuestionnaireForm({ initial }: { initial: RiskQuestionnaireSetting | null }) {
  const { t } = useI18n();
  return (
    <SettingForm<RiskQuestionnaireSetting, RiskQuestionnaireSetting>
      settingKey="riskQuestionnaire"
      initial={initial ?? STANDARD_THRESHOLDS}
      toForm={same}
      toValue={same}
      hint={t('admin.settings.riskQuestionnaire.hint')}
      layout="inline"
      testId="risk-questionnaire-form"
    >
      {(['C2', 'C3', 'C4', 'C5'] as const).map((level) => (
        <Form.Item key={level} name={['thresholds', level]} label={t('admin.settings.riskQuestionnaire.min', { level })} rules={[{ required: true, message: t('admin.settings.required') }, { type: 'integer', min: 1, max: 1000, message: '1–1000' }]}>
          <InputNumber min={1} max={1000} style={{ width: 90 }} />
        </Form.Item>
      ))}
    </SettingForm>
  );
}
