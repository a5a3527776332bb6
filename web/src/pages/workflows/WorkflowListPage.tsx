import { Button, Card, Tabs, Typography } from 'antd';
import type { TableProps } from 'antd';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { Page } from '../../api/types';
import { useCurrentUser } from '../../components/AppLayout';
import { ChoiceFilter, ListFilters, ListTable, useListPage } from '../../components/ListPage';
import { FollowUpList, hasFollowUps } from '../customers/FollowUpList';
import { ExpiringTodoList, hasExpiringTodos } from '../suitability/ExpiringTodo';
import { hasKycTodos, KycTodoList } from '../kyc/KycTodo';
import { hasQuestionTodos, QuestionTodoList } from '../customer-questions/QuestionTodo';
import { useI18n } from '../../i18n/i18n';
import { formatWhen, useWorkflowLabels, WorkflowStatusTag } from './labels';
import { titleWithNames } from './names';
import { personName, WORKFLOW_STATUSES, WORKFLOW_TYPES, workflowsRoot, type WorkflowSummary, type WorkflowView } from './workflowApi';

const TITLES = {
  todo: 'menu.workflows.todo',
  started: 'menu.workflows.started',
  participated: 'menu.workflows.participated',
  monitor: 'menu.workflows.monitor',
} as const;

/** 我的待办 / 我发起的 / 我参与的 / 工作流监控: one server-paged table per view; 我的待办 adds the tabs 跟进事项 (`?tab=follow-ups`) and 测评到期 (`?tab=assessments`). */
export default function WorkflowListPage({ view }: { view: WorkflowView }) {
  const { t } = useI18n();
  const me = useCurrentUser();
  const labels = useWorkflowLabels();
  const navigate = useNavigate();
  const [search, setSearch] = useSearchParams();
  const list = useListPage<Page<WorkflowSummary>>({ path: '/api/workflows', queryKey: [...workflowsRoot, 'list'], filters: { type: 'choice', status: 'choice' }, fixed: { view }, local: true });

  const columns: TableProps<WorkflowSummary>['columns'] = [
    { title: t('wf.col.id'), dataIndex: 'id', width: 70, render: (id: string) => <Link to={`/workflows/${id}`}>#{id}</Link> },
    { title: t('wf.col.type'), dataIndex: 'type', width: 120, render: (type: string) => labels.type(type) },
    { title: t('wf.col.title'), dataIndex: 'title', ellipsis: true, render: (_: unknown, f: WorkflowSummary) => titleWithNames(f) },
    { title: t('wf.col.initiator'), dataIndex: 'initiator', width: 140, render: (_: unknown, f) => personName(f.initiator) },
    ...(view === 'monitor' ? [{ title: t('wf.col.branch'), dataIndex: 'branchCode', width: 80 }] : []),
    {
      title: t('wf.col.currentStep'),
      key: 'current',
      width: 120,
      render: (_: unknown, f: WorkflowSummary) => (f.currentStep ? `${f.currentStep}. ${labels.role(f.currentRole)}` : ''),
    },
    { title: t('wf.col.status'), dataIndex: 'status', width: 90, render: (_: unknown, f: WorkflowSummary) => <WorkflowStatusTag status={f.status} /> },
    { title: t('wf.col.createdAt'), dataIndex: 'createdAt', width: 140, render: (v: string) => formatWhen(v) },
    {
      title: '',
      key: 'open',
      width: 76,
      render: (_: unknown, f: WorkflowSummary) => (
        <Button size="small" type={view === 'todo' ? 'primary' : 'default'} onClick={() => navigate(`/workflows/${f.id}`)}>
          {view === 'todo' ? t('wf.open') : t('wf.view')}
        </Button>
      ),
    },
  ];

  const flows = (
    <>
      <ListFilters list={list} inline>
        <ChoiceFilter name="type" placeholder={t('wf.filter.type')} width={170} options={WORKFLOW_TYPES.map((type) => ({ value: type, label: labels.type(type) }))} />
        {view !== 'todo' && (
          <ChoiceFilter name="status" placeholder={t('wf.filter.status')} width={130} options={WORKFLOW_STATUSES.map((s) => ({ value: s, label: t(`wf.status.${s}`) }))} />
        )}
      </ListFilters>
      <ListTable<WorkflowSummary>
        list={list}
        rowKey="id"
        columns={columns}
        fitted
        data-testid={`workflows-${view}`}
        onRow={(f) => ({ onDoubleClick: () => navigate(`/workflows/${f.id}`) })}
      />
    </>
  );

  // 我的待办's tabs: the flows, the follow-ups of a login recording contacts, the expiring assessments of a serving staff member
  const todoTabs =
    view === 'todo'
      ? [
          { key: 'workflows', label: t('followUps.workflowsTab'), children: flows },
          ...(hasFollowUps(me.permissions) ? [{ key: 'follow-ups', label: t('followUps.tab'), children: <FollowUpList /> }] : []),
          ...(hasExpiringTodos(me) ? [{ key: 'assessments', label: t('suitability.todo.tab'), children: <ExpiringTodoList /> }] : []),
          ...(hasKycTodos(me) ? [{ key: 'kyc', label: t('kyc.todo.tab'), children: <KycTodoList /> }] : []),
          ...(hasQuestionTodos(me) ? [{ key: 'questions', label: t('customerQuestions.tab'), children: <QuestionTodoList /> }] : []),
        ]
      : [];

  return (
    <Card
      title={t(TITLES[view])}
      extra={view === 'monitor' ? <Typography.Text type="secondary">{t('wf.monitorScope', { scope: t(`scope.${me.scopeLevel}`) })}</Typography.Text> : undefined}
    >
      {todoTabs.length > 1 ? (
        <Tabs
          activeKey={todoTabs.find((tab) => tab.key === search.get('tab'))?.key ?? 'workflows'}
          onChange={(key) => setSearch(key === 'workflows' ? {} : { tab: key }, { replace: true })}
          items={todoTabs}
        />
      ) : (
        flows
      )}
    </Card>
  );
}
