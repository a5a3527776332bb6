/**
 * 投资组合 (business-rules.md §10; issue 14 item 1): model portfolios, their weights (sum exactly
 * 100 %), rebalances as new versions (every version kept), and the daily value index computed from
 * the extract's closing prices (service.rules.ts `portfolioIndex`).
 *
 * Closing prices: the extract has no price file; a security's closing price on a trading day is
 * what the positions of that day say, Σ market value ÷ Σ quantity over every holder (positions are
 * valued at the close), to 4 places (docs/decisions.md "Part B — closing prices"). A day without a
 * holder keeps the last price. Portfolios are the firm's (not customer data): every staff login
 * reads them; `products.manage` creates and rebalances them.
 */
import type pg from 'pg';
import { inTransaction } from '../../db/database.js';
import { conflict, notFound, validationFailed, type FieldError } from '../../errors.js';
import { inReadSnapshot } from '../../lib/read-snapshot.js';
import { writeAudit } from '../audit/audit.service.js';
import { assertPermission } from '../auth/auth.service.js';
import { INDEX_BASE, portfolioIndex, weightProblems, type Holding, type PortfolioVersion } from './service.rules.js';
import type { Performance, PortfolioBody, PortfolioDetail, PortfolioSummary, RebalanceBody } from './service.schemas.js';
import type { ServiceContext } from './service.service.js';

type Queryable = pg.Pool | pg.PoolClient;

const SUMMARY = `
  select sp.id::text as id, sp.code, sp.name, sp.product_id::text as "productId", p.name as "productName", sp.description, sp.created_at as "createdAt",
         v.version, v.effective_on::text as "effectiveOn"
    from service_portfolios sp
    left join service_products p on p.id = sp.product_id
    join lateral (select version, effective_on from service_portfolio_versions where portfolio_id = sp.id order by version desc limit 1) v on true`;

type SummaryRow = Omit<PortfolioSummary, 'createdAt'> & { createdAt: Date };
const toSummary = (r: SummaryRow): PortfolioSummary => ({ ...r, createdAt: r.createdAt.toISOString() });

export async function listPortfolios(pool: pg.Pool): Promise<{ items: PortfolioSummary[]; total: number }> {
  const rows = (await pool.query<SummaryRow>(`${SUMMARY} order by sp.code`)).rows;
  return { items: rows.map(toSummary), total: rows.length };
}

async function portfolioById(client: Queryable, id: string): Promise<PortfolioDetail> {
  const row = (await client.query<SummaryRow>(`${SUMMARY} where sp.id = $1::bigint`, [id])).rows[0];
  if (!row) throw notFound();
  const versions = (await client.query<{ version: number; effectiveOn: string; note: string; createdBy: string; createdAt: Date }>(
    `select v.version, v.effective_on::text as "effectiveOn", v.note, coalesce(us.name, u.display_name, u.username) as "createdBy", v.created_at as "createdAt"
       from service_portfolio_versions v join users u on u.id = v.created_by left join staff us on us.staff_no = u.staff_no where v.portfolio_id = $1::bigint order by v.version desc`, [id])).rows;
  const weights = (await client.query<{ version: number; market: string; securityCode: string; securityName: string | null; weight: string }>(
    `select w.version, w.market, w.security_code as "securityCode", s.name as "securityName", w.weight::text as weight
       from service_portfolio_weights w left join securities s on s.market = w.market and s.security_code = w.security_code
      where w.portfolio_id = $1::bigint order by w.version, w.weight desc, w.market, w.security_code`, [id])).rows;
  return {
    ...toSummary(row),
    versions: versions.map((v) => ({
      ...v,
      createdAt: v.createdAt.toISOString(),
      holdings: weights.filter((w) => w.version === v.version).map(({ version: _v, ...h }) => h),
    })),
  };
}

export async function getPortfolio(pool: pg.Pool, id: string): Promise<PortfolioDetail> {
  return inReadSnapshot(pool, (client) => portfolioById(client, id));
}

/** 422 naming the holdings when the weights are wrong (weightProblems). */
function assertWeights(holdings: readonly Holding[]): void {
  const errors: FieldError[] = weightProblems(holdings).map((p) => {
    switch (p.code) {
      case 'EMPTY': return { field: 'holdings', message: { zh: '至少需要一只证券', en: 'at least one security' } };
      case 'SUM': return { field: 'holdings', message: { zh: `权重合计须为 100%，现为 ${p.sum}%`, en: `the weights must sum to 100 %, not ${p.sum} %` } };
      case 'DUPLICATE': return { field: 'holdings', message: { zh: `证券重复：${p.market} ${p.securityCode}`, en: `a security twice: ${p.market} ${p.securityCode}` } };
    }
  });
  if (errors.length) throw validationFailed(errors);
}

async function insertVersion(client: pg.PoolClient, id: string, version: number, body: { effectiveOn: string; note?: string; holdings: Holding[] }, ctx: ServiceContext): Promise<void> {
  await client.query(
    `insert into service_portfolio_versions (portfolio_id, version, effective_on, note, created_by, created_at) values ($1::bigint, $2, $3::date, $4, $5, $6)`,
    [id, version, body.effectiveOn, body.note ?? '', ctx.user.id, ctx.now]);
  await client.query(
    `insert into service_portfolio_weights (portfolio_id, version, market, security_code, weight)
     select $1::bigint, $2, m, c, w::numeric from unnest($3::text[], $4::text[], $5::text[]) as h(m, c, w)`,
    [id, version, body.holdings.map((h) => h.market), body.holdings.map((h) => h.securityCode), body.holdings.map((h) => h.weight)]);
}

