-- Customer contribution (客户贡献, business-rules.md §6; issue 12 item 3): the rates that turn a
-- customer's carried figures (migration 0021: the 250-trading-day window's commission, cash, debt
-- and product fees) and its contacts and serving staff into what it contributed. Every number is a
-- default (系统设置 → 客户贡献); modules/value/value.sql.ts reads it at query time, so a change
-- applies at once to every day shown.
--
-- * cashSpreadPercent       annual interest spread earned on the customer's cash (利差), % a year
-- * marginSpreadPercent     annual spread earned on margin debt (融资融券利差), % a year
--                           (both accrue per trading day: Σ daily balance × rate ÷ 250)
-- * productFeeSharePercent  the brokerage's share of the product fees the customer paid, %
-- * contactCost             cost of one contact (接触记录) by channel, CNY
-- * staffMonthlyCost        monthly cost of a serving staff member by category, CNY (a 居间人
--                           DISTRIBUTOR is paid through the guaranteed commission: 0)
-- * usePayslips             the staff member's latest payslip total (应发合计) replaces the category's
--                           cost when payroll has one
-- * largeTopTiers           "large" accounts are those of the top N tiers (1: 玉满堂)
-- * lowContributionPercent  a large account is "unprofitable" when its contribution is at most this
--                           % of its 20-day average net asset (0.1: ≤ 1,000 a year per 1,000,000)
insert into settings (key, value) values ('contribution', '{
  "cashSpreadPercent": "1.5",
  "marginSpreadPercent": "3",
  "productFeeSharePercent": "50",
  "contactCost": {"COUNTER": "30", "CALL_CENTER": "8", "PHONE": "10", "VISIT": "200", "SMS": "0.1", "EMAIL": "0.05", "WECHAT": "1", "WEB": "0.5"},
  "staffMonthlyCost": {"BROKER": "12000", "ACCOUNT_MANAGER": "15000", "ADVISOR": "20000", "SERVICE": "8000", "DISTRIBUTOR": "0", "MANAGER": "25000"},
  "usePayslips": true,
  "largeTopTiers": 1,
  "lowContributionPercent": "0.1"
}') on conflict (key) do nothing;

