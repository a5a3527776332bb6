/**
 * The 营销活动 API (server/src/modules/outreach is the source of these shapes): message templates,
 * their check and preview, campaigns with their plan, recipients and hit rate.
 */
import { useQuery } from '@tanstack/react-query';
import { api, type ApiBody, type ApiResponse } from '../../api/api';

export type TemplateList = ApiResponse<'/api/outreach/templates'>;
export type Template = TemplateList['items'][number];
export type TemplateBody = ApiBody<'/api/outreach/templates', 'post'>;
export type TextCheck = ApiResponse<'/api/outreach/templates/check', 'post'>;
export type Preview = ApiResponse<'/api/outreach/preview', 'post'>;
export type CampaignList = ApiResponse<'/api/campaigns'>;
export type Campaign = CampaignList['items'][number];
export type CampaignDetail = ApiResponse<'/api/campaigns/{id}'>;
export type CampaignBody = ApiBody<'/api/campaigns', 'post'>;
export type RecipientList = ApiResponse<'/api/campaigns/{id}/messages'>;
export type Recipient = RecipientList['items'][number];
export type MessageStatus = Recipient['status'];

export const TEMPLATES_PATH = '/outreach/templates';
export const CAMPAIGNS_PATH = '/outreach/campaigns';
export const outreachRoot = ['outreach'] as const;

/** The message statuses in the order the counts show them. */
export const MESSAGE_STATUSES: readonly MessageStatus[] = [
  'PLANNED', 'QUEUED', 'SENDING', 'SENT', 'DELIVERED', 'FAILED', 'SKIPPED_OPT_OUT', 'SKIPPED_CAP', 'SKIPPED_SUITABILITY', 'SKIPPED_NO_ADDRESS', 'CANCELLED',
];

/** The campaign statuses 撤销 applies to (POST /api/campaigns/{id}/cancel). */
export const CANCELLABLE: readonly CampaignDetail['status'][] = ['PENDING_APPROVAL', 'APPROVED', 'SENDING'];

/** A campaign while it is sent refreshes itself: its counts move as the messages go. */
export function useCampaign(id: string | undefined) {
  return useQuery({
    queryKey: [...outreachRoot, 'campaign', id],
    queryFn: ({ signal }) => api.get('/api/campaigns/{id}', { path: { id: id! } }, signal),
    enabled: Boolean(id),
    refetchInterval: (query) => (query.state.data && ['APPROVED', 'SENDING'].includes(query.state.data.status) ? 5000 : false),
  });
}

/** The campaign of an approval flow (the CAMPAIGN flow's detail in 协同工作). */
export function useCampaignOfFlow(workflowId: string) {
  return useQuery({
    queryKey: [...outreachRoot, 'by-flow', workflowId],
    queryFn: ({ signal }) => api.get('/api/campaigns', { query: { workflowId, pageSize: 1 } }, signal),
  });
}

export function useTemplateOptions(channel: string | undefined) {
  return useQuery({
    queryKey: [...outreachRoot, 'template-options', channel ?? ''],
    queryFn: ({ signal }) => api.get('/api/outreach/templates', { query: { channel: channel as Template['channel'] | undefined, pageSize: 200 } }, signal),
  });
}
