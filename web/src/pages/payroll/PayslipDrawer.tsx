import type { ReactNode } from 'react';
import { Descriptions, Drawer, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { moneyCell } from '../../components/columns';
import { ErrorState, Loading } from '../../components/States';
import { useI18n } from '../../i18n/i18n';
import { adjustmentColumns, percentOf, PayslipStatusTags, SignedMoney } from './format';
import { usePayslip, type PayslipDetail } from './payrollApi';

type Adjustment = PayslipDetail['breakdown']['adjustments'][number];

/** 工资单明细: one payslip with its tier breakdown, product lines and adjustments, in a drawer. */
export function PayslipDrawer({ month, staffNo, onClose }: { month: string; staffNo: string | null; onClose: () => void }) {
  const { t } = useI18n();
  const payslip = usePayslip(month, staffNo);
  const data = payslip.data && payslip.data.staffNo === staffNo && payslip.data.month === month ? payslip.data : undefined;
  return (
    <Drawer
      open={staffNo !== null}
      onClose={onClose}
      size={720}
      title={data ? t('payroll.detailTitle', { name: data.name, staffNo: data.staffNo, month: data.month }) : t('payroll.detail')}
      data-testid="payslip-drawer"
      destroyOnHidden
    >
      {payslip.isError ? <ErrorState error={payslip.error} onRetry={() => void payslip.refetch()} /> : data ? <PayslipBody p={data} /> : <Loading />}
    </Drawer>
  );
}

function PayslipBody({ p }: { p: PayslipDetail }) {
  const { t } = useI18n();
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Descriptions size="small" bordered column={2}>
        <Descriptions.Item label={t('payroll.staffNo')}>{p.staffNo}</Descriptions.Item>
        <Descriptions.Item label={t('payroll.name')}>{p.name}</Descriptions.Item>
        <Descriptions.Item label={t('payroll.branch')}>{p.branchCode}</Descriptions.Item>
        <Descriptions.Item label={t('payroll.team')}>{p.teamCode ?? ''}</Descriptions.Item>
        <Descriptions.Item label={t('payroll.level')}>{p.level}</Descriptions.Item>
        <Descriptions.Item label={t('payroll.status')}>
          <Space size={4}>
            <PayslipStatusTags status={p.status} />
            <Typography.Text type="secondary">
              {t('payroll.template')} {p.templateCode}
            </Typography.Text>
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('payroll.baseSalary')}>{moneyCell(p.baseSalary)}</Descriptions.Item>
        <Descriptions.Item label={t('payroll.netCommission')}>{moneyCell(p.netCommission)}</Descriptions.Item>
        <Descriptions.Item label={t('payroll.commissionShare')}>{moneyCell(p.commissionShare)}</Descriptions.Item>
        <Descriptions.Item label={t('payroll.productSalesCommission')}>{moneyCell(p.productSalesCommission)}</Descriptions.Item>
        <Descriptions.Item label={t('payroll.adjustmentsTotal')}>
          <SignedMoney value={p.adjustmentsTotal} />
        </Descriptions.Item>
        <Descriptions.Item label={t('payroll.total')}>
          <strong data-testid="payslip-total">{moneyCell(p.total)}</strong>
        </Descriptions.Item>
      </Descriptions>

      <Breakdown
        title={t('payroll.tiers')}
        rowKey="from"
        rows={p.breakdown.tiers}
        testId="payslip-tiers"
        empty={<Typography.Text type="secondary">{t('payroll.tier.none')}</Typography.Text>}
        columns={[
          { key: 'from', title: t('payroll.tier.from'), align: 'right', render: (_, r) => moneyCell(r.from) },
          { key: 'to', title: t('payroll.tier.to'), align: 'right', render: (_, r) => (r.to === null ? t('payroll.tier.unbounded') : moneyCell(r.to)) },
          { key: 'rate', title: t('payroll.tier.rate'), align: 'right', render: (_, r) => percentOf(r.rate) },
          { key: 'base', title: t('payroll.tier.base'), align: 'right', render: (_, r) => moneyCell(r.base) },
          { key: 'amount', title: t('payroll.tier.amount'), align: 'right', render: (_, r) => moneyCell(r.amount) },
        ]}
        summary={() => (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0} colSpan={4}>
              <strong>{t('payroll.commissionShare')}</strong>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={4} align="right">
              <strong>{moneyCell(p.commissionShare)}</strong>
            </Table.Summary.Cell>
          </Table.Summary.Row>
        )}
      />
      <Breakdown
        title={t('payroll.products')}
        rowKey="productCode"
        rows={p.breakdown.products}
        columns={[
          { key: 'product', title: t('payroll.product'), render: (_, r) => `${r.productCode} ${r.productName ?? ''}` },
          { key: 'rate', title: t('payroll.product.rate'), align: 'right', render: (_, r) => percentOf(r.rate) },
          { key: 'sales', title: t('payroll.product.sales'), align: 'right', render: (_, r) => moneyCell(r.sales) },
          { key: 'commission', title: t('payroll.product.commission'), align: 'right', render: (_, r) => moneyCell(r.commission) },
        ]}
      />
      <Breakdown title={t('payroll.adjustments')} rowKey="id" rows={p.breakdown.adjustments} columns={adjustmentColumns<Adjustment>(t)} />
    </Space>
  );
}

/** A titled part of the breakdown; a part with no rows shows `empty`, or nothing at all. */
function Breakdown<T extends object>({ title, rowKey, rows, columns, empty, testId, summary }: {
  title: string;
  rowKey: keyof T & string;
  rows: T[];
  columns: TableColumnsType<T>;
  empty?: ReactNode;
  testId?: string;
  summary?: () => ReactNode;
}) {
  if (!rows.length && !empty) return null;
  return (
    <div>
      <Typography.Title level={5}>{title}</Typography.Title>
      {rows.length ? <Table<T> size="small" rowKey={rowKey} pagination={false} dataSource={rows} columns={columns} summary={summary} data-testid={testId} /> : empty}
    </div>
  );
}
