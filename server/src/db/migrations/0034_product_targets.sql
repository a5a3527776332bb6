-- Target-customer mining (目标客户挖掘, issue 13 item 3): one row per training of a product family's
-- propensity model on the imported history (products/targets.train.ts). A family is a product type
-- and risk level; `level` says which labels the model learned from: FAMILY (purchases of the family),
-- RISK (purchases of any product of that risk level) or ALL (any purchase), the narrowest with enough
-- buyers. Measured out of time: trained on features at cut-off − W with labels in (cut-off − W,
-- cut-off], tested on features at cut-off with labels in (cut-off, cut-off + W]. The newest row of a
-- family with a model is the one that scores; a training that found too little history or no buyer
-- is kept too (no model, `no_model_reason` says why).

create table product_target_models (
  id               bigserial primary key,
  product_type     text not null,
  risk_level       text not null check (risk_level in ('R1','R2','R3','R4','R5')),
  level            text check (level in ('FAMILY','RISK','ALL')),
  trained_at       timestamptz not null default now(),
  trained_by       text not null,
  window_days      integer not null check (window_days > 0),
  -- the test cut-off (features on it, labels in the window after it) and the training cut-offs
  cutoff           date,
  train_cutoffs    date[] not null default '{}',
  -- { examples, buyers, testExamples, testBuyers, baseRate, auc, hitRateTop10, liftTop10, hitRateTopK, topK, seconds }
  metrics          jsonb not null default '{}',
  features         text[] not null default '{}',
  model            jsonb,
  importance       jsonb not null default '[]',
  no_model_reason  text check (no_model_reason in ('NO_HISTORY','NO_BUYERS')),
  check ((model is null) = (no_model_reason is not null))
);
create index product_target_models_family_idx on product_target_models (product_type, risk_level, trained_at desc);
