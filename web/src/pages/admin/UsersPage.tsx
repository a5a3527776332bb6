import { useState } from 'react';
import { App, Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Tag, Tooltip } from 'antd';
import type { FormInstance, TableProps } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { api, type ApiResponse } from '../../api/api';
import { ApiError } from '../../api/client';
import type { Role } from '../../api/types';
import { useCurrentUser } from '../../components/AppLayout';
import { ChoiceFilter, ListFilters, ListTable, TextFilter, useListPage } from '../../components/ListPage';
import { useI18n } from '../../i18n/i18n';
import { formatTime, ROLE_LIST, SCOPED_ROLES, type AdminUser } from './adminApi';

interface CreateForm {
  username: string;
  password: string;
  role: Role;
  staffNo?: string;
  displayName?: string;
}
interface EditForm {
  role: Role;
  staffNo?: string;
  displayName?: string;
}

/** Shows a failed request's field errors on the form's fields, and its detail as a message. */
function useShowError() {
  const { message } = App.useApp();
  return (error: unknown, form?: FormInstance, fields: string[] = []) => {
    if (error instanceof ApiError) {
      const own = error.fieldErrors.filter((f) => fields.includes(f.field));
      if (form && own.length) form.setFields(own.map((f) => ({ name: f.field, errors: [f.message] })));
      void message.error(error.detail);
    } else void message.error(String(error));
  };
}

