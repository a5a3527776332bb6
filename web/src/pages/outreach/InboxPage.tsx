import { useState } from 'react';
import { App, Button, Card, Descriptions, Form, Input, Modal, Tabs, Typography } from 'antd';
import type { TableProps } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { codesOf } from '../../../../shared/codes';
import type { ApiResponse } from '../../api/api';
import { apiGet, apiPost } from '../../api/client';
import { ChoiceFilter, ListFilters, ListTable, TextFilter, useListPage } from '../../components/ListPage';
import { useCodeLabel, useI18n } from '../../i18n/i18n';
import { formatTime } from '../admin/adminApi';

type MailRow = ApiResponse<'/api/outreach/mailbox'>['items'][number];
type SmsRow = ApiResponse<'/api/outreach/sms-inbox'>['items'][number];
type MailDetail = ApiResponse<'/api/outreach/mailbox/{id}'>;

/** 邮件与短信收件箱: what the embedded SMTP server and SMS gateway received (administrators). */
export default function InboxPage() {
  const { t } = useI18n();
  return (
    <Card title={t('menu.admin.inbox')}>
      <Typography.Paragraph type="secondary">{t('inbox.intro')}</Typography.Paragraph>
      <Tabs items={[
        { key: 'mail', label: t('inbox.mail'), children: <MailTab /> },
        { key: 'sms', label: t('inbox.sms'), children: <SmsTab /> },
      ]} />
    </Card>
  );
}

function MailTab() {
  const { t } = useI18n();
  const list = useListPage<ApiResponse<'/api/outreach/mailbox'>>({ path: '/api/outreach/mailbox', queryKey: ['outreach', 'mailbox'], filters: { q: 'text' }, pageSize: 50, local: true });
  const [open, setOpen] = useState<string | null>(null);
  const columns: TableProps<MailRow>['columns'] = [
    { title: t('inbox.receivedAt'), dataIndex: 'receivedAt', width: 170, render: (v: string) => formatTime(v) },
    { title: t('inbox.to'), dataIndex: 'rcptTo', render: (v: string[]) => v.join(', ') },
    { title: t('inbox.subject'), dataIndex: 'subject' },
    { title: t('inbox.from'), dataIndex: 'mailFrom' },
    { title: t('admin.actions'), key: 'view', width: 80, render: (_: unknown, row) => <Button type="link" onClick={() => setOpen(row.id)}>{t('inbox.view')}</Button> },
  ];
  return (
    <>
      <ListFilters list={list} inline>
        <TextFilter name="q" placeholder={t('inbox.search')} width={240} />
      </ListFilters>
      <ListTable<MailRow> list={list} rowKey="id" columns={columns} scroll={undefined} pageSizeOptions="auto" />
      {open && <MailModal id={open} onClose={() => setOpen(null)} />}
    </>
  );
}

function MailModal({ id, onClose }: { id: string; onClose: () => void }) {
  const { t } = useI18n();
  const mail = useQuery({ queryKey: ['outreach', 'mailbox', id], queryFn: ({ signal }) => apiGet<MailDetail>(`/api/outreach/mailbox/${id}`, signal) });
  const m = mail.data;
  return (
    <Modal open title={m?.subject ?? t('inbox.mail')} onCancel={onClose} footer={null} width={760}>
      {m && (
        <>
          <Descriptions column={1} size="small" items={[
            { key: 'at', label: t('inbox.receivedAt'), children: formatTime(m.receivedAt) },
            { key: 'from', label: t('inbox.from'), children: m.mailFrom },
            { key: 'to', label: t('inbox.to'), children: m.rcptTo.join(', ') },
          ]} />
          <Typography.Title level={5}>{t('inbox.body')}</Typography.Title>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{m.textBody}</Typography.Paragraph>
          <details>
            <summary>{t('inbox.raw')}</summary>
            <pre style={{ maxHeight: 300, overflow: 'auto', fontSize: 12 }}>{m.raw}</pre>
          </details>
        </>
      )}
    </Modal>
  );
}

function SmsTab() {
  const { t } = useI18n();
  const label = useCodeLabel();
  const { message } = App.useApp();
  const list = useListPage<ApiResponse<'/api/outreach/sms-inbox'>>({ path: '/api/outreach/sms-inbox', queryKey: ['outreach', 'sms-inbox'], filters: { direction: 'choice', q: 'text' }, pageSize: 50, local: true });
  const [simulating, setSimulating] = useState(false);
  const [form] = Form.useForm<{ mobile: string; content: string }>();
  const columns: TableProps<SmsRow>['columns'] = [
    { title: t('inbox.receivedAt'), dataIndex: 'receivedAt', width: 170, render: (v: string) => formatTime(v) },
    { title: t('inbox.direction'), dataIndex: 'direction', width: 100, render: (v: string) => label('smsDirection', v) },
    { title: t('inbox.mobile'), dataIndex: 'mobile', width: 130 },
    { title: t('inbox.content'), dataIndex: 'content' },
    { title: t('inbox.templateCode'), dataIndex: 'templateCode', width: 110 },
    { title: t('inbox.report'), dataIndex: 'reportStatus', width: 100, render: (v: string | null) => (v ? label('smsReportStatus', v) : '') },
  ];
  const send = async () => {
    const values = await form.validateFields();
    const answer = await apiPost<{ matched: number; optOuts: number }>('/api/outreach/sms-inbox/replies', values);
    message.success(t('inbox.simulated', { matched: answer?.matched ?? 0, optOuts: answer?.optOuts ?? 0 }));
    setSimulating(false);
    form.resetFields();
    void list.result.refetch();
  };
  return (
    <>
      <ListFilters list={list} inline>
        <ChoiceFilter name="direction" placeholder={t('inbox.direction')} width={140} options={codesOf('smsDirection').map((code) => ({ value: code, label: label('smsDirection', code) }))} />
        <TextFilter name="q" placeholder={t('inbox.searchSms')} width={220} />
        <Button onClick={() => setSimulating(true)}>{t('inbox.simulate')}</Button>
      </ListFilters>
      <ListTable<SmsRow> list={list} rowKey="id" columns={columns} scroll={undefined} pageSizeOptions="auto" />
      <Modal open={simulating} title={t('inbox.simulate')} okText={t('inbox.send')} onOk={() => void send()} onCancel={() => setSimulating(false)}>
        <Typography.Paragraph type="secondary">{t('inbox.simulateHint')}</Typography.Paragraph>
        <Form form={form} layout="vertical">
          <Form.Item name="mobile" label={t('inbox.mobile')} rules={[{ required: true, pattern: /^1\d{10}$/ }]}><Input maxLength={11} /></Form.Item>
          <Form.Item name="content" label={t('inbox.content')} rules={[{ required: true, max: 500 }]}><Input placeholder="TD" /></Form.Item>
        </Form>
      </Modal>
    </>
  );
}
