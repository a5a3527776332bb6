import { useState } from 'react';
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Form, Input, Popconfirm, Row, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { Link, useParams } from 'react-router';
import { useCurrentUser } from '../../../components/AppLayout';
import { useFormSubmit } from '../../../components/formSubmit';
import { ErrorState, Forbidden, Loading } from '../../../components/States';
import { hasMessage, useI18n } from '../../../i18n/i18n';
import { staffDetailPath } from '../menu';
import { categoryOptions, contractOptions, levelOptions, required, SubmitItem } from './fields';
import {
  managedStaffKey,
  patchStaff,
  putApprovalSetting,
  useManagedStaff,
  useManageOptions,
  type HistoryRow,
  type ManagedStaff,
  type ManageOptions,
  type StaffPatch,
} from './manageApi';
import { canManageStaff, TO_REASSIGN_PATH } from './menu';

/** 人员管理 of one staff member: basic information, tracked changes with an effective date, leaving, and the history (历史信息). */
export default function StaffManagePage() {
  const { staffNo = '' } = useParams();
  const me = useCurrentUser();
  const staff = useManagedStaff(canManageStaff(me) ? staffNo : undefined);
  const options = useManageOptions();
  if (!canManageStaff(me)) return <Forbidden />;
  if (staff.isPending || options.isPending) return <Loading />;
  if (staff.isError) return <ErrorState error={staff.error} onRetry={() => void staff.refetch()} />;
  if (options.isError) return <ErrorState error={options.error} onRetry={() => void options.refetch()} />;
  return <StaffManageView key={staff.data.staffNo} staff={staff.data} options={options.data} />;
}

/** Sends a change of the staff member, then shows it here and refreshes the staff lists and the customers to reassign. */
function usePatchStaff(staffNo: string) {
  const queryClient = useQueryClient();
  return async (patch: StaffPatch) => {
    const result = await patchStaff(staffNo, patch);
    queryClient.setQueryData(managedStaffKey(result.staff.staffNo), result.staff);
    void queryClient.invalidateQueries({ queryKey: ['staff'] });
    void queryClient.invalidateQueries({ queryKey: ['staff-to-reassign'] });
    return result;
  };
}

