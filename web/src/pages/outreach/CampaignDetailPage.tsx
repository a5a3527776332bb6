import { useState } from 'react';
import { App, Button, Card, Descriptions, Popconfirm, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import type { TableProps } from 'antd';
import { Link, useNavigate, useParams } from 'react-router';
import { QueryState } from '../../components/States';
import { ChoiceFilter, ListPage, ListTotal, useListPage } from '../../components/ListPage';
import type { FilterSpec } from '../../components/listParams';
import { useCodeLabel, useI18n } from '../../i18n/i18n';
import { formatWhen } from '../workflows/labels';
import { Highlighted } from './TemplatesPage';
import { api } from '../../api/api';
import { CAMPAIGNS_PATH, CANCELLABLE, MESSAGE_STATUSES, outreachRoot, useCampaign, useCampaignOfFlow, type CampaignDetail, type Recipient, type RecipientList } from './outreachApi';

/** 营销活动详情: what it sends to whom, the counts by status as they change, the sample, the hit rate, the recipients. */
export default function CampaignDetailPage() {
  const { id } = useParams();
  const campaign = useCampaign(id);
  return <QueryState query={campaign}>{campaign.data && <Detail campaign={campaign.data} />}</QueryState>;
}

function Detail({ campaign }: { campaign: CampaignDetail }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="campaign-detail">
      <CampaignSummary campaign={campaign} extra={<Space><CancelCampaign campaign={campaign} /><Button onClick={() => navigate(CAMPAIGNS_PATH)}>{t('outreach.back')}</Button></Space>} />
      <CampaignPlan campaign={campaign} />
      {campaign.hitRate ? <HitRateCard campaign={campaign} /> : null}
      <Recipients campaign={campaign} />
    </Space>
  );
}

