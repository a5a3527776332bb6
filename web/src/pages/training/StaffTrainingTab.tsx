import { Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link } from 'react-router';
import { EmptyState, ErrorState } from '../../components/States';
import { useCodeLabel, useI18n } from '../../i18n/i18n';
import { ATTEMPTS_PATH, COURSES_PATH, useStaffTraining, type StaffTraining } from './trainingApi';
import { formatWhen, StateTag } from './widgets';

type CourseRow = StaffTraining['courses'][number];
type AttemptRow = StaffTraining['attempts'][number];

/** 员工详情 → 培训考试: the staff member's mandatory courses with their completion, and every exam attempt. */
export function StaffTrainingTab({ staffNo }: { staffNo: string }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  const training = useStaffTraining(staffNo);
  if (training.isError) return <ErrorState error={training.error} onRetry={() => void training.refetch()} />;
  const courses: TableColumnsType<CourseRow> = [
    { key: 'title', title: t('training.col.course'), render: (_, row) => <Link to={`${COURSES_PATH}/${row.courseId}`}>{row.title}</Link> },
    { key: 'category', dataIndex: 'category', title: t('training.col.category'), width: 120, render: (v: string) => label('courseCategory', v) },
    { key: 'dueOn', dataIndex: 'dueOn', title: t('training.col.dueOn'), width: 110, render: (v: string | null) => v ?? '—' },
    { key: 'completion', dataIndex: 'completion', title: t('training.col.completion'), width: 110, render: (v: string) => <StateTag kind="courseCompletion" value={v} /> },
  ];
  const attempts: TableColumnsType<AttemptRow> = [
    { key: 'exam', title: t('training.col.exam'), render: (_, row) => <Link to={`${ATTEMPTS_PATH}/${row.id}`}>{`${row.examTitle}（${row.courseTitle}）`}</Link> },
    { key: 'attemptNo', dataIndex: 'attemptNo', title: t('training.col.attemptNo'), width: 70, align: 'right' },
    { key: 'startedAt', title: t('training.col.startedAt'), width: 150, render: (_, row) => formatWhen(row.startedAt) },
    { key: 'closedAt', title: t('training.col.closedAt'), width: 150, render: (_, row) => formatWhen(row.closedAt) },
    { key: 'status', dataIndex: 'status', title: t('training.col.state'), width: 110, render: (v: string) => <StateTag kind="attemptStatus" value={v} /> },
    { key: 'score', title: t('training.col.score'), width: 90, align: 'right', render: (_, row) => (row.score === null ? '—' : `${row.score}/${row.maxScore}`) },
    { key: 'passed', dataIndex: 'passed', title: t('training.col.passed'), width: 90, render: (v: boolean | null) => (v === null ? '—' : <Tag color={v ? 'green' : 'red'}>{v ? t('training.passed') : t('training.failed')}</Tag>) },
  ];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={5}>{t('training.staff.courses')}</Typography.Title>
      <Table<CourseRow> rowKey="courseId" size="small" loading={training.isPending} columns={courses} dataSource={training.data?.courses ?? []} pagination={false}
        locale={{ emptyText: <EmptyState text={t('training.staff.noCourses')} /> }} />
      <Typography.Title level={5}>{t('training.staff.attempts')}</Typography.Title>
      <Table<AttemptRow> rowKey="id" size="small" loading={training.isPending} columns={attempts} dataSource={training.data?.attempts ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }} scroll={{ x: 900 }} locale={{ emptyText: <EmptyState text={t('training.staff.noAttempts')} /> }} data-testid="staff-training-attempts" />
    </Space>
  );
}
