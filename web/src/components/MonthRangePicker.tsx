import type { ReactNode } from 'react';
import { DatePicker, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useI18n } from '../i18n/i18n';

export type MonthRange = { monthFrom?: string; monthTo?: string };

/**
 * A month-range picker (YYYY-MM) labelled 月份范围; an empty end means the server's default. `shown` is the
 * range the server used, as placeholders and beside the picker; `children` follow on the same line.
 */
export function MonthRangePicker({ onChange, shown, children }: { onChange: (range: MonthRange) => void; shown?: Required<MonthRange>; children?: ReactNode }) {
  const { t } = useI18n();
  return (
    <Space>
      <Typography.Text>{t('common.months')}</Typography.Text>
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
