/**
 * Part G's pages (issue 14 items 2 and 4): a call transferred from agent1 (8001) to agent2 (8002) pops
 * in agent2's browser and leaves agent1's drawer marked as transferred; 通话记录 lists it for both
 * agents with both names, and for the head office; a course's documents are uploaded and downloaded,
 * and its mandatory completion read.
 */
import { expect, request as playwrightRequest, test, type APIRequestContext } from '@playwright/test';
import { settled, shot, signIn, signInByApi } from './helpers.js';

const WEALTHY = '1000000001';
let admin: APIRequestContext;
let token = '';
let mobile = '';

test.beforeAll(async () => {
  admin = await playwrightRequest.newContext({ baseURL: process.env.E2E_BASE_URL });
  await signInByApi(admin, 'admin');
  token = ((await (await admin.get('/api/cti/settings')).json()) as { token: string }).token;
  mobile = ((await (await admin.get(`/api/customers/${WEALTHY}`)).json()) as { profile: { mobile: string } }).profile.mobile;
});

test.afterAll(async () => {
  await admin.dispose();
});

const cti = (body: Record<string, unknown>) => admin.post('/api/cti/events', { headers: { authorization: `Bearer ${token}` }, data: body });

test('a transfer moves the pop from agent1 to agent2; 通话记录 shows the call with both agents', async ({ browser }) => {
  test.setTimeout(180_000);
  const contextA = await browser.newContext();
  const contextB = await browser.newContext();
  const a = await contextA.newPage();
  const b = await contextB.newPage();
  await signIn(a, 'agent1');
  await signIn(b, 'agent2');
  await expect(a.getByTestId('cti-status')).toHaveAttribute('data-online', 'true');
  await expect(b.getByTestId('cti-status')).toHaveAttribute('data-online', 'true');
  const callId = `g-transfer-${Date.now()}`;
  expect((await cti({ event: 'RINGING', callId, callerNumber: mobile, extension: '8001' })).status()).toBe(200);
  await expect(a.getByTestId('cti-drawer').getByTestId('cti-card')).toBeVisible();
  expect((await cti({ event: 'ANSWERED', callId, callerNumber: mobile, extension: '8001' })).status()).toBe(200);
  expect((await cti({ event: 'TRANSFERRED', callId, callerNumber: mobile, extension: '8001', toExtension: '8002' })).status()).toBe(200);
  // agent2's browser pops the caller; agent1's drawer says where the call went and offers no record form
  await expect(b.getByTestId('cti-drawer').getByTestId('cti-card')).toBeVisible();
  await expect(b.getByTestId('cti-agents')).toContainText('(8001) → ');
  await expect(a.getByTestId('cti-transferred')).toContainText('8002');
  await shot(b, 'cti-transferred-pop');
  expect((await cti({ event: 'HANGUP', callId, callerNumber: mobile, extension: '8002' })).status()).toBe(200);

  for (const page of [a, b]) {
    await page.keyboard.press('Escape');
    await page.goto('/customers/calls');
    await settled(page);
    const row = page.getByTestId('recent-calls').locator('tr', { hasText: '(8002)' }).first();
    await expect(row).toContainText('(8001) → ');
    await expect(row).toContainText('已接通');
  }
  await shot(b, 'recent-calls-agent');
  await contextA.close();
  await contextB.close();
});

test('head office reads 通话记录, uploads a course document and reads a course’s mandatory completion', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, 'headoffice');
  await page.goto('/customers/calls');
  await settled(page);
  await expect(page.getByTestId('recent-calls')).toContainText('(8002)');
  await shot(page, 'recent-calls-headoffice');

  const courses = (await (await page.request.get('/api/training/courses?pageSize=50')).json()) as { items: { id: string; title: string; mandatoryFor: string[] }[] };
  const mandatory = courses.items.find((c) => c.mandatoryFor.length > 0)!;
  await page.goto(`/training/courses/${mandatory.id}`);
  await settled(page);
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');
  await page.locator('input[type=file]').setInputFiles({ name: '合规手册.pdf', mimeType: 'application/pdf', buffer: pdf });
  const link = page.getByRole('link', { name: '合规手册.pdf' }).first();
  await expect(link).toBeVisible();
  const download = await page.request.get((await link.getAttribute('href'))!);
  expect(download.headers()['content-type']).toBe('application/pdf');
  expect(Buffer.from(await download.body()).equals(pdf)).toBe(true);
  await expect(page.getByTestId('course-completion')).toContainText('已完成');
  await shot(page, 'training-course-documents');
});
