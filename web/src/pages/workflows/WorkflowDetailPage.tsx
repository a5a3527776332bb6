import { useState } from 'react';
import { CampaignFlowCard } from '../outreach/CampaignDetailPage';
import { ContentFlowCard } from '../service/ContentDetailPage';
import { Alert, App, Button, Card, Col, Descriptions, Input, Popconfirm, Row as GridRow, Space, Steps, Timeline, Typography } from 'antd';
import type { StepsProps, TimelineProps } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../api/client';
import { QueryState } from '../../components/States';
import { DetailPairs } from '../../components/DetailPairs';
import { useCodeLabel, useI18n } from '../../i18n/i18n';
import { OPERATION_FIELDS, operationPath } from '../relationships/ops/operations';
import { formatWhen, useWorkflowLabels, WorkflowStatusTag } from './labels';
import { codeWithName, titleWithNames } from './names';
import {
  actOnWorkflow,
  personName,
  RELATIONSHIP_OPERATION_TYPES,
  useWorkflow,
  workflowsRoot,
  type StepStatus,
  type WorkflowAction,
  type WorkflowDetail,
} from './workflowApi';

const STEP_DISPLAY: Record<StepStatus, NonNullable<StepsProps['items']>[number]['status']> = {
  WAITING: 'wait',
  PENDING: 'process',
  APPROVED: 'finish',
  REJECTED: 'error',
  RETURNED: 'error',
  CANCELLED: 'wait',
  SKIPPED: undefined,
};

const EVENT_COLORS: Record<string, string> = { submit: 'blue', resubmit: 'blue', approve: 'green', applied: 'green', reject: 'red', return: 'orange', withdraw: 'gray' };

/** Actions in the order of their buttons; reject and return need a comment (the reason goes back to the initiator). */
const ACTIONS: WorkflowAction[] = ['approve', 'return', 'reject', 'resubmit', 'withdraw'];
const NEEDS_COMMENT: WorkflowAction[] = ['reject', 'return'];

/** Payload fields holding a staff number: shown with the name beside it. */
const STAFF_FIELDS = ['staffNo', 'fromStaffNo', 'toStaffNo'];
const UNIT_FIELDS = ['branch', 'branchCode', 'teamCode'];

/** One payload value as read by a person: kinds and booleans translated, codes with their names, empty shown as —. */
function usePayloadValue(flow: WorkflowDetail) {
  const enumLabel = useCodeLabel();
  return (key: string, value: unknown): React.ReactNode => {
    if (value === null || value === undefined || value === '') return '—';
    if (key === 'kind' && typeof value === 'string') return enumLabel('relationshipKind', value);
    if (key === 'status' && typeof value === 'string') return enumLabel('appointmentStatus', value);
    if (key === 'level' && typeof value === 'string') return enumLabel('staffLevel', value);
    if (Array.isArray(value)) return value.map(String).join('、');
    if (key === 'customerNo' && typeof value === 'string') return <Link to={`/customers/${encodeURIComponent(value)}`}>{codeWithName(flow, value)}</Link>;
    if ((STAFF_FIELDS.includes(key) || UNIT_FIELDS.includes(key)) && typeof value === 'string') return codeWithName(flow, value);
    if (typeof value === 'object') return <DetailPairs value={value} />;
    return String(value);
  };
}

/** The payload's fields in the order of the operation's form (unknown types: as the API sent them). */
function orderedEntries(type: string, payload: Record<string, unknown>): [string, unknown][] {
  const order = (OPERATION_FIELDS as Record<string, { name: string }[]>)[type]?.map((f) => f.name) ?? [];
  const rank = (key: string) => (order.includes(key) ? order.indexOf(key) : order.length);
  return Object.entries(payload).sort(([a], [b]) => rank(a) - rank(b));
}

/** 流程详情: the request, the approval steps, the history, and the buttons the caller may use. */
export default function WorkflowDetailPage() {
  const { id } = useParams();
  const flow = useWorkflow(id);
  return <QueryState query={flow}>{flow.data && <Detail flow={flow.data} />}</QueryState>;
}

