/**
 * The web's typed API client (web/src/api/api.ts over client.ts): the URL a route and its parameters
 * make, and the request it sends. Tested here because this is the suite `npm test` runs.
 */
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';

/**
 * The web modules are loaded by path, not by a static import: the web resolves its imports as a
 * bundler does (no file extensions), which the server's typecheck (NodeNext) does not accept. Their
 * types are checked by the web's own typecheck; here only what the tests call is named.
 */
type Args = { path?: Record<string, string>; query?: Record<string, string | number | null | undefined>; body?: unknown };
interface WebApi {
  apiUrl(route: string, args?: Args): string;
  api: Record<'get' | 'post' | 'patch' | 'delete', (route: string, args: Args) => Promise<unknown>>;
}
const webModule = (file: string) => fileURLToPath(new URL(`../../web/src/api/${file}`, import.meta.url));
const { api, apiUrl } = (await import(webModule('api.ts'))) as WebApi;
const { ApiError, apiPost } = (await import(webModule('client.ts'))) as {
  ApiError: abstract new (...args: never[]) => Error;
  apiPost: (path: string, body?: unknown) => Promise<unknown>;
};

interface Sent {
  url: string;
  init: RequestInit;
}

/** Replaces fetch with one answering `response`, and records what was sent. */
function answer(response: Response): Sent[] {
  const sent: Sent[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    sent.push({ url, init });
    return response;
  });
  return sent;
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('apiUrl', () => {
  it('fills the path parameters, encoded', () => {
    expect(apiUrl('/api/customers/{customerNo}', { path: { customerNo: 'A 1/2' } })).toBe('/api/customers/A%201%2F2');
    expect(apiUrl('/api/payroll/months/{month}/payslips/{staffNo}', { path: { month: '2024-03', staffNo: 'S001' } })).toBe('/api/payroll/months/2024-03/payslips/S001');
  });

  it('keeps the query values in order and leaves out empty ones', () => {
    expect(apiUrl('/api/customers', { query: { q: '张', branch: '', tier: null, page: 2, pageSize: undefined, sort: '-totalAsset' } })).toBe(
      '/api/customers?q=%E5%BC%A0&page=2&sort=-totalAsset',
    );
    expect(apiUrl('/api/payroll/months/{month}/payslips', { path: { month: '2024-03' }, query: { format: 'xlsx' } })).toBe('/api/payroll/months/2024-03/payslips?format=xlsx');
    expect(apiUrl('/api/me')).toBe('/api/me');
  });
});

describe('api', () => {
  it('GETs with the session cookie and the page language, and returns the JSON answer', async () => {
    const sent = answer(json({ items: [], total: 0 }));
    await expect(api.get('/api/staff', { query: { q: 'S0', pageSize: 20 } })).resolves.toEqual({ items: [], total: 0 });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.url).toBe('/api/staff?q=S0&pageSize=20');
    expect(sent[0]!.init.credentials).toBe('include');
    expect(sent[0]!.init.headers).toEqual({ 'Accept-Language': 'zh-CN', Accept: 'application/json' });
  });

  it('logs out with a bodyless POST that declares no JSON body (the server refuses an empty JSON body)', async () => {
    const sent = answer(new Response(null, { status: 204 }));
    await expect(apiPost('/api/auth/logout')).resolves.toBeNull();
    expect(sent[0]).toMatchObject({ url: '/api/auth/logout', init: { method: 'POST', body: undefined } });
    expect(sent[0]!.init.headers).toEqual({ 'Accept-Language': 'zh-CN', Accept: 'application/json' });
  });

  it('sends a write with its JSON body, and without a Content-Type when it has none', async () => {
    const sent = answer(new Response(null, { status: 204 }));
    await expect(api.delete('/api/payroll/adjustments/{id}', { path: { id: '7' } })).resolves.toBeNull();
    expect(sent[0]).toMatchObject({ url: '/api/payroll/adjustments/7', init: { method: 'DELETE', body: undefined } });
    expect(sent[0]!.init.headers).toEqual({ 'Accept-Language': 'zh-CN', Accept: 'application/json' });

    const patched = answer(json({ id: '3' }));
    await api.patch('/api/admin/users/{id}', { path: { id: '3' }, body: { disabled: true } });
    expect(patched[0]).toMatchObject({
      url: '/api/admin/users/3',
      init: { method: 'PATCH', body: '{"disabled":true}', headers: { 'Accept-Language': 'zh-CN', 'Content-Type': 'application/json', Accept: 'application/json' } },
    });
  });

  it('throws an ApiError with the problem’s detail and field errors', async () => {
    answer(json({ title: '校验失败', detail: '输入有误。', errors: [{ field: 'amount', message: '必须是数字' }] }, 422));
    const error = await api.post('/api/payroll/adjustments', { body: { month: '2024-03', staffNo: 'S001', kind: 'WELFARE', amount: 'x' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 422, detail: '输入有误。 amount: 必须是数字', fieldErrors: [{ field: 'amount', message: '必须是数字' }] });
  });
});
