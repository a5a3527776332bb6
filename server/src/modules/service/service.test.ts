/**
 * 服务管理 against a real PostgreSQL on the fixture brokerage (FIXED_NOW 2025-06-16 10:00 Shanghai)
 * plus: C0001 (C4), C0002 (C3) and C0003 (C2) assessed on 2025-01-01; C0007 (C1) never assessed;
 * group G (id 901, hq_user's) holding C0001, C0002, C0003 and C0007. Who sees whom today:
 * broker1 (S001) C0001, C0002; broker2 (S002) C0002, C0003; tl_t21 none of them; HQ all.
 * The publication review (CONTENT_PUBLISH, migration 0042) is the branch manager's: bm_b01 for B01.
 */
import { describe, expect, it } from 'vitest';
import { useTestApp, withBrokerage } from '../../../test/app-harness.js';
import { FIXED_NOW } from '../../../test/fixtures.js';
import { invalidFields } from '../../../test/problem.js';
import { inTransaction } from '../../db/database.js';
import { createCustomerSession, CUSTOMER_SESSION_COOKIE } from '../customer-space/customer-auth.js';
import { myContent, readMyContent } from './service.me.service.js';

const t = useTestApp({
  seed: async (db) => {
    await withBrokerage()(db);
    await db.pool.query(`update customers set risk_assessed_on = '2025-01-01' where customer_no in ('C0001', 'C0002', 'C0003')`);
    await db.pool.query(`insert into customer_groups (id, name, filter, shared, owner_id, members, refreshed_on)
                         select 901, '重点客户', '{"all":[]}', false, id, 4, '2025-06-13' from users where username = 'hq_user'`);
    await db.pool.query(`insert into customer_group_members (group_id, customer_no, branch_code)
                         select 901, customer_no, branch_code from customers where customer_no in ('C0001', 'C0002', 'C0003', 'C0007')`);
  },
  sessions: ['admin', 'hq_user', 'bm_b01', 'tl_t21', 'broker1', 'broker2', 'compliance'],
});

const ids = { product: '', content: '', workflow: '', push: '' };
const PRODUCT = { code: 'ADV-R3', name: '金牛投顾', kind: 'ADVISORY', riskLevel: 'R3', price: '199.00', description: '每周策略与信号' };

