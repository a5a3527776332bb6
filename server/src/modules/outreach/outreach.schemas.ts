/**
 * The outreach API's shapes (营销活动, business-rules.md §10, interfaces.md "Outreach and contacts"):
 * templates (短信邮件模板), campaigns and their recipients. One zod schema each, for validation, the
 * OpenAPI document and (through z.infer) the service's types. Times are ISO 8601 strings.
 */
import { z } from 'zod';
import { codesOf } from '../../../../shared/codes.js';
import { TEMPLATE_VARIABLES } from './outreach.rules.js';

export const OUTREACH_CHANNELS = codesOf('outreachChannel') as ['SMS', 'EMAIL'];
export const CAMPAIGN_SOURCES = codesOf('campaignSource') as ['GROUP', 'PRODUCT_TARGETS', 'MARGIN_POOL', 'SERVICE_PUSH'];
export const CAMPAIGN_STATUSES = codesOf('campaignStatus') as [
  'PENDING_APPROVAL', 'APPROVED', 'SENDING', 'DONE', 'REJECTED', 'WITHDRAWN', 'CANCELLED',
];
/** Every status of a campaign's message, in the order the counts list them. */
export const MESSAGE_STATUSES = [
  'PLANNED', 'QUEUED', 'SENDING', 'SENT', 'DELIVERED', 'FAILED',
  'SKIPPED_OPT_OUT', 'SKIPPED_CAP', 'SKIPPED_SUITABILITY', 'SKIPPED_NO_ADDRESS', 'CANCELLED',
] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];
export type OutreachChannel = (typeof OUTREACH_CHANNELS)[number];

const timestamp = z.string().describe('ISO 8601 timestamp');
const page = z.coerce.number().int().min(1).max(100_000).default(1);
const pageSize = z.coerce.number().int().min(1).max(200).default(20);
const id = z.string().regex(/^[1-9]\d{0,17}$/, 'must be a positive integer id');
export const idParams = z.object({ id });

// ---------------------------------------------------------------- templates

export const TEMPLATE_BODY_MAX = 4000;

export const templateBody = z.object({
  name: z.string().trim().min(1).max(100),
  channel: z.enum(OUTREACH_CHANNELS).describe('outreachChannel code'),
  subject: z.string().trim().min(1).max(200).nullish().describe('EMAIL only, required there: the subject line (variables allowed)'),
  body: z.string().trim().min(1).max(TEMPLATE_BODY_MAX).describe('the text, with variables such as {{customerName}} (templateVariable codes)'),
  smsTemplateCode: z.string().trim().min(1).max(64).nullish().describe('SMS only: the provider’s registered template code'),
});
export type TemplateBody = z.infer<typeof templateBody>;

