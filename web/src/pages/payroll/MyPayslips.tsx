import { useMemo, useState } from 'react';
import { DatePicker, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useCurrentUser } from '../../components/AppLayout';
import { formatDecimal, sumDecimals } from '../../components/decimal';
import { EmptyState, ErrorState, Loading } from '../../components/States';
import { useI18n } from '../../i18n/i18n';
import { moneyColumn, NUMERIC } from './format';
import { PayslipDrawer } from './PayslipDrawer';
import { useMyPayslips, type StaffPayslip } from './payrollApi';

const SUMMED = ['baseSalary', 'commissionShare', 'productSalesCommission', 'adjustmentsTotal', 'total'] as const;

/** 我的工资单: the caller's own payslips by month (GET /api/payroll/payslips without staffNo); a month opens its detail. */
export function MyPayslips() {
  const { t } = useI18n();
  const me = useCurrentUser();
  const [range, setRange] = useState<{ monthFrom?: string; monthTo?: string }>({});
  const [open, setOpen] = useState<string | null>(null);
  const payslips = useMyPayslips(range);
  const rows = useMemo(() => payslips.data?.items ?? [], [payslips.data]);
  const sums = useMemo(() => Object.fromEntries(SUMMED.map((k) => [k, sumDecimals(rows.map((r) => r[k]))])) as Record<string, string>, [rows]);
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
      <Space>
        <Typography.Text>{t('payroll.months')}</Typography.Text>
        <DatePicker.RangePicker
          picker="month"
          allowEmpty={[true, true]}
          onChange={(values: [Dayjs | null, Dayjs | null] | null) => setRange({ monthFrom: values?.[0]?.format('YYYY-MM'), monthTo: values?.[1]?.format('YYYY-MM') })}
        />
        {payslips.data && <Typography.Text type="secondary">{`${payslips.data.name}（${payslips.data.staffNo}）`}</Typography.Text>}
      </Space>
      {payslips.isError ? (
        <ErrorState error={payslips.error} onRetry={() => void payslips.refetch()} />
      ) : payslips.isPending ? (
        <Loading />
      ) : (
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
          summary={() =>
            rows.length > 1 ? (
              <Table.Summary.Row>
                {columns.map((c, i) => {
                  const value = sums[String(c.key)];
                  return (
                    <Table.Summary.Cell key={String(c.key)} index={i} align={value !== undefined ? 'right' : undefined}>
                      {i === 0 ? <strong>{t('common.total')}</strong> : value !== undefined ? <strong style={NUMERIC}>{formatDecimal(value)}</strong> : null}
                    </Table.Summary.Cell>
                  );
                })}
              </Table.Summary.Row>
            ) : null
          }
        />
      )}
      <PayslipDrawer month={open ?? ''} staffNo={open ? me.staffNo : null} onClose={() => setOpen(null)} />
    </Space>
  );
}