describe('service products and subscriptions', () => {
  it('head office adds a product and its service staff; a broker may not', async () => {
    expect((await t.call('broker1', 'POST', '/api/service/products', PRODUCT)).statusCode).toBe(403);
    const res = await t.call('hq_user', 'POST', '/api/service/products', PRODUCT);
    expect(res.statusCode).toBe(201);
    ids.product = res.json().id;
    expect(res.json()).toMatchObject({ code: 'ADV-R3', price: '199.00', status: 'ACTIVE', subscribers: 0, staff: [] });
    expect((await t.call('hq_user', 'POST', '/api/service/products', PRODUCT)).json().code).toBe('SERVICE_CODE_TAKEN');
    const staff = await t.call('hq_user', 'PUT', `/api/service/products/${ids.product}/staff`, { staffNos: ['S004', 'S002'] });
    expect(staff.json().staff).toEqual([{ staffNo: 'S002', name: '李娜' }, { staffNo: 'S004', name: '赵敏' }]);
    expect(invalidFields(await t.call('hq_user', 'PUT', `/api/service/products/${ids.product}/staff`, { staffNos: ['S099'] }))).toEqual(['staffNos']);
  });

  it('records a matching subscription; a mismatch only with the confirmed warning; never a NEVER', async () => {
    const match = await t.call('broker2', 'POST', '/api/service/subscriptions', { productId: ids.product, customerNo: 'C0002' });
    expect(match.statusCode).toBe(201);
    expect(match.json()).toMatchObject({ customerNo: 'C0002', suitability: 'MATCH', customerRisk: 'C3', productRisk: 'R3', warningText: null });

    const unconfirmed = await t.call('broker2', 'POST', '/api/service/subscriptions', { productId: ids.product, customerNo: 'C0003' });
    expect(unconfirmed.statusCode).toBe(422);
    expect(unconfirmed.json().code).toBe('SUITABILITY_MISMATCH_UNCONFIRMED');
    const warned = await t.call('broker2', 'POST', '/api/service/subscriptions', { productId: ids.product, customerNo: 'C0003', warningText: '本产品风险等级R3高于您的C2，客户已阅读并确认。' });
    expect(warned.statusCode).toBe(201);
    expect(warned.json()).toMatchObject({ suitability: 'MISMATCH', customerRisk: 'C2', warningText: '本产品风险等级R3高于您的C2，客户已阅读并确认。' });

    const never = await t.call('bm_b01', 'POST', '/api/service/subscriptions', { productId: ids.product, customerNo: 'C0007', warningText: '确认' });
    expect(never.statusCode).toBe(422);
    expect(never.json().code).toBe('SUITABILITY_NEVER');

    expect((await t.call('broker2', 'POST', '/api/service/subscriptions', { productId: ids.product, customerNo: 'C0002' })).json().code).toBe('ALREADY_SUBSCRIBED');
    // C0001 is not broker2's: like an unknown customer
    expect((await t.call('broker2', 'POST', '/api/service/subscriptions', { productId: ids.product, customerNo: 'C0001' })).statusCode).toBe(404);
    expect((await t.call('compliance', 'POST', '/api/service/subscriptions', { productId: ids.product, customerNo: 'C0001' })).statusCode).toBe(403);
  });

  it('lists subscriptions and counts subscribers within each caller’s scope', async () => {
    const list = async (user: string) => (await t.call(user, 'GET', `/api/service/subscriptions?productId=${ids.product}`)).json().items.map((s: { customerNo: string }) => s.customerNo).sort();
    expect(await list('hq_user')).toEqual(['C0002', 'C0003']);
    expect(await list('broker1')).toEqual(['C0002']);
    expect(await list('broker2')).toEqual(['C0002', 'C0003']);
    expect(await list('tl_t21')).toEqual([]);
    const count = async (user: string) => (await t.call(user, 'GET', `/api/service/products/${ids.product}`)).json().subscribers;
    expect([await count('hq_user'), await count('broker1'), await count('tl_t21')]).toEqual([2, 1, 0]);
  });

  it('keeps service relationships to the product’s staff and its subscribers, scoped', async () => {
    const notStaff = await t.call('broker2', 'POST', '/api/service/relationships', { productId: ids.product, customerNo: 'C0002', staffNo: 'S001' });
    expect(invalidFields(notStaff)).toEqual(['staffNo']);
    const added = await t.call('broker2', 'POST', '/api/service/relationships', { productId: ids.product, customerNo: 'C0003', staffNo: 'S004' });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ customerNo: 'C0003', staffNo: 'S004', staffName: '赵敏', startOn: '2025-06-16', endOn: null });
    const subs = (await t.call('broker2', 'GET', `/api/service/subscriptions?customerNo=C0003`)).json().items;
    expect(subs[0].servedBy).toEqual([{ staffNo: 'S004', name: '赵敏' }]);
    expect((await t.call('broker1', 'GET', '/api/service/relationships')).json().total).toBe(0);
    expect((await t.call('hq_user', 'GET', '/api/service/relationships')).json().total).toBe(1);
  });
});

