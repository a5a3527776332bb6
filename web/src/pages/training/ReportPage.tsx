import { useState } from 'react';
import { App, Button, Card, Input, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { apiUrl } from '../../api/api';
import { apiDownload } from '../../api/client';
import { NUMERIC_CELL } from '../../components/columns';
import { EmptyState, ErrorState } from '../../components/States';
import { useI18n, type Translate } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { useTrainingReport, type ReportRow } from './trainingApi';

const NUMBERS: [keyof ReportRow, MessageKey][] = [
  ['staffCount', 'training.report.staffCount'],
  ['required', 'training.report.required'],
  ['completed', 'training.report.completed'],
  ['overdue', 'training.report.overdue'],
  ['completionRate', 'training.report.completionRate'],
  ['examinees', 'training.report.examinees'],
  ['passedExaminees', 'training.report.passedExaminees'],
  ['passRate', 'training.report.passRate'],
  ['attempts', 'training.report.attempts'],
  ['averageScore', 'training.report.averageScore'],
];

function columnsOf(t: Translate): TableColumnsType<ReportRow> {
  return [
    { key: 'branch', title: t('training.col.branch'), width: 180, render: (_, row) => row.branchName ?? row.branchCode },
    { key: 'team', title: t('staff.col.team'), width: 160, render: (_, row) => row.teamName ?? t('training.report.noTeam') },
    ...NUMBERS.map(([key, title]) => ({
      key, title: t(title), width: 110, align: 'right' as const,
      render: (_: unknown, row: ReportRow) => <span style={NUMERIC_CELL} data-testid={`report-${row.teamCode ?? 'none'}-${key}`}>{row[key] ?? '—'}</span>,
    })),
  ];
}

/** 培训考试报表: per team in the caller's staff scope — mandatory courses completed, pass rate, average score — with the total; Excel export. */
export default function TrainingReportPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [branch, setBranch] = useState<string | undefined>(undefined);
  const report = useTrainingReport(branch);
  const columns = columnsOf(t);
  if (report.isError) return <ErrorState error={report.error} onRetry={() => void report.refetch()} />;
  const total = report.data?.total;
  return (
    <Card
      title={t('menu.trainingReport')}
      extra={
        <Space>
          <Input.Search allowClear placeholder={t('training.report.filter.branch')} style={{ width: 180 }} onSearch={(v) => setBranch(v.trim() || undefined)} />
          <Button onClick={() => void apiDownload(apiUrl('/api/training/report', { query: { branch, format: 'xlsx' } }), 'training-report.xlsx').catch((e: unknown) => void message.error(String(e)))}>
            {t('training.export')}
          </Button>
        </Space>
      }
    >
      {report.data && <Typography.Paragraph type="secondary">{report.data.asOf}</Typography.Paragraph>}
      <Table<ReportRow> rowKey={(r) => `${r.branchCode ?? ''}|${r.teamCode ?? ''}`} size="small" loading={report.isPending} columns={columns} dataSource={report.data?.rows ?? []}
        pagination={false} scroll={{ x: 1400 }} locale={{ emptyText: <EmptyState /> }} data-testid="training-report"
        summary={() => total && (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0} colSpan={2}><strong>{t('training.report.total')}</strong></Table.Summary.Cell>
            {NUMBERS.map(([key], i) => (
              <Table.Summary.Cell key={key} index={i + 2} align="right"><span style={NUMERIC_CELL} data-testid={`report-total-${key}`}>{total[key] ?? '—'}</span></Table.Summary.Cell>
            ))}
          </Table.Summary.Row>
        )} />
    </Card>
  );
}
