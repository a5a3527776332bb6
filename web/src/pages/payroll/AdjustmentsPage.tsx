import { useMemo, useState } from 'react';
import { Alert, App, AutoComplete, Button, Checkbox, Form, Input, Modal, Popconfirm, Select, Space, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { api } from '../../api/api';
import { ApiError } from '../../api/client';
import { useCurrentUser } from '../../components/AppLayout';
import { DataTable } from '../../components/DataTable';
import { Loading, QueryState } from '../../components/States';
import { useI18n } from '../../i18n/i18n';
import { formatTime } from '../admin/adminApi';
import { adjustmentColumns } from './format';
import { PayrollMonthToolbar } from './Toolbar';
import { ADJUSTMENT_KINDS, useAdjustments, useMonthPayslips, usePayrollSave, type Adjustment, type AdjustmentKind } from './payrollApi';
import { MonthStatusTags, useInitialMonth } from './PayslipsPage';

const AMOUNT = /^\d{1,12}(\.\d{1,2})?$/;
/** The form's fields that show the server's field errors. */
const FORM_FIELDS: readonly string[] = ['staffNo', 'kind', 'amount', 'note'];

function nextMonthOf(month: string): string {
  return dayjs(`${month}-01`).add(1, 'month').format('YYYY-MM');
}

interface AdjustmentForm {
  staffNo: string;
  kind: AdjustmentKind;
  amount: string;
  note?: string;
  toNextMonth?: boolean;
}

/** 薪酬调整: a month's adjustments in the caller's scope; ADMIN and HQ record, change and delete them while the month is open. */
export default function AdjustmentsPage() {
  const [month, setMonth] = useInitialMonth();
  if (!month) return <Loading />;
  return <AdjustmentsView month={month} onMonth={setMonth} />;
}

function AdjustmentsView({ month, onMonth }: { month: string; onMonth: (month: string) => void }) {
  const { t } = useI18n();
  const me = useCurrentUser();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const adjustments = useAdjustments(month);
  const payslips = useMonthPayslips(month);
  const manager = me.permissions.includes('payroll.adjust');
  const [editing, setEditing] = useState<Adjustment | 'new' | null>(null);

  const status = payslips.data?.month.month === month ? payslips.data.month : undefined;
  const locked = status?.status === 'LOCKED';
  const names = useMemo(() => new Map((payslips.data?.items ?? []).map((p) => [p.staffNo, p.name])), [payslips.data]);
  const rows = adjustments.data?.items ?? [];

  async function remove(id: string) {
    try {
      await api.delete('/api/payroll/adjustments/{id}', { path: { id } });
      void message.success(t('payroll.adjustment.deleted'));
      await queryClient.invalidateQueries({ queryKey: ['payroll'] });
    } catch (e) {
      void message.error(e instanceof ApiError ? e.detail : String(e));
    }
  }

  const columns: TableColumnsType<Adjustment> = [
    { key: 'staffNo', dataIndex: 'staffNo', title: t('payroll.staffNo'), width: 100 },
    { key: 'name', title: t('payroll.name'), width: 90, render: (_, r) => names.get(r.staffNo) ?? '' },
    ...adjustmentColumns<Adjustment>(t),
    {
      key: 'created',
      title: t('payroll.adjustment.createdBy'),
      width: 230,
      render: (_, r) => (
        <Space orientation="vertical" size={0}>
          <span>{`${r.createdBy} ${formatTime(r.createdAt)}`}</span>
          {r.updatedAt && <Typography.Text type="secondary">{t('payroll.adjustment.updated', { at: formatTime(r.updatedAt), by: r.updatedBy ?? '' })}</Typography.Text>}
        </Space>
      ),
    },
  ];
  if (manager && !locked) {
    columns.push({
      key: 'actions',
      title: t('payroll.adjustment.actions'),
      width: 130,
      render: (_, r) => (
        <Space>
          <Typography.Link onClick={() => setEditing(r)} data-testid={`adjustment-edit-${r.id}`}>
            {t('payroll.adjustment.edit.short')}
          </Typography.Link>
          <Popconfirm title={t('payroll.adjustment.deleteConfirm')} okText={t('payroll.ok')} cancelText={t('payroll.cancel')} onConfirm={() => remove(r.id)}>
            <Typography.Link type="danger">{t('payroll.adjustment.delete')}</Typography.Link>
          </Popconfirm>
        </Space>
      ),
    });
  }

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <PayrollMonthToolbar
        month={month}
        onMonth={onMonth}
        actions={
          manager && (
            <Button type="primary" onClick={() => setEditing('new')} data-testid="adjustment-create">
              {t('payroll.adjustment.create')}
            </Button>
          )
        }
      >
        {status && <MonthStatusTags status={status} />}
      </PayrollMonthToolbar>
      {manager && locked && <Alert type="info" showIcon title={t('payroll.adjustment.lockedMonth', { month, next: nextMonthOf(month) })} />}
      {manager && !locked && status?.computedAt && <Alert type="info" showIcon title={t('payroll.adjustment.staleAfter', { month })} />}
      <QueryState query={adjustments}>
        <DataTable<Adjustment> rowKey="id" columns={columns} rows={rows} loading={adjustments.isFetching} pageSize={50} testId="adjustments-table" />
      </QueryState>
      {editing !== null && (
        <AdjustmentModal
          month={month}
          locked={locked}
          editing={editing === 'new' ? null : editing}
          staffOptions={[...names.entries()].map(([staffNo, name]) => ({ value: staffNo, label: `${staffNo} ${name}` }))}
          onClose={() => setEditing(null)}
        />
      )}
    </Space>
  );
}

