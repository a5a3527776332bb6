/**
 * 营销活动 to a product's target customers: the top K (targetLimit) of the ranked targets in the
 * initiator's scope, against a real PostgreSQL, on the ranked product PR3 of
 * products/targets.test-fixtures.ts (FIXED_NOW 2025-06-16; scores worked out there by hand).
 *
 * Team lead tl_t11 (team T11) sees C0001, C0002, C0003, C0006 and C0008 on 2025-06-16. Of them, ranked
 * for PR3: C0001 0.880797, (C0003 MISMATCH, C0006 holds PR3), C0008 0.268941, C0002 0.119203.
 * Firm-wide: C0001, C0004 0.731059, C0005 0.268941, C0008 0.268941, C0002, C2001 0.119203 (B02).
 */
import { describe, expect, it } from 'vitest';
import { useTestApp, withBrokerage } from '../../../test/app-harness.js';
import { FIXED_NOW } from '../../../test/fixtures.js';
import { seedRankedProduct } from '../products/targets.test-fixtures.js';

const t = useTestApp({
  now: () => FIXED_NOW,
  seed: async (db) => {
    await withBrokerage()(db);
    await seedRankedProduct(db.pool);
  },
  sessions: ['admin', 'hq_user', 'bm_b01', 'tl_t11'],
});

async function template(user: string): Promise<string> {
  const res = await t.call(user, 'POST', '/api/outreach/templates', { name: '推广', channel: 'SMS', body: '{{customerName}}：{{productName}}' });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

async function recipients(id: string, status?: string): Promise<string[]> {
  const res = await t.call('admin', 'GET', `/api/campaigns/${id}/messages?pageSize=200${status ? `&status=${status}` : ''}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items.map((m: { customerNo: string }) => m.customerNo);
}

describe('a campaign to a product’s targets', () => {
  it('plans exactly the K best MATCH customers of the team lead’s team who do not hold it, and again at the final approval', async () => {
    const templateId = await template('tl_t11');
    const res = await t.call('tl_t11', 'POST', '/api/campaigns', { name: '平衡配置推广', channel: 'SMS', templateId, productCode: 'PR3', targetLimit: 2 });
    expect(res.statusCode, res.body).toBe(201);
    const campaign = res.json();
    expect(campaign).toMatchObject({ source: 'PRODUCT_TARGETS', targetLimit: 2, audience: 2 });
    expect(campaign.counts.PLANNED).toBe(2);
    expect(await recipients(campaign.id)).toEqual(['C0001', 'C0008']);

    for (const user of ['bm_b01', 'hq_user']) {
      const approved = await t.call(user, 'POST', `/api/workflows/${campaign.workflowId}/actions`, { action: 'approve', comment: 'ok' });
      expect(approved.statusCode, approved.body).toBe(200);
    }
    const after = (await t.call('tl_t11', 'GET', `/api/campaigns/${campaign.id}`)).json();
    expect([after.status, after.audience, after.targetLimit]).toEqual(['APPROVED', 2, 2]);
    expect(await recipients(campaign.id, 'QUEUED')).toEqual(['C0001', 'C0008']);
  });

  it('reaches the branch’s K best for its manager (a tie by customer number), 1,000 when K is not given', async () => {
    // branch B01: C0001, C0004, C0005 and C0008 (tied 0.268941), C0002; C2001 is B02's
    const templateId = await template('bm_b01');
    const created = await t.call('bm_b01', 'POST', '/api/campaigns', { name: '前三', channel: 'SMS', templateId, productCode: 'PR3', targetLimit: 3 });
    expect(created.statusCode, created.body).toBe(201);
    expect(await recipients(created.json().id)).toEqual(['C0001', 'C0004', 'C0005']);
    const all = (await t.call('bm_b01', 'POST', '/api/campaigns', { name: '全部', channel: 'SMS', templateId, productCode: 'PR3' })).json();
    expect([all.targetLimit, all.audience]).toEqual([1000, 5]);
    expect(await recipients(all.id)).toEqual(['C0001', 'C0002', 'C0004', 'C0005', 'C0008']);
  });

  it('refuses a K of 0 or above 100,000, and a K with a group, naming the field', async () => {
    const templateId = await template('hq_user');
    for (const targetLimit of [0, 100_001, 2.5]) {
      const res = await t.call('hq_user', 'POST', '/api/campaigns', { name: 'x', channel: 'SMS', templateId, productCode: 'PR3', targetLimit });
      expect(res.statusCode, res.body).toBe(422);
      expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(['targetLimit']);
    }
    const group = await t.call('hq_user', 'POST', '/api/campaigns', { name: 'x', channel: 'SMS', templateId, productCode: 'PR3', source: 'MARGIN_POOL', targetLimit: 5 });
    expect(group.statusCode, group.body).toBe(422);
    expect(group.json().errors.map((e: { field: string }) => e.field)).toEqual(['targetLimit']);
  });
});