/** 撤销: in approval (its flow ends) or while sending (what is still queued is not sent); confirmed first. */
function CancelCampaign({ campaign }: { campaign: CampaignDetail }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  if (!CANCELLABLE.includes(campaign.status)) return null;
  async function cancel() {
    setBusy(true);
    try {
      await api.post('/api/campaigns/{id}/cancel', { path: { id: campaign.id } });
      void message.success(t('outreach.cancelled'));
      await queryClient.invalidateQueries({ queryKey: outreachRoot });
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Popconfirm
      title={t('outreach.cancelCampaign')}
      description={t(campaign.status === 'PENDING_APPROVAL' ? 'outreach.cancelConfirm.approval' : 'outreach.cancelConfirm.sending')}
      okText={t('outreach.cancelCampaign')}
      okButtonProps={{ danger: true, 'data-testid': 'campaign-cancel-confirm' }}
      cancelText={t('outreach.cancelKeep')}
      onConfirm={() => void cancel()}
    >
      <Button danger loading={busy} data-testid="campaign-cancel">{t('outreach.cancelCampaign')}</Button>
    </Popconfirm>
  );
}

function CampaignSummary({ campaign, extra }: { campaign: CampaignDetail; extra?: React.ReactNode }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  return (
    <Card size="small" title={<Space>{campaign.name}<Tag color="blue" data-testid="campaign-status">{label('campaignStatus', campaign.status)}</Tag></Space>} extra={extra}>
      <Descriptions size="small" column={3}>
        <Descriptions.Item label={t('outreach.info.channel')}>{label('outreachChannel', campaign.channel)}</Descriptions.Item>
        <Descriptions.Item label={t('outreach.info.template')}>{campaign.templateName}</Descriptions.Item>
        <Descriptions.Item label={t('outreach.info.source')}>{label('campaignSource', campaign.source)}</Descriptions.Item>
        {campaign.groupName ? <Descriptions.Item label={t('outreach.info.group')}>{campaign.groupName}</Descriptions.Item> : null}
        {campaign.productCode ? <Descriptions.Item label={t('outreach.info.product')}>{`${campaign.productName ?? ''}（${campaign.productCode}）`}</Descriptions.Item> : null}
        {campaign.targetLimit !== null ? <Descriptions.Item label={t('outreach.info.targetLimit')}><span data-testid="campaign-target-limit">{campaign.targetLimit.toLocaleString()}</span></Descriptions.Item> : null}
        <Descriptions.Item label={t('outreach.info.sendAt')}>{campaign.sendAt ? formatWhen(campaign.sendAt) : t('outreach.none')}</Descriptions.Item>
        <Descriptions.Item label={t('outreach.info.notBefore')}>{campaign.notBefore ? formatWhen(campaign.notBefore) : t('outreach.none')}</Descriptions.Item>
        <Descriptions.Item label={t('outreach.info.createdBy')}>{campaign.createdByName}</Descriptions.Item>
        {campaign.workflowId ? (
          <Descriptions.Item label={t('outreach.info.workflow')}>
            <Link to={`/workflows/${campaign.workflowId}`}>{campaign.workflowStatus ? label('workflowStatus', campaign.workflowStatus) : t('outreach.viewWorkflow')}</Link>
          </Descriptions.Item>
        ) : null}
      </Descriptions>
    </Card>
  );
}

/** The audience, the counts by status (zeros left out) and the sample of rendered messages. */
export function CampaignPlan({ campaign }: { campaign: CampaignDetail }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  const shown = MESSAGE_STATUSES.filter((s) => campaign.counts[s] > 0);
  return (
    <Card size="small" title={t('outreach.plan')} data-testid="campaign-plan">
      <Typography.Paragraph type="secondary">{t('outreach.planHint', { audience: campaign.audience ?? 0, at: campaign.plannedAt ? formatWhen(campaign.plannedAt) : '—' })}</Typography.Paragraph>
      <Space size="large" wrap data-testid="campaign-counts">
        <Statistic title={t('outreach.col.audience')} value={campaign.audience ?? 0} />
        {shown.map((s) => (
          <Statistic key={s} title={label('campaignMessageStatus', s)} value={campaign.counts[s]} data-testid={`count-${s}`} />
        ))}
      </Space>
      <Typography.Title level={5} style={{ marginTop: 16 }}>{t('outreach.sample')}</Typography.Title>
      <Table
        size="small"
        rowKey="customerNo"
        pagination={false}
        dataSource={campaign.sample}
        data-testid="campaign-sample"
        columns={[
          { key: 'customer', title: t('outreach.col.customer'), width: 160, render: (_: unknown, m: CampaignDetail['sample'][number]) => `${m.customerName}（${m.customerNo}）` },
          { key: 'address', dataIndex: 'address', title: t('outreach.col.address'), width: 170 },
          { key: 'text', title: t('outreach.col.body'), render: (_: unknown, m: CampaignDetail['sample'][number]) => (m.subject ? <><b>{m.subject}</b><br /><Highlighted text={m.body} words={[]} /></> : m.body) },
        ]}
      />
    </Card>
  );
}

/** The CAMPAIGN flow's request in 协同工作: the campaign's summary, plan and sample, with a link to it. */
export function CampaignFlowCard({ workflowId }: { workflowId: string }) {
  const { t } = useI18n();
  const found = useCampaignOfFlow(workflowId);
  const id = found.data?.items[0]?.id;
  const campaign = useCampaign(id);
  return (
    <QueryState query={found}>
      {campaign.data ? (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="workflow-campaign">
          <CampaignSummary campaign={campaign.data} extra={<Link to={`${CAMPAIGNS_PATH}/${campaign.data.id}`}>{t('outreach.viewCampaign')}</Link>} />
          <CampaignPlan campaign={campaign.data} />
        </Space>
      ) : null}
    </QueryState>
  );
}

function HitRateCard({ campaign }: { campaign: CampaignDetail }) {
  const { t } = useI18n();
  const hit = campaign.hitRate!;
  const percent = (v: string | null) => (v === null ? '—' : `${(Number(v) * 100).toFixed(2)}%`);
  return (
    <Card size="small" title={t('outreach.hitRate')} extra={<Typography.Text type="secondary">{t('outreach.hitWindow', { from: hit.windowFrom, to: hit.windowTo })}</Typography.Text>} data-testid="campaign-hit-rate">
      {!hit.available ? <Typography.Paragraph type="warning">{t('outreach.hitPending')}</Typography.Paragraph> : null}
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Space size="large" wrap>
          <Statistic title={t('outreach.hit.recipients')} value={hit.recipients} />
          <Statistic title={t('outreach.hit.hits')} value={hit.hits} />
          <Statistic title={t('outreach.hit.rate')} value={percent(hit.hitRate)} />
          <Statistic title={t('outreach.hit.base')} value={`${percent(hit.baseRate)}（${hit.baseBuyers}/${hit.baseCustomers}）`} />
          <Statistic title={t('outreach.hit.lift')} value={hit.lift === null ? '—' : `${Number(hit.lift).toFixed(2)}×`} />
        </Space>
        <Space size="large" wrap data-testid="campaign-hit-rate-first-time">
          <Statistic title={t('outreach.hit.firstTimeRate')} value={`${percent(hit.firstTimeHitRate)}（${hit.firstTimeHits}/${hit.firstTimeRecipients}）`} />
          <Statistic title={t('outreach.hit.firstTimeBase')} value={`${percent(hit.firstTimeBaseRate)}（${hit.firstTimeBaseBuyers}/${hit.firstTimeBaseCustomers}）`} />
          <Statistic title={t('outreach.hit.firstTimeLift')} value={hit.firstTimeLift === null ? '—' : `${Number(hit.firstTimeLift).toFixed(2)}×`} />
        </Space>
      </Space>
    </Card>
  );
}

const RECIPIENT_FILTERS: FilterSpec = { status: 'choice' };

function Recipients({ campaign }: { campaign: CampaignDetail }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  const list = useListPage<RecipientList>({ path: `/api/campaigns/${campaign.id}/messages`, queryKey: [...outreachRoot, 'recipients', campaign.id, campaign.counts], filters: RECIPIENT_FILTERS, local: true });
  const when = (v: string | null) => (v ? formatWhen(v) : '—');
  const columns: NonNullable<TableProps<Recipient>['columns']> = [
    { key: 'customer', title: t('outreach.col.customer'), width: 170, render: (_: unknown, r: Recipient) => <Link to={`/customers/${encodeURIComponent(r.customerNo)}`}>{`${r.customerName}（${r.customerNo}）`}</Link> },
    { key: 'status', title: t('outreach.col.status'), width: 170, render: (_: unknown, r: Recipient) => label('campaignMessageStatus', r.status) },
    { key: 'address', dataIndex: 'address', title: t('outreach.col.address'), width: 170 },
    { key: 'notBefore', title: t('outreach.col.notBefore'), width: 150, render: (_: unknown, r: Recipient) => when(r.notBefore) },
    { key: 'sentAt', title: t('outreach.col.sentAt'), width: 150, render: (_: unknown, r: Recipient) => when(r.sentAt) },
    { key: 'deliveredAt', title: t('outreach.col.deliveredAt'), width: 150, render: (_: unknown, r: Recipient) => when(r.deliveredAt) },
    { key: 'error', dataIndex: 'error', title: t('outreach.col.error') },
  ];
  return (
    <ListPage<Recipient>
      list={list}
      filterBar="inline"
      filters={<ChoiceFilter name="status" placeholder={t('outreach.filter.status')} width={200} options={MESSAGE_STATUSES.map((v) => ({ value: v, label: label('campaignMessageStatus', v) }))} />}
      title={t('outreach.recipients')}
      total={<ListTotal list={list} title={t('outreach.recipientCount')} testId="recipient-total" />}
      rowKey="customerNo"
      columns={columns}
      emptyInTable
      data-testid="campaign-recipients"
    />
  );
}
