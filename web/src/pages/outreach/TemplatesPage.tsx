import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Alert, App, Button, Card, Col, Form, Input, Popconfirm, Row, Select, Space, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { codesOf } from '../../../../shared/codes';
import { api } from '../../api/api';
import { CodePicker } from '../../components/CodePicker';
import { useDebounced } from '../../components/useDebounced';
import { codeColumn, nameColumn } from '../../components/columns';
import { FormModal, useFormModal } from '../../components/FormModal';
import { ChoiceFilter, ListPage, ListTotal, TextFilter, useListPage } from '../../components/ListPage';
import type { FilterSpec } from '../../components/listParams';
import { useCodeLabel, useI18n } from '../../i18n/i18n';
import { formatWhen } from '../workflows/labels';
import { ProductPicker } from '../products/ProductPicker';
import { outreachRoot, type Preview, type Template, type TemplateBody, type TemplateList } from './outreachApi';

const FILTERS: FilterSpec = { channel: 'choice', q: 'text' };
const FIELDS = ['name', 'channel', 'subject', 'body', 'smsTemplateCode'] as const;
const VARIABLES = codesOf('templateVariable');


/** The text with each of `words` marked (the sensitive words the server found). */
export function Highlighted({ text, words }: { text: string; words: readonly string[] }) {
  if (!words.length || !text) return <>{text}</>;
  const escaped = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const parts = text.split(new RegExp(`(${escaped.join('|')})`, 'g'));
  return <>{parts.map((part, i) => (words.includes(part) ? <mark key={i} style={{ background: '#ffccc7' }}>{part}</mark> : <span key={i}>{part}</span>))}</>;
}

type SmsLength = NonNullable<Preview['sms']>;

/** The rendered SMS's length with its signature and the SMS it is charged as; a variable or the message over the provider's limit as an error. */
function SmsLengthNote({ sms }: { sms: SmsLength }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  const over = sms.variables.filter((v) => v.tooLong);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="sms-length">
      <Typography.Text type={sms.segments > 1 ? 'warning' : 'secondary'}>{t('outreach.smsLength', { sign: sms.signName, length: sms.length, segments: sms.segments })}</Typography.Text>
      {over.map((v) => (
        <Alert key={v.name} type="error" showIcon title={t('outreach.smsVariableTooLong', { name: label('templateVariable', v.name), length: v.length, max: sms.maxVariableLength })} />
      ))}
      {sms.length > sms.maxLength ? <Alert type="error" showIcon title={t('outreach.smsTooLong', { length: sms.length, max: sms.maxLength })} /> : null}
    </Space>
  );
}

/**
 * 营销活动 → 短信邮件模板: the templates the caller may use, each with its variables and any sensitive
 * words (禁用语) it contains; a new or changed template in the editor (variable picker, sensitive
 * words highlighted as typed, a live preview for a picked customer).
 */
export default function TemplatesPage() {
  const { t } = useI18n();
  const label = useCodeLabel();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const list = useListPage<TemplateList>({ path: '/api/outreach/templates', queryKey: [...outreachRoot, 'templates'], filters: FILTERS });
  const [editing, setEditing] = useState<Template | 'new' | null>(null);

  async function remove(row: Template) {
    try {
      await api.delete('/api/outreach/templates/{id}', { path: { id: row.id } });
      void message.success(t('outreach.deleted'));
      await queryClient.invalidateQueries({ queryKey: outreachRoot });
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    }
  }

  const columns: NonNullable<TableProps<Template>['columns']> = [
    nameColumn<Template>('name', t('outreach.col.name'), 180),
    codeColumn<Template>('channel', t('outreach.col.channel'), 90, 'outreachChannel', label),
    { key: 'body', title: t('outreach.col.body'), render: (_: unknown, row: Template) => <Highlighted text={row.subject ? `${row.subject}｜${row.body}` : row.body} words={row.sensitiveWords} /> },
    { key: 'variables', title: t('outreach.col.variables'), width: 200, render: (_: unknown, row: Template) => row.variables.map((v) => <Tag key={v}>{label('templateVariable', v)}</Tag>) },
    { key: 'sensitive', title: t('outreach.col.sensitive'), width: 140, render: (_: unknown, row: Template) => row.sensitiveWords.map((w) => <Tag key={w} color="red">{w}</Tag>) },
    { key: 'owner', dataIndex: 'ownerUsername', title: t('outreach.col.owner'), width: 110 },
    { key: 'updatedAt', title: t('outreach.col.updatedAt'), width: 150, render: (_: unknown, row: Template) => formatWhen(row.updatedAt) },
    {
      key: 'actions', title: t('outreach.col.actions'), width: 130,
      render: (_: unknown, row: Template) =>
        row.editable ? (
          <Space>
            <Button size="small" type="link" onClick={() => setEditing(row)} data-testid={`edit-template-${row.id}`}>{t('outreach.edit')}</Button>
            <Popconfirm title={t('outreach.deleteConfirm', { name: row.name })} onConfirm={() => void remove(row)}>
              <Button size="small" type="link" danger>{t('outreach.deleteTemplate')}</Button>
            </Popconfirm>
          </Space>
        ) : null,
    },
  ];
  return (
    <>
      <ListPage<Template>
        list={list}
        filters={
          <>
            <ChoiceFilter name="channel" placeholder={t('outreach.filter.channel')} width={140} options={codesOf('outreachChannel').map((v) => ({ value: v, label: label('outreachChannel', v) }))} />
            <TextFilter name="q" placeholder={t('outreach.filter.q')} width={200} />
          </>
        }
        title={t('menu.outreachTemplates')}
        tools={<Button type="primary" onClick={() => setEditing('new')} data-testid="new-template">{t('outreach.newTemplate')}</Button>}
        total={<ListTotal list={list} title={t('outreach.templateCount')} testId="template-total" />}
        rowKey="id"
        columns={columns}
        emptyInTable
        data-testid="templates"
      />
      <TemplateEditor template={editing} onClose={() => setEditing(null)} />
    </>
  );
}

