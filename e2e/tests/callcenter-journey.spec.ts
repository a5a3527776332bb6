/**
 * Issue 14 item 2, the call center's screen pop (呼叫中心弹屏): two agents signed in in two browsers
 * (agent1 at extension 8001, agent2 at 8002); the CTI webhook for 8001 pops the caller — the demo's
 * wealthy customer 1000000001, outside agent1's own scope — in agent1's page within a second, and
 * agent2's page shows nothing; the hang-up makes the call a contact record with its duration and
 * agent1's summary; an unknown number at 8002 lets agent2 note a prospect.
 */
import { expect, request as playwrightRequest, test, type APIRequestContext } from '@playwright/test';
import { settled, shot, signIn, signInByApi } from './helpers.js';

const WEALTHY = '1000000001';

let admin: APIRequestContext;
let token = '';
let caller = { name: '', mobile: '' };

test.beforeAll(async () => {
  admin = await playwrightRequest.newContext({ baseURL: process.env.E2E_BASE_URL });
  await signInByApi(admin, 'admin');
  token = ((await (await admin.get('/api/cti/settings')).json()) as { token: string }).token;
  const customer = (await (await admin.get(`/api/customers/${WEALTHY}`)).json()) as { profile: { name: string; mobile: string } };
  caller = { name: customer.profile.name, mobile: customer.profile.mobile };
  expect(caller.mobile).toMatch(/^1\d{10}$/);
});

test.afterAll(async () => {
  await admin.dispose();
});

function cti(body: Record<string, unknown>) {
  return admin.post('/api/cti/events', { headers: { authorization: `Bearer ${token}` }, data: body });
}

/** `13812345678` → `+86 138-1234-5678`, as a switchboard may send it. */
const dialled = (mobile: string) => `+86 ${mobile.slice(0, 3)}-${mobile.slice(3, 7)}-${mobile.slice(7)}`;

test('a call pops the caller for the right agent only, and becomes a contact record', async ({ browser }) => {
  test.setTimeout(180_000); // two browsers signing in
  const contextA = await browser.newContext();
  const contextB = await browser.newContext();
  const agentA = await contextA.newPage();
  const agentB = await contextB.newPage();
  await signIn(agentA, 'agent1');
  await signIn(agentB, 'agent2');
  // both listen: the header says so once the server has subscribed their streams
  await expect(agentA.getByTestId('cti-status')).toHaveAttribute('data-online', 'true');
  await expect(agentB.getByTestId('cti-status')).toHaveAttribute('data-online', 'true');
  await expect(agentA.getByTestId('cti-status')).toContainText('分机 8001');
  // the home page's own requests done (a browser opens at most 6 connections to a server, one of them the stream)
  await settled(agentA);
  await settled(agentB);

  const callId = `e2e-${Date.now()}`;
  const ringing = await cti({ event: 'RINGING', callId, callerNumber: dialled(caller.mobile), extension: '8001' });
  expect(ringing.status(), await ringing.text()).toBe(200);
  expect(((await ringing.json()) as { matched: number }).matched).toBe(1);
  // within a second of the webhook's answer, agent1 sees the caller
  await expect(agentA.getByTestId('cti-card-name')).toHaveText(caller.name, { timeout: 1000 });
  const drawer = agentA.getByTestId('cti-drawer');
  await expect(drawer).toContainText(WEALTHY);
  await expect(drawer).toContainText('服务人员');
  await expect(drawer).toContainText('不在您的数据范围内'); // agent1 serves other customers: the card, not the 360° view
  await expect(drawer.getByTestId('cti-state')).toHaveText('振铃中');
  await shot(agentA, 'callcenter-pop');

  // agent2's page shows nothing: its first pop is its own call, which comes next
  await expect(agentB.getByTestId('cti-drawer')).toHaveCount(0);
  const unknown = `e2e-${Date.now()}-b`;
  expect((await cti({ event: 'RINGING', callId: unknown, callerNumber: '17000000000', extension: '8002' })).status()).toBe(200);
  await expect(agentB.getByTestId('cti-unknown')).toBeVisible({ timeout: 1000 });
  await expect(agentB.getByTestId('cti-card')).toHaveCount(0);
  await agentB.getByTestId('cti-prospect-name').fill('王先生');
  await agentB.getByTestId('cti-prospect-save').click();
  await expect(agentB.getByTestId('cti-prospect-saved')).toContainText('王先生');

  // agent1 answers, writes a summary, the caller hangs up after 2 minutes 5 seconds
  const answeredAt = new Date(Date.now() - 130_000);
  const hungUpAt = new Date(answeredAt.getTime() + 125_000);
  expect((await cti({ event: 'ANSWERED', callId, callerNumber: caller.mobile, extension: '8001', at: answeredAt.toISOString() })).status()).toBe(200);
  await expect(drawer.getByTestId('cti-state')).toHaveText('通话中');
  await drawer.getByTestId('cti-note').fill('客户咨询新股申购');
  await drawer.getByTestId('cti-save').click();
  await expect(agentA.getByText('已保存：挂机后计入接触记录')).toBeVisible();
  const hangup = await cti({ event: 'HANGUP', callId, callerNumber: caller.mobile, extension: '8001', at: hungUpAt.toISOString() });
  expect(((await hangup.json()) as { durationSeconds: number }).durationSeconds).toBe(125);
  await expect(drawer.getByTestId('cti-state')).toHaveText('已挂断');
  await expect(drawer.getByTestId('cti-contacts')).toContainText('呼叫中心来电，通话 2分05秒；坐席小结：客户咨询新股申购');
  await settled(agentA);

  // the serving broker finds the call among the customer's contacts
  const contacts = (await (await admin.get(`/api/customers/${WEALTHY}/contacts`)).json()) as { items: { channel: string; summary: string; staffNo: string }[] };
  // (other journeys may have logged later contacts of the same customer: the call's is found by its channel and text)
  expect(contacts.items).toContainEqual(expect.objectContaining({ channel: 'CALL_CENTER', summary: '呼叫中心来电，通话 2分05秒；坐席小结：客户咨询新股申购', staffNo: 'S01013' }));
  await contextA.close();
  await contextB.close();
});
