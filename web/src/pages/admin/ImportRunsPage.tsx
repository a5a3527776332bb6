import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Drawer, Form, Input, List, Select, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { useCurrentUser } from '../../components/AppLayout';
import { ListTable, useListPage } from '../../components/ListPage';
import { ErrorState, Loading } from '../../components/States';
import { codesOf } from '../../../../shared/codes';
import { useCodeLabel, useI18n } from '../../i18n/i18n';
import { api, type ApiResponse } from '../../api/api';
import { formatTime, useImportRun, type ImportRun, type RunStatus } from './adminApi';

/**
 * ADMIN: imports a day folder from the server's inbox (CRM_INBOX_DIR) while the server runs — the
 * embedded database belongs to the server, so `crm import` cannot run beside it. Opens the run.
 */
function InboxImport({ onImported }: { onImported: (runId: string) => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ day: string }>();
  const [busy, setBusy] = useState(false);
  async function submit({ day }: { day: string }) {
    setBusy(true);
    try {
      const r = await api.post('/api/admin/imports', { body: { day } });
      if (r.status === 'SUCCEEDED') void message.success(t('admin.runs.inbox.done', { day: r.tradeDate ?? day, rows: r.rows.toLocaleString() }));
      else void message.error(t('admin.runs.inbox.refused', { day, n: r.problemCount }));
      await queryClient.invalidateQueries({ queryKey: ['admin', 'import-runs'] });
      onImported(r.runId);
    } catch (error) {
      void message.error(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Form form={form} layout="inline" onFinish={(v) => void submit(v)} style={{ marginBottom: 16 }} data-testid="inbox-import">
      <Form.Item
        label={t('admin.runs.inbox')}
        name="day"
        rules={[{ required: true, pattern: /^\d{8}$/, message: t('admin.runs.inbox.format') }]}
        tooltip={t('admin.runs.inbox.hint')}
      >
        <Input placeholder="20261123" style={{ width: 140 }} maxLength={8} />
      </Form.Item>
      <Form.Item>
        <Button type="primary" htmlType="submit" loading={busy}>{t('admin.runs.inbox.import')}</Button>
      </Form.Item>
    </Form>
  );
}

/** The list's filters, chosen at once: the URL name, the codes it takes and the width of its list. */
const FILTERS = [
  ['kind', 'importKind', 160],
  ['status', 'importStatus', 140],
] as const;

const STATUS_COLOR: Record<RunStatus, string> = { RUNNING: 'processing', SUCCEEDED: 'success', FAILED: 'error' };

export default function ImportRunsPage() {
  const { t } = useI18n();
  const label = useCodeLabel();
  const list = useListPage<ApiResponse<'/api/admin/import-runs'>>({ path: '/api/admin/import-runs', queryKey: ['admin', 'import-runs'], filters: { kind: 'choice', status: 'choice' }, local: true });
  const me = useCurrentUser();
  const [openId, setOpenId] = useState<string | null>(null);

  const statusTag = (s: RunStatus) => <Tag color={STATUS_COLOR[s]}>{t(`admin.runs.status.${s}`)}</Tag>;
  const columns: TableProps<ImportRun>['columns'] = [
    { title: 'ID', dataIndex: 'id', width: 70 },
    { title: t('admin.runs.kind'), dataIndex: 'kind', render: (k: ImportRun['kind']) => t(`admin.runs.kind.${k}`) },
    { title: t('admin.runs.tradeDate'), dataIndex: 'tradeDate' },
    { title: t('admin.runs.status'), dataIndex: 'status', render: (s: RunStatus, r) => <>{statusTag(s)}{r.replaced ? <Tag>{t('admin.runs.replaced')}</Tag> : null}</> },
    { title: t('admin.runs.startedAt'), dataIndex: 'startedAt', render: (v: string) => formatTime(v) },
    { title: t('admin.runs.duration'), dataIndex: 'durationMs', render: (v: number | null) => (v === null ? '' : `${(v / 1000).toFixed(1)} s`) },
    { title: t('admin.runs.errorCount'), dataIndex: 'errorCount', render: (n: number) => (n ? <Typography.Text type="danger">{n}</Typography.Text> : n) },
    { title: t('admin.runs.startedBy'), dataIndex: 'startedBy' },
    { title: t('admin.actions'), key: 'a', render: (_, r) => <a onClick={() => setOpenId(r.id)}>{t('admin.detail')}</a> },
  ];

  return (
    <Card title={t('menu.admin.importRuns')}>
      {me.permissions.includes('imports.run') ? <InboxImport onImported={setOpenId} /> : null}
      <Form layout="inline" style={{ marginBottom: 16 }}>
        {FILTERS.map(([name, kind, width]) => (
          <Form.Item key={name} label={t(`admin.runs.${name}`)}>
            <Select
              allowClear
              style={{ width }}
              value={list.filters[name]}
              onChange={(value?: string) => list.update({ [name]: value, page: undefined })}
              options={codesOf(kind).map((code) => ({ value: code, label: label(kind, code) }))}
            />
          </Form.Item>
        ))}
      </Form>
      <ListTable<ImportRun>
        list={list}
        rowKey="id"
        size="middle"
        data-testid="import-runs"
        columns={columns}
        scroll={undefined}
        pageSizeOptions="auto"
        onRow={(r) => ({ onDoubleClick: () => setOpenId(r.id) })}
      />
      <Drawer width={720} open={openId !== null} onClose={() => setOpenId(null)} title={`${t('menu.admin.importRuns')} #${openId ?? ''}`} destroyOnHidden>
        {openId !== null && <RunDetail id={openId} />}
      </Drawer>
    </Card>
  );
}

function RunDetail({ id }: { id: string }) {
  const { t } = useI18n();
  const run = useImportRun(id);
  if (run.isPending) return <Loading />;
  if (run.isError) return <ErrorState error={run.error} onRetry={() => void run.refetch()} />;
  const r = run.data;
  return (
    <>
      <Descriptions column={2} size="small" bordered>
        <Descriptions.Item label={t('admin.runs.kind')}>{t(`admin.runs.kind.${r.kind}`)}</Descriptions.Item>
        <Descriptions.Item label={t('admin.runs.status')}>
          <Tag color={STATUS_COLOR[r.status]}>{t(`admin.runs.status.${r.status}`)}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('admin.runs.tradeDate')}>{r.tradeDate}</Descriptions.Item>
        <Descriptions.Item label={t('admin.runs.duration')}>{r.durationMs === null ? '' : `${(r.durationMs / 1000).toFixed(1)} s`}</Descriptions.Item>
        <Descriptions.Item label={t('admin.runs.startedAt')}>{formatTime(r.startedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('admin.runs.startedBy')}>{r.startedBy}</Descriptions.Item>
        <Descriptions.Item label={t('admin.runs.folder')} span={2}>
          {r.folder}
        </Descriptions.Item>
      </Descriptions>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('admin.runs.files')}
      </Typography.Title>
      <Table
        size="small"
        rowKey="name"
        pagination={false}
        dataSource={r.files.map((f) => ({ ...f, rows: f.rows ?? r.rowCounts[f.name] ?? null }))}
        columns={[
          { title: t('admin.runs.files'), dataIndex: 'name' },
          { title: t('admin.runs.rows'), dataIndex: 'rows', align: 'right' },
          { title: t('admin.runs.bytes'), dataIndex: 'bytes', align: 'right' },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('admin.runs.problems')} ({r.errorCount})
      </Typography.Title>
      <List
        size="small"
        bordered
        data-testid="run-problems"
        locale={{ emptyText: t('admin.runs.none') }}
        dataSource={r.errors}
        renderItem={(e) => (
          <List.Item>
            <Typography.Text code>{[e.file, e.line, e.column].filter((p) => p !== null && p !== '').join(':')}</Typography.Text> {e.reason}
          </List.Item>
        )}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('admin.runs.warnings')}
      </Typography.Title>
      <List size="small" bordered locale={{ emptyText: t('admin.runs.none') }} dataSource={r.warnings} renderItem={(w) => <List.Item>{w}</List.Item>} />
    </>
  );
}
