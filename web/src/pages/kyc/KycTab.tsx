/**
 * The 360° view's tab 客户信息 (issue 14 item 3): the customer information form (客户信息表) with its
 * completeness and missing fields, the households and related accounts linking to their 360° views,
 * and the history of every change; staff with `contacts.write` complete it in a drawer. Personal
 * information arrives masked by role from the server; a masked value is never sent back (only the
 * fields the user changed are).
 */
import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, Col, Descriptions, Drawer, Form, Input, InputNumber, Progress, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { codesOf, type CodeKind } from '../../../../shared/codes';
import { api } from '../../api/api';
import { useCurrentUser } from '../../components/AppLayout';
import { CodePicker, nameWithCode } from '../../components/CodePicker';
import { useFormSubmit } from '../../components/formSubmit';
import { QueryState } from '../../components/States';
import { useCodeLabel, useI18n } from '../../i18n/i18n';
import { formatWhen } from '../workflows/labels';
import { kycRoot, scoreColor, type KycBody, type KycHistoryItem, type KycView } from './kycApi';

/** The coded fields of the form and of the history, by their dictionary kind. */
const CODED: Readonly<Record<string, CodeKind>> = {
  occupation: 'kycOccupation', industry: 'kycIndustry', education: 'kycEducation', incomeBand: 'kycIncomeBand', assetBand: 'kycAssetBand',
  fundSource: 'kycFundSource', investmentGoal: 'kycGoal', investmentHorizon: 'kycHorizon', emergencyRelation: 'kycRelation',
};

export function KycTab({ customerNo }: { customerNo: string }) {
  const { locale } = useI18n();
  const query = useQuery({
    queryKey: [...kycRoot, 'form', customerNo, locale],
    queryFn: ({ signal }) => api.get('/api/customers/{customerNo}/kyc', { path: { customerNo } }, signal),
  });
  return <QueryState query={query}>{query.data && <KycPanel view={query.data} />}</QueryState>;
}

/** 证件号码校验: what the server found wrong with the extract's resident ID, birth date and gender (computed on the unmasked number). */
function IdentityCheckNote({ check, residentId }: { check: KycView['identityCheck']; residentId: boolean }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  if (!residentId) return null;
  const problems = [
    check.idNo ? label('idNoProblem', check.idNo) : null,
    check.birthDateAgrees === false ? t('kyc.idCheck.birthDate') : null,
    check.genderAgrees === false ? t('kyc.idCheck.gender') : null,
  ].filter((p): p is string => p !== null);
  if (!problems.length) return <Typography.Text type="success" data-testid="kyc-id-check">{t('kyc.idCheck.ok')}</Typography.Text>;
  return (
    <Alert type="warning" showIcon data-testid="kyc-id-check" title={problems.join('；')} description={t('kyc.idCheck.fix')} />
  );
}

