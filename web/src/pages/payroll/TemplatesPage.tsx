import { useState } from 'react';
import { Alert, App, Button, Card, Col, Descriptions, Form, Input, Modal, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { api } from '../../api/api';
import { useCurrentUser } from '../../components/AppLayout';
import { moneyCell } from '../../components/columns';
import { compareDecimals } from '../../components/decimal';
import { EmptyState, ErrorState, Loading } from '../../components/States';
import { useI18n } from '../../i18n/i18n';
import { formatTime } from '../admin/adminApi';
import { percentOf } from './format';
import { PayrollToolbar } from './Toolbar';
import { STAFF_LEVELS, usePayrollSave, useTemplates, type StaffLevel, type Template } from './payrollApi';

const POSITIVE_MONEY = /^\d{1,12}(\.\d{1,2})?$/;
const BOUND = /^\d{1,14}(\.\d{1,2})?$/;
const RATE = /^(0(\.\d{1,6})?|1(\.0{1,6})?)$/;
const CODE = /^[A-Z][A-Z0-9_]{1,31}$/;

interface TemplateForm {
  templateCode?: string;
  name: string;
  baseSalaries: { level: StaffLevel; baseSalary: string }[];
  tiers: { lowerBound: string; rate: string }[];
}

/** 提成模板: base salary by level, the marginal tiers and the product rates; ADMIN and HQ edit and create. */
export default function TemplatesPage() {
  const { t } = useI18n();
  const me = useCurrentUser();
  const templates = useTemplates();
  const [selected, setSelected] = useState<string | null>(null);
  const [editing, setEditing] = useState<Template | 'new' | null>(null);
  if (templates.isError) return <ErrorState error={templates.error} onRetry={() => void templates.refetch()} />;
  if (templates.isPending) return <Loading />;
  const items = templates.data.items;
  const template = items.find((x) => x.templateCode === selected) ?? items[0];
  if (!template) return <EmptyState />;
  const manager = me.permissions.includes('payroll.templates');

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <PayrollToolbar
        label={t('payroll.template')}
        actions={
          manager && (
            <Space>
              <Button type="primary" onClick={() => setEditing(template)} data-testid="template-edit">
                {t('payroll.tpl.edit')}
              </Button>
              <Button onClick={() => setEditing('new')} data-testid="template-create">
                {t('payroll.tpl.create')}
              </Button>
            </Space>
          )
        }
      >
        <Select
          value={template.templateCode}
          onChange={setSelected}
          style={{ minWidth: 240 }}
          options={items.map((x) => ({ value: x.templateCode, label: `${x.templateCode} ${x.name}` }))}
          data-testid="template-select"
        />
        <Typography.Text type="secondary">
          {template.updatedAt ? t('payroll.tpl.updated', { at: formatTime(template.updatedAt), by: template.updatedBy ?? '' }) : t('payroll.tpl.never')}
        </Typography.Text>
      </PayrollToolbar>
      <TemplateView template={template} />
      {editing !== null && (
        <TemplateModal
          template={editing === 'new' ? null : editing}
          copyFrom={template}
          onClose={(code) => {
            setEditing(null);
            if (code) setSelected(code);
          }}
        />
      )}
    </Space>
  );
}

