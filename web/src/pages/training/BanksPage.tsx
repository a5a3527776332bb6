import { useState } from 'react';
import { App, Button, Card, Form, Input, Modal, Table } from 'antd';
import type { TableColumnsType } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { api } from '../../api/api';
import { useMe } from '../../api/queries';
import { EmptyState, ErrorState } from '../../components/States';
import { useCodeLabel, useI18n } from '../../i18n/i18n';
import { BANKS_PATH, trainingRoot, useBanks, type Bank } from './trainingApi';

/** 培训考试 → 题库管理: the banks a manager reaches, with their questions per kind; a new bank. */
export default function BanksPage() {
  const { t } = useI18n();
  const label = useCodeLabel();
  const { message } = App.useApp();
  const me = useMe().data;
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const banks = useBanks();
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm<{ name: string; branchCode?: string }>();

  async function create(values: { name: string; branchCode?: string }) {
    try {
      const bank = await api.post('/api/training/banks', { body: { name: values.name, branchCode: values.branchCode ? values.branchCode : null } });
      await queryClient.invalidateQueries({ queryKey: trainingRoot });
      setCreating(false);
      if (bank) navigate(`${BANKS_PATH}/${bank.id}`);
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    }
  }

  const columns: TableColumnsType<Bank> = [
    { key: 'name', title: t('training.field.name'), render: (_, row) => <Link to={`${BANKS_PATH}/${row.id}`}>{row.name}</Link> },
    { key: 'single', title: label('questionKind', 'SINGLE'), width: 110, align: 'right', render: (_, row) => row.counts.SINGLE },
    { key: 'multiple', title: label('questionKind', 'MULTIPLE'), width: 120, align: 'right', render: (_, row) => row.counts.MULTIPLE },
    { key: 'trueFalse', title: label('questionKind', 'TRUE_FALSE'), width: 130, align: 'right', render: (_, row) => row.counts.TRUE_FALSE },
    { key: 'branch', title: t('training.col.branch'), width: 180, render: (_, row) => row.branchName ?? t('training.firmWide') },
    { key: 'createdBy', dataIndex: 'createdBy', title: t('training.col.createdBy'), width: 110 },
  ];
  if (banks.isError) return <ErrorState error={banks.error} onRetry={() => void banks.refetch()} />;
  return (
    <Card title={t('menu.trainingBanks')} extra={<Button type="primary" onClick={() => setCreating(true)} data-testid="new-bank">{t('training.newBank')}</Button>}>
      <Table<Bank> rowKey="id" size="small" loading={banks.isPending} columns={columns} dataSource={banks.data?.items ?? []} pagination={false} locale={{ emptyText: <EmptyState /> }} />
      <Modal title={t('training.newBank')} open={creating} okText={t('training.save')} cancelText={t('training.cancel')} onCancel={() => setCreating(false)} onOk={() => form.submit()} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={(v) => void create(v)} preserve={false}>
          <Form.Item name="name" label={t('training.field.name')} rules={[{ required: true, max: 200 }]}><Input data-testid="bank-name" /></Form.Item>
          {me?.scopeLevel === 'ALL' && <Form.Item name="branchCode" label={t('training.field.branchCode')}><Input style={{ width: 160 }} /></Form.Item>}
        </Form>
      </Modal>
    </Card>
  );
}