describe('content: publication review, pushes by suitability, read receipts', () => {
  const NOTE = {
    kind: 'RESEARCH', category: 'STRATEGY', riskLevel: 'R3', productId: null as string | null, title: '六月策略：关注红利资产', summary: '红利与低波',
    bodyHtml: '<p>红利资产<strong>估值合理</strong>。<script>alert(1)</script><img src=x onerror=alert(1)></p>',
  };

  it('writes a draft with its HTML sanitised; it cannot be pushed before approval', async () => {
    const res = await t.call('broker1', 'POST', '/api/service/content', { ...NOTE, productId: ids.product });
    expect(res.statusCode).toBe(201);
    ids.content = res.json().id;
    expect(res.json()).toMatchObject({ status: 'DRAFT', bodyHtml: '<p>红利资产<strong>估值合理</strong>。</p>', editable: true, submittable: true, authorName: '张伟' });
    // a draft is its author's (and the branch's managers' and head office's), not another broker's
    expect((await t.call('broker2', 'GET', `/api/service/content/${ids.content}`)).statusCode).toBe(404);
    expect((await t.call('bm_b01', 'GET', `/api/service/content/${ids.content}`)).statusCode).toBe(200);
    // only the author changes or submits it: 403 for a manager who sees it, 404 for a broker who does not
    expect((await t.call('bm_b01', 'PUT', `/api/service/content/${ids.content}`, NOTE)).statusCode).toBe(403);
    expect((await t.call('broker2', 'POST', `/api/service/content/${ids.content}/submit`)).statusCode).toBe(404);
    const early = await t.call('hq_user', 'POST', '/api/service/pushes', { contentId: ids.content, groupId: '901' });
    expect(early.statusCode).toBe(422);
    expect(early.json().code).toBe('CONTENT_NOT_PUBLISHED');
    expect(invalidFields(await t.call('broker1', 'POST', '/api/service/content', { ...NOTE, bodyHtml: '<p><script>x</script></p>' }))).toEqual(['bodyHtml']);
  });

  it('goes to review; the author cannot approve it, the branch manager publishes it', async () => {
    const submitted = await t.call('broker1', 'POST', `/api/service/content/${ids.content}/submit`);
    expect(submitted.statusCode).toBe(200);
    expect(submitted.json()).toMatchObject({ status: 'IN_REVIEW', editable: false });
    ids.workflow = submitted.json().workflowId;
    expect((await t.call('broker1', 'PUT', `/api/service/content/${ids.content}`, NOTE)).json().code).toBe('CONTENT_LOCKED');
    expect((await t.call('broker1', 'POST', `/api/service/content/${ids.content}/submit`)).json().code).toBe('CONTENT_STATE');

    const flow = (await t.call('broker1', 'GET', `/api/workflows/${ids.workflow}`)).json();
    expect(flow).toMatchObject({ type: 'CONTENT_PUBLISH', status: 'PENDING' });
    expect((await t.call('broker1', 'POST', `/api/workflows/${ids.workflow}/actions`, { action: 'approve' })).statusCode).toBe(403);
    expect((await t.call('broker1', 'GET', `/api/service/content/${ids.content}`)).json().status).toBe('IN_REVIEW');

    const approved = await t.call('bm_b01', 'POST', `/api/workflows/${ids.workflow}/actions`, { action: 'approve', comment: '同意发布' });
    expect(approved.statusCode).toBe(200);
    const published = (await t.call('broker2', 'GET', `/api/service/content/${ids.content}`)).json();
    expect(published).toMatchObject({ status: 'PUBLISHED', publishedAt: FIXED_NOW.toISOString(), editable: false });
    expect((await t.call('broker1', 'PUT', `/api/service/content/${ids.content}`, NOTE)).json().code).toBe('CONTENT_LOCKED');
  });

  it('a rejected item goes back to its author, who may change and submit it again', async () => {
    const draft = (await t.call('broker1', 'POST', '/api/service/content', { ...NOTE, title: '草稿' })).json();
    const flowId = (await t.call('broker1', 'POST', `/api/service/content/${draft.id}/submit`)).json().workflowId;
    expect((await t.call('bm_b01', 'POST', `/api/workflows/${flowId}/actions`, { action: 'reject', comment: '措辞不当' })).statusCode).toBe(200);
    const rejected = (await t.call('broker1', 'GET', `/api/service/content/${draft.id}`)).json();
    expect(rejected).toMatchObject({ status: 'REJECTED', editable: true, submittable: true });
    expect((await t.call('broker1', 'PUT', `/api/service/content/${draft.id}`, { ...NOTE, title: '草稿（改）' })).json().title).toBe('草稿（改）');
  });

  it('pushes to the product’s subscribers and the group: only matching customers receive it, the rest are counted skipped', async () => {
    const res = await t.call('hq_user', 'POST', '/api/service/pushes', { contentId: ids.content, productId: ids.product, groupId: '901' });
    expect(res.statusCode).toBe(201);
    ids.push = res.json().id;
    // audience C0002, C0003 (subscribers) ∪ C0001, C0002, C0003, C0007 (group); R3: C0001 (C4) and C0002 (C3) match,
    // C0003 (C2) is a mismatch and C0007 (never assessed) a NEVER: both skipped
    expect(res.json().counts).toEqual({ targeted: 4, delivered: 2, skippedSuitability: 2, read: 0 });
    const recipients = (await t.call('hq_user', 'GET', `/api/service/pushes/${ids.push}/recipients`)).json().items;
    expect(recipients.map((r: { customerNo: string; status: string }) => [r.customerNo, r.status])).toEqual([
      ['C0001', 'DELIVERED'], ['C0002', 'DELIVERED'], ['C0003', 'SKIPPED_SUITABILITY'], ['C0007', 'SKIPPED_SUITABILITY'],
    ]);
    // the group is hq_user's own: another login may not use it
    expect(invalidFields(await t.call('broker1', 'POST', '/api/service/pushes', { contentId: ids.content, groupId: '901' }))).toEqual(['groupId']);
  });

  it('a broker pushing reaches only the customers in their scope', async () => {
    const res = await t.call('broker2', 'POST', '/api/service/pushes', { contentId: ids.content, productId: ids.product });
    expect(res.json().counts).toEqual({ targeted: 2, delivered: 1, skippedSuitability: 1, read: 0 }); // C0002 delivered, C0003 skipped
    expect(res.json().pushedBy).toBe('李娜'); // S002's name, not the login's
  });

  it('counts the pushes within each reader’s scope', async () => {
    const counts = async (user: string) => (await t.call(user, 'GET', `/api/service/pushes?contentId=${ids.content}`)).json().items.map((p: { counts: unknown }) => p.counts);
    // broker2's push (C0002 of it is broker1's too), then hq's (C0001 and C0002 of it)
    expect(await counts('broker1')).toEqual([{ targeted: 1, delivered: 1, skippedSuitability: 0, read: 0 }, { targeted: 2, delivered: 2, skippedSuitability: 0, read: 0 }]);
    expect(await counts('tl_t21')).toEqual([]);
    expect((await t.call('tl_t21', 'GET', `/api/service/pushes/${ids.push}`)).statusCode).toBe(404);
  });

  it('the customer’s inbox holds what reached them; reading it is a read receipt; others answer 404', async () => {
    const before = await myContent(t.db.pool, 'C0001', { page: 1, pageSize: 20 }, FIXED_NOW);
    expect(before).toMatchObject({ total: 1, unread: 1 });
    expect(before.items[0]).toMatchObject({ id: ids.content, title: NOTE.title, read: false, productName: '金牛投顾' });
    // C0003 (C2) subscribes to the product but the R3 item does not match: not theirs, by push or by subscription
    expect((await myContent(t.db.pool, 'C0003', { page: 1, pageSize: 20 }, FIXED_NOW)).total).toBe(0);
    await expect(readMyContent(t.db.pool, 'C0003', ids.content, FIXED_NOW)).rejects.toMatchObject({ status: 404 });
    await expect(readMyContent(t.db.pool, 'C2001', ids.content, FIXED_NOW)).rejects.toMatchObject({ status: 404 });

    const read = await readMyContent(t.db.pool, 'C0001', ids.content, FIXED_NOW);
    expect(read).toMatchObject({ read: true, bodyHtml: '<p>红利资产<strong>估值合理</strong>。</p>' });
    await readMyContent(t.db.pool, 'C0001', ids.content, new Date(FIXED_NOW.getTime() + 60_000)); // a second read changes nothing
    expect((await myContent(t.db.pool, 'C0001', { page: 1, pageSize: 20 }, FIXED_NOW)).unread).toBe(0);
    const push = (await t.call('hq_user', 'GET', `/api/service/pushes/${ids.push}`)).json();
    expect(push.counts).toEqual({ targeted: 4, delivered: 2, skippedSuitability: 2, read: 1 });
    const recipient = (await t.call('hq_user', 'GET', `/api/service/pushes/${ids.push}/recipients?status=DELIVERED`)).json().items[0];
    expect(recipient).toMatchObject({ customerNo: 'C0001', readAt: FIXED_NOW.toISOString() });
  });
});

