/**
 * The customer's own content (客户专属空间 → 我的资讯): the items pushed to them (delivered, i.e. their
 * suitability matched) and the published content of the service products they subscribe to whose
 * level matches them today. Reading one (GET …/{id} or POST …/{id}/read) records the read receipt:
 * the first read of the content, and `read_at` on every push of it that reached them. Everything is
 * keyed by the customer of the session: another customer's item answers 404 like an unknown one.
 */
import type pg from 'pg';
import { inTransaction } from '../../db/database.js';
import { notFound } from '../../errors.js';
import { businessDate } from '../../lib/dates.js';
import { inReadSnapshot } from '../../lib/read-snapshot.js';
import { bindParam } from '../access/scope.js';
import { loadSuitabilitySettings, suitabilityCaseSql } from '../suitability/suitability.sql.js';
import type { MyContentDetail, MyContentItem } from './service.schemas.js';
import { iso, pageSql } from './service.service.js';

type Queryable = pg.Pool | pg.PoolClient;

/** The customer's items (`mine`: content_id, received) as SQL over the customer in `params`' first place. */
async function mineSql(client: Queryable, params: unknown[], now: Date): Promise<string> {
  const settings = await loadSuitabilitySettings(client);
  const match = suitabilityCaseSql({ customer: 'c', productRisk: 'sc.risk_level', day: `${bindParam(params, businessDate(now))}::date`, settings });
  return `with mine as (
      select sp.content_id, min(sp.pushed_at) as received
        from service_push_recipients r join service_pushes sp on sp.id = r.push_id
       where r.customer_no = $1 and r.status = 'DELIVERED'
       group by sp.content_id
      union all
      select sc.id, sc.published_at
        from service_content sc
        join service_subscriptions ss on ss.product_id = sc.product_id and ss.customer_no = $1 and ss.ended_at is null
        join customers c on c.customer_no = $1
       where sc.status = 'PUBLISHED' and ${match} = 'MATCH'),
    items as (select content_id, min(received) as received from mine group by content_id)`;
}

const ITEM_COLUMNS = `
  sc.id::text as id, sc.kind, sc.category, sc.risk_level as "riskLevel", sc.title, sc.summary, p.name as "productName",
  sc.published_at as "publishedAt", i.received as "receivedAt", (rd.customer_no is not null) as read`;
const ITEM_FROM = `
  from items i
  join service_content sc on sc.id = i.content_id
  left join service_products p on p.id = sc.product_id
  left join service_content_reads rd on rd.customer_no = $1 and rd.content_id = sc.id`;

type ItemRow = Omit<MyContentItem, 'publishedAt' | 'receivedAt'> & { publishedAt: Date | null; receivedAt: Date };
const toItem = (r: ItemRow): MyContentItem => ({ ...r, publishedAt: iso(r.publishedAt), receivedAt: r.receivedAt.toISOString() });

export async function myContent(pool: pg.Pool, customerNo: string, page: { page: number; pageSize: number }, now: Date): Promise<{ items: MyContentItem[]; total: number; unread: number }> {
  return inReadSnapshot(pool, async (client) => {
    const params: unknown[] = [customerNo];
    const mine = await mineSql(client, params, now);
    const counts = (await client.query<{ total: number; unread: number }>(
      `${mine} select count(*)::int as total, count(*) filter (where rd.customer_no is null)::int as unread ${ITEM_FROM}`, params)).rows[0]!;
    const rowParams = [...params];
    const rows = (await client.query<ItemRow>(`${mine} select ${ITEM_COLUMNS} ${ITEM_FROM} order by i.received desc, sc.id desc${pageSql(rowParams, page)}`, rowParams)).rows;
    return { items: rows.map(toItem), ...counts };
  });
}

/** One of the customer's items (404 otherwise), read: its read receipt is recorded. */
export async function readMyContent(pool: pg.Pool, customerNo: string, id: string, now: Date): Promise<MyContentDetail> {
  return inTransaction(pool, async (client) => {
    const params: unknown[] = [customerNo];
    const mine = await mineSql(client, params, now);
    const row = (await client.query<ItemRow & { bodyHtml: string }>(
      `${mine} select ${ITEM_COLUMNS}, sc.body_html as "bodyHtml" ${ITEM_FROM} where sc.id = ${bindParam(params, id)}::bigint`, params)).rows[0];
    if (!row) throw notFound();
    await client.query(
      `insert into service_content_reads (customer_no, content_id, first_read_at) values ($1, $2::bigint, $3) on conflict do nothing`, [customerNo, id, now]);
    await client.query(
      `update service_push_recipients r set read_at = $3
         from service_pushes sp
        where sp.id = r.push_id and sp.content_id = $2::bigint and r.customer_no = $1 and r.status = 'DELIVERED' and r.read_at is null`,
      [customerNo, id, now]);
    return { ...toItem(row), read: true, bodyHtml: row.bodyHtml };
  });
}
