/**
 * The SMS provider over HTTP against the embedded gateway (POST /api/outreach/sms-gateway) on a real
 * PostgreSQL: HttpSmsProvider's Aliyun SendSms requests are signed (HMAC-SHA1, POP) with the
 * gateway's AccessKey (quancrm-embedded and the secret generated into outreach_secrets); the gateway
 * checks them like the provider, keeps the message with our template filled from the TemplateParam,
 * and answers a bad signature, an unknown key, a stale timestamp or a replayed nonce with the
 * provider's error shape. The sender sends a campaign through it end to end.
 */
import type { AddressInfo } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { insertBrokerage, insertLogins } from '../../../../test/fixtures.js';
import { useTestApp } from '../../../../test/app-harness.js';
import { encodeParams, sendSmsParams, type SendSmsInput } from './aliyun-sms.rules.js';
import { embeddedSmsSecret, EMBEDDED_SMS_ACCESS_KEY_ID, storedSecret } from './delivery.service.js';
import { configuredSmsProvider } from './delivery.start.js';
import { insertQueuedCampaign, setSendSettings } from './delivery.test-fixtures.js';
import { sendCampaignSlice, type SenderDeps } from './sender.js';
import { HttpSmsProvider } from './sms-gateway.js';

const t = useTestApp({
  seed: async (db) => {
    await insertBrokerage(db.pool);
    await insertLogins(db.pool, ['admin']);
    await db.pool.query(
      `insert into outreach_templates (id, name, channel, body, sms_template_code, owner_id)
       select 700, '讲座通知', 'SMS', '{{customerName}}您好，{{staffName}}邀您参加理财讲座。', 'SMS_7001', id from users where username = 'admin'`,
    );
  },
  sessions: ['admin'],
});

