import { useState } from 'react';
import { App, Button, Card, Popconfirm, Segmented, Space, Typography } from 'antd';
import type { TableProps } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { ApiError } from '../../../api/client';
import type { Page } from '../../../api/types';
import { ListTable, useListPage } from '../../../components/ListPage';
import { useI18n } from '../../../i18n/i18n';
import { AppointmentStatusTag } from '../../workflows/labels';
import { APPOINTMENT_STATUSES, startWorkflow, workflowsRoot, type Appointment, type AppointmentStatus } from '../../workflows/workflowApi';
import { operationPath } from './operations';

/** Appointments a void flow may still cancel: approved and waiting for the account, or unusable. */
const VOIDABLE: AppointmentStatus[] = ['APPROVED', 'UNUSABLE'];

/** "1.000000" → "1", "0.600000" → "0.6": a weight as read, exact (text only). */
function trimDecimal(value: string): string {
  return value.includes('.') ? value.replace(/\.?0+$/, '') : value;
}

/** 预约客户列表: appointments in scope by status, with why one is unusable, and the void action. */
export default function AppointmentListPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const list = useListPage<Page<Appointment>>({ path: '/api/appointments', queryKey: [...workflowsRoot, 'appointments'], filters: { status: 'choice' }, local: true });
  const [voiding, setVoiding] = useState<string | null>(null);

  async function startVoid(a: Appointment) {
    setVoiding(a.id);
    try {
      const flow = await startWorkflow('APPOINTMENT_VOID', { appointmentId: a.id });
      void message.success(t('relops.submitted', { id: flow.id }));
      await queryClient.invalidateQueries({ queryKey: workflowsRoot });
      navigate(`/workflows/${flow.id}`);
    } catch (e) {
      void message.error(e instanceof ApiError ? e.detail : String(e));
    } finally {
      setVoiding(null);
    }
  }

  const columns: TableProps<Appointment>['columns'] = [
    {
      title: t('appt.col.id'),
      dataIndex: 'id',
      width: 56,
      // the number opens the appointment's flow (预约客户开户)
      render: (id: string, a) => (a.workflowId ? <Link to={`/workflows/${a.workflowId}`} title={`${t('appt.col.workflow')} #${a.workflowId}`}>{id}</Link> : id),
    },
    { title: t('appt.col.name'), dataIndex: 'name', width: 96 },
    { title: t('appt.col.idNo'), dataIndex: 'idNo', width: 160 },
    { title: t('appt.col.mobile'), dataIndex: 'mobile', width: 104 },
    { title: t('appt.col.date'), dataIndex: 'appointmentDate', width: 96 },
    {
      title: t('appt.col.staff'),
      key: 'staff',
      width: 136,
      render: (_: unknown, a) => (
        <span>
          {a.staffName}（{a.staffNo}）<div style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>{a.branchName}</div>
        </span>
      ),
    },
    { title: t('appt.col.weight'), dataIndex: 'weight', width: 56, align: 'right', render: (w: string) => trimDecimal(w) },
    {
      title: t('appt.col.status'),
      key: 'status',
      width: 120,
      render: (_: unknown, a) => (
        <Space orientation="vertical" size={0}>
          <AppointmentStatusTag status={a.status} />
          {a.statusReason ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="appointment-reason">
              {a.statusReason}
            </Typography.Text>
          ) : null}
        </Space>
      ),
    },
    {
      title: t('appt.col.customer'),
      key: 'customer',
      width: 140,
      render: (_: unknown, a) =>
        a.customerNo ? (
          <span>
            <Link to={`/customers/${encodeURIComponent(a.customerNo)}`}>{a.customerNo}</Link>
            {a.openDate ? <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)', whiteSpace: 'nowrap' }}>{t('appt.col.openDate')} {a.openDate}</div> : null}
          </span>
        ) : (
          ''
        ),
    },
    {
      title: t('admin.actions'),
      key: 'actions',
      width: 64,
      fixed: 'right',
      render: (_: unknown, a) =>
        VOIDABLE.includes(a.status) ? (
          <Popconfirm title={t('appt.voidConfirm', { id: a.id, name: a.name })} onConfirm={() => startVoid(a)}>
            <Button size="small" danger loading={voiding === a.id}>
              {t('appt.void')}
            </Button>
          </Popconfirm>
        ) : null,
    },
  ];

  return (
    <Card
      title={t('menu.relationshipOps.appointments')}
      extra={
        <Button type="primary" onClick={() => navigate(operationPath('APPOINTMENT_OPEN'))}>
          {t('appt.new')}
        </Button>
      }
    >
      <Segmented<string>
        style={{ marginBottom: 16 }}
        value={list.filters.status ?? 'all'}
        onChange={(v) => list.update({ status: v === 'all' ? undefined : v, page: undefined })}
        options={[{ value: 'all', label: t('appt.status.all') }, ...APPOINTMENT_STATUSES.map((s) => ({ value: s, label: t(`appt.status.${s}`) }))]}
        data-testid="appointment-status"
      />
      <ListTable<Appointment> list={list} rowKey="id" columns={columns} scroll={{ x: 1030 }} pageSizeOptions="auto" data-testid="appointments" />
    </Card>
  );
}
