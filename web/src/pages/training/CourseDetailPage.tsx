import { useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Form, Input, InputNumber, Popconfirm, Select, Space, Table, Tag, Tooltip, Typography, Upload } from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router';
import { api } from '../../api/api';
import { useMe } from '../../api/queries';
import { FormModal, useFormModal } from '../../components/FormModal';
import { EmptyState, ErrorState, Loading } from '../../components/States';
import { useCodeLabel, useI18n } from '../../i18n/i18n';
import { CourseFormModal } from './CourseFormModal';
import { materialHref, trainingRoot, useBanks, useCourse, useCourseCompletion, useExam, type Course, type CourseCompletion, type Exam } from './trainingApi';
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
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [addingExam, setAddingExam] = useState(false);
  const [editingExam, setEditingExam] = useState<string | null>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trainingRoot });
  const manager = me?.permissions.includes('training.manage') ?? false;
  /** Runs a change, says so, refreshes; a refusal (problem+json) is shown as it is. */
  async function act(change: () => Promise<unknown>, done: string) {
    try {
      await change();
      void message.success(done);
      refresh();
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    }
  }
  const archiveExam = (row: ExamRow) => act(() => api.post('/api/training/exams/{id}/archive', { path: { id: row.id }, body: { archived: row.archivedAt === null } }), t('training.saved'));
  const deleteExam = (row: ExamRow) => act(() => api.delete('/api/training/exams/{id}', { path: { id: row.id } }), t('training.deleted'));

  const columns: TableColumnsType<ExamRow> = [
    { key: 'title', title: t('training.col.exam'), render: (_, row) => <Space>{row.title}{row.archivedAt && <Tag>{t('training.archived')}</Tag>}</Space> },
    { key: 'window', title: t('training.col.window'), width: 280, render: (_, row) => `${formatWhen(row.opensAt)} – ${formatWhen(row.closesAt)}` },
    { key: 'timeLimit', title: t('training.col.timeLimit'), width: 90, render: (_, row) => t('training.minutes', { n: row.timeLimitMinutes }) },
    { key: 'questions', dataIndex: 'questionCount', title: t('training.col.questions'), width: 70, align: 'right' },
    { key: 'passMark', title: t('training.col.passMark'), width: 100, align: 'right', render: (_, row) => `${row.passMark}/${row.maxScore}` },
    { key: 'maxAttempts', dataIndex: 'maxAttempts', title: t('training.field.maxAttempts'), width: 110, align: 'right' },
    ...(course.editable ? [{
      key: 'actions', title: '', width: 200, render: (_: unknown, row: ExamRow) => (
        <Space size={4}>
          <Button size="small" type="link" onClick={() => setEditingExam(row.id)} data-testid={`edit-exam-${row.id}`}>{t('training.edit')}</Button>
          {row.archivedAt ? (
            <Button size="small" type="link" onClick={() => void archiveExam(row)}>{t('training.restore')}</Button>
          ) : (
            <Popconfirm title={t('training.archiveConfirm')} onConfirm={() => void archiveExam(row)}><Button size="small" type="link">{t('training.archive')}</Button></Popconfirm>
          )}
          <Tooltip title={row.attempted ? t('training.deleteBlocked') : undefined}>
            <Popconfirm title={t('training.deleteRecordConfirm')} onConfirm={() => void deleteExam(row)} disabled={row.attempted}>
              <Button size="small" type="link" danger disabled={row.attempted}>{t('training.delete')}</Button>
            </Popconfirm>
          </Tooltip>
        </Space>
      ),
    }] : []),
  ];
  const courseActions = course.editable && (
    <Space wrap>
      <Button onClick={() => setEditing(true)}>{t('training.edit')}</Button>
      {course.archivedAt ? (
        <Button onClick={() => void act(() => api.post('/api/training/courses/{id}/archive', { path: { id: course.id }, body: { archived: false } }), t('training.saved'))}>{t('training.restore')}</Button>
      ) : (
        <Popconfirm title={t('training.archiveConfirm')} onConfirm={() => void act(() => api.post('/api/training/courses/{id}/archive', { path: { id: course.id }, body: { archived: true } }), t('training.saved'))}>
          <Button data-testid="archive-course">{t('training.archive')}</Button>
        </Popconfirm>
      )}
      <Tooltip title={course.deletable ? undefined : t('training.deleteBlocked')}>
        <Popconfirm title={t('training.deleteRecordConfirm')} disabled={!course.deletable}
          onConfirm={() => void act(async () => { await api.delete('/api/training/courses/{id}', { path: { id: course.id } }); navigate('/training/courses'); }, t('training.deleted'))}>
          <Button danger disabled={!course.deletable} data-testid="delete-course">{t('training.delete')}</Button>
        </Popconfirm>
      </Tooltip>
    </Space>
  );
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={<Space><span data-testid="course-title-heading">{course.title}</span><Tag>{label('courseCategory', course.category)}</Tag>{course.archivedAt && <Tag color="default">{t('training.archived')}</Tag>}</Space>}
        extra={courseActions}
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
      <Documents course={course} onChanged={refresh} />
      <Card title={t('training.exams')} extra={course.editable && !course.archivedAt && <Button type="primary" onClick={() => setAddingExam(true)} data-testid="new-exam">{t('training.newExam')}</Button>}>
        <Table<ExamRow> rowKey="id" size="small" columns={columns} dataSource={course.exams} pagination={false} scroll={{ x: 900 }} locale={{ emptyText: <EmptyState text={t('training.noExams')} /> }} />
      </Card>
      {manager && course.mandatoryFor.length > 0 && <Completion courseId={course.id} />}
      <CourseFormModal course={course} open={editing} firmWide={me?.scopeLevel === 'ALL'} onClose={() => setEditing(false)} onSaved={() => { void message.success(t('training.saved')); refresh(); }} />
      {addingExam && <ExamFormModal courseId={course.id} exam={null} onClose={() => setAddingExam(false)} onSaved={() => { void message.success(t('training.saved')); refresh(); }} />}
      {editingExam && <EditExam examId={editingExam} onClose={() => setEditingExam(null)} onSaved={() => { void message.success(t('training.saved')); refresh(); }} />}
    </Space>
  );
}

