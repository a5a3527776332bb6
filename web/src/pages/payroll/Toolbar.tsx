import type { ReactNode } from 'react';
import { Card, DatePicker, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useI18n } from '../../i18n/i18n';

/** The bar above a payroll page: a labelled choice (the month, the template) and what goes with it on the left, the page's buttons on the right. */
export function PayrollToolbar({ label, children, actions }: { label: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <Card size="small">
      <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
        <Space wrap>
          <Typography.Text>{label}</Typography.Text>
          {children}
        </Space>
        {actions}
      </Space>
    </Card>
  );
}

/** The toolbar of a month's page: 月份 and its picker (YYYY-MM, never empty), then `children`. */
export function PayrollMonthToolbar({ month, onMonth, testId, children, actions }: { month: string; onMonth: (month: string) => void; testId?: string; children?: ReactNode; actions?: ReactNode }) {
  const { t } = useI18n();
  return (
    <PayrollToolbar label={t('payroll.month')} actions={actions}>
      <DatePicker picker="month" allowClear={false} value={dayjs(`${month}-01`)} onChange={(value: Dayjs | null) => value && onMonth(value.format('YYYY-MM'))} data-testid={testId} />
      {children}
    </PayrollToolbar>
  );
}
