import { useMemo, useState } from 'react';
import { Alert, App, Button, Select, Space, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useSearchParams } from 'react-router';
import { api } from '../../api/api';
import { ApiError, apiDownload } from '../../api/client';
import { useLastTradingDay } from '../../api/queries';
import { useCurrentUser } from '../../components/AppLayout';
import { moneyColumnAt, sumsOf } from '../../components/columns';
import { DataTable } from '../../components/DataTable';
import { sumDecimals } from '../../components/decimal';
import { EmptyState, Loading, QueryState } from '../../components/States';
import { useCodeLabel, useI18n } from '../../i18n/i18n';
import { formatTime } from '../admin/adminApi';
import { payslipMoneyColumns } from './format';
import { PayrollMonthToolbar } from './Toolbar';
import { ownPayslipsOnly } from './menu';
import { MyPayslips } from './PayslipHistory';
import { PayslipDrawer } from './PayslipDrawer';
import {
  ADJUSTMENT_KINDS, payslipsXlsxUrl, useMonthPayslips, useTemplates, type MonthStatus, type Payslip,
} from './payrollApi';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * The month the page opens on: ?month=, else the last complete month — the one before the month of
 * the last imported trading day — else last calendar month.
 */
export function useInitialMonth(): [string | null, (month: string) => void] {
  const [search, setSearch] = useSearchParams();
  const lastDay = useLastTradingDay();
  const asked = search.get('month');
  const setMonth = (month: string) => {
    const next = new URLSearchParams(search);
    next.set('month', month);
    setSearch(next, { replace: true });
  };
  if (asked && MONTH.test(asked)) return [asked, setMonth];
  if (lastDay.isPending) return [null, setMonth];
  const base = lastDay.data ? dayjs(lastDay.data) : dayjs();
  return [base.subtract(1, 'month').format('YYYY-MM'), setMonth];
}

/** 工资单: a month's payslips in the caller's scope; 我的工资单 for a login that sees only itself. */
export default function PayslipsPage() {
  const me = useCurrentUser();
  return ownPayslipsOnly(me) ? <MyPayslips /> : <MonthPayslips />;
}

function MonthPayslips() {
  const [month, setMonth] = useInitialMonth();
  if (!month) return <Loading />;
  return <MonthView month={month} onMonth={setMonth} />;
}

export function MonthStatusTags({ status }: { status: MonthStatus }) {
  const { t } = useI18n();
  return (
    <Space size={4} data-testid="month-status">
      {status.computedAt ? <Tag color={status.status === 'LOCKED' ? 'green' : 'blue'}>{t(`payroll.status.${status.status}`)}</Tag> : <Tag>{t('payroll.status.notComputed')}</Tag>}
      {status.stale && (
        <Tooltip title={t('payroll.staleHint')}>
          <Tag color="orange">{t('payroll.stale')}</Tag>
        </Tooltip>
      )}
    </Space>
  );
}

