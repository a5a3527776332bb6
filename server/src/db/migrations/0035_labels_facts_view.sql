-- Labels (客户标签) computed when read (issue 12's "labels, scores and alerts add at most 25 % to a
-- 100,000-customer day's import time"; decisions.md "Labels: stored facts and a view").
--
-- customer_labels (0024) stored all ~200 labels of every customer at each import: writing 100,000
-- rows of ~200 columns was most of the labels' refresh. Most labels are plain functions of one
-- customer's row, its figures of the day (sum_customer_daily, carried windows included) and a few
-- thresholds: they are now computed when read, by the view customer_labels (same name, same
-- columns, same values), from
-- * customer_label_day: the refresh's day, its 20-day window and the settings' thresholds as they
--   were at the refresh (one row; none before the first refresh or after the last day is removed);
-- * customer_label_facts: per customer of the refresh, what needs other tables — positions,
--   products, accounts, margin, relationships, contacts, alerts, the churn score, R (trading days
--   since the last trade), the RFM segment and contribution (value.sql.ts at head-office scope), and
--   the 20-day sums of a customer without a row of the day — replaced at every import.
-- The view's text is built from the catalogue (labels.sql.ts labelsViewSql; labels.test.ts checks
-- that the database's view is that text): a migration that changes the catalogue recreates it.
--
-- Both tables are UNLOGGED: derived data, rebuilt at every import from tables that are logged
-- (customers, the day's figures, positions, accounts, relationships, contacts, alerts, scores,
-- settings), so writing them skips the WAL. After a crash PostgreSQL empties them (and a standby
-- has none): at start-up QuanCRM finds no day row while trading days are imported and rebuilds the
-- labels of the latest day (labels.service.ts ensureLabels, under the importer's lock) before it
-- reports ready — which is also what fills them after this migration.
drop table customer_labels;

create unlogged table customer_label_day (
  trade_date      date not null,
  window_start    date,
  valid_min       numeric not null,
  warn_pct        numeric not null,
  liq_pct         numeric not null,
  churn_threshold numeric not null,
  top_tier        text
);
create unique index customer_label_day_one on customer_label_day ((true));

create unlogged table customer_label_facts (
  customer_no          text primary key,
  rfm_r                integer, -- R: imported trading days after the last trade (open customers)
  rfm_segment          text,    -- RFM segment against the whole brokerage's averages (value.sql.ts)
  contribution         numeric, -- 客户贡献 over the 250-day window (value.sql.ts)
  contribution_flagged boolean, -- 大额低贡献 by the contribution rule
  churn_score          numeric, -- the day's churn score
  -- the 20-day sums of a customer without a row of the day (from its rows and trades of the window)
  w_td20 integer, w_vol20 numeric, w_com20 numeric, w_fees20 numeric, w_orders20 integer, w_cancel20 integer, w_trades20 integer,
  w_bank_in20 numeric, w_prod20 numeric,
  ch_total numeric, ch_count integer, ch_main text, ch_mobile numeric, ch_web numeric, ch_phone numeric, ch_counter numeric, ch_api numeric,
  lh_last date, lh_window boolean,
  -- the day's positions (CNY): count, value, cost, largest, top three, boards and classes
  p_count integer, p_value numeric, p_cost numeric, p_top1 numeric, p_top3 numeric, p_sh_main numeric, p_star numeric, p_sz_main numeric,
  p_chinext numeric, p_bj numeric, p_stock numeric, p_fund numeric, p_bond numeric, p_repo numeric,
  -- the day's financial products held
  pr_count integer, pr_public_fund boolean, pr_asset_mgmt boolean, pr_bond boolean, pr_structured boolean, pr_advisory boolean, pr_max_risk text,
  -- the fund accounts, the day's margin accounts
  fa_count integer, fa_credit boolean, fa_usd boolean, fa_hkd boolean, fa_rate numeric,
  cr_financing numeric, cr_lending numeric, cr_debt numeric, cr_collateral numeric,
  -- the relationships effective on the day
  r_develop integer, r_service integer, r_serving text, r_developer text, r_team text, r_left boolean,
  -- the contacts
  k_30 integer, k_90 integer, k_365 integer, k_visit90 integer, k_call90 integer, k_last date, k_last_channel text, k_open integer, k_overdue integer,
  -- the alerts
  al_count integer, al_new integer, al_large boolean, al_quick boolean, al_cancel boolean, al_margin boolean
);

create view customer_labels as
  select b.customer_no, b.day as trade_date, b.branch_code,
         (b.customer_type)::text as customer_type,
         (b.gender)::text as gender,
         (b.age)::numeric as age,
         (case when b.age is null then null when b.age < 25 then 'AGE_LT25' when b.age < 35 then 'AGE_25_34' when b.age < 45 then 'AGE_35_44' when b.age < 55 then 'AGE_45_54' when b.age < 65 then 'AGE_55_64' else 'AGE_GE65' end)::text as age_band,
         (extract(month from b.birth_date)::int)::numeric as birth_month,
         (b.age >= 60)::boolean as senior_investor,
         (b.branch_code)::text as branch,
         (b.city)::text as city,
         (b.id_type)::text as id_type,
         (b.mobile is not null and b.mobile <> '')::boolean as has_mobile,
         (b.email is not null and b.email <> '')::boolean as has_email,
         (b.open_date)::date as open_date,
         (b.tenure_years)::numeric as tenure_years,
         (case when b.tenure_years < 1 then 'TEN_LT1' when b.tenure_years < 3 then 'TEN_1_3' when b.tenure_years < 5 then 'TEN_3_5' when b.tenure_years < 10 then 'TEN_5_10' else 'TEN_GE10' end)::text as tenure_band,
         (b.day - b.open_date < 90)::boolean as new_customer_90d,
         (extract(year from b.open_date) = extract(year from b.day))::boolean as opened_this_year,
         (b.investor_class)::text as investor_class,
         (b.investor_class <> 'ORDINARY')::boolean as is_professional,
         (b.risk_level)::text as risk_level,
         (b.risk_assessed_on)::date as risk_assessed_on,
         ((b.risk_assessed_on + interval '2 years')::date)::date as risk_expiry_date,
         (b.risk_assessed_on is not null and b.risk_level is not null and (b.risk_assessed_on + interval '2 years')::date > b.day)::boolean as risk_assessment_valid,
         (((b.risk_assessed_on + interval '2 years')::date - b.day))::numeric as risk_days_to_expiry,
         (((b.risk_assessed_on + interval '2 years')::date - b.day) between 0 and 30)::boolean as risk_expiring_30d,
         (b.status)::text as customer_status,
         (coalesce(b.is_open, false))::boolean as is_open,
         (coalesce(b.fa_count, 0))::numeric as fund_account_count,
         (coalesce(b.fa_credit, false))::boolean as has_credit_account,
         (coalesce(b.fa_usd, false))::boolean as has_usd_account,
         (coalesce(b.fa_hkd, false))::boolean as has_hkd_account,
         (round(coalesce(b.net_asset, 0), 2))::numeric as net_asset,
         (round(coalesce(b.total_asset, 0), 2))::numeric as total_asset,
         (round(b.fin, 2))::numeric as financial_asset,
         (round(b.avg20, 2))::numeric as avg20_net_asset,
         (case when b.avg20 < 10000 then 'AL_LT10K' when b.avg20 < 50000 then 'AL_10K_50K' when b.avg20 < 100000 then 'AL_50K_100K' when b.avg20 < 500000 then 'AL_100K_500K' when b.avg20 < 1000000 then 'AL_500K_1M' when b.avg20 < 5000000 then 'AL_1M_5M' when b.avg20 < 10000000 then 'AL_5M_10M' else 'AL_GE10M' end)::text as asset_level,
         (round(coalesce(b.cash_cny, 0), 2))::numeric as cash,
         (round(coalesce(b.stock_value, 0), 2))::numeric as stock_value,
         (round(coalesce(b.fund_value, 0), 2))::numeric as fund_value,
         (round(coalesce(b.bond_value, 0), 2))::numeric as bond_value,
         (round(coalesce(b.other_value, 0), 2))::numeric as other_value,
         (round(coalesce(b.product_value, 0), 2))::numeric as product_value,
         (round(coalesce(b.debt, 0), 2))::numeric as debt,
         (case when (b.fin) > 0 then round((b.cash_cny) * 100 / (b.fin), 2) end)::numeric as cash_share,
         (case when (b.fin) > 0 then round((b.stock_value) * 100 / (b.fin), 2) end)::numeric as stock_share,
         (case when (b.fin) > 0 then round((b.fund_value) * 100 / (b.fin), 2) end)::numeric as fund_share,
         (case when (b.fin) > 0 then round((b.bond_value) * 100 / (b.fin), 2) end)::numeric as bond_share,
         (case when (b.fin) > 0 then round((b.other_value) * 100 / (b.fin), 2) end)::numeric as other_share,
         (case when (b.fin) > 0 then round((b.product_value) * 100 / (b.fin), 2) end)::numeric as product_share,
         (case when b.fin > 0 then (array['CASH','STOCK','FUND','BOND','OTHER','PRODUCT'])[array_position(array[b.cash_cny, b.stock_value, b.fund_value, b.bond_value, b.other_value, b.product_value], greatest(b.cash_cny, b.stock_value, b.fund_value, b.bond_value, b.other_value, b.product_value))] end)::text as main_asset_class,
         (b.fin > 0 and b.cash_cny = b.fin)::boolean as cash_only,
         (b.fin <= 0)::boolean as empty_account,
         (round(b.net_asset_before20, 2))::numeric as net_asset_20d_ago,
         (round(coalesce(b.net_asset, 0) - b.net_asset_before20, 2))::numeric as asset_change_20d,
         (case when (b.net_asset_before20) > 0 then round((coalesce(b.net_asset, 0) - b.net_asset_before20) * 100 / (b.net_asset_before20), 2) end)::numeric as asset_change_20d_pct,
         (case when b.net_asset_before20 > 0 then case when b.net_asset >= b.net_asset_before20 * 1.2 then 'UP_STRONG' when b.net_asset >= b.net_asset_before20 * 1.05 then 'UP' when b.net_asset > b.net_asset_before20 * 0.95 then 'FLAT' when b.net_asset > b.net_asset_before20 * 0.8 then 'DOWN' else 'DOWN_STRONG' end end)::text as asset_trend_20d,
         (round(coalesce(b.cash_cny, 0) - coalesce(b.cash_in_cny, 0), 2))::numeric as foreign_cash,
         (coalesce(b.cash_in_usd, 0))::numeric as usd_cash,
         (coalesce(b.cash_in_hkd, 0))::numeric as hkd_cash,
         (coalesce(b.cash_in_usd, 0) > 0 or coalesce(b.cash_in_hkd, 0) > 0)::boolean as holds_foreign_currency,
         (round(coalesce(b.bank_in, 0), 2))::numeric as bank_in_day,
         (round(coalesce(b.bank_out, 0), 2))::numeric as bank_out_day,
         (round(coalesce(b.w_bank_in20, 0), 2))::numeric as bank_in_20d,
         (round(coalesce(b.bank_out_sum20, 0), 2))::numeric as bank_out_20d,
         (round(coalesce(b.w_bank_in20, 0) - coalesce(b.bank_out_sum20, 0), 2))::numeric as net_inflow_20d,
         (case when (b.net_asset_before20) > 0 then round((b.bank_out_sum20) * 100 / (b.net_asset_before20), 2) end)::numeric as bank_out_share_20d,
         (coalesce(b.is_open, false) and b.avg20 >= b.valid_min)::boolean as valid_customer,
         (b.fin >= 6000000)::boolean as high_net_worth,
         (coalesce(b.trade_count, 0) > 0)::boolean as traded_today,
         (coalesce(b.w_td20, 0))::numeric as trade_days_20d,
         (coalesce(b.trade_days250, 0))::numeric as trade_days_250d,
         (case when coalesce(b.w_td20, 0) = 0 then 'NONE' when b.w_td20 <= 3 then 'LOW' when b.w_td20 <= 9 then 'MEDIUM' when b.w_td20 <= 15 then 'HIGH' else 'VERY_HIGH' end)::text as trading_frequency,
         (case when b.trade_days250 > 0 then round((coalesce(b.w_td20, 0)::numeric / least(20, b.days250) - b.trade_days250::numeric / b.days250) * 100 / (b.trade_days250::numeric / b.days250), 2) end)::numeric as activity_change_pct,
         (b.trade_days250 > 0 and coalesce(b.w_td20, 0)::numeric / least(20, b.days250) * 2 <= b.trade_days250::numeric / b.days250)::boolean as activity_falling,
         (round(coalesce(b.volume, 0), 2))::numeric as volume_day,
         (round(coalesce(b.w_vol20, 0), 2))::numeric as volume_20d,
         (case when (b.avg20) > 0 then round((b.w_vol20) * 100 / (b.avg20), 2) end)::numeric as turnover_20d_pct,
         (round(coalesce(b.commission, 0), 2))::numeric as commission_day,
         (round(coalesce(b.w_com20, 0), 2))::numeric as commission_20d,
         (round(coalesce(b.w_com20, 0) - coalesce(b.w_fees20, 0), 2))::numeric as net_commission_20d,
         (round(b.fa_rate * 1000, 4))::numeric as commission_rate_permille,
         (case when b.w_vol20 > 0 then round(b.w_com20 * 1000 / b.w_vol20, 4) end)::numeric as effective_rate_20d_permille,
         (b.fa_rate <= 0.0002)::boolean as low_commission_rate,
         (coalesce(b.order_count, 0))::numeric as orders_day,
         (coalesce(b.w_orders20, 0))::numeric as orders_20d,
         (coalesce(b.w_cancel20, 0))::numeric as cancelled_20d,
         (case when (b.w_orders20) > 0 then round((b.w_cancel20) * 100 / (b.w_orders20), 2) end)::numeric as cancel_rate_20d,
         (coalesce(b.w_trades20, 0))::numeric as trades_20d,
         (case when b.w_trades20 > 0 then round(b.w_vol20 / b.w_trades20, 2) end)::numeric as avg_trade_amount_20d,
         (b.last_trade_date)::date as last_trade_date,
         (b.day - b.last_trade_date)::numeric as days_since_last_trade,
         (b.rfm_r)::numeric as trading_days_since_last_trade,
         (b.last_trade_date is not null)::boolean as ever_traded,
         (b.last_trade_date is null or b.day - b.last_trade_date >= 30)::boolean as no_trade_30d,
         (b.last_trade_date is null or b.day - b.last_trade_date >= 90)::boolean as no_trade_90d,
         (b.last_trade_date is null or b.day - b.last_trade_date >= 180)::boolean as no_trade_180d,
         (b.last_trade_date is null or b.day - b.last_trade_date >= 365)::boolean as no_trade_365d,
         (coalesce(b.cr_debt, 0) > 0)::boolean as uses_margin,
         (round(coalesce(b.cr_debt, 0), 2))::numeric as margin_debt,
         (round(coalesce(b.cr_financing, 0), 2))::numeric as margin_financing,
         (round(coalesce(b.cr_lending, 0), 2))::numeric as margin_lending,
         (round(coalesce(b.cr_collateral, 0), 2))::numeric as margin_collateral,
         (case when (b.cr_debt) > 0 then round((b.cr_collateral) * 100 / (b.cr_debt), 2) end)::numeric as maintenance_ratio,
         (b.cr_debt > 0 and b.cr_collateral * 100 < b.cr_debt * b.warn_pct)::boolean as margin_below_warning,
         (b.cr_debt > 0 and b.cr_collateral * 100 < b.cr_debt * b.liq_pct)::boolean as margin_below_liquidation,
         (b.ch_main)::text as main_channel_20d,
         (case when (b.ch_total) > 0 then round((b.ch_mobile) * 100 / (b.ch_total), 2) end)::numeric as mobile_share_20d,
         (case when (b.ch_total) > 0 then round((b.ch_web) * 100 / (b.ch_total), 2) end)::numeric as web_share_20d,
         (case when (b.ch_total) > 0 then round((b.ch_phone) * 100 / (b.ch_total), 2) end)::numeric as phone_share_20d,
         (case when (b.ch_total) > 0 then round((b.ch_counter) * 100 / (b.ch_total), 2) end)::numeric as counter_share_20d,
         (case when (b.ch_total) > 0 then round((b.ch_api) * 100 / (b.ch_total), 2) end)::numeric as api_share_20d,
         (coalesce(b.ch_api, 0) > 0)::boolean as uses_api,
         (coalesce(b.ch_count, 0))::numeric as channel_count_20d,
         (round(coalesce(b.w_prod20, 0), 2))::numeric as product_purchase_20d,
         (coalesce(b.p_count, 0))::numeric as security_count,
         (round(coalesce(b.p_value, 0), 2))::numeric as position_value,
         (case when (b.p_value) > 0 then round((b.p_top1) * 100 / (b.p_value), 2) end)::numeric as top_position_share,
         (case when (b.p_value) > 0 then round((b.p_top3) * 100 / (b.p_value), 2) end)::numeric as top3_position_share,
         (case when coalesce(b.p_count, 0) = 0 or b.p_value <= 0 then 'NONE' when b.p_count = 1 then 'SINGLE' when b.p_top1 * 2 >= b.p_value then 'CONCENTRATED' when b.p_count >= 10 and b.p_top1 * 5 < b.p_value then 'DIVERSIFIED' else 'BALANCED' end)::text as concentration,
         (round(b.p_value - b.p_cost, 2))::numeric as position_pnl,
         (case when (b.p_cost) > 0 then round((b.p_value - b.p_cost) * 100 / (b.p_cost), 2) end)::numeric as position_pnl_pct,
         (b.p_value < b.p_cost)::boolean as positions_in_loss,
         (b.p_cost > 0 and b.p_value < b.p_cost * 0.8)::boolean as positions_loss_over_20pct,
         (coalesce(b.p_sh_main, 0) > 0)::boolean as holds_sh_main,
         (coalesce(b.p_star, 0) > 0)::boolean as holds_star,
         (coalesce(b.p_sz_main, 0) > 0)::boolean as holds_sz_main,
         (coalesce(b.p_chinext, 0) > 0)::boolean as holds_chinext,
         (coalesce(b.p_bj, 0) > 0)::boolean as holds_bj,
         (case when (b.p_value) > 0 then round((b.p_sh_main) * 100 / (b.p_value), 2) end)::numeric as sh_main_share,
         (case when (b.p_value) > 0 then round((b.p_star) * 100 / (b.p_value), 2) end)::numeric as star_share,
         (case when (b.p_value) > 0 then round((b.p_sz_main) * 100 / (b.p_value), 2) end)::numeric as sz_main_share,
         (case when (b.p_value) > 0 then round((b.p_chinext) * 100 / (b.p_value), 2) end)::numeric as chinext_share,
         (case when (b.p_value) > 0 then round((b.p_bj) * 100 / (b.p_value), 2) end)::numeric as bj_share,
         (coalesce(b.p_stock, 0) > 0)::boolean as holds_stocks,
         (coalesce(b.p_fund, 0) > 0)::boolean as holds_exchange_funds,
         (coalesce(b.p_bond, 0) > 0)::boolean as holds_bonds,
         (coalesce(b.p_repo, 0) > 0)::boolean as holds_repo,
         (round(coalesce(b.p_repo, 0), 2))::numeric as repo_value,
         (coalesce(b.pr_count, 0))::numeric as product_count,
         (coalesce(b.pr_count, 0) > 0)::boolean as holds_products,
         (coalesce(b.pr_public_fund, false))::boolean as holds_public_fund,
         (coalesce(b.pr_asset_mgmt, false))::boolean as holds_asset_mgmt,
         (coalesce(b.pr_bond, false))::boolean as holds_bond_product,
         (coalesce(b.pr_structured, false))::boolean as holds_structured,
         (coalesce(b.pr_advisory, false))::boolean as holds_advisory,
         (b.pr_max_risk)::text as max_product_risk,
         (b.pr_max_risk is not null and (b.risk_level is null or substr(b.pr_max_risk, 2)::int > substr(b.risk_level, 2)::int))::boolean as product_risk_above_customer,
         (b.tier)::text as tier,
         (b.rfm_r)::numeric as rfm_r,
         (coalesce(b.trade_days250, 0))::numeric as rfm_f,
         (round(coalesce(b.commission_fees250, 0), 2))::numeric as rfm_m,
         (case when b.days250 > 0 then round(b.cash_sum250 / b.days250, 2) end)::numeric as avg_cash_250d,
         (case when b.days250 > 0 then round(b.debt_sum250 / b.days250, 2) end)::numeric as avg_debt_250d,
         (round(coalesce(b.product_fee250, 0), 2))::numeric as product_fee_250d,
         (case when b.avg20 > 0 then round(coalesce(b.commission_fees250, 0) * 10000 / b.avg20, 2) end)::numeric as commission_per_10k_asset,
         (b.avg20 >= 1000000 and coalesce(b.commission_fees250, 0) * 10000 < b.avg20 * 5)::boolean as large_low_contribution,
         (b.tier is not null and b.tier = b.top_tier)::boolean as top_tier,
         (b.rfm_segment)::text as rfm_segment,
         (round(b.contribution, 2))::numeric as contribution,
         (case when round(b.contribution, 2) < 0 then 'CB_NEGATIVE' when round(b.contribution, 2) < 1000 then 'CB_LT1K' when round(b.contribution, 2) < 10000 then 'CB_1K_10K' when round(b.contribution, 2) < 100000 then 'CB_10K_100K' when b.contribution is not null then 'CB_GE100K' end)::text as contribution_band,
         (b.contribution_flagged)::boolean as large_unprofitable,
         (b.lifecycle)::text as lifecycle,
         (b.lifecycle = 'ACTIVE')::boolean as is_active,
         (b.lifecycle = 'SLEEPING')::boolean as is_sleeping,
         (b.lifecycle = 'DORMANT')::boolean as is_dormant,
         (b.lifecycle = 'CHURNED')::boolean as is_churned,
         (b.lifecycle = 'CHURN_RISK')::boolean as is_churn_risk,
         (b.churned_on)::date as churned_on,
         (b.close_date)::date as close_date,
         (b.churn_score)::numeric as churn_score,
         (case when b.churn_score is null then null when b.churn_score >= b.churn_threshold then 'HIGH' when b.churn_score * 2 >= b.churn_threshold then 'MEDIUM' else 'LOW' end)::text as churn_level,
         (b.churn_score >= b.churn_threshold)::boolean as churn_score_above_threshold,
         (coalesce(b.al_count, 0))::numeric as alerts_20d,
         (coalesce(b.al_new, 0))::numeric as open_alerts,
         (coalesce(b.al_large, false))::boolean as large_withdrawal_20d,
         (coalesce(b.al_quick, false))::boolean as quick_in_out_20d,
         (coalesce(b.al_cancel, false))::boolean as frequent_cancel_20d,
         (coalesce(b.al_margin, false))::boolean as margin_alert_20d,
         (b.r_serving)::text as serving_staff,
         (b.r_developer)::text as developer_staff,
         (b.r_team)::text as serving_team,
         (case when coalesce(b.r_develop, 0) = 0 and coalesce(b.r_service, 0) = 0 then 'NONE' when b.r_develop = 0 then 'SERVICE_ONLY' when b.r_service > 0 then 'DEVELOP_SERVICE' when b.r_develop > 1 then 'SPLIT' else 'DEVELOP' end)::text as relationship_type,
         (coalesce(b.r_develop, 0) + coalesce(b.r_service, 0) > 0)::boolean as has_relationship,
         (coalesce(b.r_service, 0) > 0)::boolean as has_service_staff,
         (coalesce(b.r_develop, 0) + coalesce(b.r_service, 0))::numeric as relationship_count,
         (coalesce(b.r_left, false))::boolean as staff_left,
         (coalesce(b.k_30, 0))::numeric as contacts_30d,
         (coalesce(b.k_90, 0))::numeric as contacts_90d,
         (coalesce(b.k_365, 0))::numeric as contacts_365d,
         (coalesce(b.k_visit90, 0))::numeric as visits_90d,
         (coalesce(b.k_call90, 0))::numeric as calls_90d,
         (b.k_last)::date as last_contact_date,
         (greatest(0, b.day - b.k_last))::numeric as days_since_last_contact,
         (b.k_last_channel)::text as last_contact_channel,
         (b.k_last is null)::boolean as never_contacted,
         (b.k_last is null or b.day - b.k_last >= 90)::boolean as no_contact_90d,
         (coalesce(b.k_open, 0))::numeric as open_follow_ups,
         (coalesce(b.k_overdue, 0))::numeric as overdue_follow_ups
    from (
  select c.customer_no, d.trade_date as day, c.customer_type, c.gender, c.birth_date, c.branch_code, br.city, c.id_type, c.mobile, c.email,
         c.open_date, c.close_date, c.status, c.risk_level, c.risk_assessed_on, c.investor_class,
         case when c.customer_type = 'P' and c.birth_date is not null then extract(year from age(d.trade_date, c.birth_date))::int end as age,
         case when c.open_date <= d.trade_date then extract(year from age(d.trade_date, c.open_date))::int else 0 end as tenure_years,
         s.is_open, s.total_asset, s.net_asset, s.debt, s.cash_cny, s.cash_in_cny, s.cash_in_usd, s.cash_in_hkd,
         s.stock_value, s.fund_value, s.bond_value, s.other_value, s.product_value, s.volume, s.commission,
         s.trade_count, s.order_count, s.bank_in, s.bank_out, s.tier,
         s.days250, s.trade_days250, s.commission_fees250, s.cash_sum250, s.debt_sum250, s.product_fee250,
         s.bank_out_sum20, s.net_asset_before20, s.churned_on,
         coalesce(s.total_asset, 0) + coalesce(s.product_value, 0) as fin,
         coalesce(s.net_asset_sum20 / nullif(s.days20, 0), 0) as avg20,
         coalesce(s.lifecycle, case when c.open_date > d.trade_date then 'POTENTIAL' else 'CHURNED' end) as lifecycle,
         lt.last_trade_date, f.rfm_r, f.rfm_segment, f.contribution, f.contribution_flagged, f.churn_score,
         d.valid_min, d.warn_pct, d.liq_pct, d.churn_threshold, d.top_tier,
         -- the 20 days' sums, zeros for a customer with rows of the window (the day's or, closed, earlier ones) none of which moved:
         -- the day's row carries them (s), a customer without one sums its window's rows (f, from w)
         coalesce(s.trade_days20, f.w_td20, case when win.rows then 0 end) as w_td20,
         coalesce(s.volume_sum20, f.w_vol20, case when win.rows then 0.000000 end) as w_vol20,
         coalesce(s.commission_sum20, f.w_com20, case when win.rows then 0.000000 end) as w_com20,
         coalesce(s.fees_sum20, f.w_fees20, case when win.rows then 0.000000 end) as w_fees20,
         coalesce(s.order_sum20, f.w_orders20, case when win.rows then 0 end) as w_orders20,
         coalesce(s.cancelled_sum20, f.w_cancel20, case when win.rows then 0 end) as w_cancel20,
         coalesce(s.trade_sum20, f.w_trades20, case when win.rows then 0 end) as w_trades20,
         coalesce(s.bank_in_sum20, f.w_bank_in20, case when win.rows then 0.000000 end) as w_bank_in20,
         coalesce(s.product_sales_sum20, f.w_prod20, case when win.rows then 0.000000 end) as w_prod20,
         -- the channels of the 20 days (a channel counts when it had a trade; the main one has the largest amount, the first by name on a tie)
         case when s.customer_no is null then f.ch_total when sc.n > 0 then sc.total end as ch_total,
         case when s.customer_no is null then f.ch_count else sc.n end as ch_count,
         case when s.customer_no is null then f.ch_main when sc.n > 0 then
           case sc.top when sc.api then 'API' when sc.counter then 'COUNTER' when sc.mobile then 'MOBILE' when sc.phone then 'PHONE' else 'WEB' end end as ch_main,
         case when s.customer_no is null then f.ch_mobile else sc.mobile end as ch_mobile, case when s.customer_no is null then f.ch_web else sc.web end as ch_web,
         case when s.customer_no is null then f.ch_phone else sc.phone end as ch_phone,
         case when s.customer_no is null then f.ch_counter else sc.counter end as ch_counter,
         case when s.customer_no is null then f.ch_api else sc.api end as ch_api,
         f.p_count, f.p_value, f.p_cost, f.p_top1, f.p_top3, f.p_sh_main, f.p_star, f.p_sz_main, f.p_chinext, f.p_bj, f.p_stock, f.p_fund, f.p_bond, f.p_repo,
         f.pr_count, f.pr_public_fund, f.pr_asset_mgmt, f.pr_bond, f.pr_structured, f.pr_advisory, f.pr_max_risk,
         f.fa_count, f.fa_credit, f.fa_usd, f.fa_hkd, f.fa_rate, f.cr_financing, f.cr_lending, f.cr_debt, f.cr_collateral,
         f.r_develop, f.r_service, f.r_serving, f.r_developer, f.r_team, f.r_left,
         f.k_30, f.k_90, f.k_365, f.k_visit90, f.k_call90, f.k_last, f.k_last_channel, f.k_open, f.k_overdue,
         f.al_count, f.al_new, f.al_large, f.al_quick, f.al_cancel, f.al_margin
    from customer_label_day d
    join customer_label_facts f on true
    join customers c on c.customer_no = f.customer_no
    join branches br on br.branch_code = c.branch_code
    left join sum_customer_daily s on s.trade_date = (select x.trade_date from customer_label_day x) and s.customer_no = c.customer_no
    cross join lateral (select case when s.customer_no is null then f.lh_last else s.last_trade_date end as last_trade_date) lt
    cross join lateral (select d.window_start is not null and (s.customer_no is not null or coalesce(f.lh_window, false)) as rows) win
    -- the day's channel sums, null for a channel without a trade in the window
    cross join lateral (
      select case when s.trades_api_sum20 > 0 then s.volume_api_sum20 end as api, case when s.trades_counter_sum20 > 0 then s.volume_counter_sum20 end as counter,
             case when s.trades_mobile_sum20 > 0 then s.volume_mobile_sum20 end as mobile, case when s.trades_phone_sum20 > 0 then s.volume_phone_sum20 end as phone,
             case when s.trades_web_sum20 > 0 then s.volume_web_sum20 end as web
    ) sv
    cross join lateral (
      select sv.*, (sv.api is not null)::int + (sv.counter is not null)::int + (sv.mobile is not null)::int + (sv.phone is not null)::int + (sv.web is not null)::int as n,
             s.volume_api_sum20 + s.volume_counter_sum20 + s.volume_mobile_sum20 + s.volume_phone_sum20 + s.volume_web_sum20 as total,
             greatest(sv.api, sv.counter, sv.mobile, sv.phone, sv.web) as top
    ) sc) b;
