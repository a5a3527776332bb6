/**
 * 呼叫中心弹屏: for a user with a CTI extension, the header shows the extension and whether the
 * event stream (GET /api/cti/stream, server-sent events) is open; a RINGING call routed to the
 * extension opens a drawer with the caller's card (GET /api/cti/calls/{callId}): name, tier, serving
 * staff, last contacts, open alerts and a link to the 360° view when the customer is in scope. The
 * agent records the call for a customer (one of the card's, or one picked from the scope when the
 * number matched none) with a summary, or notes an unknown caller as a prospect (来电潜客).
 */
import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Descriptions, Drawer, Form, Input, List, Radio, Space, Tag, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { Link } from 'react-router';
import { ApiError } from '../../api/client';
import { CodePicker } from '../../components/CodePicker';
import { QueryState } from '../../components/States';
import { useCodeLabel, useI18n } from '../../i18n/i18n';
import { useContactsChanged } from '../customers/contactsApi';
import { clockDuration, ctiRoot, noteProspect, recordCall, useCall, type Call, type CallerCard } from './callcenterApi';

/** Mounted in the header for every user; renders nothing for a user without an extension. */
/** The agent's listener and the call drawer: loaded only for a login with an extension (see ScreenPop.tsx). */
export default function ScreenPopListener({ extension }: { extension: string }) {
  const { t } = useI18n();
  const client = useQueryClient();
  const [online, setOnline] = useState(false);
  const [callId, setCallId] = useState<string | null>(null);

  useEffect(() => {
    // EventSource reconnects by itself (the server asks for 3 s); `ready` says the server listens for us
    const source = new EventSource('/api/cti/stream');
    source.addEventListener('ready', () => setOnline(true));
    source.addEventListener('error', () => setOnline(false));
    source.addEventListener('call', (message) => {
      // the event carries the card as GET /api/cti/calls/{callId} answers it (null when it could not be read)
      const signal = JSON.parse((message as MessageEvent<string>).data) as { callId: string; event: string; call: Call | null };
      if (signal.call) client.setQueryData([...ctiRoot, 'call', signal.callId], signal.call);
      else void client.invalidateQueries({ queryKey: [...ctiRoot, 'call', signal.callId] });
      // a ringing call pops; so does a call transferred to this agent (the agent it left keeps its drawer, marked transferred)
      if (signal.event === 'RINGING' || (signal.event === 'TRANSFERRED' && signal.call && !signal.call.transferredAway)) setCallId(signal.callId);
    });
    return () => source.close();
  }, [client]);

  return (
    <>
      <Tag color={online ? 'green' : 'default'} data-testid="cti-status" data-online={online ? 'true' : 'false'}>
        {t('cti.status', { extension })} · {online ? t('cti.online') : t('cti.offline')}
      </Tag>
      <CallDrawer callId={callId} onClose={() => setCallId(null)} />
    </>
  );
}

function CallDrawer({ callId, onClose }: { callId: string | null; onClose: () => void }) {
  const { t } = useI18n();
  const call = useCall(callId);
  return (
    <Drawer
      open={callId !== null}
      onClose={onClose}
      size={600}
      title={call.data ? t('cti.drawerTitle', { number: call.data.callerNumber }) : ''}
      destroyOnHidden
      data-testid="cti-drawer"
    >
      <QueryState query={call}>{call.data && <CallView call={call.data} />}</QueryState>
    </Drawer>
  );
}

