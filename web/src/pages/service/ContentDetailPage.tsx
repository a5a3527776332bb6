import { useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Descriptions, Drawer, Form, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../api/api';
import { useMe } from '../../api/queries';
import { useFormSubmit } from '../../components/formSubmit';
import { EmptyState, ErrorState, Loading } from '../../components/States';
import { useCodeLabel, useI18n } from '../../i18n/i18n';
import { CAMPAIGNS_PATH } from '../outreach/outreachApi';
import { STATUS_COLOR } from './ContentListPage';
import { ContentHtml } from './ContentHtml';
import {
  SERVICE_CONTENT_PATH, serviceRoot, useContent, usePushes, usePushGroups, useRecipients, useServiceProducts, type ContentDetail, type Push, type Recipient,
} from './serviceApi';

const when = (iso: string | null) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—');

/** One item of 服务产品加工: its text, its review (submit, the flow) and, once published, its pushes with read receipts. */
export default function ContentDetailPage() {
  const { id = '' } = useParams();
  const content = useContent(id);
  if (content.isPending) return <Loading />;
  if (content.isError) return <ErrorState error={content.error} onRetry={() => void content.refetch()} />;
  return <Detail item={content.data} />;
}

/** The item under review, shown on its CONTENT_PUBLISH flow's page for the reviewer. */
export function ContentFlowCard({ contentId }: { contentId: string }) {
  const { t } = useI18n();
  const content = useContent(contentId);
  if (content.isPending) return <Loading />;
  if (content.isError) return <ErrorState error={content.error} onRetry={() => void content.refetch()} />;
  return (
    <Card size="small" title={<Link to={`${SERVICE_CONTENT_PATH}/${contentId}`}>{content.data.title}</Link>} data-testid="content-under-review">
      <ContentFacts item={content.data} />
      <Typography.Title level={5} style={{ marginTop: 12 }}>{t('service.body')}</Typography.Title>
      <ContentHtml html={content.data.bodyHtml} />
    </Card>
  );
}

function ContentFacts({ item }: { item: ContentDetail }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  return (
    <Descriptions size="small" column={{ xs: 1, md: 3 }}>
      <Descriptions.Item label={t('service.col.kind')}>{label('contentKind', item.kind)}</Descriptions.Item>
      <Descriptions.Item label={t('service.col.category')}>{label('contentCategory', item.category)}</Descriptions.Item>
      <Descriptions.Item label={t('service.col.level')}>{label('productRisk', item.riskLevel)}</Descriptions.Item>
      <Descriptions.Item label={t('service.col.status')}><Tag color={STATUS_COLOR[item.status]} data-testid="content-status">{label('contentStatus', item.status)}</Tag></Descriptions.Item>
      <Descriptions.Item label={t('service.col.product')}>{item.productName ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t('service.col.author')}>{item.authorName}</Descriptions.Item>
      <Descriptions.Item label={t('service.col.publishedAt')}>{when(item.publishedAt)}</Descriptions.Item>
      {item.summary ? <Descriptions.Item label={t('service.summary')} span={3}>{item.summary}</Descriptions.Item> : null}
    </Descriptions>
  );
}

function Detail({ item }: { item: ContentDetail }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useMe().data;
  const [submitting, setSubmitting] = useState(false);
  const canPush = item.status === 'PUBLISHED' && (me?.permissions.includes('contacts.write') ?? false);

  async function submitForReview() {
    setSubmitting(true);
    try {
      await api.post('/api/service/content/{id}/submit', { path: { id: item.id } });
      void message.success(t('service.submitted'));
      await queryClient.invalidateQueries({ queryKey: serviceRoot });
    } catch (err) {
      void message.error(err instanceof Error ? err.message : String(err));
    } finally {
      setSubmitting(false);
    }
  }
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        className="wrap-head-card"
        title={<span data-testid="content-heading">{item.title}</span>}
        extra={
          <Space wrap>
            {item.workflowId ? <Link to={`/workflows/${item.workflowId}`} data-testid="content-workflow">{t('service.reviewFlow')}</Link> : null}
            {item.editable ? <Button onClick={() => navigate(`${SERVICE_CONTENT_PATH}/${item.id}/edit`)} data-testid="content-edit">{t('service.edit')}</Button> : null}
            {item.submittable ? <Button type="primary" loading={submitting} onClick={() => void submitForReview()} data-testid="content-submit">{t('service.submit')}</Button> : null}
          </Space>
        }
      >
        <ContentFacts item={item} />
        {item.status === 'IN_REVIEW' ? <Alert type="info" showIcon title={t('service.inReviewHint')} style={{ marginBottom: 12 }} /> : null}
        <ContentHtml html={item.bodyHtml} />
      </Card>
      {item.status === 'PUBLISHED' ? <Pushes item={item} canPush={canPush} /> : null}
    </Space>
  );
}

