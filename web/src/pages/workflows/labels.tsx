import { Tag } from 'antd';
import { hasMessage, useI18n } from '../../i18n/i18n';
import type { AppointmentStatus, WorkflowStatus } from './workflowApi';

const STATUS_COLORS: Record<WorkflowStatus, string> = {
  PENDING: 'processing',
  RETURNED: 'warning',
  APPROVED: 'success',
  REJECTED: 'error',
  WITHDRAWN: 'default',
};

const APPOINTMENT_COLORS: Record<AppointmentStatus, string> = {
  PENDING: 'processing',
  APPROVED: 'blue',
  MATCHED: 'success',
  UNUSABLE: 'warning',
  VOID: 'default',
  REJECTED: 'error',
};

/** Chinese (or English) names of operation types, roles and the like, falling back to the API's code. */
export function useWorkflowLabels() {
  const { t } = useI18n();
  const label = (key: string, fallback: string) => (hasMessage(key) ? t(key) : fallback);
  return {
    type: (type: string) => label(`wf.type.${type}`, type),
    role: (role: string | null | undefined) => (role ? label(`wf.role.${role}`, role) : ''),
    event: (event: string) => label(`wf.event.${event}`, event),
    field: (name: string) => label(`wf.field.${name}`, name),
  };
}

export function WorkflowStatusTag({ status }: { status: WorkflowStatus }) {
  const { t } = useI18n();
  return <Tag color={STATUS_COLORS[status]}>{t(`wf.status.${status}`)}</Tag>;
}

export function AppointmentStatusTag({ status }: { status: AppointmentStatus }) {
  const { t } = useI18n();
  return <Tag color={APPOINTMENT_COLORS[status]}>{t(`appt.status.${status}`)}</Tag>;
}

/** A timestamp in the browser's time zone, YYYY-MM-DD HH:mm. */
export function formatWhen(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
