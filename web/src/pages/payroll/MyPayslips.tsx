import { useMemo, useState } from 'react';
import { Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { MonthRangePicker, type MonthRange } from '../../components/MonthRangePicker';
import { useCurrentUser } from '../../components/AppLayout';
import { sumsOf, totalsRow } from '../../components/columns';
import { EmptyState, QueryState } from '../../components/States';
import { useI18n } from '../../i18n/i18n';
import { moneyColumn } from './format';
import { PayslipDrawer } from './PayslipDrawer';
import { useMyPayslips, type StaffPayslip } from './payrollApi';

const SUMMED = ['baseSalary', 'commissionShare', 'productSalesCommission', 'adjustmentsTotal', 'total'] as const;

/** 我的工资单: the caller's own payslips by month (GET /api/payroll/payslips without staffNo); a month opens its detail. */
export function MyPayslips() {
  const { t } = useI18n();
  const me = useCurrentUser();
  const [range, setRange] = useState<MonthRange>({});
  const [open, setOpen] = useState<string | null>(null);
  const payslips = useMyPayslips(range);
  const rows = useMemo(() => payslips.data?.items ?? [], [payslips.data]);
  const sums = useMemo(() => sumsOf(rows, SUMMED), [rows]);
  if (!me.staffNo) return <EmptyState text={t('payroll.mine.noStaff')} />;

  const columns: TableColumnsType<StaffPayslip> = [
    {
      key: 'month',
      dataIndex: 'month',
      title: t('payroll.month'),
      width: 100,
      render: (value: string) => (
        <Typography.Link onClick={() => setOpen(value)} data-testid={`my-payslip-${value}`}>
          {value}
        </Typography.Link>
      ),
    },
    { key: 'level', dataIndex: 'level', title: t('payroll.level'), width: 70 },
    moneyColumn('baseSalary', 'baseSalary', t('payroll.baseSalary')),
    moneyColumn('netCommission', 'netCommission', t('payroll.netCommission'), 130),
    moneyColumn('commissionShare', 'commissionShare', t('payroll.commissionShare')),
    moneyColumn('productSalesCommission', 'productSalesCommission', t('payroll.productSalesCommission'), 140),
    moneyColumn('adjustmentsTotal', 'adjustmentsTotal', t('payroll.adjustmentsTotal')),
    moneyColumn('total', 'total', t('payroll.total'), 130),
    {
      key: 'status',
      title: t('payroll.status'),
      width: 170,
      render: (_, row) => (
        <Space size={4}>
          <Tag color={row.status === 'LOCKED' ? 'green' : 'blue'}>{t(`payroll.status.${row.status}`)}</Tag>
          {row.stale && <Tag color="orange">{t('payroll.stale')}</Tag>}
        </Space>
      ),
    },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <MonthRangePicker label={t('payroll.months')} onChange={setRange}>
        {payslips.data && <Typography.Text type="secondary">{`${payslips.data.name}（${payslips.data.staffNo}）`}</Typography.Text>}
      </MonthRangePicker>
      <QueryState query={payslips}>
        <Table<StaffPayslip>
          rowKey="month"
          size="small"
          columns={columns}
          dataSource={rows}
          loading={payslips.isFetching}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <EmptyState text={t('payroll.mine.empty')} /> }}
          data-testid="my-payslips-table"
          summary={() => (rows.length > 1 ? totalsRow(columns, t('common.total'), sums) : null)}
        />
      </QueryState>
      <PayslipDrawer month={open ?? ''} staffNo={open ? me.staffNo : null} onClose={() => setOpen(null)} />
    </Space>
  );
}