export default function UsersPage() {
  const { t } = useI18n();
  const me = useCurrentUser();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const showError = useShowError();
  const list = useListPage<ApiResponse<'/api/admin/users'>>({ path: '/api/admin/users', queryKey: ['admin', 'users'], filters: { q: 'text', role: 'choice', disabled: 'choice', includeSystem: 'choice' }, local: true });
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<AdminUser | null>(null);
  const [resetting, setResetting] = useState<AdminUser | null>(null);
  const [busy, setBusy] = useState(false);
  const [createForm] = Form.useForm<CreateForm>();
  const [editForm] = Form.useForm<EditForm>();
  const [resetForm] = Form.useForm<{ password: string }>();
  const createRole = Form.useWatch('role', createForm);
  const editRole = Form.useWatch('role', editForm);

  const refresh = () => queryClient.invalidateQueries({ queryKey: ['admin', 'users'] });

  async function run(action: () => Promise<unknown>, done: () => void, form?: Parameters<ReturnType<typeof useShowError>>[1], fields?: string[]) {
    setBusy(true);
    try {
      await action();
      done();
      await refresh();
    } catch (error) {
      showError(error, form, fields);
    } finally {
      setBusy(false);
    }
  }

  const staffRule = (role: Role | undefined) => ({ required: role !== undefined && SCOPED_ROLES.includes(role), message: t('admin.user.staffRequired') });

  const columns: TableProps<AdminUser>['columns'] = [
    { title: t('admin.user.username'), dataIndex: 'username', render: (v: string, u) => (u.id === me.id ? `${v}${t('admin.user.self')}` : v) },
    { title: t('admin.user.displayName'), dataIndex: 'displayName' },
    { title: t('admin.user.role'), dataIndex: 'role', render: (r: Role) => t(`role.${r}`) },
    { title: t('admin.user.staff'), key: 'staff', render: (_, u) => (u.staffNo ? `${u.staffNo} ${u.staffName ?? ''}` : '') },
    {
      title: t('admin.user.status'),
      dataIndex: 'disabled',
      render: (d: boolean, u) => (
        <Space size={4}>
          {d ? <Tag color="red">{t('admin.user.disabledTag')}</Tag> : <Tag color="green">{t('admin.user.enabled')}</Tag>}
          {u.system ? <Tooltip title={t('admin.user.systemHint')}><Tag color="purple" data-testid="user-system-tag">{t('admin.user.systemTag')}</Tag></Tooltip> : null}
        </Space>
      ),
    },
    { title: t('admin.user.lastLogin'), dataIndex: 'lastLoginAt', render: (v: string | null) => formatTime(v) },
    {
      title: t('admin.actions'),
      key: 'actions',
      // a system login (no person's) is never changed: no action to offer
      render: (_, u) => (u.system ? null : (
        <Space size="small">
          <Button
            size="small"
            onClick={() => {
              setEditing(u);
              editForm.setFieldsValue({ role: u.role, staffNo: u.staffNo ?? undefined, displayName: u.displayName ?? undefined });
            }}
          >
            {t('admin.user.edit')}
          </Button>
          <Button
            size="small"
            onClick={() => {
              setResetting(u);
              resetForm.resetFields();
            }}
          >
            {t('admin.user.resetPassword')}
          </Button>
          {u.disabled ? (
            <Button size="small" onClick={() => void run(() => api.patch('/api/admin/users/{id}', { path: { id: u.id }, body: { disabled: false } }), () => void message.success(t('admin.saved')))}>
              {t('admin.user.enable')}
            </Button>
          ) : (
            <Popconfirm
              title={t('admin.user.disableConfirm', { name: u.username })}
              onConfirm={() => run(() => api.patch('/api/admin/users/{id}', { path: { id: u.id }, body: { disabled: true } }), () => void message.success(t('admin.saved')))}
              disabled={u.id === me.id}
            >
              <Button size="small" danger disabled={u.id === me.id}>
                {t('admin.user.disable')}
              </Button>
            </Popconfirm>
          )}
        </Space>
      )),
    },
  ];

  return (
    <Card title={t('menu.admin.users')} extra={<Button type="primary" onClick={() => { createForm.resetFields(); setCreating(true); }} data-testid="user-create">{t('admin.user.create')}</Button>}>
      <ListFilters list={list} inline>
        <TextFilter name="q" placeholder={t('admin.user.search')} width={220} />
        <ChoiceFilter name="role" placeholder={t('admin.user.role')} width={160} options={ROLE_LIST.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
        <ChoiceFilter name="disabled" placeholder={t('admin.user.statusFilter')} width={120} options={[{ value: 'false', label: t('admin.user.enabled') }, { value: 'true', label: t('admin.user.disabledTag') }]} />
        {/* system logins (no person's, e.g. the demo's contact history) are hidden unless asked */}
        <ChoiceFilter name="includeSystem" placeholder={t('admin.user.systemFilter')} width={160} options={[{ value: 'true', label: t('admin.user.showSystem') }]} />
      </ListFilters>
      <ListTable<AdminUser> list={list} rowKey="id" size="middle" columns={columns} scroll={undefined} pageSizeOptions="auto" />

      <Modal title={t('admin.user.create')} open={creating} confirmLoading={busy} okText={t('admin.save')} cancelText={t('admin.cancel')} onCancel={() => setCreating(false)} onOk={() => createForm.submit()} destroyOnHidden>
        <Form<CreateForm>
          form={createForm}
          layout="vertical"
          onFinish={(v) =>
            run(
              () => api.post('/api/admin/users', { body: { ...v, staffNo: v.staffNo || undefined, displayName: v.displayName || undefined } }),
              () => setCreating(false),
              createForm,
              ['username', 'password', 'role', 'staffNo', 'displayName'],
            )
          }
        >
          <Form.Item name="username" label={t('admin.user.username')} rules={[{ required: true, pattern: /^[A-Za-z0-9_.-]{3,32}$/, message: t('admin.user.usernameRule') }]}>
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item name="password" label={t('admin.user.password')} rules={[{ required: true, min: 8, message: t('admin.user.passwordRule') }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item name="role" label={t('admin.user.role')} rules={[{ required: true, message: t('admin.settings.required') }]}>
            <Select options={ROLE_LIST.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
          </Form.Item>
          <Form.Item name="staffNo" label={t('admin.user.staffNo')} rules={[staffRule(createRole)]}>
            <Input />
          </Form.Item>
          <Form.Item name="displayName" label={t('admin.user.displayName')}>
            <Input />
          </Form.Item>
        </Form>
      </Modal>

      <Modal title={`${t('admin.user.edit')}: ${editing?.username ?? ''}`} open={editing !== null} confirmLoading={busy} okText={t('admin.save')} cancelText={t('admin.cancel')} onCancel={() => setEditing(null)} onOk={() => editForm.submit()}>
        <Form<EditForm>
          form={editForm}
          layout="vertical"
          onFinish={(v) =>
            run(
              () => api.patch('/api/admin/users/{id}', { path: { id: editing?.id ?? '' }, body: { role: v.role, staffNo: v.staffNo || null, displayName: v.displayName || null } }),
              () => setEditing(null),
              editForm,
              ['role', 'staffNo', 'displayName'],
            )
          }
        >
          <Form.Item name="role" label={t('admin.user.role')} rules={[{ required: true, message: t('admin.settings.required') }]}>
            <Select options={ROLE_LIST.map((r) => ({ value: r, label: t(`role.${r}`) }))} disabled={editing?.id === me.id} />
          </Form.Item>
          <Form.Item name="staffNo" label={t('admin.user.staffNo')} rules={[staffRule(editRole)]}>
            <Input allowClear />
          </Form.Item>
          <Form.Item name="displayName" label={t('admin.user.displayName')}>
            <Input allowClear />
          </Form.Item>
        </Form>
      </Modal>

      <Modal title={`${t('admin.user.resetPassword')}: ${resetting?.username ?? ''}`} open={resetting !== null} confirmLoading={busy} okText={t('admin.save')} cancelText={t('admin.cancel')} onCancel={() => setResetting(null)} onOk={() => resetForm.submit()}>
        <Form<{ password: string }>
          form={resetForm}
          layout="vertical"
          onFinish={(v) =>
            run(
              async () => {
                const r = await api.post('/api/admin/users/{id}/reset-password', { path: { id: resetting?.id ?? '' }, body: v });
                void message.success(t('admin.user.resetDone', { n: r.sessionsEnded }));
              },
              () => setResetting(null),
              resetForm,
              ['password'],
            )
          }
        >
          <Form.Item name="password" label={t('admin.user.newPassword')} rules={[{ required: true, min: 8, message: t('admin.user.passwordRule') }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
