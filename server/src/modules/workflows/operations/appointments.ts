/**
 * Appointments (预约客户开户, business-rules.md §2): the match of approved appointments against
 * customers on ID number, and the scoped list.
 *
 * The match runs inside the end-of-day import's transaction right after the day's customers are
 * written (extract.service.ts), and right after an appointment is approved. One set-based
 * statement: each APPROVED appointment whose ID number belongs to a customer either starts a
 * DEVELOP relationship from the customer's open date (MATCHED) or, when that is not possible,
 * becomes UNUSABLE with the reason — the appointment date after the open date (the broker then
 * uses non-appointment opening), the customer in another branch, the staff member not employed on
 * the open date, or a relationship that would overlap or push the DEVELOP weights above 1.
 */
import type pg from 'pg';
import { bindParam, staffScope } from '../../access/scope.js';
import { canSeePii, maskIdNo, maskMobile } from '../../access/pii.js';
import type { AuthUser } from '../../auth/auth.service.js';
import { rederiveStaffFiguresSince } from '../../attribution/attribution.service.js';
import { inTransaction } from '../../../db/database.js';
import { auditPiiView, writeAudit, type AuditActor } from '../../audit/audit.service.js';
import type { Appointment, AppointmentList, AppointmentStatus } from '../workflows.schemas.js';

export interface AppointmentMatch {
  id: string;
  status: 'MATCHED' | 'UNUSABLE';
  customerNo: string;
  openDate: string;
  relationshipId: string | null;
  reason: string | null;
}

/**
 * Matches APPROVED appointments (all of them, or only `prospectId`) against the customers. At most
 * one appointment per customer is decided per run (the earliest); another for the same person is
 * decided on the next run, against the relationship the first one started.
 */
const MATCH_SQL = `
with candidate as (
  select distinct on (c.customer_no)
         p.id, p.staff_no, p.weight, p.appointment_date, p.branch_code,
         c.customer_no, c.open_date, c.branch_code as customer_branch, s.hire_date, s.leave_date
    from prospects p
    join customers c on c.id_no in (p.id_no, lower(p.id_no))
    join staff s on s.staff_no = p.staff_no
   where p.status = 'APPROVED' and ($1::bigint is null or p.id = $1::bigint)
   order by c.customer_no, p.id
),
judged as (
  select k.*,
         case
           when k.appointment_date > k.open_date then
             format('预约日期 %s 晚于开户日期 %s，该预约不可用，请使用非预约开户 / the appointment date %s is after the account''s open date %s: use non-appointment opening',
                    k.appointment_date, k.open_date, k.appointment_date, k.open_date)
           when k.customer_branch <> k.branch_code then
             format('客户在营业部 %s 开户，预约登记在 %s / the customer opened at branch %s, the appointment is for %s',
                    k.customer_branch, k.branch_code, k.customer_branch, k.branch_code)
           when k.open_date < k.hire_date or (k.leave_date is not null and k.open_date > k.leave_date) then
             format('员工 %s 在开户日期 %s 不在职 / staff %s is not employed on the open date %s', k.staff_no, k.open_date, k.staff_no, k.open_date)
           when exists (select 1 from relationships r where r.customer_no = k.customer_no and r.staff_no = k.staff_no and r.kind = 'DEVELOP'
                          and (r.ended_on is null or r.ended_on >= k.open_date)) then
             format('客户 %s 与员工 %s 已有开发关系 / customer %s already has a DEVELOP relationship with %s', k.customer_no, k.staff_no, k.customer_no, k.staff_no)
           when k.weight + (select coalesce(sum(r.weight), 0) from relationships r
                             where r.customer_no = k.customer_no and r.kind = 'DEVELOP' and (r.ended_on is null or r.ended_on >= k.open_date)) > 1 then
             format('客户 %s 的开发关系权重合计将超过 1 / the DEVELOP weights of customer %s would sum above 1', k.customer_no, k.customer_no)
         end as reason
    from candidate k
),
inserted as (
  insert into relationships (customer_no, staff_no, kind, weight, added_on, effective_from, source)
  select customer_no, staff_no, 'DEVELOP', weight, open_date, open_date, 'APPOINTMENT' from judged where reason is null
  returning id, customer_no
),
updated as (
  update prospects p
     set status = case when j.reason is null then 'MATCHED' else 'UNUSABLE' end,
         status_reason = j.reason,
         customer_no = j.customer_no,
         relationship_id = (select i.id from inserted i where i.customer_no = j.customer_no),
         updated_at = now()
    from judged j
   where p.id = j.id
  returning p.id, p.status, p.customer_no, p.relationship_id, p.status_reason
)
select u.id::text as id, u.status, u.customer_no as "customerNo", j.open_date as "openDate",
       u.relationship_id::text as "relationshipId", u.status_reason as reason
  from updated u join judged j on j.id = u.id
 order by u.id`;