function Pushes({ item, canPush }: { item: ContentDetail; canPush: boolean }) {
  const { t } = useI18n();
  const pushes = usePushes(item.id);
  const [shown, setShown] = useState<Push | null>(null);
  const columns: TableColumnsType<Push> = [
    { key: 'pushedAt', title: t('service.col.pushedAt'), width: 150, render: (_, p) => when(p.pushedAt) },
    { key: 'audience', title: t('service.col.audience'), width: 240, render: (_, p) => [p.productName, p.groupName].filter(Boolean).join(' + ') },
    { key: 'pushedBy', dataIndex: 'pushedBy', title: t('service.col.pushedBy'), width: 110 },
    { key: 'targeted', title: t('service.col.targeted'), width: 80, align: 'right', render: (_, p) => p.counts.targeted },
    { key: 'delivered', title: t('service.col.delivered'), width: 80, align: 'right', render: (_, p) => <span data-testid="push-delivered">{p.counts.delivered}</span> },
    { key: 'skipped', title: t('service.col.skipped'), width: 110, align: 'right', render: (_, p) => <span data-testid="push-skipped">{p.counts.skippedSuitability}</span> },
    { key: 'read', title: t('service.col.read'), width: 80, align: 'right', render: (_, p) => <span data-testid="push-read">{p.counts.read}</span> },
    { key: 'notices', title: t('service.col.notices'), width: 260, render: (_, p) => <Notices push={p} /> },
    { key: 'recipients', title: '', width: 90, render: (_, p) => <Button type="link" size="small" onClick={() => setShown(p)}>{t('service.recipients')}</Button> },
  ];
  return (
    <Card title={t('service.pushes')} extra={<Button size="small" onClick={() => void pushes.refetch()} data-testid="pushes-refresh">{t('service.refresh')}</Button>}>
      {canPush ? <PushForm item={item} /> : null}
      {pushes.isError ? <ErrorState error={pushes.error} onRetry={() => void pushes.refetch()} /> : (
        <Table<Push> rowKey="id" size="small" loading={pushes.isFetching} columns={columns} dataSource={pushes.data?.items ?? []} pagination={false}
          scroll={{ x: 'max-content' }} locale={{ emptyText: <EmptyState text={t('service.noPushes')} /> }} data-testid="push-list" />
      )}
      <RecipientsDrawer push={shown} onClose={() => setShown(null)} />
    </Card>
  );
}

/** The push's notices by channel (推送通知), each linked to its outreach campaign. */
function Notices({ push }: { push: Push }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  if (push.notices.length === 0) return <>—</>;
  return (
    <Space direction="vertical" size={0}>
      {push.notices.map((n) => (
        <Link key={n.campaignId} to={`${CAMPAIGNS_PATH}/${n.campaignId}`} data-testid={`push-notice-${n.channel}`}>
          {t('service.noticeCounts', {
            channel: label('outreachChannel', n.channel), queued: n.queued, sent: n.sent, optOut: n.skippedOptOut, noAddress: n.skippedNoAddress, cap: n.skippedCap,
          })}
        </Link>
      ))}
    </Space>
  );
}

