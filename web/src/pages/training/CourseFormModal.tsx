import { DatePicker, Form, Input, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { codesOf } from '../../../../shared/codes';
import { api } from '../../api/api';
import { FormModal, useFormModal } from '../../components/FormModal';
import { useCodeLabel, useI18n } from '../../i18n/i18n';
import type { Course, CourseBody } from './trainingApi';

const FIELDS = ['title', 'category', 'material', 'materialUrl', 'mandatoryFor', 'dueOn', 'branchCode'] as const;

interface Values {
  title: string;
  category: CourseBody['category'];
  material?: string;
  materialUrl?: string;
  mandatoryFor?: NonNullable<CourseBody['mandatoryFor']>;
  dueOn?: Dayjs | null;
  branchCode?: string;
}

/** 新建 / 编辑课程: title, category, the material (plain text with line marks) or a link, mandatory staff categories and the due date. */
export function CourseFormModal({ course, open, firmWide, onClose, onSaved }: { course: Course | null; open: boolean; firmWide: boolean; onClose: () => void; onSaved: (c: Course) => void }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  const [form] = Form.useForm<Values>();
  const modal = useFormModal(form, FIELDS, onClose);
  const initial: Partial<Values> | undefined = course
    ? { title: course.title, category: course.category, material: course.material, materialUrl: course.materialUrl ?? '', mandatoryFor: course.mandatoryFor, dueOn: course.dueOn ? dayjs(course.dueOn) : null, branchCode: course.branchCode ?? '' }
    : { category: 'COMPLIANCE', mandatoryFor: [] };

  async function save(values: Values) {
    await modal.submit(async () => {
      const body: CourseBody = {
        title: values.title, category: values.category, material: values.material ?? '', materialUrl: values.materialUrl ? values.materialUrl : null,
        mandatoryFor: values.mandatoryFor ?? [], dueOn: values.dueOn ? values.dueOn.format('YYYY-MM-DD') : null, branchCode: values.branchCode ? values.branchCode : null,
      };
      const saved = course ? await api.put('/api/training/courses/{id}', { path: { id: course.id }, body }) : await api.post('/api/training/courses', { body });
      if (saved) onSaved(saved);
      modal.close();
    });
  }

  return (
    <FormModal modal={modal} title={t(course ? 'training.editCourse' : 'training.newCourse')} open={open} okText={t('training.save')} cancelText={t('training.cancel')} errorTestId="course-error" width={720}>
      <Form form={form} layout="vertical" initialValues={initial} onFinish={(v) => void save(v)} preserve={false}>
        <Form.Item name="title" label={t('training.field.title')} rules={[{ required: true, max: 200 }]}><Input data-testid="course-title" /></Form.Item>
        <Form.Item name="category" label={t('training.field.category')} rules={[{ required: true }]}>
          <Select options={codesOf('courseCategory').map((c) => ({ value: c, label: label('courseCategory', c) }))} />
        </Form.Item>
        <Form.Item name="mandatoryFor" label={t('training.field.mandatoryFor')}>
          <Select mode="multiple" data-testid="course-mandatory" options={codesOf('staffCategory').map((c) => ({ value: c, label: label('staffCategory', c) }))} />
        </Form.Item>
        <Form.Item name="dueOn" label={t('training.field.dueOn')}><DatePicker data-testid="course-due" /></Form.Item>
        {firmWide && <Form.Item name="branchCode" label={t('training.field.branchCode')}><Input style={{ width: 160 }} /></Form.Item>}
        <Form.Item name="material" label={t('training.material')} extra={t('training.materialHint')}><Input.TextArea rows={8} data-testid="course-material-input" /></Form.Item>
        <Form.Item name="materialUrl" label={t('training.materialUrl')}><Input placeholder="https://" /></Form.Item>
      </Form>
    </FormModal>
  );
}