function TemplateView({ template }: { template: Template }) {
  const { t } = useI18n();
  const productRates = template.productRates.filter((p) => compareDecimals(p.rate, '0') > 0);
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={9}>
        <Card size="small" title={t('payroll.tpl.baseSalaries')}>
          <Descriptions size="small" bordered column={1} data-testid="template-bases">
            <Descriptions.Item label={t('payroll.tpl.name')}>{template.name}</Descriptions.Item>
            {template.baseSalaries.map((b) => (
              <Descriptions.Item key={b.level} label={b.level}>
                {moneyCell(b.baseSalary)}
              </Descriptions.Item>
            ))}
          </Descriptions>
        </Card>
      </Col>
      <Col xs={24} lg={15}>
        <Card size="small" title={t('payroll.tpl.tiers')}>
          <Typography.Paragraph type="secondary">{t('payroll.tpl.tiersHint')}</Typography.Paragraph>
          <Table
            size="small"
            rowKey="lowerBound"
            pagination={false}
            dataSource={template.tiers}
            data-testid="template-tiers"
            columns={[
              { key: 'from', title: t('payroll.tier.from'), align: 'right', render: (_, r) => moneyCell(r.lowerBound) },
              { key: 'to', title: t('payroll.tier.to'), align: 'right', render: (_, r) => (r.upperBound === null ? t('payroll.tier.unbounded') : moneyCell(r.upperBound)) },
              { key: 'rate', title: t('payroll.tier.rate'), align: 'right', render: (_, r) => `${percentOf(r.rate)}（${r.rate}）` },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card size="small" title={t('payroll.tpl.productRates')}>
          {productRates.length ? (
            <Table
              size="small"
              rowKey="productCode"
              pagination={productRates.length > 10 ? { pageSize: 10, showSizeChanger: false } : false}
              dataSource={productRates}
              columns={[
                { key: 'product', title: t('payroll.product'), render: (_, r) => `${r.productCode} ${r.name}` },
                { key: 'rate', title: t('payroll.product.rate'), align: 'right', render: (_, r) => percentOf(r.rate) },
              ]}
            />
          ) : (
            <Typography.Text type="secondary">{t('payroll.tpl.productRatesNone')}</Typography.Text>
          )}
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card size="small" title={t('payroll.tpl.months')}>
          {template.months.length ? (
            <Space wrap>
              {template.months.map((m) => (
                <Tag key={m.month} color={m.status === 'LOCKED' ? 'green' : m.stale ? 'orange' : 'blue'}>
                  {`${m.month} ${t(`payroll.status.${m.status}`)}${m.stale ? ` · ${t('payroll.stale')}` : ''}`}
                </Tag>
              ))}
            </Space>
          ) : (
            <Typography.Text type="secondary">{t('payroll.tpl.monthsNone')}</Typography.Text>
          )}
        </Card>
      </Col>
    </Row>
  );
}

/** Edit (PUT) or create (POST) a template; the server's field errors (`tiers.1.rate`) land on the form's fields. */
function TemplateModal({ template, copyFrom, onClose }: { template: Template | null; copyFrom: Template; onClose: (code?: string) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<TemplateForm>();
  // Field paths come from the server (`tiers.1.rate`): the form's nested names.
  const { saving, error, save: run } = usePayrollSave(form, (path) => path.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part)));
  const source = template ?? copyFrom;
  const initial: TemplateForm = {
    templateCode: template ? template.templateCode : '',
    name: template ? template.name : '',
    baseSalaries: STAFF_LEVELS.map((level) => ({ level, baseSalary: source.baseSalaries.find((b) => b.level === level)?.baseSalary ?? '' })),
    tiers: source.tiers.map((x) => ({ lowerBound: x.lowerBound, rate: x.rate })),
  };
  const required = { required: true, whitespace: true, message: t('payroll.tpl.rule.required') };

  function save(values: TemplateForm) {
    const body = {
      name: values.name.trim(),
      baseSalaries: values.baseSalaries.map((b, i) => ({ level: STAFF_LEVELS[i] ?? b.level, baseSalary: b.baseSalary.trim() })),
      tiers: values.tiers.map((x) => ({ lowerBound: x.lowerBound.trim(), rate: x.rate.trim() })),
    };
    return run(async () => {
      if (template) {
        const saved = await api.put('/api/payroll/templates/{code}', { path: { code: template.templateCode }, body });
        const stale = saved?.staleMonths ?? [];
        void message.success(stale.length ? t('payroll.tpl.savedStale', { months: stale.join('、') }) : t('payroll.tpl.saved'));
      } else {
        await api.post('/api/payroll/templates', { body: { templateCode: values.templateCode?.trim() ?? '', ...body } }); // the form requires the code
        void message.success(t('payroll.tpl.saved'));
      }
    }, () => onClose(template ? undefined : values.templateCode?.trim()));
  }

  return (
    <Modal
      open
      width={720}
      title={template ? `${t('payroll.tpl.edit')} ${template.templateCode}` : t('payroll.tpl.create')}
      okText={t('payroll.tpl.save')}
      cancelText={t('payroll.cancel')}
      onCancel={() => onClose()}
      onOk={() => form.submit()}
      confirmLoading={saving}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={initial} onFinish={(v) => void save(v)} data-testid="template-form">
        {template && <Alert type="info" showIcon title={t('payroll.tpl.editHint')} style={{ marginBottom: 16 }} />}
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
        <Space align="start" wrap>
          {!template && (
            <Form.Item name="templateCode" label={t('payroll.tpl.code')} rules={[required, { pattern: CODE, message: t('payroll.tpl.rule.code') }]}>
              <Input style={{ width: 180 }} />
            </Form.Item>
          )}
          <Form.Item name="name" label={t('payroll.tpl.name')} rules={[required, { max: 100 }]}>
            <Input style={{ width: 320 }} />
          </Form.Item>
        </Space>
        <Typography.Title level={5}>{t('payroll.tpl.baseSalaries')}</Typography.Title>
        <Form.List name="baseSalaries">
          {(fields) => (
            <Space wrap>
              {fields.map((field, i) => (
                <Form.Item
                  key={field.key}
                  name={[field.name, 'baseSalary']}
                  label={STAFF_LEVELS[i]}
                  rules={[required, { validator: (_, v: string | undefined) => (v && POSITIVE_MONEY.test(v.trim()) && /[1-9]/.test(v) ? Promise.resolve() : Promise.reject(new Error(t('payroll.tpl.rule.money')))) }]}
                >
                  <Input inputMode="decimal" style={{ width: 110 }} />
                </Form.Item>
              ))}
            </Space>
          )}
        </Form.List>
        <Typography.Title level={5}>{t('payroll.tpl.tiers')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('payroll.tpl.rateHint')}</Typography.Paragraph>
        <Form.List name="tiers">
          {(fields, { add, remove }) => (
            <>
              <Space style={{ display: 'flex', marginBottom: 4 }}>
                <Typography.Text strong style={{ display: 'inline-block', width: 160 }}>
                  {t('payroll.tier.from')}
                </Typography.Text>
                <Typography.Text strong>{t('payroll.tier.rate')}</Typography.Text>
              </Space>
              {fields.map((field, index) => (
                <Space key={field.key} align="baseline" style={{ display: 'flex' }}>
                  <Form.Item
                    name={[field.name, 'lowerBound']}
                    dependencies={fields.map((f) => ['tiers', f.name, 'lowerBound'])}
                    rules={[
                      required,
                      { pattern: BOUND, message: t('payroll.tpl.rule.bound') },
                      ({ getFieldValue }) => ({
                        validator: (_, value: string | undefined) => {
                          const v = value?.trim() ?? '';
                          if (!BOUND.test(v)) return Promise.resolve();
                          if (index === 0) return compareDecimals(v, '0') === 0 ? Promise.resolve() : Promise.reject(new Error(t('payroll.tpl.rule.firstZero')));
                          const previous = (getFieldValue(['tiers', fields[index - 1]?.name ?? 0, 'lowerBound']) as string | undefined)?.trim() ?? '';
                          return !BOUND.test(previous) || compareDecimals(v, previous) > 0 ? Promise.resolve() : Promise.reject(new Error(t('payroll.tpl.rule.ascending')));
                        },
                      }),
                    ]}
                  >
                    <Input inputMode="decimal" style={{ width: 160 }} disabled={index === 0} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'rate']} rules={[required, { pattern: RATE, message: t('payroll.tpl.rule.rate') }]}>
                    <Input inputMode="decimal" style={{ width: 120 }} />
                  </Form.Item>
                  {index > 0 && <Button onClick={() => remove(field.name)}>{t('payroll.tpl.removeTier')}</Button>}
                </Space>
              ))}
              <Form.Item>
                <Button type="dashed" onClick={() => add({ lowerBound: '', rate: '' })} data-testid="template-add-tier">
                  {t('payroll.tpl.addTier')}
                </Button>
              </Form.Item>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
