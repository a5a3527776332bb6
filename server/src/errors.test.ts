import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError, checkInput, forbidden, notFound, preferredLanguage, toProblem, tooManyRequests, unauthorized } from './errors.js';

describe('preferredLanguage', () => {
  it.each([
    [undefined, 'zh'],
    ['', 'zh'],
    ['en', 'en'],
    ['en-US,en;q=0.9', 'en'],
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh'],
    ['en;q=0.8,zh-CN;q=0.9', 'zh'],
    ['de-DE,en;q=0.5', 'en'],
    ['fr-FR', 'zh'],
    ['en;q=0', 'zh'],
    ['zh-TW;q=0.5, en-GB;q=0.5', 'zh'], // a tie goes to the first listed
  ] as const)('%s → %s', (header, expected) => {
    expect(preferredLanguage(header)).toBe(expected);
  });
});

describe('toProblem', () => {
  it('renders RFC 9457 fields in the chosen language', () => {
    expect(toProblem(notFound(), 'zh', '/api/customers/C1')).toEqual({
      type: 'urn:quancrm:problem:not-found',
      title: '未找到',
      status: 404,
      detail: '记录不存在。',
      instance: '/api/customers/C1',
      code: 'NOT_FOUND',
    });
    expect(toProblem(forbidden(), 'en', '/api/audit')).toEqual({
      type: 'urn:quancrm:problem:forbidden',
      title: 'Forbidden',
      status: 403,
      detail: 'You are not allowed to do this.',
      instance: '/api/audit',
      code: 'FORBIDDEN',
    });
  });

  it('lists field errors', () => {
    const error = new AppError({
      code: 'VALIDATION_FAILED',
      status: 422,
      zh: '有误',
      en: 'invalid',
      fieldErrors: [{ field: 'a.b', message: { zh: '太短', en: 'too short' } }],
    });
    expect(toProblem(error, 'en', '/x').errors).toEqual([{ field: 'a.b', message: 'too short' }]);
    expect(toProblem(error, 'zh', '/x').errors).toEqual([{ field: 'a.b', message: '太短' }]);
  });

  it('says when to retry after too many attempts', () => {
    const error = tooManyRequests(601);
    expect(error.status).toBe(429);
    expect(error.headers).toEqual({ 'retry-after': '601' });
    expect(error.detail).toEqual({ zh: '尝试次数过多，请 11 分钟后再试。', en: 'Too many attempts; try again in 11 minutes.' });
    expect(unauthorized().status).toBe(401);
  });
});

describe('checkInput', () => {
  const schema = z.object({ username: z.string().min(3), page: z.coerce.number().int().min(1), inner: z.object({ day: z.iso.date() }) });

  it('returns the parsed value', () => {
    expect(checkInput(schema, { username: 'abc', page: '2', inner: { day: '2025-06-16' } })).toEqual({
      success: true,
      data: { username: 'abc', page: 2, inner: { day: '2025-06-16' } },
    });
  });

  it('names every bad field with a Chinese and an English message', () => {
    const result = checkInput(schema, { username: 'a', page: '0', inner: { day: '2025-13-01' } });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.error.status).toBe(422);
    expect(result.error.fieldErrors.map((f) => f.field)).toEqual(['username', 'page', 'inner.day']);
    const username = result.error.fieldErrors[0]!.message;
    expect(username.en).toMatch(/>=3 characters/);
    expect(username.zh).toMatch(/字符/);
  });

  it('reports an issue with the whole value under the root name', () => {
    const result = checkInput(schema, 'nope', 'body');
    expect(result.success ? [] : result.error.fieldErrors.map((f) => f.field)).toEqual(['body']);
  });
});
