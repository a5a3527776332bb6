-- Which scorer produced a churn score (流失预警, business-rules.md §7; docs/decisions.md "Churn: the
-- experience rules score until a model is trained"): `model_id` is the trained model that scored the
-- row, null for the experience rules (经验模型), which score each imported day while no trained model
-- is active. All the rows of a day come from one scorer (a day is scored, or re-scored, as a whole).
-- The rows written before this migration came from a model (nothing scored without one): they are
-- given the active model, else the newest trained one.
alter table churn_scores add column model_id bigint references churn_models (id);

update churn_scores set model_id = (
  select id from churn_models where tree is not null order by active desc, trained_at desc, id desc limit 1
);
