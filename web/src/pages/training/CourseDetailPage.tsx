import { useState } from 'react';
import { App, Button, Card, Descriptions, Form, Input, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useQueryClient } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { api } from '../../api/api';
import { useMe } from '../../api/queries';
import { FormModal, useFormModal } from '../../components/FormModal';
import { EmptyState, ErrorState, Loading } from '../../components/States';
import { useCodeLabel, useI18n } from '../../i18n/i18n';
import { CourseFormModal } from './CourseFormModal';
import { trainingRoot, useBanks, useCourse, type Course } from './trainingApi';
import { formatWhen, Material } from './widgets';

type ExamRow = Course['exams'][number];

/** 课程详情: the material, its link, the mandatory staff categories and the course's exams; edit and new exam for its managers. */
export default function CourseDetailPage() {
  const { id = '' } = useParams();
  const course = useCourse(id);
  if (course.isPending) return <Loading />;
  if (course.isError) return <ErrorState error={course.error} onRetry={() => void course.refetch()} />;
  return <CourseView course={course.data} />;
}

function CourseView({ course }: { course: Course }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  const { message } = App.useApp();
  const me = useMe().data;
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [addingExam, setAddingExam] = useState(false);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trainingRoot });

  const columns: TableColumnsType<ExamRow> = [
    { key: 'title', dataIndex: 'title', title: t('training.col.exam') },
    { key: 'window', title: t('training.col.window'), width: 280, render: (_, row) => `${formatWhen(row.opensAt)} – ${formatWhen(row.closesAt)}` },
    { key: 'timeLimit', title: t('training.col.timeLimit'), width: 90, render: (_, row) => t('training.minutes', { n: row.timeLimitMinutes }) },
    { key: 'questions', dataIndex: 'questionCount', title: t('training.col.questions'), width: 70, align: 'right' },
    { key: 'passMark', title: t('training.col.passMark'), width: 100, align: 'right', render: (_, row) => `${row.passMark}/${row.maxScore}` },
    { key: 'maxAttempts', dataIndex: 'maxAttempts', title: t('training.field.maxAttempts'), width: 110, align: 'right' },
  ];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={<Space><span data-testid="course-title-heading">{course.title}</span><Tag>{label('courseCategory', course.category)}</Tag></Space>}
        extra={course.editable && <Button onClick={() => setEditing(true)}>{t('training.edit')}</Button>}
      >
        <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 16 }}>
          <Descriptions.Item label={t('training.col.mandatoryFor')}>{course.mandatoryFor.length ? course.mandatoryFor.map((c) => <Tag key={c}>{label('staffCategory', c)}</Tag>) : '—'}</Descriptions.Item>
          <Descriptions.Item label={t('training.col.dueOn')}>{course.dueOn ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('training.col.branch')}>{course.branchName ?? t('training.firmWide')}</Descriptions.Item>
        </Descriptions>
        <Typography.Title level={5}>{t('training.material')}</Typography.Title>
        {course.material ? <Material text={course.material} /> : <Typography.Text type="secondary">{t('training.noMaterial')}</Typography.Text>}
        {course.materialUrl && <p><a href={course.materialUrl} target="_blank" rel="noreferrer noopener">{t('training.materialUrl')}</a></p>}
      </Card>
      <Card title={t('training.exams')} extra={course.editable && <Button type="primary" onClick={() => setAddingExam(true)} data-testid="new-exam">{t('training.newExam')}</Button>}>
        <Table<ExamRow> rowKey="id" size="small" columns={columns} dataSource={course.exams} pagination={false} scroll={{ x: 800 }} locale={{ emptyText: <EmptyState text={t('training.noExams')} /> }} />
      </Card>
      <CourseFormModal course={course} open={editing} firmWide={me?.scopeLevel === 'ALL'} onClose={() => setEditing(false)} onSaved={() => { void message.success(t('training.saved')); refresh(); }} />
      {addingExam && <ExamFormModal courseId={course.id} onClose={() => setAddingExam(false)} onSaved={() => { void message.success(t('training.saved')); refresh(); }} />}
    </Space>
  );
}

/** The browser's own date-time input format (local time). */
const LOCAL_TIME = 'YYYY-MM-DDTHH:mm';

const EXAM_FIELDS = ['bankId', 'title', 'timeLimitMinutes', 'draw.single', 'draw.multiple', 'draw.trueFalse', 'points.single', 'points.multiple', 'points.trueFalse', 'passMark', 'maxAttempts', 'opensAt', 'closesAt', 'draw'] as const;