let url = '';
let secret = '';
beforeAll(async () => {
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/api/outreach/sms-gateway`;
  secret = await embeddedSmsSecret(t.db.pool);
});

const provider = (overrides: Partial<{ accessKeyId: string; accessKeySecret: string }> = {}) =>
  new HttpSmsProvider({ url, accessKeyId: EMBEDDED_SMS_ACCESS_KEY_ID, accessKeySecret: secret, signName: 'QuanCRM', ...overrides });

const message = (outId: string, extra: Partial<{ templateCode: string | null; mobile: string }> = {}) => ({
  outId, mobile: '13812345678', templateCode: 'SMS_7001', params: { customerName: '钱多多', staffName: '张伟' }, content: '（不随请求发送）', ...extra,
});

function input(nonce: string, at = new Date()): SendSmsInput {
  return {
    accessKeyId: EMBEDDED_SMS_ACCESS_KEY_ID, phoneNumbers: '13900001111', signName: 'QuanCRM', templateCode: 'SMS_7001',
    templateParam: { customerName: '孙分成', staffName: '张伟' }, outId: `raw:${nonce}`, at, nonce,
  };
}

async function post(params: Record<string, string>) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: encodeParams(params) });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

describe('the in-process embedded gateway (no SMS_URL)', () => {
  it('signs a message without its own signature with SMS_SIGN_NAME, as the Aliyun path does', async () => {
    const cfg = { SMS_URL: undefined, SMS_ACCESS_KEY_ID: undefined, SMS_ACCESS_KEY_SECRET: undefined, SMS_SIGN_NAME: '泉商证券', SMS_CALLBACK_SECRET: undefined };
    const sms = configuredSmsProvider(t.db.pool, cfg, () => undefined);
    const { accepted } = await sms.send([message('sign:C0001'), { ...message('sign:C0002'), signName: '泉商财富' }]);
    expect(accepted.size).toBe(2);
    const { rows } = await t.db.pool.query(`select out_id, sign_name from sms_gateway_messages where out_id like 'sign:%' order by out_id`);
    // the configured name; a message that names its own (the customer space's login code) keeps it
    expect(rows).toEqual([{ out_id: 'sign:C0001', sign_name: '泉商证券' }, { out_id: 'sign:C0002', sign_name: '泉商财富' }]);
  });

  it('refuses a message whose variable is over 35 characters as the provider does (isv.PARAM_LENGTH_LIMIT), keeping the others', async () => {
    const cfg = { SMS_URL: undefined, SMS_ACCESS_KEY_ID: undefined, SMS_ACCESS_KEY_SECRET: undefined, SMS_SIGN_NAME: 'QuanCRM', SMS_CALLBACK_SECRET: undefined };
    const sms = configuredSmsProvider(t.db.pool, cfg, () => undefined);
    const long = { ...message('len:C0001'), params: { customerName: '钱多多', staffName: '张'.repeat(36) } };
    const { accepted, errors } = await sms.send([long, message('len:C0002')]);
    expect([...accepted.keys()]).toEqual(['len:C0002']);
    expect(errors).toEqual(new Map([['len:C0001', 'isv.PARAM_LENGTH_LIMIT: 参数超出长度限制 / parameter over 35 characters: staffName (36)']]));
    const { rows } = await t.db.pool.query(`select out_id from sms_gateway_messages where out_id like 'len:%'`);
    expect(rows).toEqual([{ out_id: 'len:C0002' }]);
  });
});

describe('SendSms over HTTP to the embedded gateway', () => {
  it('accepts a signed request: the BizId back, the template filled from TemplateParam, the OutId once', async () => {
    const first = await provider().send([message('1:C0001')]);
    expect(first.errors).toEqual(new Map());
    const bizId = first.accepted.get('1:C0001')!;
    expect(bizId).toMatch(/^\d+\^[0-9a-f]{12}$/);
    const { rows } = await t.db.pool.query(
      `select mobile, template_code, params, content, sign_name, biz_id from sms_gateway_messages where out_id = '1:C0001'`);
    expect(rows).toEqual([{
      mobile: '13812345678', template_code: 'SMS_7001', params: { customerName: '钱多多', staffName: '张伟' },
      content: '钱多多您好，张伟邀您参加理财讲座。', sign_name: 'QuanCRM', biz_id: bizId,
    }]);
    // the same OutId again: the first BizId, nothing sent twice
    expect((await provider().send([message('1:C0001')])).accepted.get('1:C0001')).toBe(bizId);
    expect((await t.db.pool.query(`select count(*)::int as n from sms_gateway_messages where out_id = '1:C0001'`)).rows).toEqual([{ n: 1 }]);
  });

  it('answers a wrong signature 400 SignatureDoesNotMatch, an unknown key 404, in the provider’s shape; sends nothing', async () => {
    const wrong = await provider({ accessKeySecret: 'not-the-gateway-secret' }).send([message('1:C0002')]);
    expect(wrong.accepted.size).toBe(0);
    expect(wrong.errors.get('1:C0002')).toMatch(/^SignatureDoesNotMatch: Specified signature is not matched with our calculation\. server string to sign is:POST&%2F&AccessKeyId%3Dquancrm-embedded%26Action%3DSendSms/);

    const raw = await post(sendSmsParams(input('n-wrong'), 'not-the-gateway-secret'));
    expect(raw.status).toBe(400);
    expect(Object.keys(raw.body).sort()).toEqual(['Code', 'HostId', 'Message', 'RequestId']);
    expect(raw.body).toMatchObject({ Code: 'SignatureDoesNotMatch', HostId: 'dysmsapi.embedded.quancrm' });

    const unknown = await provider({ accessKeyId: 'LTAI-somebody' }).send([message('1:C0003')]);
    expect(unknown.errors.get('1:C0003')).toBe('InvalidAccessKeyId.NotFound: Specified access key is not found.');
    // a request altered after signing
    const altered = { ...sendSmsParams(input('n-altered'), secret), PhoneNumbers: '13000000000' };
    expect((await post(altered)).body.Code).toBe('SignatureDoesNotMatch');
    expect((await t.db.pool.query(`select count(*)::int as n from sms_gateway_messages where out_id in ('1:C0002', '1:C0003', 'raw:n-wrong', 'raw:n-altered')`)).rows).toEqual([{ n: 0 }]);
  });

  it('refuses a replayed nonce, a stale timestamp and a request signed for another method', async () => {
    const params = sendSmsParams(input('n-once'), secret);
    expect(await post(params)).toMatchObject({ status: 200, body: { Code: 'OK', Message: 'OK' } });
    expect(await post(params)).toMatchObject({ status: 400, body: { Code: 'SignatureNonceUsed' } });
    const stale = await post(sendSmsParams(input('n-stale', new Date(Date.now() - 16 * 60_000)), secret));
    expect(stale).toMatchObject({ status: 400, body: { Code: 'InvalidTimeStamp.Expired' } });

    // signed for GET, sent as POST
    expect(await post(sendSmsParams(input('n-get'), secret, 'GET'))).toMatchObject({ status: 400, body: { Code: 'SignatureDoesNotMatch' } });
  });

  it('answers the provider’s business codes: an unknown template code, a TemplateParam that is not an object of strings', async () => {
    const unknown = await provider().send([message('1:C0004', { templateCode: 'SMS_NOPE' })]);
    expect(unknown.errors.get('1:C0004')).toBe('isv.SMS_TEMPLATE_ILLEGAL: 该账号下找不到对应模板 SMS_NOPE');
    const bad = await post(sendSmsParams({ ...input('n-json'), templateParam: { n: 1 } as unknown as Record<string, string> }, secret));
    expect(bad).toMatchObject({ status: 200, body: { Code: 'isv.INVALID_JSON_PARAM' } });
    // a template without a provider template code is not sent at all
    const noCode = await provider().send([message('1:C0005', { templateCode: null })]);
    expect(noCode.errors.get('1:C0005')).toBe('the SMS template has no provider template code (短信模板编号): not sent');
  });
});

describe('a campaign sent through the HTTP provider', () => {
  it('sends each message with its parameters and records the gateway’s BizId', async () => {
    await setSendSettings(t.db.pool, 10);
    const campaign = await insertQueuedCampaign(t.db.pool, 'SMS', ['C0001', 'C0002'], { name: 'HTTP短信' });
    await t.db.pool.query(`update outreach_templates set sms_template_code = 'SMS_7001', body = '{{customerName}}您好，{{staffName}}邀您参加理财讲座。' where id = $1`, [campaign.id]);
    await t.db.pool.query(
      `update campaign_messages m set params = jsonb_build_object('customerName', c.name, 'staffName', '张伟') from customers c where c.customer_no = m.customer_no and m.campaign_id = $1`,
      [campaign.id],
    );
    const deps: SenderDeps = {
      pool: t.db.pool, sms: provider(), email: { send: async () => undefined, find: async () => new Set(), close: () => undefined },
      publicUrl: 'https://crm.example.com', unsubscribeSecret: () => storedSecret(t.db.pool, 'unsubscribe'),
      timeZone: 'Asia/Shanghai', leaseSeconds: 60, now: () => new Date('2025-06-16T02:00:00Z'),
    };
    expect(await sendCampaignSlice(deps, campaign.id, 1)).toEqual({ kind: 'DONE' });
    const { rows } = await t.db.pool.query(
      `select m.customer_no, m.sent_at is not null and m.contact_id is not null as sent, g.content from campaign_messages m join sms_gateway_messages g on g.biz_id = m.provider_message_id
        where m.campaign_id = $1 order by 1`, [campaign.id]);
    // (SENT, or DELIVERED already: the gateway's reports come back on their own)
    expect(rows).toEqual([
      { customer_no: 'C0001', sent: true, content: '钱多多您好，张伟邀您参加理财讲座。' },
      { customer_no: 'C0002', sent: true, content: '孙分成您好，张伟邀您参加理财讲座。' },
    ]);
  });
});

describe('SendSms over HTTP with a parameter over the limit', () => {
  it('answers isv.PARAM_LENGTH_LIMIT and keeps nothing, as the provider', async () => {
    const { accepted, errors } = await provider().send([{ ...message('http-len:C0001'), params: { customerName: '钱'.repeat(36), staffName: '张伟' } }]);
    expect(accepted.size).toBe(0);
    expect(errors.get('http-len:C0001')).toBe('isv.PARAM_LENGTH_LIMIT: 参数超出长度限制 / parameter over 35 characters: customerName (36)');
    expect((await t.db.pool.query(`select 1 from sms_gateway_messages where out_id = 'http-len:C0001'`)).rowCount).toBe(0);
  });
});

