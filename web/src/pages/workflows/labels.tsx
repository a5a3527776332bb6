import { Tag } from 'antd';
import { hasMessage, useCodeLabel, useI18n } from '../../i18n/i18n';
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

/** Names of operation types, roles and history events (the one dictionary, shared/codes.ts) and of payload fields, falling back to the API's code. */
export function useWorkflowLabels() {
  const { t } = useI18n();
  const label = useCodeLabel();
  return {
    type: (type: string) => label('workflowType', type),
    role: (role: string | null | undefined) => label('role', role),
    event: (event: string) => label('workflowEvent', event),
    field: (name: string) => {
      const key = `wf.field.${name}`;
      return hasMessage(key) ? t(key) : name;
    },
  };
}

export function WorkflowStatusTag({ status }: { status: WorkflowStatus }) {
  const label = useCodeLabel();
  return <Tag color={STATUS_COLORS[status]}>{label('workflowStatus', status)}</Tag>;
}

export function AppointmentStatusTag({ status }: { status: AppointmentStatus }) {
  const label = useCodeLabel();
  return <Tag color={APPOINTMENT_COLORS[status]}>{label('appointmentStatus', status)}</Tag>;
}

/** A timestamp in the browser's time zone, YYYY-MM-DD HH:mm. */
export function formatWhen(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
