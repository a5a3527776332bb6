import { useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Form, Input, Select, Space, Typography } from 'antd';
import type { Rule } from 'antd/es/form';
import { useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../../../api/client';
import { useCurrentUser } from '../../../components/AppLayout';
import { CodePicker } from '../../../components/CodePicker';
import { againstField } from '../../../components/formRules';
import { ErrorState, Loading } from '../../../components/States';
import NotFound from '../../NotFound';
import { useI18n } from '../../../i18n/i18n';
import { useWorkflowLabels } from '../../workflows/labels';
import { actOnWorkflow, startWorkflow, useAppointments, useWorkflow, workflowsRoot, type RelationshipOperationType } from '../../workflows/workflowApi';
import { OPERATION_FIELDS, operationFromSlug, type OperationField } from './operations';
import { isValidIdNo, isValidMobile, isValidRate, isValidWeight } from './validators';

type FormValues = Record<string, string | Dayjs | undefined | null>;

/** The form's values as the API's payload: dates YYYY-MM-DD, empty optional fields left out, text trimmed. */
export function toPayload(fields: OperationField[], values: FormValues): Record<string, string | null> {
  const payload: Record<string, string | null> = {};
  for (const field of fields) {
    const value = values[field.name];
    const text = value === undefined || value === null ? '' : dayjs.isDayjs(value) ? value.format('YYYY-MM-DD') : value.trim();
    if (text === '') {
      if (field.nullable) payload[field.name] = null;
      continue;
    }
    payload[field.name] = field.check === 'idNo' ? text.toUpperCase() : text;
  }
  return payload;
}

/** A flow's stored payload back into form values (dates as dayjs). */
function toFormValues(fields: OperationField[], payload: Record<string, unknown>): FormValues {
  const values: FormValues = {};
  for (const field of fields) {
    const value = payload[field.name];
    if (value === undefined || value === null) continue;
    values[field.name] = field.input === 'date' ? dayjs(String(value)) : String(value);
  }
  return values;
}

/** 预约客户开户 · 预约作废 · 非预约客户开户 · 对应关系增加 / 变更 / 撤销: one form per operation, submitted as a flow. */
export default function OperationFormPage() {
  const { op } = useParams();
  const type = operationFromSlug(op);
  const [search] = useSearchParams();
  const resubmitId = search.get('resubmit') ?? undefined;
  const flow = useWorkflow(resubmitId);
  if (!type) return <NotFound />;
  if (resubmitId && flow.isPending) return <Loading />;
  if (resubmitId && flow.isError) return <ErrorState error={flow.error} onRetry={() => void flow.refetch()} />;
  return <OperationForm key={`${type}:${resubmitId ?? ''}`} type={type} resubmit={flow.data && flow.data.type === type ? { id: flow.data.id, payload: flow.data.payload } : undefined} />;
}

function OperationForm({ type, resubmit }: { type: RelationshipOperationType; resubmit?: { id: string; payload: Record<string, unknown> } }) {
  const { t } = useI18n();
  const me = useCurrentUser();
  const labels = useWorkflowLabels();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [search] = useSearchParams();
  const [form] = Form.useForm<FormValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const fields = OPERATION_FIELDS[type];
  const appointments = useAppointments({ status: 'APPROVED', pageSize: 500 }, type === 'APPOINTMENT_VOID');

  // computed once: the form is keyed by type and flow, so a refetch never wipes what was typed
  const [initialValues] = useState<FormValues>(() => {
    if (resubmit) return toFormValues(fields, resubmit.payload);
    const values: FormValues = {};
    if (type === 'APPOINTMENT_OPEN') {
      values.branch = me.staff?.branchCode;
      values.appointmentDate = dayjs();
    }
    const appointmentId = search.get('appointmentId');
    if (appointmentId) values.appointmentId = appointmentId;
    const customerNo = search.get('customerNo');
    if (customerNo) values.customerNo = customerNo;
    return values;
  });

  function rules(field: OperationField): Rule[] {
    const label = labels.field(field.name);
    const list: Rule[] = [];
    if (field.required) list.push({ required: true, message: t('relops.required', { field: label }) });
    const check = field.check;
    if (check) {
      const ok = { idNo: isValidIdNo, mobile: isValidMobile, weight: isValidWeight, rate: isValidRate }[check];
      const text = { idNo: t('relops.invalidIdNo'), mobile: t('relops.invalidMobile'), weight: t('relops.invalidWeight'), rate: t('relops.invalidRate') }[check];
      list.push({
        validator: (_rule, value: string | undefined) => (value === undefined || value.trim() === '' || ok(value.trim()) ? Promise.resolve() : Promise.reject(new Error(text))),
      });
    }
    if (field.name === 'toStaffNo') {
      list.push(againstField<string>('fromStaffNo', (to, from) => !to || to.trim() !== String(from ?? '').trim(), t('relops.sameStaff')));
    }
    return list;
  }

  function placeholder(field: OperationField): string | undefined {
    if (field.defaultsTo === 'ownStaff') return me.staffNo ? t('relops.staffDefault', { staffNo: me.staffNo }) : t('relops.optional');
    if (field.defaultsTo === 'one') return t('relops.weightDefault');
    if (!field.required) return t('relops.optional');
    return undefined;
  }

  function input(field: OperationField): React.ReactNode {
    switch (field.input) {
      case 'date':
        return <DatePicker style={{ width: '100%' }} />;
      case 'kind':
      case 'kindOptional':
        return (
          <Select
            allowClear={!field.required}
            placeholder={field.input === 'kindOptional' ? t('wf.kind.all') : field.required ? undefined : t('wf.kind.DEVELOP')}
            options={(['DEVELOP', 'SERVICE'] as const).map((k) => ({ value: k, label: t(`wf.kind.${k}`) }))}
          />
        );
      case 'appointment':
        return (
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            loading={appointments.isFetching}
            placeholder={t('relops.appointmentPick')}
            options={(appointments.data?.items ?? []).map((a) => ({ value: a.id, label: `${a.id} · ${a.name} · ${a.appointmentDate} · ${a.staffNo} ${a.staffName}` }))}
          />
        );
      case 'customer':
        // a customer of the branch that nobody holds yet is not in the search (not in the caller's scope): typed, the server checks it
        return <CodePicker kind="customer" allowTyped allowClear={!field.required} placeholder={placeholder(field)} data-testid={`pick-${field.name}`} />;
      case 'staff':
      case 'colleague':
      case 'branch':
        return <CodePicker kind={field.input} allowClear={!field.required} placeholder={placeholder(field)} data-testid={`pick-${field.name}`} />;
      default:
        return <Input placeholder={placeholder(field)} autoComplete="off" maxLength={field.name === 'name' ? 64 : 40} />;
    }
  }

  async function submit(values: FormValues) {
    setBusy(true);
    setError(null);
    try {
      const payload = toPayload(fields, values);
      const flow = resubmit ? await actOnWorkflow(resubmit.id, 'resubmit', undefined, payload) : await startWorkflow(type, payload);
      const id = resubmit ? resubmit.id : flow.id;
      void message.success(t('relops.submitted', { id }));
      await queryClient.invalidateQueries({ queryKey: workflowsRoot });
      navigate(`/workflows/${id}`);
    } catch (e) {
      if (e instanceof ApiError) {
        // 422 field errors name the payload field (`payload.idNo`): shown on the field itself
        const names = new Set(fields.map((f) => f.name));
        const own = e.fieldErrors.map((f) => ({ name: f.field.replace(/^payload\./, ''), message: f.message })).filter((f) => names.has(f.name));
        if (own.length) form.setFields(own.map((f) => ({ name: f.name, errors: [f.message] })));
        // the field errors stand beside their fields; the alert keeps the problem's own detail
        const listed = ` ${e.fieldErrors.map((f) => `${f.field}: ${f.message}`).join('; ')}`;
        setError(own.length === e.fieldErrors.length && e.detail.endsWith(listed) ? e.detail.slice(0, -listed.length) : e.detail);
      } else setError(String(e));
    } finally {
      setBusy(false);
    }
  }

  const needsStaff = !me.staffNo && fields.some((f) => f.defaultsTo === 'ownStaff');

  return (
    <Card title={labels.type(type)} style={{ maxWidth: 880 }}>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {resubmit ? t('relops.resubmitting', { id: resubmit.id }) : t(`relops.intro.${type}`)}
        </Typography.Paragraph>
        {needsStaff ? <Alert type="info" showIcon title={t('relops.noStaff')} /> : null}
        <Form<FormValues> form={form} layout="horizontal" labelCol={{ span: 6 }} wrapperCol={{ span: 14 }} initialValues={initialValues} onFinish={(v) => void submit(v)} data-testid={`op-form-${type}`}>
          {fields.map((field) => (
            <Form.Item key={field.name} name={field.name} label={labels.field(field.name)} rules={rules(field)} validateFirst>
              {input(field)}
            </Form.Item>
          ))}
          {error ? (
            <Form.Item wrapperCol={{ offset: 6, span: 14 }}>
              <Alert type="error" showIcon title={error} data-testid="op-error" />
            </Form.Item>
          ) : null}
          <Form.Item wrapperCol={{ offset: 6, span: 14 }}>
            <Space>
              <Button type="primary" htmlType="submit" loading={busy} data-testid="op-submit">
                {resubmit ? t('wf.action.resubmit') : t('relops.submit')}
              </Button>
              <Button onClick={() => navigate(-1)}>{t('admin.cancel')}</Button>
            </Space>
          </Form.Item>
        </Form>
      </Space>
    </Card>
  );
}