function KycPanel({ view }: { view: KycView }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  const me = useCurrentUser();
  const [editing, setEditing] = useState(false);
  const canEdit = me.permissions.includes('contacts.write');
  const person = view.customerType === 'P';
  const f = view.form;
  const dash = (v: string | null | undefined) => (v === null || v === undefined || v === '' ? '—' : v);
  const code = (kind: CodeKind, v: string | null) => (v ? label(kind, v) : '—');
  const experience = f.experience.map((e) => `${label('kycProductClass', e.productClass)} ${t('kyc.years', { n: e.years })}`).join('、');
  const twoValues = (extract: string | null, alt: string | null) => (
    <span>
      {dash(extract)}
      {alt ? <Typography.Text type="secondary">{` · ${t('kyc.altValue')}: ${alt}`}</Typography.Text> : null}
    </span>
  );
  const linkTo = (customerNo: string | null, name: string | null, inScope: boolean) =>
    customerNo === null ? null : inScope ? (
      <Link to={`/customers/${encodeURIComponent(customerNo)}`}>{nameWithCode(customerNo, name)}</Link>
    ) : (
      <span>
        {customerNo} <Typography.Text type="secondary">（{t('kyc.notInScope')}）</Typography.Text>
      </span>
    );

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="kyc-panel">
      <Card size="small">
        <Row gutter={24} align="middle">
          <Col>
            <Progress type="circle" size={88} percent={view.score} strokeColor={view.score >= view.threshold ? '#2f9e44' : '#f5a623'} format={(p) => <span data-testid="kyc-score">{`${p}%`}</span>} />
          </Col>
          <Col flex="auto">
            <Typography.Title level={5} style={{ marginTop: 0 }}>{t('kyc.score')}</Typography.Title>
            {view.missing.length ? (
              <div data-testid="kyc-missing">
                <Typography.Text type="secondary">{t('kyc.missing')}：</Typography.Text>
                {view.missing.map((m) => <Tag key={m} color={scoreColor(0, 100)}>{label('kycField', m)}</Tag>)}
              </div>
            ) : (
              <Typography.Text type="success" data-testid="kyc-missing">{t('kyc.complete')}</Typography.Text>
            )}
            <div>
              <Typography.Text type="secondary">{t('kyc.threshold', { threshold: view.threshold })}</Typography.Text>
            </div>
            {view.updatedAt ? <Typography.Text type="secondary">{t('kyc.updated', { at: formatWhen(view.updatedAt), by: view.updatedBy ?? '' })}</Typography.Text> : null}
          </Col>
          <Col>
            {canEdit ? (
              <Button type="primary" onClick={() => setEditing(true)} data-testid="kyc-edit">{t('kyc.edit')}</Button>
            ) : (
              <Typography.Text type="secondary">{t('kyc.readOnly')}</Typography.Text>
            )}
          </Col>
        </Row>
      </Card>
      <Card size="small" title={t('kyc.section.identity')}>
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
          <Descriptions.Item label={label('kycField', 'name')}>{view.identity.name}</Descriptions.Item>
          <Descriptions.Item label={label('kycField', 'idNo')}>{`${code('idType', view.identity.idType)} ${dash(view.identity.idNo)}`}</Descriptions.Item>
          {person ? <Descriptions.Item label={label('kycField', 'birthDate')}>{dash(view.identity.birthDate)}</Descriptions.Item> : null}
          {person ? <Descriptions.Item label={t('kyc.gender')}>{code('gender', view.identity.gender)}</Descriptions.Item> : null}
        </Descriptions>
        <IdentityCheckNote check={view.identityCheck} residentId={view.identity.idType === '0'} />
      </Card>
      <Card size="small" title={t('kyc.section.contact')}>
        <Descriptions size="small" column={{ xs: 1, sm: 1, lg: 3 }}>
          <Descriptions.Item label={label('kycField', 'mobile')}>{twoValues(view.contact.mobile, f.altMobile)}</Descriptions.Item>
          <Descriptions.Item label={label('kycField', 'email')}>{twoValues(view.contact.email, f.altEmail)}</Descriptions.Item>
          <Descriptions.Item label={label('kycField', 'address')}>{twoValues(view.contact.address, f.altAddress)}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" title={`${t('kyc.section.work')} · ${t('kyc.section.finance')} · ${t('kyc.section.investment')}`}>
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }} data-testid="kyc-details">
          {person ? <Descriptions.Item label={label('kycField', 'occupation')}>{code('kycOccupation', f.occupation)}</Descriptions.Item> : null}
          {person ? <Descriptions.Item label={label('kycField', 'employer')}>{dash(f.employer)}</Descriptions.Item> : null}
          <Descriptions.Item label={label('kycField', 'industry')}>{code('kycIndustry', f.industry)}</Descriptions.Item>
          {person ? <Descriptions.Item label={label('kycField', 'education')}>{code('kycEducation', f.education)}</Descriptions.Item> : null}
          <Descriptions.Item label={label('kycField', 'incomeBand')}>{code('kycIncomeBand', f.incomeBand)}</Descriptions.Item>
          <Descriptions.Item label={label('kycField', 'assetBand')}>{code('kycAssetBand', f.assetBand)}</Descriptions.Item>
          <Descriptions.Item label={label('kycField', 'fundSource')}>{code('kycFundSource', f.fundSource)}</Descriptions.Item>
          <Descriptions.Item label={label('kycField', 'experience')}>{experience || '—'}</Descriptions.Item>
          <Descriptions.Item label={label('kycField', 'investmentGoal')}>{code('kycGoal', f.investmentGoal)}</Descriptions.Item>
          <Descriptions.Item label={label('kycField', 'investmentHorizon')}>{code('kycHorizon', f.investmentHorizon)}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" title={t('kyc.section.risk')}>
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 5 }}>
          <Descriptions.Item label={t('kyc.risk.level')}>{code('riskLevel', view.risk.riskLevel)}</Descriptions.Item>
          <Descriptions.Item label={t('kyc.risk.assessedOn')}>{dash(view.risk.assessedOn)}</Descriptions.Item>
          <Descriptions.Item label={t('kyc.risk.expiresOn')}>{dash(view.risk.expiresOn)}</Descriptions.Item>
          <Descriptions.Item label={t('kyc.risk.status')}>{label('assessmentStatus', view.risk.status)}</Descriptions.Item>
          <Descriptions.Item label={t('kyc.risk.investorClass')}>{label('investorClass', view.risk.investorClass)}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" title={t('kyc.section.parties')}>
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
          {person ? (
            <Descriptions.Item label={label('kycField', 'emergencyContact')}>
              {f.emergencyName ? `${f.emergencyName}（${code('kycRelation', f.emergencyRelation)}）${dash(f.emergencyMobile)}` : '—'}
            </Descriptions.Item>
          ) : (
            <>
              <Descriptions.Item label={label('kycField', 'controller')}>{dash(f.controllerName)}</Descriptions.Item>
              <Descriptions.Item label={label('kycField', 'beneficialOwner')}>{dash(f.beneficialOwner)}</Descriptions.Item>
            </>
          )}
        </Descriptions>
      </Card>
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Card size="small" title={`${t('kyc.section.household')} (${view.household.length})`}>
            <Table
              size="small"
              scroll={{ x: 'max-content' }}
              pagination={false}
              rowKey={(_, i) => String(i)}
              dataSource={view.household}
              data-testid="kyc-household"
              columns={[
                { key: 'member', title: t('kyc.member'), render: (_: unknown, h: KycView['household'][number]) => linkTo(h.customerNo, h.customerName, h.inScope) ?? h.memberName },
                { key: 'relation', title: t('kyc.relation'), width: 120, render: (_: unknown, h: KycView['household'][number]) => label('kycRelation', h.relation) },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={`${t('kyc.section.related')} (${view.relatedAccounts.length})`}>
            <Table
              size="small"
              scroll={{ x: 'max-content' }}
              pagination={false}
              rowKey={(_, i) => String(i)}
              dataSource={view.relatedAccounts}
              data-testid="kyc-related"
              columns={[
                { key: 'customer', title: t('kyc.relatedCustomer'), render: (_: unknown, a: KycView['relatedAccounts'][number]) => linkTo(a.customerNo, a.customerName, a.inScope) },
                { key: 'relation', title: t('kyc.accountRelation'), width: 180, render: (_: unknown, a: KycView['relatedAccounts'][number]) => label('kycAccountRelation', a.relation) },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <KycHistoryCard customerNo={view.customerNo} />
      {canEdit ? <KycDrawer view={view} open={editing} onClose={() => setEditing(false)} /> : null}
    </Space>
  );
}

function KycHistoryCard({ customerNo }: { customerNo: string }) {
  const { t, locale } = useI18n();
  const label = useCodeLabel();
  const [page, setPage] = useState(1);
  const history = useQuery({
    queryKey: [...kycRoot, 'history', customerNo, page, locale],
    queryFn: ({ signal }) => api.get('/api/customers/{customerNo}/kyc/history', { path: { customerNo }, query: { page, pageSize: 10 } }, signal),
    placeholderData: (previous) => previous,
  });
  const shown = (field: string, value: string | null) => {
    if (value === null) return '—';
    const kind = CODED[field];
    return kind ? label(kind, value) : value;
  };
  return (
    <Card size="small" title={t('kyc.section.history')}>
      <Table<KycHistoryItem>
        size="small"
        scroll={{ x: 'max-content' }}
        rowKey="id"
        loading={history.isFetching}
        dataSource={history.data?.items ?? []}
        data-testid="kyc-history"
        pagination={{ current: page, pageSize: 10, total: history.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        columns={[
          { key: 'at', title: t('kyc.history.at'), width: 150, render: (_: unknown, h) => formatWhen(h.changedAt) },
          { key: 'by', dataIndex: 'username', title: t('kyc.history.by'), width: 110 },
          { key: 'field', title: t('kyc.history.field'), width: 130, render: (_: unknown, h) => label('kycField', h.field) },
          { key: 'old', title: t('kyc.history.old'), ellipsis: true, render: (_: unknown, h) => shown(h.field, h.oldValue) },
          { key: 'new', title: t('kyc.history.new'), ellipsis: true, render: (_: unknown, h) => shown(h.field, h.newValue) },
        ]}
      />
    </Card>
  );
}

/** The form's values: the API's body, every list present and the choices possibly cleared (undefined). */
type FormValues = {
  [K in keyof Omit<Required<KycBody>, 'household' | 'relatedAccounts' | 'experience'>]: Required<KycBody>[K] | undefined;
} & {
  experience: { productClass?: string; years?: number }[];
  household: { customerNo?: string; name?: string; relation?: string }[];
  relatedAccounts: { customerNo?: string; relation?: string }[];
};

const TEXT_FIELDS = ['altMobile', 'altEmail', 'altAddress', 'employer', 'controllerName', 'beneficialOwner', 'emergencyName', 'emergencyMobile'] as const;
const CHOICE_FIELDS = ['occupation', 'industry', 'education', 'incomeBand', 'assetBand', 'fundSource', 'investmentGoal', 'investmentHorizon', 'emergencyRelation'] as const;
/** The names the server's 422 may give a field of this form. */
const FIELD_NAMES: readonly string[] = [
  ...TEXT_FIELDS, ...CHOICE_FIELDS, 'experience', 'household', 'relatedAccounts',
  ...Array.from({ length: 50 }, (_, i) => [`experience.${i}.years`, `experience.${i}.productClass`, `household.${i}.customerNo`, `household.${i}.name`, `household.${i}.relation`, `relatedAccounts.${i}.customerNo`, `relatedAccounts.${i}.relation`]).flat(),
];

function initialValues(view: KycView): FormValues {
  const f = view.form;
  return {
    ...Object.fromEntries(TEXT_FIELDS.map((k) => [k, f[k] ?? undefined])),
    ...Object.fromEntries(CHOICE_FIELDS.map((k) => [k, f[k] ?? undefined])),
    experience: f.experience.map((e) => ({ ...e })),
    household: view.household.map((h) => (h.customerNo ? { customerNo: h.customerNo, relation: h.relation } : { name: h.memberName ?? undefined, relation: h.relation })),
    relatedAccounts: view.relatedAccounts.map((a) => ({ customerNo: a.customerNo ?? undefined, relation: a.relation })),
  } as FormValues;
}

/** Only what the user changed (a masked value left as it is is never sent back). */
function changes(initial: FormValues, values: FormValues): KycBody {
  const body: Record<string, unknown> = {};
  for (const key of [...TEXT_FIELDS, ...CHOICE_FIELDS] as const) {
    const before = initial[key] ?? null;
    const after = values[key] === undefined || values[key] === '' ? null : values[key];
    if (before !== after) body[key] = after;
  }
  const lists = {
    experience: (values.experience ?? []).map((e) => ({ productClass: e.productClass, years: e.years })),
    household: (values.household ?? []).map((h) => (h.customerNo ? { customerNo: h.customerNo, relation: h.relation } : { name: h.name, relation: h.relation })),
    relatedAccounts: (values.relatedAccounts ?? []).map((a) => ({ customerNo: a.customerNo, relation: a.relation })),
  };
  for (const key of ['experience', 'household', 'relatedAccounts'] as const) {
    if (JSON.stringify(lists[key]) !== JSON.stringify(initial[key])) body[key] = lists[key];
  }
  return body as KycBody;
}

function KycDrawer({ view, open, onClose }: { view: KycView; open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const initial = useMemo(() => initialValues(view), [view]);
  const submission = useFormSubmit(form, FIELD_NAMES);
  const person = view.customerType === 'P';
  const options = (kind: CodeKind) => codesOf(kind).map((value) => ({ value, label: label(kind, value) }));
  const choice = (name: (typeof CHOICE_FIELDS)[number], kind: CodeKind) => (
    <Form.Item name={name} label={label('kycField', name === 'emergencyRelation' ? 'emergencyRelation' : name)}>
      <Select allowClear options={options(kind)} data-testid={`kyc-${name}`} />
    </Form.Item>
  );
  const text = (name: (typeof TEXT_FIELDS)[number], fieldLabel: string) => (
    <Form.Item name={name} label={fieldLabel}>
      <Input allowClear data-testid={`kyc-${name}`} />
    </Form.Item>
  );

  function save(values: FormValues) {
    void submission.submit(async () => {
      const saved = await api.put('/api/customers/{customerNo}/kyc', { path: { customerNo: view.customerNo }, body: changes(initial, values) });
      void message.success(t('kyc.saved', { score: saved.score }));
      await queryClient.invalidateQueries({ queryKey: kycRoot });
      onClose();
    });
  }

  return (
    <Drawer
      open={open}
      onClose={onClose}
      destroyOnHidden
      size={Math.min(720, window.innerWidth)}
      title={t('kyc.editTitle', { name: view.name, customerNo: view.customerNo })}
      extra={
        <Space>
          <Button onClick={onClose}>{t('kyc.cancel')}</Button>
          <Button type="primary" loading={submission.busy} onClick={() => form.submit()} data-testid="kyc-save">{t('kyc.save')}</Button>
        </Space>
      }
    >
      {submission.error ? <Alert type="error" showIcon title={submission.error} style={{ marginBottom: 16 }} data-testid="kyc-error" /> : null}
      <Form form={form} layout="vertical" initialValues={initial} onFinish={save} data-testid="kyc-form">
        <Typography.Title level={5}>{t('kyc.section.contact')}</Typography.Title>
        <Row gutter={16}>
          <Col xs={24} md={8}>{text('altMobile', label('kycField', 'altMobile'))}</Col>
          <Col xs={24} md={8}>{text('altEmail', label('kycField', 'altEmail'))}</Col>
          <Col xs={24} md={8}>{text('altAddress', label('kycField', 'altAddress'))}</Col>
        </Row>
        <Typography.Title level={5}>{t('kyc.section.work')}</Typography.Title>
        <Row gutter={16}>
          {person ? <Col xs={24} md={12}>{choice('occupation', 'kycOccupation')}</Col> : null}
          {person ? <Col xs={24} md={12}>{text('employer', label('kycField', 'employer'))}</Col> : null}
          <Col xs={24} md={12}>{choice('industry', 'kycIndustry')}</Col>
          {person ? <Col xs={24} md={12}>{choice('education', 'kycEducation')}</Col> : null}
        </Row>
        <Typography.Title level={5}>{t('kyc.section.finance')}</Typography.Title>
        <Row gutter={16}>
          <Col xs={24} md={8}>{choice('incomeBand', 'kycIncomeBand')}</Col>
          <Col xs={24} md={8}>{choice('assetBand', 'kycAssetBand')}</Col>
          <Col xs={24} md={8}>{choice('fundSource', 'kycFundSource')}</Col>
        </Row>
        <Typography.Title level={5}>{t('kyc.section.investment')}</Typography.Title>
        <Form.List name="experience">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} align="baseline">
                  <Form.Item name={[field.name, 'productClass']} rules={[{ required: true, message: t('kyc.productClass') }]}>
                    <Select style={{ width: 220 }} placeholder={t('kyc.productClass')} options={options('kycProductClass')} data-testid={`kyc-experience-${field.name}-class`} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'years']} rules={[{ required: true, type: 'integer', min: 0, max: 80, message: '0–80' }]}>
                    <InputNumber min={0} max={80} suffix={t('kyc.yearsUnit')} style={{ width: 120 }} data-testid={`kyc-experience-${field.name}-years`} />
                  </Form.Item>
                  <Button type="link" onClick={() => remove(field.name)}>{t('kyc.remove')}</Button>
                </Space>
              ))}
              <Form.Item>
                <Button type="dashed" onClick={() => add({ years: 0 })} data-testid="kyc-add-experience">{t('kyc.addExperience')}</Button>
              </Form.Item>
            </>
          )}
        </Form.List>
        <Row gutter={16}>
          <Col xs={24} md={12}>{choice('investmentGoal', 'kycGoal')}</Col>
          <Col xs={24} md={12}>{choice('investmentHorizon', 'kycHorizon')}</Col>
        </Row>
        <Typography.Title level={5}>{t('kyc.section.parties')}</Typography.Title>
        {person ? (
          <Row gutter={16}>
            <Col xs={24} md={8}>{text('emergencyName', label('kycField', 'emergencyName'))}</Col>
            <Col xs={24} md={8}>{choice('emergencyRelation', 'kycRelation')}</Col>
            <Col xs={24} md={8}>{text('emergencyMobile', label('kycField', 'emergencyMobile'))}</Col>
          </Row>
        ) : (
          <Row gutter={16}>
            <Col xs={24} md={12}>{text('controllerName', label('kycField', 'controller'))}</Col>
            <Col xs={24} md={12}>{text('beneficialOwner', label('kycField', 'beneficialOwner'))}</Col>
          </Row>
        )}
        <Typography.Title level={5}>{t('kyc.section.household')}</Typography.Title>
        <Form.List name="household">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} align="baseline" wrap>
                  <Form.Item name={[field.name, 'customerNo']}>
                    <CodePicker kind="customer" placeholder={t('kyc.memberCustomer')} style={{ width: 220 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'name']}>
                    <Input placeholder={t('kyc.memberName')} style={{ width: 180 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'relation']} rules={[{ required: true, message: t('kyc.relation') }]}>
                    <Select style={{ width: 130 }} placeholder={t('kyc.relation')} options={options('kycRelation')} />
                  </Form.Item>
                  <Button type="link" onClick={() => remove(field.name)}>{t('kyc.remove')}</Button>
                </Space>
              ))}
              <Form.Item>
                <Button type="dashed" onClick={() => add()}>{t('kyc.addMember')}</Button>
              </Form.Item>
            </>
          )}
        </Form.List>
        <Typography.Title level={5}>{t('kyc.section.related')}</Typography.Title>
        <Form.List name="relatedAccounts">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} align="baseline" wrap>
                  <Form.Item name={[field.name, 'customerNo']} rules={[{ required: true, message: t('kyc.relatedCustomer') }]}>
                    <CodePicker kind="customer" placeholder={t('kyc.relatedCustomer')} style={{ width: 240 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'relation']} rules={[{ required: true, message: t('kyc.accountRelation') }]}>
                    <Select style={{ width: 200 }} placeholder={t('kyc.accountRelation')} options={options('kycAccountRelation')} />
                  </Form.Item>
                  <Button type="link" onClick={() => remove(field.name)}>{t('kyc.remove')}</Button>
                </Space>
              ))}
              <Form.Item>
                <Button type="dashed" onClick={() => add()}>{t('kyc.addAccount')}</Button>
              </Form.Item>
            </>
          )}
        </Form.List>
      </Form>
    </Drawer>
  );
}
