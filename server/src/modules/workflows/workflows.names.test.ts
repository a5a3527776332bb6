/**
 * Names beside a flow's codes (workflows.names.ts), in the list and the detail, only those the
 * caller may see. Fixture (test/fixtures.ts): C0001 钱多多 is S001's (T11); S001 张伟 in T11, S003 王强
 * in T12, both of branch B01. The clock is 2025-06-16.
 */
import { describe, expect, it } from 'vitest';
import { useTestApp, withBrokerage } from '../../../test/app-harness.js';

const t = useTestApp({
  seed: withBrokerage(),
  sessions: ['hq_user', 'bm_b01', 'tl_t11', 'tl_t21', 'broker1'],
});

async function changeC0001(): Promise<string> {
  const res = await t.call('broker1', 'POST', '/api/workflows', {
    type: 'RELATIONSHIP_CHANGE',
    payload: { customerNo: 'C0001', fromStaffNo: 'S001', toStaffNo: 'S003', effectiveFrom: '2025-07-01' },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

async function namesIn(username: string, view: string, id: string) {
  const list = await t.call(username, 'GET', `/api/workflows?view=${view}`);
  expect(list.statusCode, list.body).toBe(200);
  const item = list.json().items.find((w: { id: string }) => w.id === id);
  const detail = await t.call(username, 'GET', `/api/workflows/${id}`);
  expect(detail.statusCode, detail.body).toBe(200);
  expect(item.names).toEqual(detail.json().names); // the list and the detail agree
  return detail.json().names;
}

describe('names beside the codes of a flow', () => {
  it('gives the initiator the names within their own scope: the customer and themselves, not the other team’s broker', async () => {
    const id = await changeC0001();
    expect(await namesIn('broker1', 'started', id)).toEqual({ customers: { C0001: '钱多多' }, staff: { S001: '张伟' }, units: { B01: '北京中关村营业部', T11: '财富一组' } });
  });

  it('gives each approver and monitor the names their scope allows', async () => {
    const id = await changeC0001();
    // the team lead of T11: the team's customer and member, not S003 of T12
    expect(await namesIn('tl_t11', 'todo', id)).toEqual({ customers: { C0001: '钱多多' }, staff: { S001: '张伟' }, units: { B01: '北京中关村营业部', T11: '财富一组' } });
    // the branch manager of B01 and head office: everything
    // the initiator's branch and team are named for everybody: the firm's organisation, nobody's data
    const all = { customers: { C0001: '钱多多' }, staff: { S001: '张伟', S003: '王强' }, units: { B01: '北京中关村营业部', T11: '财富一组' } };
    expect(await namesIn('bm_b01', 'monitor', id)).toEqual(all);
    expect(await namesIn('hq_user', 'monitor', id)).toEqual(all);
  });

  it('leaves a customer outside the caller’s customer scope without a name', async () => {
    // C0007 (陈七, B01) has no relationship: a broker of the branch may propose one, but does not see the customer yet
    const res = await t.call('broker1', 'POST', '/api/workflows', {
      type: 'RELATIONSHIP_ADD',
      payload: { customerNo: 'C0007', staffNo: 'S001', kind: 'DEVELOP', weight: '1', assessmentSet: null, effectiveFrom: '2025-07-01' },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().names).toEqual({ customers: {}, staff: { S001: '张伟' }, units: { B01: '北京中关村营业部', T11: '财富一组' } });
    expect(await namesIn('bm_b01', 'monitor', res.json().id)).toEqual({ customers: { C0007: '陈七' }, staff: { S001: '张伟' }, units: { B01: '北京中关村营业部', T11: '财富一组' } });
  });
});
