import { describe, expect, it } from 'vitest';
import { useTestApp, withBrokerage } from '../../../test/app-harness.js';

const t = useTestApp({
  seed: withBrokerage(),
  sessions: ['hq_user', 'bm_b01', 'tl_t11', 'tl_t21', 'broker1', 'broker3', 'broker_left'],
});

async function codes(username: string, url: string): Promise<string[]> {
  const res = await t.call(username, 'GET', url);
  expect(res.statusCode).toBe(200);
  return res.json().items.map((i: { code: string }) => i.code);
}

/** One test per login: a GET of `url` lists exactly the given codes, in that order. */
function itLists(url: string, cases: [username: string, expected: string[]][]): void {
  it.each(cases)('%s', async (username, expected) => {
    expect(await codes(username, url)).toEqual(expected);
  });
}

describe('GET /api/org/branches: only the branches the caller may pick', () => {
  itLists('/api/org/branches', [
    ['hq_user', ['B01', 'B02']],
    ['bm_b01', ['B01']],
    ['tl_t21', ['B02']],
    ['broker1', ['B01']],
    ['broker_left', []], // S099 has left: fail closed
  ]);

  it('searches by code prefix or part of the name, with names', async () => {
    const res = await t.call('hq_user', 'GET', '/api/org/branches?q=陆家嘴');
    expect(res.json()).toEqual({ items: [{ code: 'B02', name: '上海陆家嘴营业部' }] });
    expect(await codes('hq_user', '/api/org/branches?q=B0')).toEqual(['B01', 'B02']);
    expect(await codes('hq_user', '/api/org/branches?q=01')).toEqual([]); // a prefix, not any part of the code
    expect(await codes('hq_user', '/api/org/branches?q=%25')).toEqual([]); // LIKE wildcards are literal
    expect(await codes('hq_user', '/api/org/branches?limit=1')).toEqual(['B01']);
    expect(await codes('bm_b01', '/api/org/branches?q=陆家嘴')).toEqual([]); // another branch: never, not even by name
  });

  it('needs a login', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/org/branches' })).statusCode).toBe(401);
  });
});

describe('GET /api/org/teams: only the teams the caller may pick', () => {
  itLists('/api/org/teams', [
    ['hq_user', ['T11', 'T12', 'T21']],
    ['bm_b01', ['T11', 'T12']], // the branch's teams
    ['tl_t11', ['T11']],
    ['broker3', ['T12']], // a broker's own team
    ['broker_left', []],
  ]);

  it('answers names with the branch, searches and filters by branch', async () => {
    const res = await t.call('bm_b01', 'GET', '/api/org/teams?q=二组');
    expect(res.json()).toEqual({ items: [{ code: 'T12', name: '财富二组', branchCode: 'B01', branchName: '北京中关村营业部' }] });
    expect(await codes('hq_user', '/api/org/teams?branch=B02')).toEqual(['T21']);
    expect(await codes('hq_user', '/api/org/teams?q=T1&branch=')).toEqual(['T11', 'T12']);
    expect(await codes('tl_t11', '/api/org/teams?branch=B02')).toEqual([]);
  });

  it('answers a bad query with 422', async () => {
    const res = await t.call('hq_user', 'GET', '/api/org/teams?limit=0');
    expect(res.statusCode).toBe(422);
  });
});

describe('GET /api/org/staff: active colleagues of the pickable branches, number and name only', () => {
  itLists('/api/org/staff', [
    ['hq_user', ['S001', 'S002', 'S003', 'S004', 'S005', 'S006', 'S201', 'S202']], // not S099, who has left
    ['broker1', ['S001', 'S002', 'S003', 'S004', 'S005', 'S006']], // the own branch B01, other teams included
    ['tl_t21', ['S201', 'S202']],
    ['broker_left', []],
  ]);

  it('searches by number prefix or part of the name, and by branch', async () => {
    const res = await t.call('broker1', 'GET', '/api/org/staff?q=王');
    expect(res.json()).toEqual({ items: [{ code: 'S003', name: '王强', teamCode: 'T12', branchCode: 'B01' }] });
    expect(await codes('broker1', '/api/org/staff?q=周')).toEqual([]); // S201 is of B02
    expect(await codes('hq_user', '/api/org/staff?q=S20')).toEqual(['S201', 'S202']);
    expect(await codes('hq_user', '/api/org/staff?branch=B02&q=吴')).toEqual(['S202']);
  });
});