interface EditorForm {
  name: string;
  channel: TemplateBody['channel'];
  subject?: string;
  body: string;
  smsTemplateCode?: string;
}

function TemplateEditor({ template, onClose }: { template: Template | 'new' | null; onClose: () => void }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<EditorForm>();
  const modal = useFormModal(form, FIELDS, onClose);
  const bodyRef = useRef<TextAreaRef>(null);
  const channel = Form.useWatch('channel', form) ?? 'SMS';
  const subject = Form.useWatch('subject', form) ?? '';
  const body = Form.useWatch('body', form) ?? '';
  const [customerNo, setCustomerNo] = useState<string | undefined>();
  const [productCode, setProductCode] = useState<string | undefined>();
  const emailSubject = channel === 'EMAIL' ? subject : '';
  // one object per change of the text (useDebounced compares by identity)
  const typed = useMemo(() => ({ channel, subject: emailSubject, body }), [channel, emailSubject, body]);
  const texts = useDebounced(typed, 400);

  useEffect(() => {
    if (template === 'new') form.setFieldsValue({ name: '', channel: 'SMS', subject: '', body: '', smsTemplateCode: '' });
    else if (template) form.setFieldsValue({ name: template.name, channel: template.channel, subject: template.subject ?? '', body: template.body, smsTemplateCode: template.smsTemplateCode ?? '' });
  }, [template, form]);

  const check = useQuery({
    queryKey: [...outreachRoot, 'check', texts.subject, texts.body],
    queryFn: () => api.post('/api/outreach/templates/check', { body: { subject: texts.subject || null, body: texts.body } }),
    enabled: template !== null && texts.body.trim() !== '',
  });
  const preview = useQuery({
    queryKey: [...outreachRoot, 'preview', texts, customerNo, productCode],
    queryFn: () => api.post('/api/outreach/preview', { body: { channel: texts.channel, subject: texts.subject || null, body: texts.body, customerNo: customerNo!, productCode } }),
    enabled: template !== null && Boolean(customerNo) && texts.body.trim() !== '' && (texts.channel !== 'EMAIL' || texts.subject.trim() !== ''),
    retry: false,
  });

  function insertVariable(name: string) {
    const area = bodyRef.current?.resizableTextArea?.textArea;
    const current = form.getFieldValue('body') ?? '';
    const at = area?.selectionStart ?? current.length;
    form.setFieldValue('body', `${current.slice(0, at)}{{${name}}}${current.slice(area?.selectionEnd ?? at)}`);
  }

  function submit(values: EditorForm) {
    const payload: TemplateBody = {
      name: values.name.trim(), channel: values.channel, body: values.body.trim(),
      subject: values.channel === 'EMAIL' ? values.subject?.trim() || null : null,
      smsTemplateCode: values.channel === 'SMS' ? values.smsTemplateCode?.trim() || null : null,
    };
    void modal.submit(async () => {
      if (template === 'new') await api.post('/api/outreach/templates', { body: payload });
      else if (template) await api.put('/api/outreach/templates/{id}', { path: { id: template.id }, body: payload });
      void message.success(t('outreach.saved'));
      await queryClient.invalidateQueries({ queryKey: outreachRoot });
      modal.close();
    });
  }

  const required = (field: string) => [{ required: true, whitespace: true, message: t('outreach.required', { field }) }];
  const found = check.data;
  let checkNote: ReactNode = null;
  if (found && found.sensitiveWords.length) checkNote = <Alert type="error" showIcon title={t('outreach.sensitiveFound', { words: found.sensitiveWords.join('、') })} data-testid="template-sensitive" />;
  else if (found && found.unknownVariables.length) checkNote = <Alert type="warning" showIcon title={t('outreach.unknownVariables', { names: found.unknownVariables.map((v) => `{{${v}}}`).join(' ') })} />;
  else if (found) checkNote = <Typography.Text type="success">{t('outreach.noSensitive')}</Typography.Text>;

  return (
    <FormModal modal={modal} title={template === 'new' ? t('outreach.newTemplate') : t('outreach.editTemplate')} open={template !== null} okText={t('outreach.save')} cancelText={t('outreach.cancel')} errorTestId="template-error" width={900}>
      <Row gutter={24}>
        <Col span={14}>
          <Form<EditorForm> form={form} layout="vertical" onFinish={submit} data-testid="template-form">
            <Space align="start">
              <Form.Item name="name" label={t('outreach.field.name')} rules={required(t('outreach.field.name'))}>
                <Input style={{ width: 260 }} maxLength={100} data-testid="template-name" />
              </Form.Item>
              <Form.Item name="channel" label={t('outreach.field.channel')} rules={[{ required: true }]}>
                <Select style={{ width: 140 }} options={codesOf('outreachChannel').map((v) => ({ value: v, label: label('outreachChannel', v) }))} data-testid="template-channel" />
              </Form.Item>
            </Space>
            {channel === 'EMAIL' ? (
              <Form.Item name="subject" label={t('outreach.field.subject')} rules={required(t('outreach.field.subject'))}>
                <Input maxLength={200} data-testid="template-subject" />
              </Form.Item>
            ) : (
              <Form.Item name="smsTemplateCode" label={t('outreach.field.smsTemplateCode')}>
                <Input maxLength={64} style={{ width: 260 }} />
              </Form.Item>
            )}
            <Space wrap style={{ marginBottom: 8 }}>
              <Typography.Text type="secondary">{t('outreach.insertVariable')}:</Typography.Text>
              {VARIABLES.map((v) => (
                <Button key={v} size="small" onClick={() => insertVariable(v)} data-testid={`variable-${v}`}>{label('templateVariable', v)}</Button>
              ))}
            </Space>
            <Form.Item name="body" label={t('outreach.field.body')} rules={required(t('outreach.field.body'))}>
              <Input.TextArea ref={bodyRef} rows={6} maxLength={4000} showCount data-testid="template-body" />
            </Form.Item>
            {checkNote}
          </Form>
        </Col>
        <Col span={10}>
          <Card size="small" title={t('outreach.preview')}>
            <Space orientation="vertical" style={{ width: '100%' }}>
              <CodePicker kind="customer" value={customerNo} onChange={setCustomerNo} placeholder={t('outreach.previewCustomer')} style={{ width: '100%' }} data-testid="preview-customer" />
              <ProductPicker value={productCode} onChange={setProductCode} style={{ width: '100%' }} />
              {preview.data ? (
                <div data-testid="template-preview">
                  <Typography.Text type="secondary">{t('outreach.previewTo', { address: preview.data.address ?? t('outreach.none') })}</Typography.Text>
                  {preview.data.subject ? <Typography.Paragraph strong style={{ margin: '8px 0 4px' }}><Highlighted text={preview.data.subject} words={found?.sensitiveWords ?? []} /></Typography.Paragraph> : null}
                  <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}><Highlighted text={preview.data.body} words={found?.sensitiveWords ?? []} /></Typography.Paragraph>
                  {preview.data.sms ? <SmsLengthNote sms={preview.data.sms} /> : null}
                </div>
              ) : preview.error ? (
                <Alert type="warning" showIcon title={preview.error instanceof Error ? preview.error.message : String(preview.error)} />
              ) : null}
            </Space>
          </Card>
        </Col>
      </Row>
    </FormModal>
  );
}
