import { App, Button, Card, Space, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { api } from '../../api/api';
import { EmptyState, ErrorState } from '../../components/States';
import { useI18n } from '../../i18n/i18n';
import { ATTEMPTS_PATH, trainingRoot, useMyExams, type MyExam } from './trainingApi';
import { formatWhen, StateTag } from './widgets';

/** 培训考试 → 我的考试: the exams of the courses that reach the caller's staff member, with the state of each and a start. */
export default function MyExamsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const exams = useMyExams();
  const queryClient = useQueryClient();

  async function start(exam: MyExam) {
    try {
      const attempt = await api.post('/api/training/exams/{id}/attempts', { path: { id: exam.examId } });
      // the list says 继续答题 from now on: not the 开始考试 of a cached list when the candidate comes back mid-way
      void queryClient.invalidateQueries({ queryKey: trainingRoot });
      if (attempt) navigate(`${ATTEMPTS_PATH}/${attempt.id}`);
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    }
  }

  const columns: TableColumnsType<MyExam> = [
    {
      key: 'exam', title: t('training.col.exam'),
      render: (_, row) => (
        <Space orientation="vertical" size={0}>
          <span>{row.title}</span>
          <span style={{ color: '#888' }}>{row.courseTitle}{row.mandatory && <Tag color="red" style={{ marginLeft: 8 }}>{t('training.mandatory')}</Tag>}</span>
        </Space>
      ),
    },
    { key: 'dueOn', dataIndex: 'dueOn', title: t('training.col.dueOn'), width: 110, render: (v: string | null) => v ?? '—' },
    { key: 'window', title: t('training.col.window'), width: 280, render: (_, row) => `${formatWhen(row.opensAt)} – ${formatWhen(row.closesAt)}` },
    { key: 'timeLimit', title: t('training.col.timeLimit'), width: 90, render: (_, row) => t('training.minutes', { n: row.timeLimitMinutes }) },
    { key: 'questions', dataIndex: 'questionCount', title: t('training.col.questions'), width: 70, align: 'right' },
    { key: 'passMark', title: t('training.col.passMark'), width: 100, align: 'right', render: (_, row) => `${row.passMark}/${row.maxScore}` },
    { key: 'attempts', title: t('training.col.attempts'), width: 90, align: 'right', render: (_, row) => `${row.attemptsUsed}/${row.maxAttempts}` },
    { key: 'bestScore', dataIndex: 'bestScore', title: t('training.col.bestScore'), width: 80, align: 'right', render: (v: number | null) => <span data-testid="best-score">{v ?? '—'}</span> },
    { key: 'state', dataIndex: 'state', title: t('training.col.state'), width: 110, render: (v: string) => <StateTag kind="examState" value={v} /> },
    {
      key: 'actions', title: t('training.col.actions'), width: 110,
      render: (_, row) =>
        row.state === 'OPEN' ? <Button type="primary" size="small" onClick={() => void start(row)} data-testid={`start-exam-${row.examId}`}>{t('training.start')}</Button>
        : row.state === 'IN_PROGRESS' ? <Button size="small" onClick={() => void start(row)} data-testid={`start-exam-${row.examId}`}>{t('training.continue')}</Button>
        : null,
    },
  ];
  if (exams.isError) return <ErrorState error={exams.error} onRetry={() => void exams.refetch()} />;
  return (
    <Card title={t('menu.trainingMyExams')}>
      <Table<MyExam> rowKey="examId" size="small" loading={exams.isPending} columns={columns} dataSource={exams.data?.items ?? []} pagination={false}
        scroll={{ x: 1100 }} locale={{ emptyText: <EmptyState text={t('training.myEmpty')} /> }} data-testid="my-exams" />
    </Card>
  );
}
