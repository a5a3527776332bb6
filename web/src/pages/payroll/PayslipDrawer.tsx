import { Descriptions, Drawer, Space, Table, Tag, Typography } from 'antd';
import { formatDecimal } from '../../components/decimal';
import { ErrorState, Loading } from '../../components/States';
import { useI18n } from '../../i18n/i18n';
import { NUMERIC, percentOf, SignedMoney } from './format';
import { usePayslip, type PayslipDetail } from './payrollApi';

const money = (value: string | null | undefined) => <span style={NUMERIC}>{formatDecimal(value)}</span>;

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
            <Tag color={p.status === 'LOCKED' ? 'green' : 'blue'}>{t(`payroll.status.${p.status}`)}</Tag>
            <Typography.Text type="secondary">
              {t('payroll.template')} {p.templateCode}
            </Typography.Text>
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('payroll.baseSalary')}>{money(p.baseSalary)}</Descriptions.Item>
        <Descriptions.Item label={t('payroll.netCommission')}>{money(p.netCommission)}</Descriptions.Item>
        <Descriptions.Item label={t('payroll.commissionShare')}>{money(p.commissionShare)}</Descriptions.Item>
        <Descriptions.Item label={t('payroll.productSalesCommission')}>{money(p.productSalesCommission)}</Descriptions.Item>
        <Descriptions.Item label={t('payroll.adjustmentsTotal')}>
          <SignedMoney value={p.adjustmentsTotal} />
        </Descriptions.Item>
        <Descriptions.Item label={t('payroll.total')}>
          <strong data-testid="payslip-total">{money(p.total)}</strong>
        </Descriptions.Item>
      </Descriptions>

      <div>
        <Typography.Title level={5}>{t('payroll.tiers')}</Typography.Title>
        {p.breakdown.tiers.length ? (
          <Table
            size="small"
            rowKey="from"
            pagination={false}
            dataSource={p.breakdown.tiers}
            data-testid="payslip-tiers"
            columns={[
              { key: 'from', title: t('payroll.tier.from'), align: 'right', render: (_, r) => money(r.from) },
              { key: 'to', title: t('payroll.tier.to'), align: 'right', render: (_, r) => (r.to === null ? t('payroll.tier.unbounded') : money(r.to)) },
              { key: 'rate', title: t('payroll.tier.rate'), align: 'right', render: (_, r) => percentOf(r.rate) },
              { key: 'base', title: t('payroll.tier.base'), align: 'right', render: (_, r) => money(r.base) },
              { key: 'amount', title: t('payroll.tier.amount'), align: 'right', render: (_, r) => money(r.amount) },
            ]}
            summary={() => (
              <Table.Summary.Row>
                <Table.Summary.Cell index={0} colSpan={4}>
                  <strong>{t('payroll.commissionShare')}</strong>
                </Table.Summary.Cell>
                <Table.Summary.Cell index={4} align="right">
                  <strong>{money(p.commissionShare)}</strong>
                </Table.Summary.Cell>
              </Table.Summary.Row>
            )}
          />
        ) : (
          <Typography.Text type="secondary">{t('payroll.tier.none')}</Typography.Text>
        )}
      </div>

      {p.breakdown.products.length > 0 && (
        <div>
          <Typography.Title level={5}>{t('payroll.products')}</Typography.Title>
          <Table
            size="small"
            rowKey="productCode"
            pagination={false}
            dataSource={p.breakdown.products}
            columns={[
              { key: 'product', title: t('payroll.product'), render: (_, r) => `${r.productCode} ${r.productName ?? ''}` },
              { key: 'rate', title: t('payroll.product.rate'), align: 'right', render: (_, r) => percentOf(r.rate) },
              { key: 'sales', title: t('payroll.product.sales'), align: 'right', render: (_, r) => money(r.sales) },
              { key: 'commission', title: t('payroll.product.commission'), align: 'right', render: (_, r) => money(r.commission) },
            ]}
          />
        </div>
      )}

      {p.breakdown.adjustments.length > 0 && (
        <div>
          <Typography.Title level={5}>{t('payroll.adjustments')}</Typography.Title>
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={p.breakdown.adjustments}
            columns={[
              { key: 'kind', title: t('payroll.adjustment.kind'), render: (_, r) => t(`payroll.kind.${r.kind}`) },
              { key: 'amount', title: t('payroll.adjustment.amount'), align: 'right', render: (_, r) => <SignedMoney value={r.amount} /> },
              { key: 'note', title: t('payroll.adjustment.note'), render: (_, r) => r.note ?? '' },
              { key: 'corrects', title: t('payroll.adjustment.correctsMonth'), render: (_, r) => r.correctsMonth ?? '' },
            ]}
          />
        </div>
      )}
    </Space>
  );
}
