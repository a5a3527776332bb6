import { useState } from 'react';
import { App, Button, Card, Space, Switch, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { useMe } from '../../api/queries';
import { EmptyState, ErrorState } from '../../components/States';
import { useCodeLabel, useI18n } from '../../i18n/i18n';
import { CourseFormModal } from './CourseFormModal';
import { COURSES_PATH, trainingRoot, useCourses, type CourseListItem } from './trainingApi';

/** 培训考试 → 培训课程: the courses that reach the caller (firm-wide and their branch's), a new one for training.manage. */
export default function CoursesPage() {
  const { t } = useI18n();
  const label = useCodeLabel();
  const { message } = App.useApp();
  const me = useMe().data;
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [archived, setArchived] = useState(false);
  const courses = useCourses(archived);
  const [creating, setCreating] = useState(false);
  const canManage = me?.permissions.includes('training.manage') ?? false;

  const columns: TableColumnsType<CourseListItem> = [
    { key: 'title', title: t('training.col.title'), render: (_, row) => <Link to={`${COURSES_PATH}/${row.id}`}>{row.title}</Link> },
    { key: 'category', dataIndex: 'category', title: t('training.col.category'), width: 110, render: (v: string) => label('courseCategory', v) },
    { key: 'mandatoryFor', title: t('training.col.mandatoryFor'), width: 220, render: (_, row) => row.mandatoryFor.map((c) => <Tag key={c}>{label('staffCategory', c)}</Tag>) },
    { key: 'dueOn', dataIndex: 'dueOn', title: t('training.col.dueOn'), width: 110, render: (v: string | null) => v ?? '—' },
    { key: 'branch', title: t('training.col.branch'), width: 180, render: (_, row) => row.branchName ?? t('training.firmWide') },
    { key: 'exams', title: t('training.col.exams'), width: 80, align: 'right', render: (_, row) => row.exams.length },
    { key: 'createdBy', dataIndex: 'createdBy', title: t('training.col.createdBy'), width: 110 },
  ];
  if (courses.isError) return <ErrorState error={courses.error} onRetry={() => void courses.refetch()} />;
  return (
    <Card title={t('menu.trainingCourses')} extra={
      <Space wrap>
        <Space size={4}><Switch size="small" checked={archived} onChange={setArchived} data-testid="show-archived" />{t('training.showArchived')}</Space>
        {canManage && <Button type="primary" onClick={() => setCreating(true)} data-testid="new-course">{t('training.newCourse')}</Button>}
      </Space>
    }>
      <Table<CourseListItem> rowKey="id" size="small" loading={courses.isPending} columns={columns} dataSource={courses.data?.items ?? []}
        pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }} scroll={{ x: 900 }} locale={{ emptyText: <EmptyState /> }} />
      <CourseFormModal course={null} open={creating} firmWide={me?.scopeLevel === 'ALL'} onClose={() => setCreating(false)}
        onSaved={(c) => {
          void message.success(t('training.saved'));
          void queryClient.invalidateQueries({ queryKey: trainingRoot });
          navigate(`${COURSES_PATH}/${c.id}`);
        }} />
    </Card>
  );
}