/** 课程资料: the course's documents to download; its managers upload (type checked on the server) and delete them. */
function Documents({ course, onChanged }: { course: Course; onChanged: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [uploading, setUploading] = useState(false);
  async function upload(file: File) {
    setUploading(true);
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      let binary = '';
      for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      await api.post('/api/training/courses/{id}/materials', { path: { id: course.id }, body: { fileName: file.name, file: btoa(binary) } });
      void message.success(t('training.uploaded', { name: file.name }));
      onChanged();
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setUploading(false);
    }
  }
  async function remove(id: string) {
    try {
      await api.delete('/api/training/courses/{id}/materials/{materialId}', { path: { id: course.id, materialId: id } });
      onChanged();
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    }
  }
  type Doc = Course['materials'][number];
  const columns: TableColumnsType<Doc> = [
    { key: 'fileName', title: t('training.documents'), render: (_, row) => <a href={materialHref(course.id, row.id)} download={row.fileName} data-testid={`document-${row.id}`}>{row.fileName}</a> },
    { key: 'size', title: t('training.col.size'), width: 100, align: 'right', render: (_, row) => (row.sizeBytes >= 1024 * 1024 ? `${(row.sizeBytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(row.sizeBytes / 1024))} KB`) },
    { key: 'uploadedBy', dataIndex: 'uploadedBy', title: t('training.col.uploadedBy'), width: 120 },
    { key: 'uploadedAt', title: t('training.col.uploadedAt'), width: 170, render: (_, row) => formatWhen(row.uploadedAt) },
    ...(course.editable ? [{
      key: 'actions', title: '', width: 80, render: (_: unknown, row: Doc) => (
        <Popconfirm title={t('training.deleteRecordConfirm')} onConfirm={() => void remove(row.id)}><Button size="small" type="link" danger>{t('training.delete')}</Button></Popconfirm>
      ),
    }] : []),
  ];
  return (
    <Card title={t('training.documents')} extra={course.editable && (
      <Upload accept=".pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.png,.jpg,.jpeg,.gif" showUploadList={false} beforeUpload={(file) => { void upload(file); return false; }}>
        <Tooltip title={t('training.uploadHint')}><Button loading={uploading} data-testid="upload-document">{t('training.upload')}</Button></Tooltip>
      </Upload>
    )}>
      <Table<Doc> rowKey="id" size="small" columns={columns} dataSource={course.materials} pagination={false} scroll={{ x: 600 }} locale={{ emptyText: <EmptyState text={t('training.noDocuments')} /> }} />
    </Card>
  );
}

/** 必修完成情况: who in the manager's scope must take the course, and who has completed it, is pending or overdue. */
function Completion({ courseId }: { courseId: string }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  const completion = useCourseCompletion(courseId, true);
  type Row = CourseCompletion['items'][number];
  const color = { DONE: 'green', PENDING: 'blue', OVERDUE: 'red' } as const;
  const columns: TableColumnsType<Row> = [
    { key: 'staff', title: t('training.col.staff'), render: (_, row) => `${row.name}（${row.staffNo}）` },
    { key: 'category', title: t('training.col.mandatoryFor'), width: 110, render: (_, row) => label('staffCategory', row.category) },
    { key: 'branch', dataIndex: 'branchName', title: t('training.col.branch'), width: 170 },
    { key: 'team', title: t('training.col.team'), width: 140, render: (_, row) => row.teamName ?? '—' },
    { key: 'completion', title: t('training.completion'), width: 100, render: (_, row) => <Tag color={color[row.completion as keyof typeof color]}>{label('courseCompletion', row.completion)}</Tag> },
    { key: 'passedAt', title: t('training.col.passedAt'), width: 170, render: (_, row) => formatWhen(row.passedAt) },
    { key: 'bestScore', title: t('training.col.bestScore'), width: 80, align: 'right', render: (_, row) => row.bestScore ?? '—' },
    { key: 'attempts', dataIndex: 'attempts', title: t('training.col.closedAttempts'), width: 80, align: 'right' },
  ];
  if (completion.isError) return <ErrorState error={completion.error} onRetry={() => void completion.refetch()} />;
  const c = completion.data;
  return (
    <Card title={t('training.completion')} data-testid="course-completion"
      extra={c && t('training.completionCounts', { done: c.counts.DONE, pending: c.counts.PENDING, overdue: c.counts.OVERDUE, asOf: c.asOf })}>
      <Table<Row> rowKey="staffNo" size="small" loading={completion.isPending} columns={columns} dataSource={c?.items ?? []}
        pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }} scroll={{ x: 900 }} locale={{ emptyText: <EmptyState /> }} />
    </Card>
  );
}

