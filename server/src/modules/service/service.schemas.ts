/**
 * The service API's shapes (服务管理, business-rules.md §10): one zod schema each, for validation, the
 * OpenAPI document and (through z.infer) the service's types. Money and weights are decimal strings,
 * times ISO 8601, dates YYYY-MM-DD.
 */
import { z } from 'zod';
import { codesOf } from '../../../../shared/codes.js';
import { calendarDate } from '../../lib/dates.js';

const PRODUCT_KINDS = codesOf('serviceProductKind') as [string, ...string[]];
const PRODUCT_STATUSES = codesOf('serviceProductStatus') as [string, ...string[]];
export const CONTENT_KINDS = codesOf('contentKind') as [string, ...string[]];
export const CONTENT_CATEGORIES = codesOf('contentCategory') as [string, ...string[]];
const CONTENT_STATUSES = codesOf('contentStatus') as [string, ...string[]];
const RISKS = codesOf('productRisk') as [string, ...string[]];
const SUBSCRIPTION_SUITABILITY = codesOf('subscriptionSuitability') as [string, ...string[]];
const RECIPIENT_STATUSES = codesOf('pushRecipientStatus') as [string, ...string[]];
const MARKETS = codesOf('market') as [string, ...string[]];

const timestamp = z.string().describe('ISO 8601 timestamp');
const id = z.string().regex(/^\d{1,18}$/);
const code = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/);
const money = z.string().regex(/^\d{1,18}(\.\d{1,2})?$/).describe('decimal string, up to 2 places');
const page = z.coerce.number().int().min(1).max(100_000).default(1);
const pageSize = z.coerce.number().int().min(1).max(500).default(20);
const customerNo = z.string().trim().min(1).max(64);
const staffNo = z.string().trim().min(1).max(64);

export const idParams = z.object({ id });
export const pagedQuery = z.object({ page, pageSize });

// ---------------------------------------------------------------- service products

export const productBody = z.object({
  code,
  name: z.string().trim().min(1).max(100),
  kind: z.enum(PRODUCT_KINDS).describe('serviceProductKind code'),
  riskLevel: z.enum(RISKS).describe('productRisk code'),
  price: money.describe('monthly price, yuan'),
  status: z.enum(PRODUCT_STATUSES).default('ACTIVE'),
  description: z.string().max(2000).default(''),
});
export type ProductBody = z.infer<typeof productBody>;

export const serviceProduct = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(PRODUCT_KINDS),
  riskLevel: z.enum(RISKS),
  price: z.string(),
  status: z.enum(PRODUCT_STATUSES),
  description: z.string(),
  /** active subscribers in the caller's scope */
  subscribers: z.number().int(),
  staff: z.array(z.object({ staffNo: z.string(), name: z.string() })),
  createdAt: timestamp,
});
export type ServiceProduct = z.infer<typeof serviceProduct>;
export const productList = z.object({ items: z.array(serviceProduct), total: z.number().int() });
export const productListQuery = z.object({
  q: z.string().trim().max(100).optional(),
  status: z.enum(PRODUCT_STATUSES).optional(),
  page, pageSize,
});
export type ProductListQuery = z.infer<typeof productListQuery>;

export const staffBody = z.object({ staffNos: z.array(staffNo).max(50) });

// ---------------------------------------------------------------- subscriptions

export const subscribeBody = z.object({
  productId: id,
  customerNo,
  warningText: z.string().trim().min(1).max(4000).optional()
    .describe('the special warning shown to the customer and confirmed by them; required when the product is above the customer’s risk category (MISMATCH)'),
});
export type SubscribeBody = z.infer<typeof subscribeBody>;

export const subscription = z.object({
  id: z.string(),
  productId: z.string(),
  productName: z.string(),
  customerNo: z.string(),
  customerName: z.string(),
  customerRisk: z.string().nullable(),
  productRisk: z.string(),
  suitability: z.enum(SUBSCRIPTION_SUITABILITY),
  warningText: z.string().nullable(),
  subscribedAt: timestamp,
  subscribedBy: z.string(),
  endedAt: timestamp.nullable(),
  /** the staff serving this subscriber for the product today (服务关系) */
  servedBy: z.array(z.object({ staffNo: z.string(), name: z.string() })),
});
export type Subscription = z.infer<typeof subscription>;
export const subscriptionList = z.object({ items: z.array(subscription), total: z.number().int() });
export const subscriptionListQuery = z.object({
  productId: id.optional(),
  customerNo: customerNo.optional(),
  state: z.enum(['current', 'history']).default('current'),
  page, pageSize,
});
export type SubscriptionListQuery = z.infer<typeof subscriptionListQuery>;

// ---------------------------------------------------------------- service relationships

