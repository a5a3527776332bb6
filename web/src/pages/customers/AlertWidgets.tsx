/**
 * The pieces of an alert (异常监控) that the alerts page and the 360° timeline share: its rule and status
 * tags (a withdrawn alert with a grey 已撤销), its evidence in words, the action dialog (确认 / 关闭 /
 * 备注) and the drawer with its history.
 */
import { App, Button, Descriptions, Drawer, Form, Input, Space, Tag, Timeline, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import dayjs from 'dayjs';
import { Link } from 'react-router';
import { DetailPairs } from '../../components/DetailPairs';
import { FormModal, useFormModal } from '../../components/FormModal';
import { ErrorState, Loading } from '../../components/States';
import { useCodeLabel, useI18n, type Translate } from '../../i18n/i18n';
import { actOnAlert, useAlert, useAlertsChanged, type AlertAction, type AlertItem } from './alertsApi';
import { alertActions, evidenceWords, type AlertActionCode } from './alertWords';

const RULE_COLORS: Record<string, string> = {
  LARGE_WITHDRAWAL: 'red',
  QUICK_IN_OUT: 'orange',
  FREQUENT_CANCEL: 'purple',
  MARGIN_WARNING: 'gold',
  MARGIN_LIQUIDATION: 'volcano',
  CHURN_RISK: 'magenta',
};
const STATUS_COLORS: Record<string, string> = { NEW: 'red', ACKNOWLEDGED: 'blue', CLOSED: 'green' };
const COMMENT_MAX = 1000;

/**
 * The columns of an alerts table: date, rule, the customer (on the alerts page; not in the 360° view,
 * which is the customer's own), evidence in words, owner and status.
 */
export function alertColumns(t: Translate, opts: { customer: boolean }): NonNullable<TableProps<AlertItem>['columns']> {
  return [
    { key: 'date', dataIndex: 'date', title: t('alerts.col.date'), width: 100 },
    { key: 'rule', dataIndex: 'rule', title: t('alerts.col.rule'), width: 115, render: (rule: string) => <AlertRuleTag rule={rule} /> },
    ...(opts.customer
      ? [{
          key: 'customer',
          title: t('alerts.col.customer'),
          width: 185,
          ellipsis: true,
          render: (_: unknown, a: AlertItem) => <Link to={`/customers/${encodeURIComponent(a.customerNo)}`}>{`${a.customerName ?? ''}（${a.customerNo}）`}</Link>,
        }]
      : []),
    { key: 'evidence', title: t('alerts.col.evidence'), width: 290, render: (_: unknown, a: AlertItem) => <AlertEvidence alert={a} /> },
    { key: 'owner', title: t('alerts.col.owner'), width: 90, ellipsis: true, render: (_: unknown, a: AlertItem) => a.ownerName ?? a.ownerStaffNo ?? '' },
    { key: 'status', title: t('alerts.col.status'), width: 120, render: (_: unknown, a: AlertItem) => <AlertStatusTags alert={a} /> },
  ];
}

export function AlertRuleTag({ rule }: { rule: string }) {
  const label = useCodeLabel();
  return <Tag color={RULE_COLORS[rule] ?? 'default'}>{label('alertRule', rule)}</Tag>;
}

/** The status; a withdrawn alert (its condition gone after a correction, kept for its history) adds a grey 已撤销. */
export function AlertStatusTags({ alert }: { alert: Pick<AlertItem, 'status' | 'withdrawn'> }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  return (
    <Space size={0} data-testid="alert-status">
      <Tag color={STATUS_COLORS[alert.status] ?? 'default'}>{label('alertStatus', alert.status)}</Tag>
      {alert.withdrawn ? (
        <Tooltip title={t('alerts.withdrawnHint')}>
          <Tag>{t('alerts.withdrawn')}</Tag>
        </Tooltip>
      ) : null}
    </Space>
  );
}

/** The evidence in words, or its figures one by one for a rule without a wording. */
export function AlertEvidence({ alert }: { alert: Pick<AlertItem, 'rule' | 'evidence'> }) {
  const { t } = useI18n();
  const words = evidenceWords(alert.rule, alert.evidence, t);
  return words ? <span data-testid="alert-evidence">{words}</span> : <DetailPairs value={alert.evidence} />;
}

/** The alert and the action chosen on it, while the dialog is open. */
export interface AlertActing {
  alert: Pick<AlertItem, 'id' | 'customerName' | 'customerNo'>;
  action: AlertActionCode;
}

/**
 * 确认 / 关闭 / 备注 an alert: a comment (required for a note, at most 1,000 characters), sent as
 * POST /api/alerts/{id}/actions; the list, the drawer, the timelines and 首页's count refresh.
 */
export function AlertActionModal({ acting, onClose }: { acting: AlertActing | null; onClose: () => void }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ comment?: string }>();
  const modal = useFormModal(form, ['comment'], onClose);
  const changed = useAlertsChanged();
  const actionLabel = acting ? label('alertAction', acting.action) : '';

  function submit({ comment }: { comment?: string }) {
    if (!acting) return;
    const text = comment?.trim();
    const body: AlertAction = { action: acting.action, ...(text ? { comment: text } : {}) };
    void modal.submit(async () => {
      await actOnAlert(acting.alert.id, body);
      void message.success(t('alerts.act.done', { action: actionLabel }));
      await changed();
      modal.close();
    });
  }

  return (
    <FormModal
      modal={modal}
      title={t('alerts.act.title', { action: actionLabel, name: acting ? `${acting.alert.customerName ?? ''}（${acting.alert.customerNo}）` : '' })}
      open={acting !== null}
      okText={t('alerts.act.ok')}
      cancelText={t('alerts.act.cancel')}
      errorTestId="alert-action-error"
      width={520}
    >
      <Form form={form} layout="vertical" onFinish={submit} data-testid="alert-action-form">
        <Form.Item name="comment" label={t('alerts.act.comment')} rules={acting?.action === 'note' ? [{ required: true, whitespace: true, message: t('alerts.act.commentRequired') }] : []}>
          <Input.TextArea rows={4} maxLength={COMMENT_MAX} showCount placeholder={t('alerts.act.commentPlaceholder')} data-testid="alert-comment" />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

/** The buttons of the actions the alert's status allows (for a login with `alerts.act`). */
export function AlertActionButtons({ alert, onAct, size = 'small' }: { alert: AlertItem; onAct: (acting: AlertActing) => void; size?: 'small' | 'middle' }) {
  const label = useCodeLabel();
  return (
    <Space size={4}>
      {alertActions(alert.status).map((action) => (
        <Button key={action} size={size} type="link" style={{ paddingInline: 4 }} onClick={() => onAct({ alert, action })} data-testid={`alert-${action}`}>
          {label('alertAction', action)}
        </Button>
      ))}
    </Space>
  );
}

const when = (iso: string) => dayjs(iso).format('YYYY-MM-DD HH:mm');

/** One alert with its evidence and its history (who did what, when, with which comment), in a drawer. */
export function AlertDrawer({ id, canAct, onAct, onClose }: { id: string | null; canAct: boolean; onAct: (acting: AlertActing) => void; onClose: () => void }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  const detail = useAlert(id);
  const alert = detail.data && detail.data.id === id ? detail.data : undefined;
  return (
    <Drawer open={id !== null} onClose={onClose} size={640} title={t('alerts.detailTitle', { id: id ?? '' })} destroyOnHidden data-testid="alert-drawer">
      {detail.isError ? (
        <ErrorState error={detail.error} onRetry={() => void detail.refetch()} />
      ) : !alert ? (
        <Loading />
      ) : (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          <Descriptions size="small" bordered column={1} styles={{ label: { width: 100, whiteSpace: 'nowrap' } }}>
            <Descriptions.Item label={t('alerts.col.rule')}>
              <AlertRuleTag rule={alert.rule} />
            </Descriptions.Item>
            <Descriptions.Item label={t('alerts.col.customer')}>
              <Link to={`/customers/${encodeURIComponent(alert.customerNo)}`}>{`${alert.customerName ?? ''}（${alert.customerNo}）`}</Link>
            </Descriptions.Item>
            <Descriptions.Item label={t('alerts.col.date')}>{alert.date}</Descriptions.Item>
            <Descriptions.Item label={t('alerts.col.evidence')}>
              <AlertEvidence alert={alert} />
            </Descriptions.Item>
            <Descriptions.Item label={t('alerts.col.owner')}>{alert.ownerName ?? alert.ownerStaffNo ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('alerts.col.status')}>
              <AlertStatusTags alert={alert} />
            </Descriptions.Item>
          </Descriptions>
          {canAct ? <AlertActionButtons alert={alert} onAct={onAct} size="middle" /> : null}
          <div>
            <Typography.Title level={5}>{t('alerts.history')}</Typography.Title>
            {alert.history.length === 0 ? (
              <Typography.Text type="secondary">{t('alerts.noHistory')}</Typography.Text>
            ) : (
              <Timeline
                titleSpan="150px"
                data-testid="alert-history"
                items={alert.history.map((h, index) => ({
                  key: index,
                  title: <Typography.Text type="secondary">{when(h.at)}</Typography.Text>,
                  content: (
                    <div>
                      <Space wrap size={4}>
                        <Tag>{label('alertAction', h.action)}</Tag>
                        <Typography.Text type="secondary">{t('timeline.by', { name: h.byName ?? h.by })}</Typography.Text>
                      </Space>
                      {h.comment ? <Typography.Paragraph style={{ margin: '4px 0 0', whiteSpace: 'pre-wrap' }}>{h.comment}</Typography.Paragraph> : null}
                    </div>
                  ),
                }))}
              />
            )}
          </div>
        </Space>
      )}
    </Drawer>
  );
}