/** 修改考试: the exam as it is, in the form; once attempted, only title, window and attempts are open. */
function EditExam({ examId, onClose, onSaved }: { examId: string; onClose: () => void; onSaved: () => void }) {
  const exam = useExam(examId);
  if (exam.isPending) return null;
  if (exam.isError) return <ErrorState error={exam.error} onRetry={() => void exam.refetch()} />;
  return <ExamFormModal courseId={exam.data.courseId} exam={exam.data} onClose={onClose} onSaved={onSaved} />;
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
function ExamFormModal({ courseId, exam, onClose, onSaved }: { courseId: string; exam: Exam | null; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<ExamValues>();
  const modal = useFormModal(form, EXAM_FIELDS, onClose);
  const banks = useBanks();
  const draw = Form.useWatch('draw', form);
  const points = Form.useWatch('points', form);
  const full = (draw?.single ?? 0) * (points?.single ?? 0) + (draw?.multiple ?? 0) * (points?.multiple ?? 0) + (draw?.trueFalse ?? 0) * (points?.trueFalse ?? 0);

  async function save(v: ExamValues) {
    await modal.submit(async () => {
      const body = {
        courseId, bankId: v.bankId, title: v.title, timeLimitMinutes: v.timeLimitMinutes, draw: v.draw, points: v.points, passMark: v.passMark, maxAttempts: v.maxAttempts,
        opensAt: dayjs(v.opensAt).format(), closesAt: dayjs(v.closesAt).format(),
      };
      if (exam) await api.put('/api/training/exams/{id}', { path: { id: exam.id }, body });
      else await api.post('/api/training/exams', { body });
      onSaved();
      modal.close();
    });
  }
  // once attempted, what scores an attempt is fixed (the server refuses a change with 409)
  const fixed = exam?.attempted ?? false;
  const number = (name: string | string[], labelKey: Parameters<typeof t>[0], testId: string, min = 0, scoring = true) => (
    <Form.Item name={name} label={t(labelKey)} rules={[{ required: true }]}><InputNumber min={min} precision={0} disabled={fixed && scoring} data-testid={testId} style={{ width: 120 }} /></Form.Item>
  );
  return (
    <FormModal modal={modal} title={exam ? t('training.editExam') : t('training.newExam')} open okText={t('training.save')} cancelText={t('training.cancel')} errorTestId="exam-error" width={760}
      hint={<>
        {fixed && <Alert type="info" showIcon title={t('training.examAttemptedHint')} style={{ marginBottom: 8 }} />}
        <Typography.Paragraph strong data-testid="exam-full-marks">{t('training.fullMarks', { n: full })}</Typography.Paragraph>
      </>}>
      <Form form={form} layout="vertical" onFinish={(v) => void save(v)}
        initialValues={exam ? {
          bankId: exam.bankId, title: exam.title, timeLimitMinutes: exam.timeLimitMinutes, draw: exam.draw, points: exam.points, passMark: exam.passMark,
          maxAttempts: exam.maxAttempts, opensAt: dayjs(exam.opensAt).format(LOCAL_TIME), closesAt: dayjs(exam.closesAt).format(LOCAL_TIME),
        } : {
          timeLimitMinutes: 30, draw: { single: 0, multiple: 0, trueFalse: 0 }, points: { single: 2, multiple: 4, trueFalse: 1 }, passMark: 60, maxAttempts: 2,
          opensAt: dayjs().startOf('minute').format(LOCAL_TIME), closesAt: dayjs().startOf('minute').add(30, 'day').format(LOCAL_TIME),
        }}>
        <Form.Item name="bankId" label={t('training.field.bank')} rules={[{ required: true }]}>
          <Select data-testid="exam-bank" loading={banks.isPending} disabled={fixed}
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
          {number('maxAttempts', 'training.field.maxAttempts', 'exam-max-attempts', 1, false)}
        </Space>
        <Space wrap size="middle">
          <Form.Item name="opensAt" label={t('training.field.opensAt')} rules={[{ required: true }]}><Input type="datetime-local" data-testid="exam-opens" /></Form.Item>
          <Form.Item name="closesAt" label={t('training.field.closesAt')} rules={[{ required: true }]}><Input type="datetime-local" data-testid="exam-closes" /></Form.Item>
        </Space>
      </Form>
    </FormModal>
  );
}