function AdjustmentModal({
  month, locked, editing, staffOptions, onClose,
}: { month: string; locked: boolean; editing: Adjustment | null; staffOptions: { value: string; label: string }[]; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<AdjustmentForm>();
  const { saving, error, save: run } = usePayrollSave(form, (path) => {
    const name = path.replace(/^body\./, '');
    return FORM_FIELDS.includes(name) ? name : null;
  });
  const next = nextMonthOf(month);

  function save(values: AdjustmentForm) {
    const note = values.note?.trim() ? values.note.trim() : null;
    return run(async () => {
      if (editing) {
        await api.patch('/api/payroll/adjustments/{id}', { path: { id: editing.id }, body: { kind: values.kind, amount: values.amount.trim(), note } });
      } else {
        await api.post('/api/payroll/adjustments', {
          body: { month, staffNo: values.staffNo.trim(), kind: values.kind, amount: values.amount.trim(), note, toNextMonth: Boolean(values.toNextMonth) },
        });
      }
      void message.success(t('payroll.adjustment.saved'));
    }, onClose);
  }

  const initial: Partial<AdjustmentForm> = editing
    ? { staffNo: editing.staffNo, kind: editing.kind, amount: editing.amount.replace(/^-/, ''), note: editing.note ?? '' }
    : { toNextMonth: locked };

  return (
    <Modal
      open
      title={editing ? t('payroll.adjustment.edit') : t('payroll.adjustment.create')}
      okText={t('payroll.tpl.save')}
      cancelText={t('payroll.cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={saving}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={initial} onFinish={(v) => void save(v)} data-testid="adjustment-form">
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
        <Form.Item name="staffNo" label={t('payroll.staffNo')} rules={[{ required: true, whitespace: true, message: t('payroll.adjustment.staffRule') }]}>
          <AutoComplete
            disabled={Boolean(editing)}
            options={staffOptions}
            filterOption={(input, option) => (option?.label ?? '').toLowerCase().includes(input.toLowerCase())}
          />
        </Form.Item>
        <Form.Item name="kind" label={t('payroll.adjustment.kind')} rules={[{ required: true, message: t('payroll.adjustment.kindRule') }]}>
          <Select options={ADJUSTMENT_KINDS.map((kind) => ({ value: kind, label: t(`payroll.kind.${kind}`) }))} />
        </Form.Item>
        <Form.Item
          name="amount"
          label={t('payroll.adjustment.amount')}
          extra={t('payroll.adjustment.amountHint')}
          rules={[
            { required: true, message: t('payroll.adjustment.amountRule') },
            { validator: (_, v: string | undefined) => (v && AMOUNT.test(v.trim()) && /[1-9]/.test(v) ? Promise.resolve() : Promise.reject(new Error(t('payroll.adjustment.amountRule')))) },
          ]}
        >
          <Input inputMode="decimal" style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="note" label={t('payroll.adjustment.note')} rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
        {!editing && locked && (
          <Form.Item name="toNextMonth" valuePropName="checked" rules={[{ validator: (_, v: boolean) => (v ? Promise.resolve() : Promise.reject(new Error(t('payroll.adjustment.lockedMonth', { month, next })))) }]}>
            <Checkbox>{t('payroll.adjustment.toNextMonth', { next, month })}</Checkbox>
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