function StaffManageView({ staff, options }: { staff: ManagedStaff; options: ManageOptions }) {
  const { t } = useI18n();
  const me = useCurrentUser();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [approval, setApproval] = useState(options.changesNeedApproval);

  async function toggleApproval(value: boolean) {
    try {
      const saved = await putApprovalSetting(value);
      setApproval(saved.changesNeedApproval);
      void queryClient.invalidateQueries({ queryKey: ['staff-manage-options'] });
      void message.success(t('sm.approvalSetting.saved'));
    } catch (error) {
      void message.error(error instanceof Error ? error.message : String(error));
    }
  }

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        size="small"
        title={
          <Space wrap>
            <span data-testid="manage-title">{t('sm.editTitle', { name: staff.name, staffNo: staff.staffNo })}</span>
            <Tag>{t(`sm.category.${staff.category}`)}</Tag>
            <Tag>{staff.level}</Tag>
            <Tag color={staff.status === 'ACTIVE' ? 'green' : 'default'}>{t(`sm.status.${staff.status}`)}</Tag>
          </Space>
        }
        extra={
          <Space size="large">
            {me.permissions.includes('settings') && (
              <Space size={6}>
                <Typography.Text type="secondary">{t('sm.approvalSetting')}</Typography.Text>
                <Switch size="small" checked={approval} onChange={(v) => void toggleApproval(v)} data-testid="approval-switch" />
              </Space>
            )}
            <Link to={staffDetailPath(staff.staffNo)}>{t('sm.viewDetail')}</Link>
          </Space>
        }
      >
        <Descriptions size="small" column={4}>
          <Descriptions.Item label={t('sm.field.branch')}>{`${staff.branchCode} ${staff.branchName}`}</Descriptions.Item>
          <Descriptions.Item label={t('sm.field.team')}>{staff.teamCode ? `${staff.teamCode} ${staff.teamName ?? ''}` : '—'}</Descriptions.Item>
          <Descriptions.Item label={t('sm.field.contractType')}>{t(`sm.contract.${staff.contractType}`)}</Descriptions.Item>
          <Descriptions.Item label={t('sm.field.hireDate')}>{staff.hireDate}</Descriptions.Item>
          <Descriptions.Item label={t('sm.field.leaveDate')}>{staff.leaveDate ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('sm.relationships')}>{t('sm.current', { n: staff.currentRelationships })}</Descriptions.Item>
          {staff.toReassign > 0 && (
            <Descriptions.Item label={t('menu.staffManage.toReassign')}>
              <Link to={`${TO_REASSIGN_PATH}?staffNo=${encodeURIComponent(staff.staffNo)}`}>{t('sm.leave.toReassign', { n: staff.toReassign })}</Link>
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      <Row gutter={16}>
        <Col xs={24} xl={12}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <BasicCard staff={staff} />
            <LeaveCard staff={staff} />
          </Space>
        </Col>
        <Col xs={24} xl={12}>
          <ChangeCard staff={staff} options={options} approval={approval} />
        </Col>
      </Row>
      <HistoryCard history={staff.history} />
    </Space>
  );
}

// ---------------------------------------------------------------- 基本信息

interface BasicForm {
  name: string;
  mobile?: string;
  email?: string;
  hireDate: Dayjs;
}

function BasicCard({ staff }: { staff: ManagedStaff }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const save = usePatchStaff(staff.staffNo);
  const [form] = Form.useForm<BasicForm>();
  const { busy, error, submit: run } = useFormSubmit(form, ['name', 'mobile', 'email', 'hireDate']);
  const initial: BasicForm = { name: staff.name, mobile: staff.mobile ?? undefined, email: staff.email ?? undefined, hireDate: dayjs(staff.hireDate) };
  // masked contact details (no pii permission) are shown but only sent when retyped
  const masked = (value: string | undefined) => Boolean(value?.includes('*'));

  async function submit(values: BasicForm) {
    const patch: StaffPatch = {};
    if (values.name.trim() !== staff.name) patch.name = values.name.trim();
    const mobile = values.mobile?.trim() || null;
    if (mobile !== staff.mobile && !masked(mobile ?? undefined)) patch.mobile = mobile;
    const email = values.email?.trim() || null;
    if (email !== staff.email && !masked(email ?? undefined)) patch.email = email;
    const hireDate = values.hireDate.format('YYYY-MM-DD');
    if (hireDate !== staff.hireDate) patch.hireDate = hireDate;
    if (Object.keys(patch).length === 0) {
      void message.info(t('sm.nothingChanged'));
      return;
    }
    await run(async () => {
      await save(patch);
      void message.success(t('sm.saved'));
    });
  }

  return (
    <Card size="small" title={t('sm.section.basic')}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form<BasicForm> form={form} layout="horizontal" labelCol={{ span: 6 }} wrapperCol={{ span: 16 }} initialValues={initial} onFinish={(v) => void submit(v)} data-testid="basic-form">
        <Form.Item label={t('sm.field.staffNo')}>
          <Typography.Text>{staff.staffNo}</Typography.Text>
        </Form.Item>
        <Form.Item name="name" label={t('sm.field.name')} rules={[required(t, t('sm.field.name')), { whitespace: true, message: t('sm.rule.required', { field: t('sm.field.name') }) }]}>
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item name="mobile" label={t('sm.field.mobile')} rules={[{ validator: (_, v: string | undefined) => (!v || masked(v) || /^1\d{10}$/.test(v) ? Promise.resolve() : Promise.reject(new Error(t('sm.rule.mobile')))) }]}>
          <Input maxLength={11} />
        </Form.Item>
        <Form.Item name="email" label={t('sm.field.email')} rules={[{ validator: (_, v: string | undefined) => (!v || masked(v) ? Promise.resolve() : emailCheck(v, t('sm.rule.email'))) }]}>
          <Input maxLength={128} />
        </Form.Item>
        <Form.Item name="hireDate" label={t('sm.field.hireDate')} rules={[required(t, t('sm.field.hireDate'))]}>
          <DatePicker style={{ width: '100%' }} allowClear={false} />
        </Form.Item>
        <SubmitItem busy={busy} testId="basic-save">
          {t('sm.save')}
        </SubmitItem>
      </Form>
    </Card>
  );
}

function emailCheck(value: string, text: string): Promise<void> {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) ? Promise.resolve() : Promise.reject(new Error(text));
}