export const template = z.object({
  id: z.string(),
  name: z.string(),
  channel: z.enum(OUTREACH_CHANNELS),
  subject: z.string().nullable(),
  body: z.string(),
  smsTemplateCode: z.string().nullable(),
  variables: z.array(z.enum(TEMPLATE_VARIABLES)).describe('templateVariable codes the texts use'),
  sensitiveWords: z.array(z.string()).describe('the configured sensitive words (禁用语) the texts contain: a campaign with them is refused'),
  ownerUsername: z.string(),
  branchCode: z.string().nullable().describe('the branch of the login that saved it (null: head office, usable by every branch)'),
  editable: z.boolean().describe('the caller may change or delete it (its owner, or a login that sees every branch)'),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Template = z.infer<typeof template>;

export const templateListQuery = z.object({
  channel: z.enum(OUTREACH_CHANNELS).optional(),
  q: z.string().trim().max(100).optional().describe('part of the name'),
  page,
  pageSize,
});
export type TemplateListQuery = z.infer<typeof templateListQuery>;
export const templateList = z.object({ items: z.array(template), total: z.number().int() });

export const textCheckBody = z.object({
  subject: z.string().max(200).nullish(),
  body: z.string().max(TEMPLATE_BODY_MAX),
});
export const textCheck = z.object({
  variables: z.array(z.enum(TEMPLATE_VARIABLES)),
  unknownVariables: z.array(z.string()).describe('names between {{ }} that are not template variables'),
  sensitiveWords: z.array(z.string()),
});
export type TextCheck = z.infer<typeof textCheck>;

const customerNo = z.string().trim().min(1).max(64);
const productCode = z.string().trim().min(1).max(64);

export const previewBody = z.object({
  customerNo,
  productCode: productCode.optional().describe('the product {{productName}} and {{productRisk}} stand for'),
});
export const draftPreviewBody = textCheckBody.extend({
  channel: z.enum(OUTREACH_CHANNELS),
  customerNo,
  productCode: productCode.optional(),
});
export type DraftPreviewBody = z.infer<typeof draftPreviewBody>;

export const preview = z.object({
  customerNo: z.string(),
  customerName: z.string(),
  address: z.string().nullable().describe('the mobile (SMS) or e-mail (EMAIL) it would go to; masked without the pii permission'),
  subject: z.string().nullable(),
  body: z.string(),
  sms: z.object({
    signName: z.string().describe('the signature 【…】 the message goes with (SMS_SIGN_NAME)'),
    length: z.number().int().describe('characters with the signature, as the carriers count them'),
    segments: z.number().int().describe('SMS charged: 1 up to 70 characters, else one per 67'),
    maxVariableLength: z.number().int().describe('the longest value a variable may have (the provider refuses a longer one)'),
    maxLength: z.number().int().describe('the longest message the provider takes'),
    variables: z.array(z.object({ name: z.string().describe('templateVariable code'), length: z.number().int(), tooLong: z.boolean() })),
    tooLong: z.boolean().describe('a variable or the message over its limit: the provider would refuse this customer’s message'),
  }).nullable().describe('SMS only: the rendered length, its segments and each variable’s length (null for e-mail)'),
});
export type Preview = z.infer<typeof preview>;

// ---------------------------------------------------------------- campaigns

/** A campaign to a product's targets reaches at most this many of the best ranked (targetLimit, top K). */
export const TARGET_LIMIT_MAX = 100_000;
/** … and this many when the campaign does not say (decisions.md "Part T"). */
export const DEFAULT_TARGET_LIMIT = 1_000;

/** POST /api/campaigns, and the payload of a CAMPAIGN flow (interfaces.md). */
export const campaignBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    channel: z.enum(OUTREACH_CHANNELS).describe('outreachChannel code'),
    templateId: id,
    groupId: id.optional().describe('a saved customer group: its members in the initiator’s scope'),
    productCode: productCode.optional().describe('alone: the product’s target customers; with a group or the pool: the product promoted (only MATCH customers receive it)'),
    source: z.enum(['MARGIN_POOL']).optional().describe('MARGIN_POOL: the qualified margin customer pool (两融合格客户池) in the initiator’s scope'),
    sendAt: z.iso.datetime({ offset: true }).optional().describe('not before this time (default: as soon as approved); quiet hours move it later'),
    targetLimit: z.number().int().min(1).max(TARGET_LIMIT_MAX).optional()
      .describe(`a product's targets only: the top K — the K best-ranked customers of the initiator's scope (default ${DEFAULT_TARGET_LIMIT})`),
  })
  .superRefine((b, ctx) => {
    const sources = [b.groupId !== undefined, b.source === 'MARGIN_POOL'].filter(Boolean).length;
    if (sources > 1) ctx.addIssue({ code: 'custom', path: ['groupId'], message: 'a campaign goes to a group or to the qualified pool, not both' });
    if (sources === 0 && b.productCode === undefined) {
      ctx.addIssue({ code: 'custom', path: ['groupId'], message: 'name the audience: groupId, productCode (its target customers) or source MARGIN_POOL' });
    }
    if (b.targetLimit !== undefined && sources > 0) {
      ctx.addIssue({ code: 'custom', path: ['targetLimit'], message: 'targetLimit is the top K of a product’s targets: only without a group or the pool' });
    }
  });
export type CampaignBody = z.infer<typeof campaignBody>;

export const messageCounts = z.object(Object.fromEntries(MESSAGE_STATUSES.map((s) => [s, z.number().int()])) as Record<MessageStatus, z.ZodNumber>)
  .describe('the campaign’s messages by campaignMessageStatus code (every status, zero included)');
export type MessageCounts = z.infer<typeof messageCounts>;

