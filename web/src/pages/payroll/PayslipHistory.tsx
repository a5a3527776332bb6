import { useMemo, useState } from 'react';
import { Space, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { MonthRangePicker, type MonthRange } from '../../components/MonthRangePicker';
import { useCurrentUser } from '../../components/AppLayout';
import { moneyColumn, sumsOf } from '../../components/columns';
import { DataTable } from '../../components/DataTable';
import { EmptyState, QueryState } from '../../components/States';
import { useCodeLabel, useI18n } from '../../i18n/i18n';
import { payslipMoneyColumns, PayslipStatusTags } from './format';
import { PayslipDrawer } from './PayslipDrawer';
import { usePayslipHistory, type StaffPayslip } from './payrollApi';

const SUMMED = ['baseSalary', 'netCommission', 'commissionShare', 'productSalesCommission', 'adjustmentsTotal', 'total'] as const;

/** 我的工资单: the caller's own payslips by month. */
export function MyPayslips() {
  const { t } = useI18n();
  const me = useCurrentUser();
  if (!me.staffNo) return <EmptyState text={t('payroll.mine.noStaff')} />;
  return <PayslipHistory staffNo={me.staffNo} mine />;
}

/**
 * One staff member's payslips by month with their totals (GET /api/payroll/payslips, in the caller's
 * scope): 我的工资单 (`mine`: asked without staffNo) and the 工资单 tab of the staff page. A month opens its detail.
 */
export function PayslipHistory({ staffNo, mine = false }: { staffNo: string; mine?: boolean }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  const [range, setRange] = useState<MonthRange>({});
  const [open, setOpen] = useState<string | null>(null);
  const payslips = usePayslipHistory(mine ? null : staffNo, range);
  const rows = useMemo(() => payslips.data?.items ?? [], [payslips.data]);
  const sums = useMemo(() => sumsOf(rows, SUMMED), [rows]);
  const testId = mine ? 'my-payslip' : 'staff-payslip';

  const columns: TableColumnsType<StaffPayslip> = [
    {
      key: 'month',
      dataIndex: 'month',
      title: t('payroll.month'),
      width: 100,
      render: (value: string) => (
        <Typography.Link onClick={() => setOpen(value)} data-testid={`${testId}-${value}`}>
          {value}
        </Typography.Link>
      ),
    },
    { key: 'level', dataIndex: 'level', title: t('payroll.level'), width: 90, render: (level: string) => label('staffLevel', level) },
    ...payslipMoneyColumns<StaffPayslip>(t, [moneyColumn<StaffPayslip>('adjustmentsTotal', t('payroll.adjustmentsTotal'), 120)], { netCommission: true }),
    { key: 'status', title: t('payroll.status'), width: 170, render: (_, row) => <PayslipStatusTags status={row.status} stale={row.stale} /> },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <MonthRangePicker onChange={setRange}>
        {mine && payslips.data && <Typography.Text type="secondary">{`${payslips.data.name}（${payslips.data.staffNo}）`}</Typography.Text>}
      </MonthRangePicker>
      <QueryState query={payslips}>
        <DataTable<StaffPayslip>
          rowKey="month"
          columns={columns}
          rows={rows}
          loading={payslips.isFetching}
          emptyText={<EmptyState text={mine ? t('payroll.mine.empty') : undefined} />}
          testId={`${testId}s-table`}
          totals={{ values: sums, minRows: 2 }}
        />
      </QueryState>
      <PayslipDrawer month={open ?? ''} staffNo={open ? staffNo : null} onClose={() => setOpen(null)} />
    </Space>
  );
}