// ---------------------------------------------------------------- 级别 / 团队 / 类别 / 合同变动

interface ChangeForm {
  level?: StaffPatch['level'];
  teamCode?: string;
  category?: StaffPatch['category'];
  contractType?: StaffPatch['contractType'];
  effectiveDate: Dayjs;
  note?: string;
}

const NO_TEAM = '__none__';

function ChangeCard({ staff, options, approval }: { staff: ManagedStaff; options: ManageOptions; approval: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const save = usePatchStaff(staff.staffNo);
  const [form] = Form.useForm<ChangeForm>();
  const { busy, error, setError, submit: run } = useFormSubmit(form, ['level', 'teamCode', 'category', 'contractType', 'effectiveDate', 'note']);
  const [flow, setFlow] = useState<string | null>(null);
  const teams = options.teams.filter((team) => team.branchCode === staff.branchCode && team.code !== staff.teamCode);

  async function submit(values: ChangeForm) {
    const patch: StaffPatch = { effectiveDate: values.effectiveDate.format('YYYY-MM-DD') };
    if (values.level) patch.level = values.level;
    if (values.teamCode) patch.teamCode = values.teamCode === NO_TEAM ? null : values.teamCode;
    if (values.category) patch.category = values.category;
    if (values.contractType) patch.contractType = values.contractType;
    if (values.note?.trim()) patch.note = values.note.trim();
    if (Object.keys(patch).length === 1 + (patch.note ? 1 : 0)) {
      setError(t('sm.rule.pickChange'));
      return;
    }
    setFlow(null);
    await run(async () => {
      const result = await save(patch);
      form.resetFields();
      const started = result.workflows[0];
      if (started) setFlow(started.id);
      else void message.success(t('sm.saved'));
    });
  }

  return (
    <Card size="small" title={t('sm.section.change')}>
      <Alert type={approval ? 'warning' : 'info'} showIcon title={approval ? t('sm.change.approvalOn') : t('sm.change.hint')} style={{ marginBottom: 12 }} />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {flow && (
        <Alert
          type="success"
          showIcon
          title={t('sm.change.flowStarted', { id: flow })}
          action={<Link to={`/workflows/${flow}`}>{t('sm.change.openFlow')}</Link>}
          style={{ marginBottom: 12 }}
          data-testid="flow-started"
        />
      )}
      <Form<ChangeForm> form={form} layout="horizontal" labelCol={{ span: 6 }} wrapperCol={{ span: 16 }} initialValues={{ effectiveDate: dayjs() }} onFinish={(v) => void submit(v)} data-testid="change-form">
        <Form.Item name="level" label={t('sm.field.level')}>
          <Select allowClear placeholder={staff.level} options={levelOptions().filter((o) => o.value !== staff.level)} />
        </Form.Item>
        <Form.Item name="teamCode" label={t('sm.field.team')}>
          <Select
            allowClear
            placeholder={staff.teamCode ? `${staff.teamCode} ${staff.teamName ?? ''}` : t('sm.field.noTeam')}
            options={[...(staff.teamCode ? [{ value: NO_TEAM, label: t('sm.field.noTeam') }] : []), ...teams.map((team) => ({ value: team.code, label: `${team.code} ${team.name}` }))]}
          />
        </Form.Item>
        {!approval && (
          <>
            <Form.Item name="category" label={t('sm.field.category')}>
              <Select allowClear placeholder={t(`sm.category.${staff.category}`)} options={categoryOptions(t).filter((o) => o.value !== staff.category)} />
            </Form.Item>
            <Form.Item name="contractType" label={t('sm.field.contractType')}>
              <Select allowClear placeholder={t(`sm.contract.${staff.contractType}`)} options={contractOptions(t).filter((o) => o.value !== staff.contractType)} />
            </Form.Item>
          </>
        )}
        <Form.Item name="effectiveDate" label={t('sm.field.effectiveDate')} rules={[required(t, t('sm.field.effectiveDate'))]}>
          <DatePicker style={{ width: '100%' }} allowClear={false} />
        </Form.Item>
        <Form.Item name="note" label={t('sm.field.note')}>
          <Input maxLength={200} />
        </Form.Item>
        <SubmitItem busy={busy} testId="change-submit">
          {t('sm.change.submit')}
        </SubmitItem>
      </Form>
    </Card>
  );
}

// ---------------------------------------------------------------- 离职

interface LeaveForm {
  leaveDate: Dayjs;
  note?: string;
}

function LeaveCard({ staff }: { staff: ManagedStaff }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const save = usePatchStaff(staff.staffNo);
  const [form] = Form.useForm<LeaveForm>();
  const { busy, error, submit: run } = useFormSubmit(form, ['leaveDate', 'note']);

  function send(patch: StaffPatch) {
    return run(async () => {
      await save(patch);
      void message.success(t('sm.saved'));
    });
  }

  return (
    <Card size="small" title={t('sm.section.leave')}>
      <Alert type="info" showIcon title={t('sm.leave.hint')} style={{ marginBottom: 12 }} />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form<LeaveForm>
        form={form}
        layout="inline"
        initialValues={{ leaveDate: staff.leaveDate ? dayjs(staff.leaveDate) : undefined }}
        onFinish={(v) => void send({ leaveDate: v.leaveDate.format('YYYY-MM-DD'), ...(v.note?.trim() ? { note: v.note.trim() } : {}) })}
        style={{ rowGap: 8 }}
        data-testid="leave-form"
      >
        <Form.Item name="leaveDate" label={t('sm.field.leaveDate')} rules={[required(t, t('sm.field.leaveDate'))]}>
          <DatePicker style={{ width: 150 }} />
        </Form.Item>
        <Form.Item name="note">
          <Input placeholder={t('sm.field.note')} maxLength={200} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" danger htmlType="submit" loading={busy} data-testid="leave-submit">
              {t('sm.leave.set')}
            </Button>
            {staff.leaveDate && (
              <Popconfirm title={t('sm.leave.clearConfirm', { name: staff.name })} onConfirm={() => void send({ leaveDate: null })}>
                <Button loading={busy}>{t('sm.leave.clear')}</Button>
              </Popconfirm>
            )}
          </Space>
        </Form.Item>
      </Form>
    </Card>
  );
}

// ---------------------------------------------------------------- 历史信息

function HistoryCard({ history }: { history: HistoryRow[] }) {
  const { t } = useI18n();
  const fieldLabel = (field: string) => {
    const key = `sm.historyField.${field}`;
    return hasMessage(key) ? t(key) : field;
  };
  const valueLabel = (field: string, value: string | null) => {
    if (value === null) return '—';
    const key = field === 'category' ? `sm.category.${value}` : field === 'contract_type' ? `sm.contract.${value}` : '';
    return key && hasMessage(key) ? t(key) : value;
  };
  const columns: TableColumnsType<HistoryRow> = [
    { key: 'changedOn', dataIndex: 'changedOn', title: t('sm.history.changedOn'), width: 170, render: (d: string, r) => (r.pending ? <Space size={4} wrap={false}>{d}<Tag color="orange">{t('sm.history.pending')}</Tag></Space> : d) },
    { key: 'field', dataIndex: 'field', title: t('sm.history.field'), width: 100, render: fieldLabel },
    { key: 'old', title: t('sm.history.old'), width: 130, render: (_, r) => valueLabel(r.field, r.oldValue) },
    { key: 'new', title: t('sm.history.new'), width: 130, render: (_, r) => valueLabel(r.field, r.newValue) },
    { key: 'source', dataIndex: 'source', title: t('sm.history.source'), width: 110, render: (s: string) => {
        const key = `sm.source.${s}`;
        return hasMessage(key) ? t(key) : s;
      } },
    { key: 'recordedBy', dataIndex: 'recordedBy', title: t('sm.history.recordedBy'), width: 100 },
    { key: 'note', dataIndex: 'note', title: t('sm.field.note'), ellipsis: true },
    { key: 'recordedAt', dataIndex: 'recordedAt', title: t('sm.history.recordedAt'), width: 160, render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
  ];
  return (
    <Card size="small" title={t('sm.section.history')}>
      <Table<HistoryRow> rowKey="id" size="small" columns={columns} dataSource={history} pagination={false} scroll={{ x: 'max-content' }} data-testid="history-table" />
    </Card>
  );
}