type PushValues = { productId?: string; groupId?: string; notice?: ('SMS' | 'EMAIL')[] };

function PushForm({ item }: { item: ContentDetail }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const products = useServiceProducts();
  const groups = usePushGroups();
  const { data: me } = useMe();
  const canNotify = me?.permissions.includes('outreach') ?? false;
  const [form] = Form.useForm<PushValues>();
  const { busy, error, submit } = useFormSubmit(form, ['productId', 'groupId', 'notice']);
  function push(values: PushValues) {
    void submit(async () => {
      const notice = values.notice?.length ? values.notice : undefined;
      const result = await api.post('/api/service/pushes', { body: { contentId: item.id, productId: values.productId, groupId: values.groupId, notice } });
      void message.success(t('service.pushed', { delivered: result.counts.delivered, skipped: result.counts.skippedSuitability }));
      form.resetFields();
      await queryClient.invalidateQueries({ queryKey: [...serviceRoot, 'pushes'] });
    });
  }
  return (
    <Form form={form} layout="inline" onFinish={push} style={{ marginBottom: 16, rowGap: 8 }} data-testid="push-form">
      <Form.Item name="productId">
        <Select allowClear placeholder={t('service.pushToSubscribers')} style={{ width: 220 }} loading={products.isPending} data-testid="push-product"
          options={(products.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))} />
      </Form.Item>
      <Form.Item name="groupId">
        <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder={t('service.pushToGroup')} style={{ width: 220 }} loading={groups.isPending} data-testid="push-group"
          options={(groups.data?.items ?? []).map((g) => ({ value: g.id, label: g.name }))} />
      </Form.Item>
      {canNotify ? (
        <Form.Item name="notice" label={t('service.notice')} tooltip={t('service.noticeHint')}>
          <Checkbox.Group options={(['SMS', 'EMAIL'] as const).map((c) => ({ value: c, label: label('outreachChannel', c) }))} data-testid="push-notice" />
        </Form.Item>
      ) : null}
      <Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="push-submit">{t('service.push')}</Button>
      </Form.Item>
      <Typography.Text type="secondary" style={{ alignSelf: 'center' }}>{t('service.pushHint', { level: item.riskLevel })}</Typography.Text>
      {error ? <Alert type="error" showIcon title={error} style={{ width: '100%', marginTop: 8 }} data-testid="push-error" /> : null}
    </Form>
  );
}

function RecipientsDrawer({ push, onClose }: { push: Push | null; onClose: () => void }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  const recipients = useRecipients(push?.id ?? null);
  const columns: TableColumnsType<Recipient> = [
    { key: 'customer', title: t('service.col.customer'), render: (_, r) => <Link to={`/customers/${r.customerNo}`}>{r.customerName}（{r.customerNo}）</Link> },
    { key: 'risk', title: t('service.col.customerRisk'), width: 100, render: (_, r) => label('riskLevel', r.customerRisk) },
    { key: 'status', title: t('service.col.status'), width: 170, render: (_, r) => label('pushRecipientStatus', r.status) },
    { key: 'readAt', title: t('service.col.readAt'), width: 140, render: (_, r) => when(r.readAt) },
  ];
  return (
    <Drawer open={push !== null} onClose={onClose} width={640} title={t('service.recipients')}>
      {recipients.isError ? <ErrorState error={recipients.error} onRetry={() => void recipients.refetch()} /> : (
        <Table<Recipient> rowKey="customerNo" size="small" loading={recipients.isFetching} columns={columns} dataSource={recipients.data?.items ?? []}
          pagination={{ pageSize: 50, hideOnSinglePage: true }} />
      )}
    </Drawer>
  );
}
