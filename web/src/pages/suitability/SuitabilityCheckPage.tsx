import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Form, Input, Space, Tag } from 'antd';
import { useCurrentUser } from '../../components/AppLayout';
import { CodePicker } from '../../components/CodePicker';
import { showFieldErrors } from '../../components/formSubmit';
import { useCodeLabel, useI18n } from '../../i18n/i18n';
import { ProductPicker } from '../products/ProductPicker';
import { checkSuitability, recordConfirmation, useProductsChanged, type SuitabilityCheck } from '../products/productsApi';

const RESULT_COLOR = { MATCH: 'green', MISMATCH: 'orange', NEVER: 'red' } as const;

interface CheckForm {
  customerNo?: string;
  productCode?: string;
}

/**
 * 适当性管理 → 适当性匹配检查: a customer of the caller's scope and a product, both picked (never typed),
 * checked against the matching matrix (MATCH / MISMATCH / NEVER with the reasons). For a MISMATCH the
 * special written warning can be recorded with the customer's confirmation (a customer-initiated
 * purchase); a NEVER is refused whatever the customer asks.
 */
export default function SuitabilityCheckPage() {
  const { t } = useI18n();
  const label = useCodeLabel();
  const me = useCurrentUser();
  const { message } = App.useApp();
  const changed = useProductsChanged();
  const [form] = Form.useForm<CheckForm>();
  const [warningForm] = Form.useForm<{ warningText: string }>();
  const [check, setCheck] = useState<SuitabilityCheck | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function run(values: CheckForm) {
    if (!values.customerNo || !values.productCode) return;
    setBusy(true);
    setError(null);
    try {
      const answer = await checkSuitability(values.customerNo, values.productCode);
      setCheck(answer);
    } catch (err) {
      setCheck(null);
      setError(showFieldErrors(form, err, ['customerNo', 'productCode']));
    } finally {
      setBusy(false);
    }
  }

  async function confirm(values: { warningText: string }) {
    if (!check) return;
    setBusy(true);
    setError(null);
    try {
      await recordConfirmation(check.customerNo, check.productCode, values.warningText.trim());
      void message.success(t('suitability.confirmed'));
      await changed();
      setCheck(null);
    } catch (err) {
      setError(showFieldErrors(warningForm, err, ['warningText']));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small" title={t('menu.suitabilityCheck')}>
        <Form<CheckForm> form={form} layout="inline" onFinish={(v) => void run(v)} data-testid="suitability-check-form">
          <Form.Item name="customerNo" label={t('suitability.customer')} rules={[{ required: true, message: t('suitability.customer') }]}>
            <CodePicker kind="customer" style={{ width: 280 }} data-testid="pick-customer" />
          </Form.Item>
          <Form.Item name="productCode" label={t('suitability.product')} rules={[{ required: true, message: t('suitability.product') }]}>
            <ProductPicker style={{ width: 320 }} />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="suitability-check">{t('suitability.check')}</Button>
          </Form.Item>
        </Form>
      </Card>
      {error && <Alert type="error" showIcon title={error} data-testid="suitability-error" />}
      {check && (
        <Card size="small" title={`${check.customerName}（${check.customerNo}） × ${check.productName}（${check.productCode}）`} data-testid="suitability-result">
          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label={t('suitability.result')} span={2}>
              <Tag color={RESULT_COLOR[check.result]} data-testid="suitability-result-tag">{label('suitabilityResult', check.result)}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('suitability.customerRisk')}>
              {check.customerRisk ? label('riskLevel', check.customerRisk) : t('suitability.notAssessed')}
              {check.lowestRiskCategory && <Tag color="red" style={{ marginLeft: 8 }}>{t('suitability.lowest')}</Tag>}
              {!check.assessmentValid && check.investorClass === 'ORDINARY' && <Tag style={{ marginLeft: 8 }}>{t('suitability.assessmentInvalid')}</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label={t('suitability.productRisk')}>{label('productRisk', check.productRisk)}</Descriptions.Item>
            <Descriptions.Item label={t('suitability.investorClass')}>{label('investorClass', check.investorClass)}</Descriptions.Item>
            <Descriptions.Item label={t('suitability.assessedOn')}>{check.assessedOn ?? '—'}{check.assessmentExpiresOn ? ` → ${check.assessmentExpiresOn}` : ''}</Descriptions.Item>
            <Descriptions.Item label={t('suitability.reasons')} span={2}>
              <ul style={{ margin: 0, paddingInlineStart: 20 }}>{check.reasons.map((r) => <li key={r.code}>{r.text}</li>)}</ul>
            </Descriptions.Item>
          </Descriptions>
          {check.result === 'MISMATCH' && me.permissions.includes('suitability.confirm') && (
            <Card size="small" type="inner" title={t('suitability.confirmTitle')} style={{ marginTop: 12 }}>
              <Alert type="warning" showIcon title={t('suitability.confirmHint')} style={{ marginBottom: 12 }} />
              <Form<{ warningText: string }>
                key={`${check.customerNo}/${check.productCode}`}
                form={warningForm}
                layout="vertical"
                initialValues={{
                  warningText: t('suitability.defaultWarning', {
                    product: check.productName, productRisk: label('productRisk', check.productRisk), customerRisk: check.customerRisk ? label('riskLevel', check.customerRisk) : t('suitability.notAssessed'),
                  }),
                }}
                onFinish={(v) => void confirm(v)}
                data-testid="suitability-confirm-form"
              >
                <Form.Item name="warningText" label={t('suitability.warningText')} rules={[{ required: true, whitespace: true, message: t('suitability.warningText') }]}>
                  <Input.TextArea rows={4} maxLength={4000} showCount />
                </Form.Item>
                <Button type="primary" danger htmlType="submit" loading={busy} data-testid="suitability-confirm">{t('suitability.confirm')}</Button>
              </Form>
            </Card>
          )}
        </Card>
      )}
    </Space>
  );
}