function Detail({ flow }: { flow: WorkflowDetail }) {
  const { t } = useI18n();
  const labels = useWorkflowLabels();
  const enumLabel = useCodeLabel();
  const payloadValue = usePayloadValue(flow);
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation(); // 'default' key: opened directly, no page to go back to
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState<WorkflowAction | null>(null);
  const [error, setError] = useState<string | null>(null);
  const allowed = ACTIONS.filter((a) => flow.allowedActions[a]);
  const editable = (RELATIONSHIP_OPERATION_TYPES as readonly string[]).includes(flow.type) && flow.allowedActions.resubmit;

  async function act(action: WorkflowAction) {
    if (NEEDS_COMMENT.includes(action) && !comment.trim()) {
      setError(t('wf.detail.commentRequired'));
      return;
    }
    setBusy(action);
    setError(null);
    try {
      await actOnWorkflow(flow.id, action, comment.trim() || undefined);
      setComment('');
      void message.success(t('wf.action.done', { action: t(`wf.action.${action}`) }));
    } catch (e) {
      setError(e instanceof ApiError ? e.detail : String(e));
    } finally {
      setBusy(null);
      // the flow, the lists, the bell and the dashboard card all change
      await queryClient.invalidateQueries({ queryKey: workflowsRoot });
    }
  }

  const pendingIndex = flow.steps.findIndex((s) => s.status === 'PENDING');
  const stepItems: StepsProps['items'] = flow.steps.map((s) => ({
    title: `${s.seq}. ${labels.role(s.role)}${s.scopeCode ? ` ${codeWithName(flow, s.scopeCode)}` : ''}`,
    subTitle: enumLabel('stepStatus', s.status),
    status: STEP_DISPLAY[s.status],
    content: s.actedBy ? (
      <span>
        {t('wf.detail.actedBy', { name: personName(s.actedBy), at: formatWhen(s.actedAt) })}
        {s.comment ? <div>“{s.comment}”</div> : null}
      </span>
    ) : s.assignees.length ? (
      t('wf.detail.assignees', { names: s.assignees.map((p) => personName(p)).join('、') })
    ) : s.status === 'CANCELLED' ? null : (
      <Typography.Text type="warning">{t('wf.detail.noAssignee')}</Typography.Text>
    ),
  }));

  const historyItems: TimelineProps['items'] = flow.history.map((h) => ({
    key: h.id,
    color: EVENT_COLORS[h.event] ?? 'blue',
    content: (
      <div data-testid="workflow-history-entry">
        <Typography.Text strong>{h.actor ? personName(h.actor) : t('wf.system')}</Typography.Text>
        {' · '}
        {labels.event(h.event)}
        {h.stepSeq ? ` (${h.stepSeq})` : ''}
        {h.comment ? <div style={{ color: 'rgba(0,0,0,0.65)' }}>“{h.comment}”</div> : null}
        <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.45)' }}>{formatWhen(h.at)}</div>
      </div>
    ),
  }));

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <Space>
            {t('wf.detail.title', { id: flow.id })}
            {labels.type(flow.type)}
            <WorkflowStatusTag status={flow.status} />
          </Space>
        }
        extra={<Button onClick={() => (location.key === 'default' ? navigate('/workflows/todo') : navigate(-1))}>{t('wf.detail.back')}</Button>}
      >
        <Descriptions size="small" column={3}>
          <Descriptions.Item label={t('wf.col.title')} span={3}>
            {titleWithNames(flow)}
          </Descriptions.Item>
          <Descriptions.Item label={t('wf.col.initiator')}>{personName(flow.initiator)}</Descriptions.Item>
          <Descriptions.Item label={t('wf.col.branch')}>{[flow.branchCode, flow.teamCode].filter((code): code is string => Boolean(code)).map((code) => codeWithName(flow, code)).join(' / ')}</Descriptions.Item>
          <Descriptions.Item label={t('wf.col.createdAt')}>{formatWhen(flow.createdAt)}</Descriptions.Item>
          {flow.finishedAt ? <Descriptions.Item label={t('wf.col.finishedAt')}>{formatWhen(flow.finishedAt)}</Descriptions.Item> : null}
        </Descriptions>
      </Card>
      <GridRow gutter={16}>
        <Col xs={24} lg={14}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            {flow.type === 'CAMPAIGN' ? <CampaignFlowCard workflowId={flow.id} /> : null}
            {flow.type === 'CONTENT_PUBLISH' ? <ContentFlowCard contentId={String(flow.payload.contentId)} /> : null}
            <Card size="small" title={t('wf.detail.payload')} style={flow.type === 'CAMPAIGN' || flow.type === 'CONTENT_PUBLISH' ? { display: 'none' } : undefined}>
              <Descriptions size="small" bordered column={2} data-testid="workflow-payload">
                {orderedEntries(flow.type, flow.payload).map(([key, value]) => (
                  <Descriptions.Item key={key} label={labels.field(key)}>
                    {payloadValue(key, value)}
                  </Descriptions.Item>
                ))}
              </Descriptions>
              {flow.outcome ? (
                <Descriptions size="small" column={2} title={t('wf.detail.outcome')} style={{ marginTop: 16 }}>
                  {Object.entries(flow.outcome).map(([key, value]) => (
                    <Descriptions.Item key={key} label={labels.field(key)}>
                      {payloadValue(key, value)}
                    </Descriptions.Item>
                  ))}
                </Descriptions>
              ) : null}
            </Card>
            <Card size="small" title={t('wf.detail.steps')}>
              <Steps
                orientation="vertical"
                size="small"
                // the waiting step is the current one; none (past the end) once the flow is closed
                current={pendingIndex >= 0 ? pendingIndex : flow.steps.length}
                items={stepItems}
                data-testid="workflow-steps"
              />
            </Card>
          </Space>
        </Col>
        <Col xs={24} lg={10}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Card size="small" title={flow.allowedActions.approve ? t('wf.detail.yourTurn') : t('wf.detail.actions')} data-testid="workflow-actions">
              {allowed.length ? (
                <Space orientation="vertical" style={{ width: '100%' }}>
                  <Input.TextArea rows={3} maxLength={1000} value={comment} onChange={(e) => setComment(e.target.value)} placeholder={t('wf.detail.commentPlaceholder')} aria-label={t('wf.detail.comment')} />
                  {error ? <Alert type="error" showIcon title={error} data-testid="workflow-error" /> : null}
                  <Space wrap>
                    {allowed.map((action) =>
                      action === 'approve' || action === 'resubmit' ? (
                        <Button key={action} type="primary" loading={busy === action} disabled={busy !== null && busy !== action} onClick={() => void act(action)} data-testid={`action-${action}`}>
                          {t(`wf.action.${action}`)}
                        </Button>
                      ) : (
                        <Popconfirm key={action} title={t('wf.action.confirm', { action: t(`wf.action.${action}`) })} onConfirm={() => act(action)}>
                          <Button danger={action === 'reject'} loading={busy === action} disabled={busy !== null && busy !== action} data-testid={`action-${action}`}>
                            {t(`wf.action.${action}`)}
                          </Button>
                        </Popconfirm>
                      ),
                    )}
                    {editable ? (
                      <Button onClick={() => navigate(`${operationPath(flow.type)}?resubmit=${flow.id}`)} data-testid="action-resubmit-edit">
                        {t('wf.action.resubmitEdit')}
                      </Button>
                    ) : null}
                  </Space>
                </Space>
              ) : (
                <>
                  {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} /> : null}
                  <Typography.Text type="secondary">{t('wf.detail.noAction')}</Typography.Text>
                </>
              )}
            </Card>
            <Card size="small" title={t('wf.detail.history')}>
              <Timeline items={historyItems} data-testid="workflow-history" />
            </Card>
          </Space>
        </Col>
      </GridRow>
    </Space>
  );
}
