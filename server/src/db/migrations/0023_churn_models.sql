-- The churn models (流失预警, business-rules.md §7): one row per training on the imported history,
-- with the cut-off days it learned from and was tested on, its out-of-time quality (the tree's and
-- the experience rules' alone), the tree itself and the features' importance. The newest trained
-- row is active; the nightly import scores with it (churn/churn.service.ts). A training that found
-- the history too short is kept too (no tree, `no_model_reason` says why) so the page can say so.

create table churn_models (
  id               bigserial primary key,
  trained_at       timestamptz not null default now(),
  trained_by       text not null,
  horizon_days     integer not null check (horizon_days > 0),
  -- the imported trading days the training saw, and the cut-off days it used
  history_from     date,
  history_to       date,
  train_cutoffs    date[] not null default '{}',
  test_cutoffs     date[] not null default '{}',
  -- { examples, churners, testExamples, testChurners, auc, rulesAuc, precisionAtTop10, liftAtTop10,
  --   rulesPrecisionAtTop10, rulesLiftAtTop10, baseRate, leaves, seconds }, decimals as strings
  metrics          jsonb not null default '{}',
  -- the feature names in the tree's column order, the tree and [{ name, importance }]
  features         text[] not null default '{}',
  tree             jsonb,
  importance       jsonb not null default '[]',
  no_model_reason  text check (no_model_reason in ('NO_TEST_WINDOW','NO_TRAIN_WINDOW','NO_CHURN')),
  active           boolean not null default false,
  check ((tree is null) = (no_model_reason is not null))
);
-- at most one active model
create unique index churn_models_active_idx on churn_models (active) where active;
