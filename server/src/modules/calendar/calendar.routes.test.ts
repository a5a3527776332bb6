/**
 * /api/admin/trading-calendar against real PostgreSQL: the shipped holidays, an administrator's
 * changes (audited), and the calendar the importer loads from them.
 */
import { describe, expect, it } from 'vitest';
import { useTestApp, withBrokerage } from '../../../test/app-harness.js';
import { loadTradingCalendar } from './calendar.service.js';

const t = useTestApp({ seed: withBrokerage(['admin', 'hq_user', 'broker1']), sessions: ['admin', 'hq_user', 'broker1'] });
const { call } = t;

describe('trading calendar administration', () => {
  it('is for ADMIN only', async () => {
    for (const [method, url] of [['GET', '/api/admin/trading-calendar?year=2026'], ['PUT', '/api/admin/trading-calendar/2026-11-04'], ['DELETE', '/api/admin/trading-calendar/2026-11-04']] as const) {
      for (const username of ['hq_user', 'broker1']) expect((await call(username, method, url, method === 'PUT' ? { trading: false } : undefined)).statusCode, username).toBe(403);
      expect((await t.app.inject({ method, url })).statusCode).toBe(401);
    }
  });

  it('lists the shipped closed weekdays of a year', async () => {
    const res = await call('admin', 'GET', '/api/admin/trading-calendar?year=2026');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ year: 2026, shipped: true, changes: [] });
    expect(body.closedWeekdays).toHaveLength(19); // 元旦 2, 春节 6, 清明 1, 劳动节 3, 端午 1, 中秋 1, 国庆 5
    expect(body.closedWeekdays[0]).toEqual({ date: '2026-01-01', source: 'SHIPPED' });
    expect((await call('admin', 'GET', '/api/admin/trading-calendar?year=2030')).json()).toEqual({ year: 2030, shipped: false, closedWeekdays: [], changes: [] });
  });

  it('closes a weekday and reopens a shipped holiday, audited; the importer follows; a reset restores the shipped day', async () => {
    const closed = await call('admin', 'PUT', '/api/admin/trading-calendar/2026-11-04', { trading: false, note: '临时休市' });
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toMatchObject({ date: '2026-11-04', trading: false, note: '临时休市', updatedBy: 'admin' });
    const reopened = await call('admin', 'PUT', '/api/admin/trading-calendar/2026-10-05', { trading: true });
    expect(reopened.statusCode).toBe(200);

    const calendar = await loadTradingCalendar(t.db.pool);
    expect(calendar.isTradingDay('2026-11-04')).toBe(false);
    expect(calendar.isTradingDay('2026-10-05')).toBe(true);
    expect(calendar.nextTradingDay('2026-11-03')).toBe('2026-11-05');
    expect(calendar.isTradingDay('2026-10-06')).toBe(false); // still the shipped National Day

    const year = (await call('admin', 'GET', '/api/admin/trading-calendar?year=2026')).json();
    expect(year.closedWeekdays).toHaveLength(19); // one shipped day reopened, one added
    expect(year.closedWeekdays).toContainEqual({ date: '2026-11-04', source: 'ADMIN' });
    expect(year.closedWeekdays).not.toContainEqual({ date: '2026-10-05', source: 'SHIPPED' });
    expect(year.changes.map((c: { date: string; trading: boolean }) => [c.date, c.trading])).toEqual([['2026-10-05', true], ['2026-11-04', false]]);

    expect((await call('admin', 'DELETE', '/api/admin/trading-calendar/2026-10-05')).statusCode).toBe(204);
    expect((await call('admin', 'DELETE', '/api/admin/trading-calendar/2026-10-05')).statusCode).toBe(404);
    expect((await loadTradingCalendar(t.db.pool)).isTradingDay('2026-10-05')).toBe(false);

    const { rows } = await t.db.pool.query(`select username, action, entity_id, detail from audit_log where entity = 'trading_calendar' order by id`);
    expect(rows).toEqual([
      { username: 'admin', action: 'calendar.changed', entity_id: '2026-11-04', detail: { old: null, new: { trading: false, note: '临时休市' } } },
      { username: 'admin', action: 'calendar.changed', entity_id: '2026-10-05', detail: { old: null, new: { trading: true, note: null } } },
      { username: 'admin', action: 'calendar.reset', entity_id: '2026-10-05', detail: { old: { trading: true, note: null } } },
    ]);
  });

  it('refuses a weekend, an impossible date and an unknown field', async () => {
    const weekend = await call('admin', 'PUT', '/api/admin/trading-calendar/2026-10-10', { trading: true });
    expect(weekend.statusCode).toBe(422);
    expect(weekend.json()).toMatchObject({ code: 'CALENDAR_WEEKEND' });
    expect((await call('admin', 'PUT', '/api/admin/trading-calendar/2026-02-30', { trading: false })).statusCode).toBe(422);
    expect((await call('admin', 'PUT', '/api/admin/trading-calendar/2026-11-04', { trading: false, extra: 1 })).statusCode).toBe(422);
  });
});