interface ExamValues {
  bankId: string;
  title: string;
  timeLimitMinutes: number;
  draw: { single: number; multiple: number; trueFalse: number };
  points: { single: number; multiple: number; trueFalse: number };
  passMark: number;
  maxAttempts: number;
  opensAt: string;
  closesAt: string;
}

/** 新建考试: a bank, the draw and points per kind (the full marks shown as they add up), pass mark, attempts and the window. */
function ExamFormModal({ courseId, onClose, onSaved }: { courseId: string; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<ExamValues>();
  const modal = useFormModal(form, EXAM_FIELDS, onClose);
  const banks = useBanks();
  const draw = Form.useWatch('draw', form);
  const points = Form.useWatch('points', form);
  const full = (draw?.single ?? 0) * (points?.single ?? 0) + (draw?.multiple ?? 0) * (points?.multiple ?? 0) + (draw?.trueFalse ?? 0) * (points?.trueFalse ?? 0);

  async function save(v: ExamValues) {
    await modal.submit(async () => {
      await api.post('/api/training/exams', {
        body: {
          courseId, bankId: v.bankId, title: v.title, timeLimitMinutes: v.timeLimitMinutes, draw: v.draw, points: v.points, passMark: v.passMark, maxAttempts: v.maxAttempts,
          opensAt: dayjs(v.opensAt).format(), closesAt: dayjs(v.closesAt).format(),
        },
      });
      onSaved();
      modal.close();
    });
  }
  const number = (name: string | string[], labelKey: Parameters<typeof t>[0], testId: string, min = 0) => (
    <Form.Item name={name} label={t(labelKey)} rules={[{ required: true }]}><InputNumber min={min} precision={0} data-testid={testId} style={{ width: 120 }} /></Form.Item>
  );
  return (
    <FormModal modal={modal} title={t('training.newExam')} open okText={t('training.save')} cancelText={t('training.cancel')} errorTestId="exam-error" width={760}
      hint={<Typography.Paragraph strong data-testid="exam-full-marks">{t('training.fullMarks', { n: full })}</Typography.Paragraph>}>
      <Form form={form} layout="vertical" onFinish={(v) => void save(v)}
        initialValues={{
          timeLimitMinutes: 30, draw: { single: 0, multiple: 0, trueFalse: 0 }, points: { single: 2, multiple: 4, trueFalse: 1 }, passMark: 60, maxAttempts: 2,
          opensAt: dayjs().startOf('minute').format(LOCAL_TIME), closesAt: dayjs().startOf('minute').add(30, 'day').format(LOCAL_TIME),
        }}>
        <Form.Item name="bankId" label={t('training.field.bank')} rules={[{ required: true }]}>
          <Select data-testid="exam-bank" loading={banks.isPending}
            options={(banks.data?.items ?? []).map((b) => ({ value: b.id, label: `${b.name} (${b.counts.SINGLE}/${b.counts.MULTIPLE}/${b.counts.TRUE_FALSE})` }))} />
        </Form.Item>
        <Form.Item name="title" label={t('training.field.title')} rules={[{ required: true, max: 200 }]}><Input data-testid="exam-title" /></Form.Item>
        <Space wrap size="middle">
          {number(['draw', 'single'], 'training.field.drawSingle', 'exam-draw-single')}
          {number(['draw', 'multiple'], 'training.field.drawMultiple', 'exam-draw-multiple')}
          {number(['draw', 'trueFalse'], 'training.field.drawTrueFalse', 'exam-draw-true-false')}
        </Space>
        <Space wrap size="middle">
          {number(['points', 'single'], 'training.field.pointsSingle', 'exam-points-single', 1)}
          {number(['points', 'multiple'], 'training.field.pointsMultiple', 'exam-points-multiple', 1)}
          {number(['points', 'trueFalse'], 'training.field.pointsTrueFalse', 'exam-points-true-false', 1)}
        </Space>
        <Space wrap size="middle">
          {number('timeLimitMinutes', 'training.field.timeLimit', 'exam-time-limit', 1)}
          {number('passMark', 'training.field.passMark', 'exam-pass-mark', 1)}
          {number('maxAttempts', 'training.field.maxAttempts', 'exam-max-attempts', 1)}
        </Space>
        <Space wrap size="middle">
          <Form.Item name="opensAt" label={t('training.field.opensAt')} rules={[{ required: true }]}><Input type="datetime-local" data-testid="exam-opens" /></Form.Item>
          <Form.Item name="closesAt" label={t('training.field.closesAt')} rules={[{ required: true }]}><Input type="datetime-local" data-testid="exam-closes" /></Form.Item>
        </Space>
      </Form>
    </FormModal>
  );
}
