-- Margin trading (融资融券; suitability.md "Margin trading", interfaces.md "Products, suitability and
-- margin", issue 13 item 4).
--
-- credit.csv lands in fact_credit (0001), one row per credit account and trading day; the maintenance
-- ratio (维持担保比例) is not stored: it is collateral ÷ (financing + lending + interest) of that row,
-- computed where it is read (modules/margin, and the MARGIN_* alerts of modules/monitoring).
--
-- * fact_credit_account_idx: one credit account's history (GET /api/margin/accounts/{fundAccount})
--   without probing every partition's primary key, which starts with the trading day.
-- * settings `margin`: the withdrawal line (a ratio above it may withdraw collateral, in percent) and
--   the qualified customer pool's bounds (两融合格客户池): the average total asset over the last 20
--   trading days, the months since the first trade, the lowest risk category (professional investors
--   qualify whatever their category). The warning and liquidation lines stay in `monitoring`
--   (marginWarningPercent, marginLiquidationPercent: the alerts and the account states read the same
--   lines); the assessment's validity is `suitability.validityYears` (0029).

create index fact_credit_account_idx on fact_credit (fund_account, trade_date);

insert into settings (key, value) values ('margin',
  '{"withdrawablePercent":"300","poolMinAvgAsset":"500000","poolMinTradingMonths":6,"poolMinRiskLevel":"C4"}')
on conflict (key) do nothing;