function CallView({ call }: { call: Call }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  return (
    <Space direction="vertical" size="middle" style={{ display: 'flex' }}>
      <Descriptions size="small" column={3}>
        <Descriptions.Item label={t('cti.state')}>
          <Tag color={call.state === 'ENDED' ? 'default' : 'red'} data-testid="cti-state">{label('ctiCallState', call.state)}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('cti.rangAt')}>{call.rangAt ? dayjs(call.rangAt).format('HH:mm:ss') : ''}</Descriptions.Item>
        <Descriptions.Item label={t('cti.duration')}>{clockDuration(call.durationSeconds)}</Descriptions.Item>
      </Descriptions>
      {call.agents.length > 1 && (
        <Typography.Text data-testid="cti-agents">{`${t('cti.agents')}：${call.agents.map((a) => `${a.staffName ?? a.username}(${a.extension})`).join(' → ')}`}</Typography.Text>
      )}
      {call.transferredAway && (
        <Alert type="info" showIcon data-testid="cti-transferred" message={t('cti.transferredAway', {
          extension: call.extension, agent: call.agents.at(-1)?.staffName ?? call.agents.at(-1)?.username ?? '',
        })} />
      )}
      {call.customers.length > 1 && <Alert type="info" showIcon message={t('cti.several', { n: call.customers.length })} />}
      {call.customers.length === 0 && call.hiddenMatches === 0 && <Alert type="warning" showIcon message={t('cti.unknown')} data-testid="cti-unknown" />}
      {call.hiddenMatches > 0 && <Alert type="warning" showIcon message={t('cti.hidden', { n: call.hiddenMatches })} />}
      {call.customers.map((card) => (
        <CallerCardView key={card.customerNo} card={card} />
      ))}
      {!call.transferredAway && <RecordForm call={call} />}
      {!call.transferredAway && call.customers.length === 0 && <ProspectForm call={call} />}
    </Space>
  );
}

