import { useState } from 'react';
import { Space, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { MonthRangePicker, type MonthRange } from '../../components/MonthRangePicker';
import { EmptyState, ErrorState } from '../../components/States';
import { useCodeLabel, useI18n } from '../../i18n/i18n';
import { moneyColumn, sumsOf, textColumn, totalsRow } from '../../components/columns';
import { useStaffPayslips, type StaffPayslip } from './staffApi';

const SUMMED = ['baseSalary', 'netCommission', 'commissionShare', 'productSalesCommission', 'adjustmentsTotal', 'total'] as const;

/** 工资单: the staff member's payslips by month and their total, read through the payroll module (its scope). */
export function StaffPayslipsTab({ staffNo }: { staffNo: string }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  const [range, setRange] = useState<MonthRange>({});
  const payslips = useStaffPayslips(staffNo, range);
  const rows = payslips.data?.items ?? [];
  const columns: TableColumnsType<StaffPayslip> = [
    textColumn('month', t('staff.pay.month'), 90),
    { ...textColumn<StaffPayslip>('level', t('staff.pay.level'), 90), render: (v: string) => label('staffLevel', v) },
    moneyColumn('baseSalary', t('staff.pay.baseSalary')),
    moneyColumn('netCommission', t('staff.pay.netCommission')),
    moneyColumn('commissionShare', t('staff.pay.commissionShare')),
    moneyColumn('productSalesCommission', t('staff.pay.productSalesCommission')),
    moneyColumn('adjustmentsTotal', t('staff.pay.adjustments')),
    moneyColumn('total', t('staff.pay.total'), 140),
    {
      key: 'status',
      dataIndex: 'status',
      title: t('staff.pay.status'),
      width: 150,
      render: (status: StaffPayslip['status'], row) => (
        <Space size={4}>
          <Tag color={status === 'LOCKED' ? 'green' : 'blue'}>{t(`staff.pay.${status}`)}</Tag>
          {row.stale && <Tag color="orange">{t('staff.pay.stale')}</Tag>}
        </Space>
      ),
    },
  ];
  if (payslips.isError) return <ErrorState error={payslips.error} onRetry={() => void payslips.refetch()} />;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <MonthRangePicker label={t('staff.months')} onChange={setRange} />
      <Table<StaffPayslip>
        rowKey="month"
        size="small"
        columns={columns}
        dataSource={rows}
        loading={payslips.isFetching}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: payslips.isPending ? ' ' : <EmptyState /> }}
        summary={() => (rows.length > 1 ? totalsRow(columns, t('common.total'), sumsOf(rows, SUMMED)) : null)}
      />
    </Space>
  );
}
