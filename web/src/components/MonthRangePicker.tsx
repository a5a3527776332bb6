import type { ReactNode } from 'react';
import { DatePicker, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';

export type MonthRange = { monthFrom?: string; monthTo?: string };

/**
 * A labelled month-range picker (YYYY-MM); an empty end means the server's default. `shown` is the
 * range the server used, as placeholders and beside the picker; `children` follow on the same line.
 */
export function MonthRangePicker({ label, onChange, shown, children }: { label: string; onChange: (range: MonthRange) => void; shown?: Required<MonthRange>; children?: ReactNode }) {
  return (
    <Space>
      <Typography.Text>{label}</Typography.Text>
      <DatePicker.RangePicker
        picker="month"
        allowEmpty={[true, true]}
        placeholder={shown ? [shown.monthFrom, shown.monthTo] : undefined}
        onChange={(values: [Dayjs | null, Dayjs | null] | null) => onChange({ monthFrom: values?.[0]?.format('YYYY-MM'), monthTo: values?.[1]?.format('YYYY-MM') })}
      />
      {shown && <Typography.Text type="secondary">{`${shown.monthFrom} ~ ${shown.monthTo}`}</Typography.Text>}
      {children}
    </Space>
  );
}