function CallerCardView({ card }: { card: CallerCard }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  return (
    <Card
      size="small"
      data-testid="cti-card"
      title={
        <Space>
          <Typography.Text strong data-testid="cti-card-name">{card.name}</Typography.Text>
          <Typography.Text type="secondary">{card.customerNo}</Typography.Text>
        </Space>
      }
      extra={card.inScope ? <Link to={`/customers/${encodeURIComponent(card.customerNo)}`}>{t('cti.open360')}</Link> : <Typography.Text type="secondary">{t('cti.outOfScope')}</Typography.Text>}
    >
      <Descriptions size="small" column={2}>
        <Descriptions.Item label={t('cti.tier')}>{card.tier ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('cti.lifecycle')}>{card.lifecycle ? label('lifecycle', card.lifecycle) : '—'}</Descriptions.Item>
        <Descriptions.Item label={t('cti.servingStaff')}>{card.servingStaff ? `${card.servingStaff.name}（${card.servingStaff.staffNo}）` : '—'}</Descriptions.Item>
        <Descriptions.Item label={t('cti.riskLevel')}>{card.riskLevel ? label('riskLevel', card.riskLevel) : '—'}</Descriptions.Item>
        <Descriptions.Item label={t('cti.idNo')}>{card.idNo ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('cti.mobile')}>{card.mobile ?? '—'}</Descriptions.Item>
      </Descriptions>
      <Typography.Text strong>{t('cti.openAlerts')}</Typography.Text>
      {card.openAlerts.length ? (
        <List
          size="small"
          data-testid="cti-alerts"
          dataSource={card.openAlerts}
          renderItem={(a) => (
            <List.Item>
              <Space>
                <Tag color="orange">{label('alertRule', a.rule)}</Tag>
                {a.date}
                <Typography.Text type="secondary">{label('alertStatus', a.status)}</Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      ) : (
        <div><Typography.Text type="secondary">{t('cti.noAlerts')}</Typography.Text></div>
      )}
      <Typography.Text strong>{t('cti.lastContacts')}</Typography.Text>
      {card.lastContacts.length ? (
        <List
          size="small"
          data-testid="cti-contacts"
          dataSource={card.lastContacts}
          renderItem={(k) => (
            <List.Item>
              <Space direction="vertical" size={0}>
                <Typography.Text type="secondary">
                  {dayjs(k.at).format('YYYY-MM-DD HH:mm')} · {label('contactChannel', k.channel)}{k.staffName ? ` · ${k.staffName}` : ''}
                </Typography.Text>
                <Typography.Text>{k.summary}</Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      ) : (
        <div><Typography.Text type="secondary">{t('cti.noContacts')}</Typography.Text></div>
      )}
    </Card>
  );
}

interface RecordValues {
  customerNo?: string;
  note?: string;
  nextText?: string;
  dueOn?: Dayjs | null;
}

/** Records the call for a customer: the card's only customer, one of several, or one picked from the agent's scope. */
function RecordForm({ call }: { call: Call }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const contactsChanged = useContactsChanged();
  const [form] = Form.useForm<RecordValues>();
  const [saving, setSaving] = useState(false);
  const initial = call.customerNo ?? (call.customers.length === 1 ? call.customers[0]?.customerNo : undefined);

  async function submit(values: RecordValues) {
    if (!values.customerNo) return;
    setSaving(true);
    try {
      const text = values.nextText?.trim();
      const saved = await recordCall(call.callId, {
        customerNo: values.customerNo,
        note: values.note?.trim() || undefined,
        nextAction: text && values.dueOn ? { text, dueOn: values.dueOn.format('YYYY-MM-DD') } : undefined,
      });
      client.setQueryData([...ctiRoot, 'call', call.callId], saved);
      await contactsChanged();
      void message.success(saved.contactId ? t('cti.savedContact') : t('cti.saved'));
    } catch (err) {
      void message.error(err instanceof ApiError ? err.detail : String(err));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Card size="small" title={t('cti.record')} extra={call.contactId ? <Tag color="green">{t('cti.recorded')}</Tag> : null}>
      <Form<RecordValues> form={form} layout="vertical" initialValues={{ customerNo: initial, note: call.note ?? undefined }} onFinish={(v) => void submit(v)} data-testid="cti-record-form">
        <Form.Item name="customerNo" label={t('cti.recordFor')} rules={[{ required: true, message: t('cti.required', { field: t('cti.recordFor') }) }]}>
          {call.customers.length > 0 ? (
            <Radio.Group options={call.customers.map((c) => ({ value: c.customerNo, label: `${c.name}（${c.customerNo}）` }))} />
          ) : (
            <CodePicker kind="customer" placeholder={t('cti.pickCustomer')} data-testid="cti-customer-picker" />
          )}
        </Form.Item>
        <Form.Item name="note" label={t('cti.note')}>
          <Input.TextArea rows={3} maxLength={1800} showCount data-testid="cti-note" />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item name="nextText" label={t('cti.nextAction')}>
            <Input maxLength={500} style={{ width: 260 }} />
          </Form.Item>
          <Form.Item name="dueOn" label={t('cti.dueOn')}>
            <DatePicker disabledDate={(day) => day.isBefore(dayjs(), 'day')} />
          </Form.Item>
        </Space>
        <Button type="primary" htmlType="submit" loading={saving} data-testid="cti-save">{t('cti.save')}</Button>
      </Form>
    </Card>
  );
}

/** An unknown number: note the caller as a prospect (the number comes from the call). */
function ProspectForm({ call }: { call: Call }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [saving, setSaving] = useState(false);
  if (call.prospect) {
    return <Alert type="success" showIcon message={t('cti.prospectSaved', { name: call.prospect.name })} data-testid="cti-prospect-saved" />;
  }
  async function submit(values: { name: string; note?: string }) {
    setSaving(true);
    try {
      const saved = await noteProspect(call.callId, { name: values.name.trim(), note: values.note?.trim() || undefined });
      client.setQueryData([...ctiRoot, 'call', call.callId], saved);
    } catch (err) {
      void message.error(err instanceof ApiError ? err.detail : String(err));
    } finally {
      setSaving(false);
    }
  }
  return (
    <Card size="small" title={t('cti.prospect')}>
      <Form layout="vertical" onFinish={(v: { name: string; note?: string }) => void submit(v)} data-testid="cti-prospect-form">
        <Form.Item name="name" label={t('cti.prospectName')} rules={[{ required: true, whitespace: true, message: t('cti.required', { field: t('cti.prospectName') }) }]}>
          <Input maxLength={100} data-testid="cti-prospect-name" />
        </Form.Item>
        <Form.Item name="note" label={t('cti.prospectNote')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
        <Button htmlType="submit" loading={saving} data-testid="cti-prospect-save">{t('cti.prospectSave')}</Button>
      </Form>
    </Card>
  );
}

