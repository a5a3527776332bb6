/**
 * 系统管理 → 呼叫中心坐席: the agents and their CTI extensions (a staff login picked by searching its
 * username or name), and the CTI connection (webhook address and token, shown on request: audited).
 */
import { useState } from 'react';
import { App, Button, Card, Descriptions, Form, Input, Popconfirm, Select, Space, Spin, Table, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/api';
import { ApiError } from '../../api/client';
import { QueryState } from '../../components/States';
import { useDebounced } from '../../components/useDebounced';
import { useCodeLabel, useI18n } from '../../i18n/i18n';
import { formatTime } from '../admin/adminApi';
import { addAgent, ctiRoot, fetchCtiSettings, removeAgent, useAgents, type Agent } from './callcenterApi';

/** A searchable login picker over GET /api/admin/users?q= (staff logins only: an agent needs a staff member). */
function UserPicker({ value, onChange }: { value?: string; onChange?: (id: string | undefined) => void }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 250);
  const users = useQuery({
    queryKey: ['admin', 'users', 'picker', q],
    queryFn: ({ signal }) => api.get('/api/admin/users', { query: { q: q || undefined, disabled: 'false', pageSize: 20 } }, signal),
  });
  const options = (users.data?.items ?? [])
    .filter((u) => u.staffNo !== null)
    .map((u) => ({ value: u.id, label: `${u.staffName ?? u.displayName ?? u.username}（${u.username} · ${label('role', u.role)}）` }));
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setText }}
      value={value}
      onChange={(v: string | undefined) => onChange?.(v)}
      options={options}
      placeholder={t('agents.pickUser')}
      notFoundContent={users.isFetching ? <Spin size="small" /> : null}
      allowClear
      style={{ width: 320 }}
      data-testid="agent-user-picker"
    />
  );
}

export default function AgentsPage() {
  const { t } = useI18n();
  const label = useCodeLabel();
  const { message } = App.useApp();
  const client = useQueryClient();
  const agents = useAgents();
  const [form] = Form.useForm<{ extension: string; userId: string }>();
  const [busy, setBusy] = useState(false);
  const [settings, setSettings] = useState<Awaited<ReturnType<typeof fetchCtiSettings>> | null>(null);

  async function run(action: () => Promise<unknown>, done?: () => void) {
    setBusy(true);
    try {
      await action();
      await client.invalidateQueries({ queryKey: [...ctiRoot] });
      done?.();
    } catch (err) {
      void message.error(err instanceof ApiError ? err.detail : String(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Space direction="vertical" size="middle" style={{ display: 'flex' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>{t('agents.title')}</Typography.Title>
      <Typography.Text type="secondary">{t('agents.intro')}</Typography.Text>
      <Card size="small" title={t('agents.add')}>
        <Form
          form={form}
          layout="inline"
          onFinish={(values) =>
            void run(async () => {
              const added = await addAgent({ extension: values.extension.trim(), userId: values.userId });
              void message.success(t('agents.added', { extension: added.extension, name: added.staffName ?? added.username }));
            }, () => form.resetFields())
          }
          data-testid="agent-form"
        >
          <Form.Item name="extension" label={t('agents.extension')} rules={[{ required: true, whitespace: true, message: t('cti.required', { field: t('agents.extension') }) }]}>
            <Input maxLength={20} style={{ width: 120 }} data-testid="agent-extension" />
          </Form.Item>
          <Form.Item name="userId" label={t('agents.user')} rules={[{ required: true, message: t('cti.required', { field: t('agents.user') }) }]}>
            <UserPicker />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="agent-add">{t('agents.add')}</Button>
        </Form>
      </Card>
      <QueryState query={agents}>
        <Table<Agent>
          size="small"
          rowKey="extension"
          data-testid="agents-table"
          dataSource={agents.data?.items ?? []}
          pagination={false}
          columns={[
            { key: 'extension', title: t('agents.extension'), dataIndex: 'extension' },
            { key: 'staff', title: t('agents.staff'), render: (_: unknown, a: Agent) => (a.staffName ? `${a.staffName}（${a.staffNo ?? ''}）` : '—') },
            { key: 'user', title: t('agents.user'), dataIndex: 'username' },
            { key: 'role', title: t('agents.role'), render: (_: unknown, a: Agent) => label('role', a.role) },
            { key: 'createdAt', title: t('agents.createdAt'), render: (_: unknown, a: Agent) => formatTime(a.createdAt) },
            {
              key: 'remove',
              title: '',
              render: (_: unknown, a: Agent) => (
                <Popconfirm title={t('agents.removeConfirm', { extension: a.extension })} onConfirm={() => void run(() => removeAgent(a.extension))}>
                  <Button size="small" danger>{t('agents.remove')}</Button>
                </Popconfirm>
              ),
            },
          ]}
        />
      </QueryState>
      <Card size="small" title={t('agents.token')}>
        <Typography.Paragraph type="secondary">{t('agents.tokenIntro')}</Typography.Paragraph>
        <Descriptions size="small" column={1}>
          <Descriptions.Item label={t('agents.webhook')}>
            <Typography.Text copyable code>{`${window.location.origin}/api/cti/events`}</Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('agents.tokenLabel')}>
            {settings ? (
              <Space>
                <Typography.Text copyable code data-testid="cti-token">{settings.token}</Typography.Text>
                <Typography.Text type="secondary">{settings.configured ? t('agents.configured') : t('agents.generated')}</Typography.Text>
              </Space>
            ) : (
              <Button size="small" onClick={() => void run(async () => setSettings(await fetchCtiSettings()))} data-testid="cti-show-token">{t('agents.showToken')}</Button>
            )}
          </Descriptions.Item>
        </Descriptions>
      </Card>
    </Space>
  );
}