/**
 * Runs the match and audits what it decided; the caller re-derives staff figures (the earliest
 * open date matched is returned) unless its own derivation covers that date.
 */
export async function matchApprovedAppointments(
  client: pg.PoolClient,
  opts: { prospectId?: string; by: AuditActor; ip?: string },
): Promise<{ matches: AppointmentMatch[]; earliestMatched: string | null }> {
  const { rows } = await client.query<AppointmentMatch>(MATCH_SQL, [opts.prospectId ?? null]);
  if (rows.length === 0) return { matches: [], earliestMatched: null };
  await writeAudit(client, {
    user: opts.by, action: 'appointment.matched', entity: 'appointment', entityId: rows.length === 1 ? rows[0]!.id : undefined,
    detail: { matches: rows }, ip: opts.ip,
  });
  const matched = rows.filter((r) => r.status === 'MATCHED').map((r) => r.openDate).sort();
  return { matches: rows, earliestMatched: matched[0] ?? null };
}

/** The match outside an import: re-derives the staff figures from the earliest open date matched. */
export async function matchAndRederive(client: pg.PoolClient, opts: { prospectId?: string; by: AuditActor; ip?: string }): Promise<AppointmentMatch[]> {
  const { matches, earliestMatched } = await matchApprovedAppointments(client, opts);
  if (earliestMatched) await rederiveStaffFiguresSince(client, earliestMatched);
  return matches;
}

// ---------------------------------------------------------------- the list (GET /api/appointments)

interface AppointmentRow extends Omit<Appointment, 'createdAt'> {
  createdAt: Date;
  total: string;
}

/**
 * Appointments of the staff within the caller's scope (ALL: every one), newest first; ID and mobile
 * masked without `pii`, and a page shown unmasked audited (`appointment.view_pii`) in the read's transaction.
 */
export async function listAppointments(
  pool: pg.Pool,
  user: AuthUser,
  query: { status?: AppointmentStatus; page: number; pageSize: number },
  ctx: { ip: string },
): Promise<AppointmentList> {
  const params: unknown[] = [];
  const where = [staffScope(user, { alias: 's', params })];
  if (query.status) where.push(`p.status = ${bindParam(params, query.status)}`);
  const limit = bindParam(params, query.pageSize);
  const offset = bindParam(params, (query.page - 1) * query.pageSize);
  return inTransaction(pool, async (client) => {
    const { rows } = await client.query<AppointmentRow>(
      `select p.id::text as id, p.name, p.id_no as "idNo", p.mobile, p.branch_code as "branchCode", b.branch_name as "branchName",
              p.appointment_date as "appointmentDate", p.staff_no as "staffNo", s.name as "staffName", p.weight::text as weight,
              p.status, p.status_reason as "statusReason", p.customer_no as "customerNo", c.open_date as "openDate",
              p.relationship_id::text as "relationshipId", p.workflow_id::text as "workflowId", p.created_at as "createdAt",
              count(*) over () as total
         from prospects p
         join staff s on s.staff_no = p.staff_no
         join branches b on b.branch_code = p.branch_code
         left join customers c on c.customer_no = p.customer_no
        where ${where.join(' and ')}
        order by p.id desc
        limit ${limit} offset ${offset}`,
      params,
    );
    const pii = canSeePii(user);
    if (pii && rows.length > 0) {
      await auditPiiView(client, user, { entity: 'appointment', detail: { via: 'list', appointmentIds: rows.map((r) => r.id) }, ip: ctx.ip });
    }
    return {
      items: rows.map(({ total: _total, createdAt, ...row }) => ({
        ...row,
        idNo: pii ? row.idNo : (maskIdNo(row.idNo) ?? ''),
        mobile: pii ? row.mobile : (maskMobile(row.mobile) ?? ''),
        createdAt: createdAt.toISOString(),
      })),
      total: rows.length > 0 ? Number(rows[0]!.total) : 0,
    };
  });
}
