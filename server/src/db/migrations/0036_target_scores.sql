-- Target-customer scores per day (目标客户挖掘, issue 13; products/targets.scores.ts): the propensity of
-- every customer open on an imported trading day under a product family's stored model, computed
-- once per (day, family, model) for all customers — not per caller: the caller's scope, the MATCH
-- check and "does not hold the product" are applied when the cache is read — lazily by the first
-- request that needs it and in the background after an import or the demo's training. A new model
-- (a retraining) is a new key: the older model's rows are never read again and are deleted when the
-- family's next (day, model) is filled, with the days more than 31 calendar days older than it.
--
-- score: the model's probability as an exact decimal (the shortest text that reads back as the
-- computed double, so the order by score is the order of the computed probabilities).

create table product_target_score_runs (
  trade_date    date not null,
  product_type  text not null,
  risk_level    text not null check (risk_level in ('R1','R2','R3','R4','R5')),
  model_id      bigint not null references product_target_models on delete cascade,
  customers     integer not null,
  computed_at   timestamptz not null default now(),
  primary key (product_type, risk_level, model_id, trade_date)
);

create table product_target_scores (
  trade_date    date not null,
  product_type  text not null,
  risk_level    text not null,
  model_id      bigint not null,
  customer_no   text not null,
  score         numeric not null check (score >= 0 and score <= 1)
);
-- the ranked read: best first within a (family, model, day). No primary key and no foreign key to the
-- runs: a key's rows are written by one statement under the family's lock right after its run row
-- (one customer once), and deleted with it by the same code; a per-row key check and a second index
-- cost a third of the fill's time (100,000 rows). Rows whose run is gone are never read (the read
-- fills the run first) and are deleted by the family's next filling.
create index product_target_scores_rank_idx on product_target_scores (product_type, risk_level, model_id, trade_date, score desc, customer_no);

-- 营销活动 to a product's targets: the K best-ranked (top K) customers of the initiator's scope
alter table campaigns add column target_limit integer check (target_limit between 1 and 100000);
alter table campaigns add constraint campaigns_target_limit_source check (target_limit is null or source = 'PRODUCT_TARGETS');
