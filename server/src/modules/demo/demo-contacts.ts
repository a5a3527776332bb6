/**
 * The demo's contact records (接触记录): the generator writes them to <outDir>/contacts.csv (they
 * are not part of the trading system's extract); the first start loads them with one COPY right
 * after the org import, so that the churn model, the labels (days since last contact) and the
 * contribution's service cost see them.
 *
 * A contact needs the user who recorded it (contacts.created_by; its next action is that user's
 * follow-up). The demo's history is recorded by one disabled system login, `demo-history`, which
 * cannot sign in and which the admin user list hides unless asked (migration 0028); when the demo logins are created at the end of the load, each takes over the contacts
 * of its own staff member (adoptDemoContacts), so that the broker, team lead, branch manager and
 * service logins find their open and done follow-ups.
 */
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/** The disabled login that recorded the demo's contact history. */
export const DEMO_HISTORY_USER = 'demo-history';

/** Loads contacts.csv (CONTACTS_HEADER of contacts.ts) in the caller's transaction; returns the number of contacts. */
export async function loadDemoContacts(client: pg.PoolClient, file: string): Promise<number> {
  const { rows } = await client.query<{ id: string }>(
    `insert into users (username, display_name, password_hash, role, disabled, system) values ($1, '演示数据·历史接触记录 (demo contact history)', '!', 'HQ', true, true)
     on conflict (username) do update set disabled = true, system = true returning id::text`,
    [DEMO_HISTORY_USER],
  );
  const by = rows[0]!.id;
  await client.query(`create temp table demo_contacts (customer_no text, staff_no text, channel text, at timestamptz, summary text,
    next_action text, next_due_on date, next_done_at timestamptz) on commit drop`);
  await pipeline(createReadStream(file), client.query(copyFrom(`copy demo_contacts from stdin with (format csv, header true)`)));
  const inserted = await client.query(
    `insert into contacts (customer_no, channel, summary, at, staff_no, created_by, created_at, next_action, next_due_on, next_done_at)
     select customer_no, channel, summary, at, staff_no, $1, at, next_action, next_due_on, next_done_at
       from demo_contacts order by customer_no, at`,
    [by],
  );
  await client.query('drop table demo_contacts');
  return inserted.rowCount ?? 0;
}

/**
 * Hands the contacts of the demo history over to the enabled logins linked to the same staff member
 * (the demo logins), in the caller's transaction; returns how many changed hands.
 */
export async function adoptDemoContacts(client: pg.PoolClient): Promise<number> {
  const { rowCount } = await client.query(
    `update contacts k set created_by = u.id
       from (select distinct on (staff_no) id, staff_no from users where staff_no is not null and not disabled order by staff_no, id) u
      where k.created_by = (select id from users where username = $1) and k.staff_no = u.staff_no`,
    [DEMO_HISTORY_USER],
  );
  return rowCount ?? 0;
}

/**
 * Loads prospects.csv (PROSPECTS_HEADER of generator.ts: approved appointments of people who have
 * not opened yet, the 潜在客户) in the caller's transaction; returns their number. They are matched
 * like any approved appointment when a later extract brings the person's account.
 */
export async function loadDemoProspects(client: pg.PoolClient, file: string): Promise<number> {
  const before = await client.query<{ n: number }>('select count(*)::int as n from prospects');
  await pipeline(
    createReadStream(file),
    client.query(copyFrom(`copy prospects (name, id_no, mobile, branch_code, appointment_date, staff_no, weight, status) from stdin with (format csv, header true)`)),
  );
  const after = await client.query<{ n: number }>('select count(*)::int as n from prospects');
  return after.rows[0]!.n - before.rows[0]!.n;
}