export async function createPortfolio(pool: pg.Pool, body: PortfolioBody, ctx: ServiceContext): Promise<PortfolioDetail> {
  assertPermission(ctx.user, 'products.manage');
  assertWeights(body.holdings);
  return inTransaction(pool, async (client) => {
    if (body.productId) {
      const { rows } = await client.query(`select 1 from service_products where id = $1::bigint`, [body.productId]);
      if (!rows.length) throw validationFailed([{ field: 'productId', message: { zh: '服务产品不存在', en: 'no such service product' } }]);
    }
    const { rows } = await client.query<{ id: string }>(
      `insert into service_portfolios (code, name, product_id, description, created_by, created_at) values ($1, $2, $3::bigint, $4, $5, $6)
       on conflict (code) do nothing returning id::text as id`,
      [body.code, body.name, body.productId, body.description, ctx.user.id, ctx.now]);
    if (!rows[0]) throw conflict('SERVICE_CODE_TAKEN', '代码已被使用。', 'The code is already in use.');
    const id = rows[0].id;
    await insertVersion(client, id, 1, { effectiveOn: body.effectiveOn, note: '', holdings: body.holdings }, ctx);
    await writeAudit(client, { user: ctx.user, action: 'service.portfolio_create', entity: 'service_portfolio', entityId: id, detail: body, ip: ctx.ip });
    return portfolioById(client, id);
  });
}

/** A rebalance (调仓): a new version, effective after the latest one; earlier versions stay as they were. */
export async function rebalancePortfolio(pool: pg.Pool, id: string, body: RebalanceBody, ctx: ServiceContext): Promise<PortfolioDetail> {
  assertPermission(ctx.user, 'products.manage');
  assertWeights(body.holdings);
  return inTransaction(pool, async (client) => {
    const { rows } = await client.query(`select 1 from service_portfolios where id = $1::bigint for update`, [id]);
    if (!rows.length) throw notFound();
    const latest = (await client.query<{ version: number; effectiveOn: string }>(
      `select version, effective_on::text as "effectiveOn" from service_portfolio_versions where portfolio_id = $1::bigint order by version desc limit 1`, [id])).rows[0]!;
    if (body.effectiveOn <= latest.effectiveOn) {
      throw validationFailed([{ field: 'effectiveOn', message: { zh: `须晚于上一版本的生效日 ${latest.effectiveOn}`, en: `must be after the latest version’s day ${latest.effectiveOn}` } }]);
    }
    await insertVersion(client, id, latest.version + 1, body, ctx);
    await writeAudit(client, { user: ctx.user, action: 'service.portfolio_rebalance', entity: 'service_portfolio', entityId: id, detail: { version: latest.version + 1, ...body }, ip: ctx.ip });
    return portfolioById(client, id);
  });
}

/** The daily value index from the first version's day (or `from`) to the latest imported day (or `to`). */
export async function portfolioPerformance(pool: pg.Pool, id: string, range: { from?: string; to?: string }): Promise<Performance> {
  return inReadSnapshot(pool, async (client) => {
    const detail = await portfolioById(client, id);
    const versions: PortfolioVersion[] = [...detail.versions].reverse().map((v) => ({ version: v.version, effectiveOn: v.effectiveOn, holdings: v.holdings }));
    const first = versions[0]!.effectiveOn;
    const keys = [...new Set(versions.flatMap((v) => v.holdings.map((h) => `${h.market}.${h.securityCode}`)))];
    const days = (await client.query<{ day: string }>(
      `select trade_date::text as day from trading_days where trade_date >= $1::date and ($2::date is null or trade_date <= $2::date) order by trade_date`,
      [first, range.to ?? null])).rows.map((r) => r.day);
    // prices from the last day on or before the first version (a carried price), then every day after
    const { rows } = await client.query<{ day: string; key: string; price: string }>(
      `with wanted as (select split_part(k, '.', 1) as market, split_part(k, '.', 2) as security_code from unnest($1::text[]) k),
            priced as (
              select p.trade_date, p.market, p.security_code, round(sum(p.market_value) / sum(p.quantity), 4) as price
                from fact_positions p join wanted w on w.market = p.market and w.security_code = p.security_code
               where p.trade_date <= coalesce($3::date, 'infinity'::date) and p.quantity > 0
               group by p.trade_date, p.market, p.security_code)
       select trade_date::text as day, market || '.' || security_code as key, price::text as price
         from priced
        where trade_date >= $2::date
           or trade_date = (select max(b.trade_date) from priced b where b.market = priced.market and b.security_code = priced.security_code and b.trade_date < $2::date)
        order by trade_date`,
      [keys, first, range.to ?? null]);
    const prices = new Map<string, Map<string, string>>();
    const before: string[] = [];
    for (const r of rows) {
      if (r.day < first) before.push(r.day);
      if (!prices.has(r.day)) prices.set(r.day, new Map());
      prices.get(r.day)!.set(r.key, r.price);
    }
    const result = portfolioIndex(versions, [...new Set([...before])].sort().concat(days), prices);
    const points = range.from ? result.points.filter((p) => p.date >= range.from!) : result.points;
    return { base: INDEX_BASE, totalReturn: result.totalReturn, points, unpriced: result.unpriced };
  });
}
