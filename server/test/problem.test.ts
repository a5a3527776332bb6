import { describe, expect, it } from 'vitest';
import { expectProblem, problemType } from './problem.js';

describe('problem+json test helper', () => {
  it.each([
    ['NOT_FOUND', 'urn:quancrm:problem:not-found'],
    ['ROUTE_NOT_FOUND', 'urn:quancrm:problem:route-not-found'],
    ['INTERNAL', 'urn:quancrm:problem:internal'],
  ])('%s → %s', (code, type) => {
    expect(problemType(code)).toBe(type);
  });

  const answer = (statusCode: number, contentType: string, body: unknown) => ({ statusCode, headers: { 'content-type': contentType }, json: () => body });
  const body = { type: 'urn:quancrm:problem:not-found', title: '未找到', status: 404, detail: '记录不存在。', instance: '/api/x', code: 'NOT_FOUND' };
  const expected = { status: 404, code: 'NOT_FOUND', title: '未找到', detail: '记录不存在。', instance: '/api/x' };

  it('passes the exact answer and fails on any other status, content type or member', () => {
    expectProblem(answer(404, 'application/problem+json; charset=utf-8', body), expected);
    expect(() => expectProblem(answer(400, 'application/problem+json; charset=utf-8', body), expected)).toThrow();
    expect(() => expectProblem(answer(404, 'application/json; charset=utf-8', body), expected)).toThrow();
    expect(() => expectProblem(answer(404, 'application/problem+json; charset=utf-8', { ...body, extra: 1 }), expected)).toThrow();
    expect(() => expectProblem(answer(404, 'application/problem+json; charset=utf-8', { ...body, type: 'urn:x' }), expected)).toThrow();
  });
});
