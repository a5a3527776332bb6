/** Checking the application/problem+json answers of the app (RFC 9457, errors.ts) in route tests. */
import { expect, it } from 'vitest';
import type { TestApp } from './app-harness.js';

export interface ExpectedProblem {
  status: number;
  code: string;
  title: string;
  detail: string;
  instance: string;
  /** Further members of the body (a DEMO_BUILDING answer's progress …). */
  [member: string]: unknown;
}

/** The type URN of a problem: `urn:quancrm:problem:` and the code in lower case with hyphens (NOT_FOUND → not-found). */
export function problemType(code: string): string {
  return `urn:quancrm:problem:${code.toLowerCase().replaceAll('_', '-')}`;
}

/** Expects `res` to be a problem+json answer with exactly these members (and the type of its code). */
export function expectProblem(res: { statusCode: number; headers: Record<string, unknown>; json(): unknown }, expected: ExpectedProblem): void {
  expect(res.statusCode).toBe(expected.status);
  expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
  expect(res.json()).toEqual({ type: problemType(expected.code), ...expected });
}

/** Expects a 422 problem+json answer and returns the fields its errors name, in order. */
export function invalidFields(res: { statusCode: number; headers: Record<string, unknown>; json(): unknown }): string[] {
  expect(res.statusCode).toBe(422);
  expect(res.headers['content-type']).toBe('application/problem+json; charset=utf-8');
  return (res.json() as { errors: { field: string }[] }).errors.map((e) => e.field);
}

/** One test per case: a GET of `url` by `username` answers 422 naming exactly `fields`, in that order. */
export function itNamesBadParameters(t: Pick<TestApp, 'call'>, username: string, cases: readonly (readonly [url: string, fields: readonly string[]])[]): void {
  it.each(cases)('422 naming the bad parameter: %s', async (url, fields) => {
    expect(invalidFields(await t.call(username, 'GET', url))).toEqual(fields);
  });
}