export const campaign = z.object({
  id: z.string(),
  name: z.string(),
  channel: z.enum(OUTREACH_CHANNELS),
  status: z.enum(CAMPAIGN_STATUSES).describe('campaignStatus code'),
  source: z.enum(CAMPAIGN_SOURCES).describe('campaignSource code'),
  templateId: z.string(),
  templateName: z.string(),
  groupId: z.string().nullable(),
  groupName: z.string().nullable(),
  productCode: z.string().nullable(),
  productName: z.string().nullable(),
  sendAt: timestamp.nullable(),
  notBefore: timestamp.nullable().describe('when its messages may go: send time or approval, moved out of quiet hours (set at approval)'),
  audience: z.number().int().nullable().describe('the customers at the last planning, skipped ones included'),
  targetLimit: z.number().int().nullable().describe('PRODUCT_TARGETS: the top K of the ranked targets it reaches (null for the other sources)'),
  counts: messageCounts,
  workflowId: z.string().nullable(),
  createdBy: z.string().describe('username'),
  createdByName: z.string().describe('the staff member linked to the login that started it, else the username'),
  createdStaffNo: z.string().nullable(),
  branchCode: z.string().nullable(),
  teamCode: z.string().nullable(),
  createdAt: timestamp,
  plannedAt: timestamp.nullable(),
  approvedAt: timestamp.nullable(),
  finishedAt: timestamp.nullable(),
});
export type Campaign = z.infer<typeof campaign>;

export const sampleMessage = z.object({
  customerNo: z.string(),
  customerName: z.string(),
  status: z.enum(MESSAGE_STATUSES),
  address: z.string().nullable().describe('masked'),
  subject: z.string().nullable(),
  body: z.string(),
});

export const hitRate = z.object({
  windowFrom: z.string().describe('YYYY-MM-DD: the day the campaign was sent'),
  windowTo: z.string().describe('YYYY-MM-DD: the last day a purchase counts (hit_window_days in all)'),
  available: z.boolean().describe('the window has passed: the figures are final'),
  recipients: z.number().int().describe('messages SENT or DELIVERED'),
  hits: z.number().int().describe('recipients who bought the product (subscription or purchase) within the window'),
  hitRate: z.string().nullable().describe('hits ÷ recipients, decimal string'),
  baseCustomers: z.number().int().describe('open customers in the initiator’s scope'),
  baseBuyers: z.number().int().describe('of them, those who bought the product within the window'),
  baseRate: z.string().nullable(),
  lift: z.string().nullable().describe('hitRate ÷ baseRate'),
  firstTimeRecipients: z.number().int().describe('recipients who bought no product of the product’s family (type and risk level) in the 365 days before windowFrom'),
  firstTimeHits: z.number().int().describe('of them, those who bought the product within the window'),
  firstTimeHitRate: z.string().nullable().describe('firstTimeHits ÷ firstTimeRecipients'),
  firstTimeBaseCustomers: z.number().int().describe('base customers without such a purchase'),
  firstTimeBaseBuyers: z.number().int().describe('of them, those who bought the product within the window'),
  firstTimeBaseRate: z.string().nullable(),
  firstTimeLift: z.string().nullable().describe('firstTimeHitRate ÷ firstTimeBaseRate'),
});
export type HitRate = z.infer<typeof hitRate>;

export const campaignDetail = campaign.extend({
  sample: z.array(sampleMessage).describe('up to 10 rendered messages (addresses masked)'),
  hitRate: hitRate.nullable().describe('product campaigns once sent'),
  workflowStatus: z.string().nullable().describe('workflowStatus code of its approval flow'),
});
export type CampaignDetail = z.infer<typeof campaignDetail>;

export const campaignListQuery = z.object({
  status: z.enum(CAMPAIGN_STATUSES).optional(),
  channel: z.enum(OUTREACH_CHANNELS).optional(),
  workflowId: id.optional().describe('the campaign of this approval flow'),
  q: z.string().trim().max(100).optional().describe('part of the name'),
  page,
  pageSize,
});
export type CampaignListQuery = z.infer<typeof campaignListQuery>;
export const campaignList = z.object({ items: z.array(campaign), total: z.number().int() });

export const messageListQuery = z.object({ status: z.enum(MESSAGE_STATUSES).optional(), page, pageSize });
export type MessageListQuery = z.infer<typeof messageListQuery>;
export const recipient = z.object({
  customerNo: z.string(),
  customerName: z.string(),
  status: z.enum(MESSAGE_STATUSES).describe('campaignMessageStatus code'),
  address: z.string().nullable().describe('masked'),
  notBefore: timestamp.nullable(),
  sentAt: timestamp.nullable(),
  deliveredAt: timestamp.nullable(),
  error: z.string().nullable(),
});
export const recipientList = z.object({ items: z.array(recipient), total: z.number().int() });
export type RecipientList = z.infer<typeof recipientList>;
