import { Space, Tag, Timeline, Typography } from 'antd';
import type { TimelineProps } from 'antd';
import dayjs from 'dayjs';
import { Link } from 'react-router';
import { EmptyState, QueryState } from '../../components/States';
import { useCodeLabel, useI18n, type CodeLabelOf, type Translate } from '../../i18n/i18n';
import { alertLink } from './alertsApi';
import { AlertEvidence, AlertRuleTag, AlertStatusTags } from './AlertWidgets';
import { useTimeline, type Contact, type TimelineEntry } from './contactsApi';

type TimelineItem = NonNullable<TimelineProps['items']>[number];

/** A moment in the browser's time zone, YYYY-MM-DD HH:mm. */
const when = (iso: string) => dayjs(iso).format('YYYY-MM-DD HH:mm');

/** The 360° view's 接触与动态: the customer's contacts, alerts (linking to the alert on 异常监控) and the events of the workflows about them, newest first. */
export function ContactTimeline({ customerNo }: { customerNo: string }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  const timeline = useTimeline(customerNo);
  const entries = timeline.data?.items ?? [];
  return (
    <QueryState query={timeline}>
      {entries.length === 0 ? (
        <EmptyState text={t('timeline.empty')} />
      ) : (
        <Timeline titleSpan="150px" style={{ paddingTop: 8 }} data-testid="customer-timeline" items={entries.map((entry, index) => timelineItem(entry, index, t, label))} />
      )}
    </QueryState>
  );
}

function timelineItem(entry: TimelineEntry, index: number, t: Translate, label: CodeLabelOf): TimelineItem {
  const title = <Typography.Text type="secondary">{when(entry.at)}</Typography.Text>;
  if (entry.kind === 'CONTACT' && entry.contact) {
    return { key: `c${entry.contact.id}`, color: 'blue', title, content: <ContactEntry contact={entry.contact} t={t} label={label} /> };
  }
  if (entry.kind === 'WORKFLOW' && entry.workflow) {
    const flow = entry.workflow;
    return {
      key: `w${flow.id}-${index}`,
      color: 'gray',
      title,
      content: (
        <Space wrap size={4} data-testid="timeline-workflow">
          <Link to={`/workflows/${flow.id}`}>{t('timeline.workflow', { type: label('workflowType', flow.type), id: flow.id })}</Link>
          <Tag>{label('workflowEvent', flow.event)}</Tag>
          <Typography.Text type="secondary">{t('timeline.by', { name: flow.byName ?? flow.by ?? t('wf.system') })}</Typography.Text>
        </Space>
      ),
    };
  }
  if (entry.kind === 'ALERT' && entry.alert) {
    const alert = entry.alert;
    return {
      key: `a${alert.id}`,
      color: 'red',
      title,
      content: (
        <Space wrap size={4} data-testid="timeline-alert">
          <Link to={alertLink(alert)}>
            <AlertRuleTag rule={alert.rule} />
          </Link>
          <AlertEvidence alert={alert} />
          <AlertStatusTags alert={alert} />
        </Space>
      ),
    };
  }
  return { key: `x${index}`, color: 'gray', title, content: entry.kind };
}

function ContactEntry({ contact, t, label }: { contact: Contact; t: Translate; label: CodeLabelOf }) {
  const next = contact.nextAction;
  return (
    <div data-testid="timeline-contact">
      <Space wrap size={4}>
        <Tag color="blue">{label('contactChannel', contact.channel)}</Tag>
        <Typography.Text type="secondary">{t('timeline.by', { name: contact.staffName ?? contact.createdBy })}</Typography.Text>
      </Space>
      <Typography.Paragraph style={{ margin: '4px 0 0', whiteSpace: 'pre-wrap' }}>{contact.summary}</Typography.Paragraph>
      {next ? (
        <Space wrap size={4} style={{ marginTop: 4 }}>
          <Tag color={next.doneAt ? 'green' : 'orange'}>{next.doneAt ? `${t('timeline.done')} ${when(next.doneAt)}` : t('timeline.open')}</Tag>
          <Typography.Text>{t('timeline.nextAction', { text: next.text, dueOn: next.dueOn })}</Typography.Text>
        </Space>
      ) : null}
    </div>
  );
}