export const relationshipBody = z.object({
  productId: id,
  customerNo,
  staffNo,
  startOn: calendarDate.optional().describe('default today'),
});
export type RelationshipBody = z.infer<typeof relationshipBody>;
export const endRelationshipBody = z.object({ endOn: calendarDate.optional().describe('default today (inclusive)') });

export const serviceRelationship = z.object({
  id: z.string(),
  productId: z.string(),
  productName: z.string(),
  customerNo: z.string(),
  customerName: z.string(),
  staffNo: z.string(),
  staffName: z.string(),
  startOn: z.string(),
  endOn: z.string().nullable(),
});
export type ServiceRelationship = z.infer<typeof serviceRelationship>;
export const relationshipList = z.object({ items: z.array(serviceRelationship), total: z.number().int() });
export const relationshipListQuery = z.object({
  productId: id.optional(),
  staffNo: staffNo.optional(),
  customerNo: customerNo.optional(),
  page, pageSize,
});
export type RelationshipListQuery = z.infer<typeof relationshipListQuery>;

// ---------------------------------------------------------------- content

export const contentBody = z.object({
  kind: z.enum(CONTENT_KINDS).describe('contentKind code'),
  category: z.enum(CONTENT_CATEGORIES).describe('contentCategory code'),
  riskLevel: z.enum(RISKS).describe('productRisk code: the level of customers it may reach'),
  productId: id.nullable().default(null).describe('the service product it belongs to (its subscribers read it)'),
  title: z.string().trim().min(1).max(200),
  summary: z.string().trim().max(500).default(''),
  bodyHtml: z.string().max(200_000).describe('HTML; sanitised on the server to a whitelist'),
});
export type ContentBody = z.infer<typeof contentBody>;

export const contentSummary = z.object({
  id: z.string(),
  kind: z.enum(CONTENT_KINDS),
  category: z.enum(CONTENT_CATEGORIES),
  riskLevel: z.enum(RISKS),
  productId: z.string().nullable(),
  productName: z.string().nullable(),
  title: z.string(),
  summary: z.string(),
  status: z.enum(CONTENT_STATUSES),
  authorName: z.string(),
  workflowId: z.string().nullable(),
  publishedAt: timestamp.nullable(),
  updatedAt: timestamp,
});
export const contentDetail = contentSummary.extend({
  bodyHtml: z.string(),
  /** the caller may change it (the author, while a draft, not approved or returned) */
  editable: z.boolean(),
  /** the caller may submit it for review */
  submittable: z.boolean(),
});
export type ContentDetail = z.infer<typeof contentDetail>;
export type ContentSummary = z.infer<typeof contentSummary>;
export const contentList = z.object({ items: z.array(contentSummary), total: z.number().int() });
export const contentListQuery = z.object({
  q: z.string().trim().max(100).optional(),
  kind: z.enum(CONTENT_KINDS).optional(),
  category: z.enum(CONTENT_CATEGORIES).optional(),
  status: z.enum(CONTENT_STATUSES).optional(),
  productId: id.optional(),
  mine: z.enum(['true', 'false']).optional(),
  page, pageSize,
});
export type ContentListQuery = z.infer<typeof contentListQuery>;

/** The CONTENT_PUBLISH flow's payload. */
export const publishPayload = z.object({ contentId: id });
export type PublishPayload = z.infer<typeof publishPayload>;

// ---------------------------------------------------------------- pushes (资讯推送)

export const pushBody = z.object({
  contentId: id,
  productId: id.optional().describe('push to the product’s current subscribers'),
  groupId: id.optional().describe('push to a saved customer group (yours or shared)'),
  notice: z.array(z.enum(['SMS', 'EMAIL'])).max(2).optional()
    .describe('also send each customer it reaches a notice by SMS and/or e-mail linking to 我的资讯 (needs the outreach permission; opt-outs, the frequency cap and quiet hours apply)'),
}).refine((b) => b.productId !== undefined || b.groupId !== undefined, { message: 'productId or groupId', path: ['productId'] });
export type PushBody = z.infer<typeof pushBody>;

