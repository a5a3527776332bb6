import { Alert, App, Button, Card, DatePicker, Form, Input, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useNavigate } from 'react-router';
import { useCurrentUser } from '../../../components/AppLayout';
import { againstField } from '../../../components/formRules';
import { useFormSubmit } from '../../../components/formSubmit';
import { ErrorState, Forbidden, Loading } from '../../../components/States';
import { useI18n } from '../../../i18n/i18n';
import { categoryOptions, contractOptions, emailRule, levelOptions, mobileRule, required } from './fields';
import { createStaff, useManageOptions, type ContractType, type StaffCategory, type StaffLevel } from './manageApi';
import { canManageStaff, staffManagePath } from './menu';

interface NewStaffForm {
  staffNo: string;
  name: string;
  category: StaffCategory;
  level: StaffLevel;
  branchCode: string;
  teamCode?: string;
  hireDate: Dayjs;
  leaveDate?: Dayjs | null;
  contractType: ContractType;
  mobile?: string;
  email?: string;
}

const FIELDS = ['staffNo', 'name', 'category', 'level', 'branchCode', 'teamCode', 'hireDate', 'leaveDate', 'contractType', 'mobile', 'email'];

/** 新增员工: ADMIN and HQ in any branch, a branch manager in their own. */
export default function NewStaffPage() {
  const me = useCurrentUser();
  const options = useManageOptions();
  if (!canManageStaff(me)) return <Forbidden />;
  if (options.isPending) return <Loading />;
  if (options.isError) return <ErrorState error={options.error} onRetry={() => void options.refetch()} />;
  return <NewStaffForm branches={options.data.branches} teams={options.data.teams} />;
}

function NewStaffForm({ branches, teams }: { branches: { code: string; name: string }[]; teams: { code: string; name: string; branchCode: string }[] }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<NewStaffForm>();
  const { busy, error, submit: run } = useFormSubmit(form, FIELDS);
  const branch = Form.useWatch('branchCode', form);

  function submit(values: NewStaffForm) {
    return run(async () => {
      const created = await createStaff({
        staffNo: values.staffNo.trim(),
        name: values.name.trim(),
        category: values.category,
        level: values.level,
        branchCode: values.branchCode,
        teamCode: values.teamCode ?? null,
        hireDate: values.hireDate.format('YYYY-MM-DD'),
        leaveDate: values.leaveDate ? values.leaveDate.format('YYYY-MM-DD') : null,
        contractType: values.contractType,
        mobile: values.mobile?.trim() || null,
        email: values.email?.trim() || null,
      });
      void message.success(t('sm.created', { staffNo: created.staffNo }));
      navigate(staffManagePath(created.staffNo));
    });
  }

  return (
    <Card size="small" title={t('sm.newTitle')} style={{ maxWidth: 760 }}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form<NewStaffForm>
        form={form}
        layout="horizontal"
        labelCol={{ span: 6 }}
        wrapperCol={{ span: 14 }}
        initialValues={{ branchCode: branches.length === 1 ? branches[0]?.code : undefined, level: '见习', category: 'BROKER', contractType: 'LABOR' }}
        onFinish={(v) => void submit(v)}
        data-testid="new-staff-form"
      >
        <Form.Item name="staffNo" label={t('sm.field.staffNo')} rules={[required(t, t('sm.field.staffNo')), { pattern: /^[A-Za-z0-9_.-]{1,32}$/, message: t('sm.rule.staffNo') }]}>
          <Input maxLength={32} />
        </Form.Item>
        <Form.Item name="name" label={t('sm.field.name')} rules={[required(t, t('sm.field.name')), { whitespace: true, message: t('sm.rule.required', { field: t('sm.field.name') }) }]}>
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item name="category" label={t('sm.field.category')} rules={[required(t, t('sm.field.category'))]}>
          <Select options={categoryOptions(t)} />
        </Form.Item>
        <Form.Item name="level" label={t('sm.field.level')} rules={[required(t, t('sm.field.level'))]}>
          <Select options={levelOptions()} />
        </Form.Item>
        <Form.Item name="branchCode" label={t('sm.field.branch')} rules={[required(t, t('sm.field.branch'))]}>
          <Select
            options={branches.map((b) => ({ value: b.code, label: `${b.code} ${b.name}` }))}
            onChange={() => form.setFieldValue('teamCode', undefined)}
            showSearch
            optionFilterProp="label"
          />
        </Form.Item>
        <Form.Item name="teamCode" label={t('sm.field.team')}>
          <Select
            allowClear
            placeholder={t('sm.field.noTeam')}
            options={teams.filter((team) => team.branchCode === branch).map((team) => ({ value: team.code, label: `${team.code} ${team.name}` }))}
          />
        </Form.Item>
        <Form.Item name="hireDate" label={t('sm.field.hireDate')} rules={[required(t, t('sm.field.hireDate'))]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="leaveDate"
          label={t('sm.field.leaveDate')}
          dependencies={['hireDate']}
          rules={[
            againstField<Dayjs | null, Dayjs>('hireDate', (leave, hire) => !leave || !hire || !leave.isBefore(hire, 'day'), t('sm.rule.leaveAfterHire')),
          ]}
        >
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="contractType" label={t('sm.field.contractType')} rules={[required(t, t('sm.field.contractType'))]}>
          <Select options={contractOptions(t)} />
        </Form.Item>
        <Form.Item name="mobile" label={t('sm.field.mobile')} rules={[mobileRule(t)]}>
          <Input maxLength={11} />
        </Form.Item>
        <Form.Item name="email" label={t('sm.field.email')} rules={[emailRule(t)]}>
          <Input maxLength={128} />
        </Form.Item>
        <Form.Item wrapperCol={{ offset: 6, span: 14 }}>
          <Space>
            <Button type="primary" htmlType="submit" loading={busy} data-testid="new-staff-submit">
              {t('sm.save')}
            </Button>
            <Button onClick={() => navigate(-1)}>{t('admin.cancel')}</Button>
          </Space>
        </Form.Item>
      </Form>
    </Card>
  );
}
