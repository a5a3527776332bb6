import { useState } from 'react';
import { App, Button, DatePicker, Form, Input, InputNumber, Radio, Select } from 'antd';
import type { TableProps } from 'antd';
import type { Dayjs } from 'dayjs';
import { Link, useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { codesOf } from '../../../../shared/codes';
import { api } from '../../api/api';
import { codeColumn, nameColumn } from '../../components/columns';
import { FormModal, useFormModal } from '../../components/FormModal';
import { ChoiceFilter, ListPage, ListTotal, TextFilter, useListPage } from '../../components/ListPage';
import type { FilterSpec } from '../../components/listParams';
import { useCodeLabel, useI18n } from '../../i18n/i18n';
import { useGroups } from '../intelligence/groups/groupsApi';
import { ProductPicker } from '../products/ProductPicker';
import { formatWhen } from '../workflows/labels';
import { CAMPAIGNS_PATH, outreachRoot, useTemplateOptions, type Campaign, type CampaignBody, type CampaignList } from './outreachApi';

const FILTERS: FilterSpec = { status: 'choice', channel: 'choice', q: 'text' };
const FIELDS = ['name', 'channel', 'templateId', 'groupId', 'productCode', 'targetLimit', 'sendAt'] as const;
/** The top K a campaign to a product's targets reaches when not changed (the server's default too). */
const DEFAULT_TARGET_LIMIT = 1000;

const skipped = (c: Campaign) => c.counts.SKIPPED_OPT_OUT + c.counts.SKIPPED_CAP + c.counts.SKIPPED_SUITABILITY + c.counts.SKIPPED_NO_ADDRESS;

/** 营销活动 → 营销活动: the campaigns the caller may read with their counts by status; a new one goes to approval. */
export default function CampaignListPage() {
  const { t } = useI18n();
  const label = useCodeLabel();
  const list = useListPage<CampaignList>({ path: '/api/campaigns', queryKey: [...outreachRoot, 'campaigns'], filters: FILTERS });
  const [creating, setCreating] = useState(false);
  const count = (key: keyof Campaign['counts'], title: string) => ({ key, title, width: 80, align: 'right' as const, render: (_: unknown, c: Campaign) => c.counts[key] });
  const columns: NonNullable<TableProps<Campaign>['columns']> = [
    { key: 'name', title: t('outreach.col.name'), width: 200, render: (_: unknown, c: Campaign) => <Link to={`${CAMPAIGNS_PATH}/${c.id}`}>{c.name}</Link> },
    codeColumn<Campaign>('status', t('outreach.col.status'), 130, 'campaignStatus', label),
    codeColumn<Campaign>('channel', t('outreach.col.channel'), 90, 'outreachChannel', label),
    { key: 'source', title: t('outreach.col.source'), width: 200, render: (_: unknown, c: Campaign) => [label('campaignSource', c.source), c.groupName, c.productName].filter(Boolean).join(' · ') },
    { key: 'audience', title: t('outreach.col.audience'), width: 90, align: 'right', render: (_: unknown, c: Campaign) => c.audience ?? '—' },
    count('QUEUED', t('outreach.col.queued')),
    count('SENT', t('outreach.col.sent')),
    count('DELIVERED', t('outreach.col.delivered')),
    count('FAILED', t('outreach.col.failed')),
    { key: 'skipped', title: t('outreach.col.skipped'), width: 80, align: 'right', render: (_: unknown, c: Campaign) => skipped(c) },
    nameColumn<Campaign>('createdByName', t('outreach.col.createdBy'), 110),
    { key: 'createdAt', title: t('outreach.col.createdAt'), width: 150, render: (_: unknown, c: Campaign) => formatWhen(c.createdAt) },
  ];
  return (
    <>
      <ListPage<Campaign>
        list={list}
        filters={
          <>
            <ChoiceFilter name="status" placeholder={t('outreach.filter.status')} width={160} options={codesOf('campaignStatus').map((v) => ({ value: v, label: label('campaignStatus', v) }))} />
            <ChoiceFilter name="channel" placeholder={t('outreach.filter.channel')} width={140} options={codesOf('outreachChannel').map((v) => ({ value: v, label: label('outreachChannel', v) }))} />
            <TextFilter name="q" placeholder={t('outreach.filter.q')} width={200} />
          </>
        }
        title={t('menu.outreachCampaigns')}
        tools={<Button type="primary" onClick={() => setCreating(true)} data-testid="new-campaign">{t('outreach.newCampaign')}</Button>}
        total={<ListTotal list={list} title={t('outreach.campaignCount')} testId="campaign-total" />}
        rowKey="id"
        columns={columns}
        emptyInTable
        data-testid="campaigns"
      />
      <NewCampaign open={creating} onClose={() => setCreating(false)} />
    </>
  );
}

type Source = 'GROUP' | 'PRODUCT_TARGETS' | 'MARGIN_POOL';

interface CampaignForm {
  name: string;
  channel: CampaignBody['channel'];
  templateId?: string;
  source: Source;
  groupId?: string;
  productCode?: string;
  targetLimit?: number | null;
  sendAt?: Dayjs | null;
}

/** 新建营销活动: name, channel, template, audience (a group, a product's targets, the qualified pool), an optional product and send time. */
function NewCampaign({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const label = useCodeLabel();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<CampaignForm>();
  const modal = useFormModal(form, FIELDS, onClose);
  const channel = Form.useWatch('channel', form) ?? 'SMS';
  const source = Form.useWatch('source', form) ?? 'GROUP';
  const templates = useTemplateOptions(channel);
  const groups = useGroups();

  function submit(values: CampaignForm) {
    const body: CampaignBody = {
      name: values.name.trim(), channel: values.channel, templateId: values.templateId!,
      ...(values.source === 'GROUP' ? { groupId: values.groupId } : {}),
      ...(values.source === 'MARGIN_POOL' ? { source: 'MARGIN_POOL' as const } : {}),
      ...(values.productCode ? { productCode: values.productCode } : {}),
      ...(values.source === 'PRODUCT_TARGETS' ? { targetLimit: values.targetLimit ?? DEFAULT_TARGET_LIMIT } : {}),
      ...(values.sendAt ? { sendAt: values.sendAt.toISOString() } : {}),
    };
    void modal.submit(async () => {
      const created = await api.post('/api/campaigns', { body });
      void message.success(t('outreach.created'));
      await queryClient.invalidateQueries({ queryKey: outreachRoot });
      modal.close();
      navigate(`${CAMPAIGNS_PATH}/${created.id}`);
    });
  }
  const required = (field: string) => [{ required: true, message: t('outreach.required', { field }) }];
  return (
    <FormModal modal={modal} title={t('outreach.newCampaign')} open={open} okText={t('outreach.submit')} cancelText={t('outreach.cancel')} errorTestId="campaign-error" width={620}>
      <Form<CampaignForm> form={form} layout="vertical" initialValues={{ channel: 'SMS', source: 'GROUP', targetLimit: DEFAULT_TARGET_LIMIT }} onFinish={submit} data-testid="campaign-form">
        <Form.Item name="name" label={t('outreach.field.campaignName')} rules={[{ required: true, whitespace: true, message: t('outreach.required', { field: t('outreach.field.campaignName') }) }]}>
          <Input maxLength={100} data-testid="campaign-name" />
        </Form.Item>
        <Form.Item name="channel" label={t('outreach.field.channel')}>
          <Radio.Group options={codesOf('outreachChannel').map((v) => ({ value: v, label: label('outreachChannel', v) }))} onChange={() => form.setFieldValue('templateId', undefined)} />
        </Form.Item>
        <Form.Item name="templateId" label={t('outreach.field.template')} rules={required(t('outreach.field.template'))}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('outreach.pickTemplate')}
            loading={templates.isFetching}
            options={(templates.data?.items ?? []).map((tp) => ({ value: tp.id, label: tp.sensitiveWords.length ? `${tp.name}（${t('outreach.col.sensitive')}：${tp.sensitiveWords.join('、')}）` : tp.name }))}
            data-testid="campaign-template"
          />
        </Form.Item>
        <Form.Item name="source" label={t('outreach.field.source')}>
          <Radio.Group options={codesOf('campaignSource').filter((v) => v !== 'SERVICE_PUSH').map((v) => ({ value: v, label: label('campaignSource', v) }))} data-testid="campaign-source" />
        </Form.Item>
        {source === 'GROUP' ? (
          <Form.Item name="groupId" label={t('outreach.field.group')} rules={required(t('outreach.field.group'))}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('outreach.pickGroup')}
              loading={groups.isFetching}
              options={(groups.data?.items ?? []).map((g) => ({ value: g.id, label: `${g.name}（${g.membersInMyScope ?? '—'}）` }))}
              data-testid="campaign-group"
            />
          </Form.Item>
        ) : null}
        <Form.Item name="productCode" label={t('outreach.field.product')} extra={t('outreach.field.productHint')} rules={source === 'PRODUCT_TARGETS' ? required(t('outreach.field.product')) : []}>
          <ProductPicker />
        </Form.Item>
        {source === 'PRODUCT_TARGETS' ? (
          <Form.Item name="targetLimit" label={t('outreach.field.targetLimit')} extra={t('outreach.field.targetLimitHint', { default: DEFAULT_TARGET_LIMIT.toLocaleString() })}>
            <InputNumber min={1} max={100000} precision={0} style={{ width: 200 }} data-testid="campaign-target-limit" />
          </Form.Item>
        ) : null}
        <Form.Item name="sendAt" label={t('outreach.field.sendAt')}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" data-testid="campaign-send-at" />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