export const pushCounts = z.object({
  /** customers reached (in the caller's scope) */
  targeted: z.number().int(),
  delivered: z.number().int(),
  skippedSuitability: z.number().int(),
  read: z.number().int(),
});
/** One channel's notices of a push (an outreach campaign), counted over the customers in the reader's scope. */
export const pushNotice = z.object({
  channel: z.enum(['SMS', 'EMAIL']),
  campaignId: z.string().describe('the outreach campaign that sends them (营销活动)'),
  status: z.string().describe('campaignStatus code'),
  notBefore: timestamp.nullable().describe('when they may go: the push time moved out of the quiet hours'),
  queued: z.number().int().describe('queued for sending (whatever happened since)'),
  sent: z.number().int(),
  failed: z.number().int(),
  skippedOptOut: z.number().int(),
  skippedNoAddress: z.number().int(),
  skippedCap: z.number().int(),
});
export type PushNotice = z.infer<typeof pushNotice>;
export const push = z.object({
  id: z.string(),
  contentId: z.string(),
  contentTitle: z.string(),
  riskLevel: z.enum(RISKS),
  productId: z.string().nullable(),
  productName: z.string().nullable(),
  groupId: z.string().nullable(),
  groupName: z.string().nullable(),
  pushedBy: z.string().describe("who pushed it: the staff member's name (the login's name for a login without one)"),
  pushedAt: timestamp,
  counts: pushCounts,
  notices: z.array(pushNotice).describe('the notices sent with it, by channel (none when not asked for)'),
});
export type Push = z.infer<typeof push>;
export const pushList = z.object({ items: z.array(push), total: z.number().int() });
export const pushListQuery = z.object({ contentId: id.optional(), page, pageSize });
export type PushListQuery = z.infer<typeof pushListQuery>;

export const recipient = z.object({
  customerNo: z.string(),
  customerName: z.string(),
  customerRisk: z.string().nullable(),
  status: z.enum(RECIPIENT_STATUSES),
  readAt: timestamp.nullable(),
});
export const recipientList = z.object({ items: z.array(recipient), total: z.number().int() });
export const recipientQuery = z.object({ status: z.enum(RECIPIENT_STATUSES).optional(), page, pageSize });
export type RecipientQuery = z.infer<typeof recipientQuery>;

// ---------------------------------------------------------------- model portfolios (投资组合)

const weight = z.string().regex(/^\d{1,3}(\.\d{1,4})?$/).describe('percent, up to 4 places; all weights sum to exactly 100');
export const holdingBody = z.object({ market: z.enum(MARKETS), securityCode: z.string().trim().min(1).max(16), weight });
export const portfolioBody = z.object({
  code,
  name: z.string().trim().min(1).max(100),
  productId: id.nullable().default(null),
  description: z.string().max(2000).default(''),
  effectiveOn: calendarDate.describe('the weights hold from this day’s close'),
  holdings: z.array(holdingBody).min(1).max(100),
});
export type PortfolioBody = z.infer<typeof portfolioBody>;
export const rebalanceBody = z.object({
  effectiveOn: calendarDate,
  note: z.string().trim().max(500).default(''),
  holdings: z.array(holdingBody).min(1).max(100),
});
export type RebalanceBody = z.infer<typeof rebalanceBody>;

const holding = z.object({ market: z.string(), securityCode: z.string(), securityName: z.string().nullable(), weight: z.string() });
export const portfolioVersion = z.object({
  version: z.number().int(),
  effectiveOn: z.string(),
  note: z.string(),
  createdBy: z.string(),
  createdAt: timestamp,
  holdings: z.array(holding),
});
export const portfolioSummary = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  productId: z.string().nullable(),
  productName: z.string().nullable(),
  description: z.string(),
  version: z.number().int(),
  effectiveOn: z.string(),
  createdAt: timestamp,
});
export const portfolioDetail = portfolioSummary.extend({ versions: z.array(portfolioVersion) });
export type PortfolioDetail = z.infer<typeof portfolioDetail>;
export type PortfolioSummary = z.infer<typeof portfolioSummary>;
export const portfolioList = z.object({ items: z.array(portfolioSummary), total: z.number().int() });

export const performanceQuery = z.object({ from: calendarDate.optional(), to: calendarDate.optional() });
export const performance = z.object({
  base: z.string(),
  totalReturn: z.string().nullable(),
  points: z.array(z.object({ date: z.string(), version: z.number().int(), value: z.string(), dayReturn: z.string().nullable() })),
  unpriced: z.array(z.object({ version: z.number().int(), market: z.string(), securityCode: z.string() })),
});
export type Performance = z.infer<typeof performance>;

// ---------------------------------------------------------------- the customer's side (/api/me/content)

export const myContentItem = z.object({
  id: z.string(),
  kind: z.enum(CONTENT_KINDS),
  category: z.enum(CONTENT_CATEGORIES),
  riskLevel: z.enum(RISKS),
  title: z.string(),
  summary: z.string(),
  productName: z.string().nullable(),
  publishedAt: timestamp.nullable(),
  /** when it reached the customer (the first push, else publication) */
  receivedAt: timestamp,
  read: z.boolean(),
});
export const myContentList = z.object({ items: z.array(myContentItem), total: z.number().int(), unread: z.number().int() });
export const myContentDetail = myContentItem.extend({ bodyHtml: z.string() });
export type MyContentItem = z.infer<typeof myContentItem>;
export type MyContentDetail = z.infer<typeof myContentDetail>;
