/**
 * The trading calendar the importer follows: the shipped exchange holidays (exchange-holidays.ts)
 * with an administrator's changes (table trading_calendar_changes) applied. A change closes a
 * weekday the shipped list does not know, or reopens a shipped holiday; weekends are always
 * closed. Every change is audited in its transaction.
 */
import type pg from 'pg';
import { inTransaction } from '../../db/database.js';
import { unprocessable } from '../../errors.js';
import { writeAudit, type AuditActor } from '../audit/audit.service.js';
import { isWeekend, shippedClosedWeekdays, TradingCalendar } from './calendar.rules.js';
import { SHIPPED_CLOSED_WEEKDAYS } from './exchange-holidays.js';

export interface CalendarChange {
  date: string;
  trading: boolean;
  note: string | null;
  updatedAt: string;
  updatedBy: string;
}

export interface ClosedWeekday {
  date: string;
  /** SHIPPED: in the shipped list; ADMIN: closed by an administrator's change. */
  source: 'SHIPPED' | 'ADMIN';
}

export interface CalendarYear {
  year: number;
  /** False when no holidays ship for the year: only weekends and the changes are closed. */
  shipped: boolean;
  closedWeekdays: ClosedWeekday[];
  changes: CalendarChange[];
}

interface ChangeRow {
  day: string;
  trading: boolean;
  note: string | null;
  updated_at: Date;
  updated_by: string;
}

const toChange = (r: ChangeRow): CalendarChange => ({
  date: r.day, trading: r.trading, note: r.note, updatedAt: r.updated_at.toISOString(), updatedBy: r.updated_by,
});

/** The calendar in force: the shipped holidays with every administrator's change applied. */
export async function loadTradingCalendar(db: pg.Pool | pg.PoolClient): Promise<TradingCalendar> {
  const { rows } = await db.query<{ day: string; trading: boolean }>(`select day::text as day, trading from trading_calendar_changes`);
  const closed = new Set(Object.values(SHIPPED_CLOSED_WEEKDAYS).flat());
  for (const r of rows) {
    if (r.trading) closed.delete(r.day);
    else closed.add(r.day);
  }
  return new TradingCalendar(closed);
}

/** One year of the calendar: its closed weekdays (shipped or added) and the changes made to it. */
export async function calendarYear(pool: pg.Pool, year: number): Promise<CalendarYear> {
  const { rows } = await pool.query<ChangeRow>(
    `select day::text as day, trading, note, updated_at, updated_by from trading_calendar_changes
     where day >= make_date($1, 1, 1) and day < make_date($1 + 1, 1, 1) order by day`,
    [year],
  );
  const changes = new Map(rows.map((r) => [r.day, r]));
  const closed: ClosedWeekday[] = shippedClosedWeekdays(year)
    .filter((d) => changes.get(d)?.trading !== true)
    .map((date) => ({ date, source: 'SHIPPED' as const }));
  for (const r of rows) if (!r.trading && !closed.some((c) => c.date === r.day)) closed.push({ date: r.day, source: 'ADMIN' });
  closed.sort((a, b) => a.date.localeCompare(b.date));
  return { year, shipped: shippedClosedWeekdays(year).length > 0, closedWeekdays: closed, changes: rows.map(toChange) };
}

function weekendRefused(date: string): never {
  throw unprocessable(
    'CALENDAR_WEEKEND',
    `${date} 是周末：交易所周末一律休市，不能修改。`,
    `${date} is a weekend: the exchanges are always closed on weekends; it cannot be changed.`,
    [{ field: 'date', message: { zh: '周末一律休市', en: 'weekends are always closed' } }],
  );
}

/**
 * Closes (`trading` false) or reopens (`trading` true) a weekday. A change that matches the
 * shipped list is stored all the same (it documents who confirmed the day). Audited.
 */
export async function setCalendarDay(
  pool: pg.Pool, date: string, change: { trading: boolean; note?: string | null }, by: { user: AuditActor; ip?: string },
): Promise<CalendarChange> {
  if (isWeekend(date)) weekendRefused(date);
  return inTransaction(pool, async (client) => {
    const before = await client.query<ChangeRow>(`select day::text as day, trading, note, updated_at, updated_by from trading_calendar_changes where day = $1 for update`, [date]);
    const { rows } = await client.query<ChangeRow>(
      `insert into trading_calendar_changes (day, trading, note, updated_at, updated_by) values ($1, $2, $3, now(), $4)
       on conflict (day) do update set trading = excluded.trading, note = excluded.note, updated_at = excluded.updated_at, updated_by = excluded.updated_by
       returning day::text as day, trading, note, updated_at, updated_by`,
      [date, change.trading, change.note ?? null, by.user.username],
    );
    await writeAudit(client, {
      user: by.user, action: 'calendar.changed', entity: 'trading_calendar', entityId: date, ip: by.ip,
      detail: { old: before.rows[0] ? { trading: before.rows[0].trading, note: before.rows[0].note } : null, new: { trading: change.trading, note: change.note ?? null } },
    });
    return toChange(rows[0]!);
  });
}

/** Withdraws the change of a day: it is again as shipped. Returns whether there was one. Audited. */
export async function resetCalendarDay(pool: pg.Pool, date: string, by: { user: AuditActor; ip?: string }): Promise<boolean> {
  return inTransaction(pool, async (client) => {
    const { rows } = await client.query<{ trading: boolean; note: string | null }>(`delete from trading_calendar_changes where day = $1 returning trading, note`, [date]);
    if (rows.length === 0) return false;
    await writeAudit(client, { user: by.user, action: 'calendar.reset', entity: 'trading_calendar', entityId: date, ip: by.ip, detail: { old: rows[0] } });
    return true;
  });
}