function MonthView({ month, onMonth }: { month: string; onMonth: (month: string) => void }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  const me = useCurrentUser();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const payslips = useMonthPayslips(month);
  const canCompute = me.permissions.includes('payroll.compute');
  const canLock = me.permissions.includes('payroll.lock');
  const templates = useTemplates();
  const [template, setTemplate] = useState<string | null>(null);
  const [busy, setBusy] = useState<'compute' | 'lock' | 'export' | null>(null);
  const [open, setOpen] = useState<string | null>(null);

  const data = payslips.data?.month.month === month ? payslips.data : undefined;
  const status = data?.month;
  const rows = useMemo(() => data?.items ?? [], [data]);
  const chosenTemplate = template ?? status?.templateCode ?? 'DEFAULT';

  const columns: TableColumnsType<Payslip> = [
    {
      key: 'staffNo',
      dataIndex: 'staffNo',
      title: t('payroll.staffNo'),
      width: 100,
      fixed: 'left',
      render: (value: string) => (
        <Typography.Link onClick={() => setOpen(value)} data-testid={`payslip-${value}`}>
          {value}
        </Typography.Link>
      ),
    },
    { key: 'name', dataIndex: 'name', title: t('payroll.name'), width: 90, fixed: 'left' },
    { key: 'branchCode', dataIndex: 'branchCode', title: t('payroll.branch'), width: 80 },
    { key: 'teamCode', dataIndex: 'teamCode', title: t('payroll.team'), width: 80 },
    { key: 'level', dataIndex: 'level', title: t('payroll.level'), width: 90, render: (level: string) => label('staffLevel', level) },
    ...payslipMoneyColumns<Payslip>(
      t,
      ADJUSTMENT_KINDS.map((kind) =>
        moneyColumnAt<Payslip>(kind, ['adjustmentsByKind', kind], kind === 'PRODUCT_SALES_COMMISSION' ? t('payroll.kind.short.PRODUCT_SALES_COMMISSION') : t(`payroll.kind.${kind}`), 120),
      ),
      { totalFixed: true },
    ),
  ];

  const sums = useMemo(() => {
    const values = sumsOf(rows, ['baseSalary', 'commissionShare', 'productSalesCommission', 'total']);
    for (const kind of ADJUSTMENT_KINDS) values[kind] = sumDecimals(rows.map((r) => r.adjustmentsByKind[kind]));
    return values;
  }, [rows]);

  async function refresh() {
    await queryClient.invalidateQueries({ queryKey: ['payroll'] });
  }

  function failed(e: unknown) {
    void message.error(e instanceof ApiError ? e.detail : String(e));
  }

  function compute() {
    if (!status) return;
    modal.confirm({
      title: status.computedAt ? t('payroll.recompute') : t('payroll.compute'),
      content: t(status.computedAt ? 'payroll.recomputeConfirm' : 'payroll.computeConfirm', { month, template: chosenTemplate }),
      okText: t('payroll.ok'),
      cancelText: t('payroll.cancel'),
      onOk: async () => {
        setBusy('compute');
        try {
          const result = await api.post('/api/payroll/months/{month}/compute', { path: { month }, body: { templateCode: chosenTemplate } });
          void message.success(t('payroll.computed', { month, n: result?.payslips ?? 0 }));
          await refresh();
        } catch (e) {
          failed(e);
        } finally {
          setBusy(null);
        }
      },
    });
  }

  function lock() {
    modal.confirm({
      title: t('payroll.lock'),
      content: t('payroll.lockConfirm', { month }),
      okText: t('payroll.lock'),
      okButtonProps: { danger: true },
      cancelText: t('payroll.cancel'),
      onOk: async () => {
        setBusy('lock');
        try {
          await api.post('/api/payroll/months/{month}/lock', { path: { month } });
          void message.success(t('payroll.locked', { month }));
          await refresh();
        } catch (e) {
          failed(e);
        } finally {
          setBusy(null);
        }
      },
    });
  }

  async function exportXlsx() {
    setBusy('export');
    try {
      await apiDownload(payslipsXlsxUrl(month), `payslips_${month}.xlsx`);
    } catch (e) {
      failed(e);
    } finally {
      setBusy(null);
    }
  }

  const locked = status?.status === 'LOCKED';
  const lockBlocked = !status?.computedAt ? t('payroll.lockDisabledNotComputed') : status.stale ? t('payroll.lockDisabledStale') : null;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <PayrollMonthToolbar
        month={month}
        onMonth={onMonth}
        testId="payroll-month"
        actions={
          <Space wrap>
            {canCompute && status && !locked && (
              <>
                <Typography.Text>{t('payroll.template')}</Typography.Text>
                <Select
                  value={chosenTemplate}
                  onChange={setTemplate}
                  style={{ minWidth: 160 }}
                  loading={templates.isPending}
                  options={(templates.data?.items ?? [{ templateCode: chosenTemplate, name: chosenTemplate }]).map((x) => ({ value: x.templateCode, label: `${x.templateCode} ${x.name}` }))}
                  data-testid="payroll-template"
                />
                <Button onClick={compute} loading={busy === 'compute'} data-testid="payroll-compute">
                  {status.computedAt ? t('payroll.recompute') : t('payroll.compute')}
                </Button>
              </>
            )}
            {canLock && status && !locked && (
              <Tooltip title={lockBlocked}>
                <Button danger onClick={lock} disabled={lockBlocked !== null} loading={busy === 'lock'} data-testid="payroll-lock">
                  {t('payroll.lock')}
                </Button>
              </Tooltip>
            )}
            {me.permissions.includes('payroll.export') && (
              <Button onClick={() => void exportXlsx()} disabled={!rows.length} loading={busy === 'export'} data-testid="payroll-export">
                {t('payroll.export')}
              </Button>
            )}
          </Space>
        }
      >
        {status && <MonthStatusTags status={status} />}
        {status?.computedAt && <Typography.Text type="secondary">{t('payroll.computedAt', { at: formatTime(status.computedAt), by: status.computedBy ?? '' })}</Typography.Text>}
        {status?.lockedAt && <Typography.Text type="secondary">{t('payroll.lockedAt', { at: formatTime(status.lockedAt), by: status.lockedBy ?? '' })}</Typography.Text>}
      </PayrollMonthToolbar>
      {status?.stale && <Alert type="warning" showIcon title={t('payroll.staleHint')} />}
      <QueryState query={payslips} ready={data !== undefined}>
        <DataTable<Payslip>
          rowKey="staffNo"
          columns={columns}
          rows={rows}
          loading={payslips.isFetching}
          pageSize={100}
          onRow={(row) => ({ onDoubleClick: () => setOpen(row.staffNo) })}
          emptyText={<EmptyState text={status?.computedAt ? undefined : t('payroll.notComputed', { month })} />}
          testId="payslips-table"
          totals={{ values: sums, fixed: true }}
        />
      </QueryState>
      <PayslipDrawer month={month} staffNo={open} onClose={() => setOpen(null)} />
    </Space>
  );
}
