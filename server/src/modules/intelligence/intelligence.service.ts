/**
 * GET /api/customers/{customerNo}/profile (interfaces.md "Customer intelligence"): one customer's
 * tier and lifecycle (sum_customer_daily of the day), RFM and contribution (value/), churn score
 * with its reasons (churn/) and labels (labels/), read in one snapshot. 404 for a customer unknown
 * or outside the caller's scope alike.
 */
import type pg from 'pg';
import { type Language } from '../../errors.js';
import { businessDate } from '../../lib/dates.js';
import { inReadSnapshot } from '../../lib/read-snapshot.js';
import { assertCustomerInScope } from '../access/scope.js';
import type { AuthUser } from '../auth/auth.service.js';
import { churnLevel } from '../churn/churn.rules.js';
import { getChurnModel, renderReasons } from '../churn/churn.service.js';
import type { ChurnModel } from '../churn/churn.schemas.js';
import { inTransaction } from '../../db/database.js';
import { writeAudit } from '../audit/audit.service.js';
import { trainChurnAndDerive } from './intelligence.derive.js';
import { CHURN_SETTING, SCORER_SQL } from '../churn/churn.sql.js';
import { labelsOfCustomer } from '../labels/labels.service.js';
import { customerValue } from '../value/value.service.js';
import type { CustomerProfile } from './intelligence.schemas.js';
import { importedDayOnOrBefore } from '../figures/figures.sql.js';

export interface ProfileContext {
  user: AuthUser;
  now: Date;
  language: Language;
}

const DAY_ROW = `
  select s.customer_no is not null as has_row, s.tier, s.lifecycle, c.open_date > $2::date as not_yet_open
    from customers c left join sum_customer_daily s on s.customer_no = c.customer_no and s.trade_date = $2::date
   where c.customer_no = $1`;

const SCORE = `select trim_scale(s.score)::text as score, ${SCORER_SQL} as scorer, s.reasons from churn_scores s where s.customer_no = $1 and s.trade_date = $2::date`;

const LABELS_DAY = `select (select trade_date::text from customer_label_day) as day`;

export async function customerProfile(pool: pg.Pool, customerNo: string, date: string | undefined, ctx: ProfileContext): Promise<CustomerProfile> {
  return inReadSnapshot(pool, async (client) => {
    await assertCustomerInScope(client, ctx.user, customerNo, businessDate(ctx.now));
    const day = await importedDayOnOrBefore(client, date);
    const empty: CustomerProfile = { date: day, tier: null, lifecycle: null, rfm: null, contribution: null, contributionParts: null, churn: null, labels: {} };
    if (!day) return empty;
    const [row] = (await client.query<{ has_row: boolean; tier: string | null; lifecycle: string | null; not_yet_open: boolean }>(DAY_ROW, [customerNo, day])).rows;
    // no row of the day: a customer not yet open is a prospect (潜在), one closed before it churned (as customer_state says)
    const lifecycle = row?.has_row ? row.lifecycle : row?.not_yet_open ? 'POTENTIAL' : 'CHURNED';
    const value = await customerValue(client, ctx.user, customerNo, day);
    const [score] = (await client.query<{ score: string; scorer: 'RULES' | 'MODEL'; reasons: unknown }>(SCORE, [customerNo, day])).rows;
    const setting = (await client.query<{ threshold: string; horizonDays: number }>(CHURN_SETTING)).rows[0]!;
    const labelsDay = (await client.query<{ day: string | null }>(LABELS_DAY)).rows[0]?.day ?? null;
    const labels = labelsDay === day ? ((await labelsOfCustomer(client, customerNo)) ?? {}) : {};
    const parts = value.contribution;
    return {
      ...empty,
      tier: row?.tier ?? null,
      lifecycle,
      rfm: value.rfm ? { r: value.rfm.r, f: value.rfm.f, m: value.rfm.m, segment: value.rfm.segment, segmentCode: value.rfm.segmentCode } : null,
      contribution: parts?.contribution ?? null,
      contributionParts: parts
        ? {
            netCommission: parts.netCommission, cashSpread: parts.cashSpread, marginInterest: parts.marginInterest, productFees: parts.productFees,
            contactCost: parts.contactCost, staffCost: parts.staffCost, flagged: parts.flagged,
          }
        : null,
      churn: score
        ? {
            score: score.score, scorer: score.scorer, level: churnLevel(Number(score.score), Number(setting.threshold)), horizonDays: setting.horizonDays,
            reasons: renderReasons(score.reasons, ctx.language),
          }
        : null,
      labels,
    };
  });
}

/** POST /api/churn/train (ADMIN): trains, derives the latest day's intelligence with the new model, audited as churn.train, in one transaction. */
export async function trainFromRequest(pool: pg.Pool, ctx: ProfileContext & { ip?: string }): Promise<ChurnModel> {
  await inTransaction(pool, async (client) => {
    const result = await trainChurnAndDerive(client, ctx.user.username);
    await writeAudit(client, {
      user: ctx.user, action: 'churn.train', entity: 'churn_model', entityId: result.modelId, ip: ctx.ip ?? '',
      detail: { noModelReason: result.noModelReason ?? '', auc: result.metrics.auc ?? '', scored: result.scored },
    });
  });
  return getChurnModel(pool, ctx.language);
}