describe('/api/me/content: the customer realm', () => {
  async function customerCookie(customerNo: string): Promise<string> {
    const { token } = await inTransaction(t.db.pool, (client) => createCustomerSession(client, customerNo, { ip: '127.0.0.1', now: FIXED_NOW }));
    return `${CUSTOMER_SESSION_COOKIE}=${token}`;
  }
  const asCustomer = async (cookie: string, method: 'GET' | 'POST', url: string) => t.app.inject({ method, url, headers: { cookie } });

  it('lists the customer’s own items; another customer’s item is 404; staff sessions and no session are 401', async () => {
    const c0002 = await customerCookie('C0002');
    const list = await asCustomer(c0002, 'GET', '/api/me/content');
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject({ total: 1, unread: 1, items: [{ id: ids.content, read: false }] });
    const c2001 = await customerCookie('C2001');
    expect((await asCustomer(c2001, 'GET', '/api/me/content')).json()).toEqual({ items: [], total: 0, unread: 0 });
    expect((await asCustomer(c2001, 'GET', `/api/me/content/${ids.content}`)).statusCode).toBe(404);
    expect((await asCustomer(c2001, 'POST', `/api/me/content/${ids.content}/read`)).statusCode).toBe(404);
    expect((await t.call('hq_user', 'GET', '/api/me/content')).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/me/content' })).statusCode).toBe(401);
    // a customer session never reaches the staff side
    expect((await asCustomer(c0002, 'GET', '/api/service/pushes')).statusCode).toBe(401);
  });

  it('POST …/read records the receipt: the push’s read count goes up by one', async () => {
    const before = (await t.call('hq_user', 'GET', `/api/service/pushes/${ids.push}`)).json().counts.read;
    const c0002 = await customerCookie('C0002');
    expect((await asCustomer(c0002, 'POST', `/api/me/content/${ids.content}/read`)).json()).toEqual({ read: true });
    expect((await t.call('hq_user', 'GET', `/api/service/pushes/${ids.push}`)).json().counts.read).toBe(before + 1);
    expect((await asCustomer(c0002, 'GET', '/api/me/content')).json().unread).toBe(0);
  });
});

describe('model portfolios', () => {
  // Closing prices from the positions: 600519 on 06-12 900000 / 600 = 1500, on 06-13 750000 / 500 = 1500;
  // 000001 on 06-12 (C0002's 1000 at 14000, added here) 14, on 06-13 150000 / 10000 = 15.
  // v1 on 06-12: 50 % each → 500 / 1500 = 1/3 unit and 500 / 14 units; 06-13: 500 + 500 × 15 / 14 = 1035.7142857… → 1035.7143.
  let id = '';
  it('refuses weights that do not sum to 100; keeps every version; computes the index from the extract’s prices', async () => {
    await t.db.pool.query(`insert into fact_positions (trade_date, customer_no, fund_account, market, security_code, quantity, cost_amount, market_value)
                           values ('2025-06-12', 'C0002', 'F0002', 'SZ', '000001', 1000, 13000, 14000)`);
    const holdings = [{ market: 'SH', securityCode: '600519', weight: '50' }, { market: 'SZ', securityCode: '000001', weight: '50' }];
    const bad = await t.call('hq_user', 'POST', '/api/service/portfolios', { code: 'M1', name: '红利组合', effectiveOn: '2025-06-12', holdings: [holdings[0], { ...holdings[1], weight: '49.9999' }] });
    expect(invalidFields(bad)).toEqual(['holdings']);
    expect((await t.call('broker1', 'POST', '/api/service/portfolios', { code: 'M1', name: '红利组合', effectiveOn: '2025-06-12', holdings })).statusCode).toBe(403);
    const created = await t.call('hq_user', 'POST', '/api/service/portfolios', { code: 'M1', name: '红利组合', productId: ids.product, effectiveOn: '2025-06-12', holdings });
    expect(created.statusCode).toBe(201);
    id = created.json().id;
    const perf = (await t.call('broker1', 'GET', `/api/service/portfolios/${id}/performance`)).json();
    expect(perf).toEqual({
      base: '1000', totalReturn: '3.5714', unpriced: [],
      points: [
        { date: '2025-06-12', version: 1, value: '1000.0000', dayReturn: null },
        { date: '2025-06-13', version: 1, value: '1035.7143', dayReturn: '3.5714' },
      ],
    });
  });

  it('a rebalance is a new version after the latest; the earlier weights stay', async () => {
    const same = await t.call('hq_user', 'POST', `/api/service/portfolios/${id}/rebalances`, { effectiveOn: '2025-06-12', holdings: [{ market: 'SH', securityCode: '600519', weight: '100' }] });
    expect(invalidFields(same)).toEqual(['effectiveOn']);
    const res = await t.call('hq_user', 'POST', `/api/service/portfolios/${id}/rebalances`, { effectiveOn: '2025-06-13', note: '集中持有', holdings: [{ market: 'SH', securityCode: '600519', weight: '100' }] });
    expect(res.statusCode).toBe(201);
    expect(res.json().versions.map((v: { version: number; holdings: { securityCode: string; weight: string }[] }) => [v.version, v.holdings.map((h) => `${h.securityCode}:${h.weight}`)])).toEqual([
      [2, ['600519:100.0000']],
      [1, ['600519:50.0000', '000001:50.0000']],
    ]);
    // the rebalance at 06-13's close does not change 06-13's value
    const perf = (await t.call('hq_user', 'GET', `/api/service/portfolios/${id}/performance`)).json();
    expect(perf.points.at(-1)).toEqual({ date: '2025-06-13', version: 2, value: '1035.7143', dayReturn: '3.5714' });
  });
});

describe('notices of a push through the outreach channels (推送通知)', () => {
  // The item (R3) pushed to group 901 reaches C0001 (C4) and C0002 (C3); C0003 (C2) and C0007 (never
  // assessed) are skipped by suitability and get no notice either. C0001 has opted out of SMS and has an
  // e-mail; C0002 has a mobile and no e-mail.
  interface Message { customerNo: string; status: string; body: string | null; subject: string | null; notBefore: Date | null }
  const messages = async (campaignId: string) => (await t.db.pool.query<Message>(
    `select customer_no as "customerNo", status, body, subject, not_before as "notBefore" from campaign_messages where campaign_id = $1 order by customer_no`, [campaignId])).rows;

  it('queues an SMS and an e-mail to each customer it reached, skipping the opted-out and those without an address', async () => {
    await t.db.pool.query(`insert into outreach_opt_outs (customer_no, channel, source) values ('C0001', 'SMS', 'STAFF')`);
    const res = await t.call('hq_user', 'POST', '/api/service/pushes', { contentId: ids.content, groupId: '901', notice: ['SMS', 'EMAIL'] });
    expect(res.statusCode).toBe(201);
    expect(res.json().counts).toEqual({ targeted: 4, delivered: 2, skippedSuitability: 2, read: 0 });
    const notices = res.json().notices as { channel: string; campaignId: string }[];
    // 10:00 in Shanghai is outside the quiet hours (21:00–08:00): they may go at once
    expect(notices.map(({ campaignId: _id, ...n }) => n)).toEqual([
      { channel: 'SMS', status: 'APPROVED', notBefore: FIXED_NOW.toISOString(), queued: 1, sent: 0, failed: 0, skippedOptOut: 1, skippedNoAddress: 0, skippedCap: 0 },
      { channel: 'EMAIL', status: 'APPROVED', notBefore: FIXED_NOW.toISOString(), queued: 1, sent: 0, failed: 0, skippedOptOut: 0, skippedNoAddress: 1, skippedCap: 0 },
    ]);
    const [sms, email] = notices;
    const link = new RegExp(`^http://[^ ]+/my/content/${ids.content}$`);
    const smsRows = await messages(sms!.campaignId);
    expect(smsRows.map((m) => [m.customerNo, m.status])).toEqual([['C0001', 'SKIPPED_OPT_OUT'], ['C0002', 'QUEUED']]);
    const [text, url] = smsRows[1]!.body!.split(' ');
    expect(text).toBe('孙分成您好，您有一条新资讯：《六月策略：关注红利资产》');
    expect(url).toMatch(link);
    const emailRows = await messages(email!.campaignId);
    expect(emailRows.map((m) => [m.customerNo, m.status, m.subject])).toEqual([
      ['C0001', 'QUEUED', '您有一条新资讯：六月策略：关注红利资产'], ['C0002', 'SKIPPED_NO_ADDRESS', null],
    ]);
    expect(emailRows[0]!.body).toContain('钱多多您好：');
    // handed to delivery in the push's transaction, and listed with the campaigns (营销活动)
    const dispatched = (await t.db.pool.query(`select campaign_id::text as id from outreach_dispatches where campaign_id = any($1::bigint[]) order by 1`, [[sms!.campaignId, email!.campaignId]])).rows;
    expect(dispatched).toHaveLength(2);
    const campaign = (await t.call('hq_user', 'GET', `/api/campaigns/${sms!.campaignId}`)).json();
    expect(campaign).toMatchObject({ source: 'SERVICE_PUSH', channel: 'SMS', status: 'APPROVED', counts: { QUEUED: 1, SKIPPED_OPT_OUT: 1 } });
    // the push as read later carries its notices
    expect((await t.call('hq_user', 'GET', `/api/service/pushes/${res.json().id}`)).json().notices).toEqual(res.json().notices);
  });

  it('moves the notices out of the quiet hours and applies the frequency cap', async () => {
    await t.db.pool.query(
      `insert into settings (key, value) values ('outreach', $1::jsonb) on conflict (key) do update set value = excluded.value`,
      [JSON.stringify({ quietHours: { start: '09:00', end: '18:00' }, frequencyCap: { maxMessages: 1, windowDays: 7 }, sensitiveWords: [], ratePerSecond: 200, hitWindowDays: 30 })],
    );
    try {
      // the product's subscribers: C0002 (matches) and C0003 (C2: skipped by suitability, no notice)
      const res = await t.call('hq_user', 'POST', '/api/service/pushes', { contentId: ids.content, productId: ids.product, notice: ['SMS'] });
      expect(res.statusCode).toBe(201);
      const [sms] = res.json().notices;
      // 10:00 falls in 09:00–18:00: not before 18:00 Shanghai (10:00Z); C0002 already has the SMS queued above
      // within 7 days of it, which reaches the cap of 1: skipped. Nothing to send: the campaign is done.
      expect(sms).toMatchObject({ channel: 'SMS', status: 'DONE', notBefore: '2025-06-16T10:00:00.000Z', queued: 0, skippedCap: 1, skippedOptOut: 0 });
      expect((await messages(sms.campaignId)).map((m) => [m.customerNo, m.status])).toEqual([['C0002', 'SKIPPED_CAP']]);
    } finally {
      await t.db.pool.query(`delete from settings where key = 'outreach'`);
    }
  });

  it('needs the outreach permission: a broker may push, not send SMS', async () => {
    const res = await t.call('broker2', 'POST', '/api/service/pushes', { contentId: ids.content, productId: ids.product, notice: ['SMS'] });
    expect(res.statusCode).toBe(403);
    // nothing of that push was kept
    const pushes = (await t.call('broker2', 'GET', `/api/service/pushes?contentId=${ids.content}`)).json().items as { pushedBy: string; notices: unknown[] }[];
    expect(pushes.filter((p) => p.pushedBy === '李娜').map((p) => p.notices)).toEqual([[]]);
  });
});
