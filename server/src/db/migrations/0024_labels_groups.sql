-- Labels (客户标签) and customer groups (客户群), business-rules.md §6, issue 12 item 4.
--
-- customer_labels holds every customer's labels of the latest imported trading day, one column per
-- label of the catalogue (modules/labels/labels.catalogue.ts: the column is the label's key), replaced
-- set-based in the import's transaction (labels.sql.ts REFRESH_LABELS). It is derived data, keyed by
-- customer_no like every customer table (scale.md); branch_code is copied for the branch scope.
-- labels.test.ts checks that the columns and the catalogue agree.
create table customer_labels (
  customer_no                        text primary key,
  trade_date                         date not null,
  branch_code                        text not null,
  customer_type                      text, -- 客户类型
  gender                             text, -- 性别
  age                                numeric, -- 年龄
  age_band                           text, -- 年龄段
  birth_month                        numeric, -- 出生月份
  senior_investor                    boolean, -- 老年投资者（60岁及以上）
  branch                             text, -- 营业部
  city                               text, -- 城市
  id_type                            text, -- 证件类型
  has_mobile                         boolean, -- 有手机号
  has_email                          boolean, -- 有电子邮箱
  open_date                          date, -- 开户日期
  tenure_years                       numeric, -- 开户年限（年）
  tenure_band                        text, -- 开户年限段
  new_customer_90d                   boolean, -- 90日内新开户
  opened_this_year                   boolean, -- 本年新开户
  investor_class                     text, -- 投资者分类
  is_professional                    boolean, -- 专业投资者
  risk_level                         text, -- 风险等级
  risk_assessed_on                   date, -- 风险测评日期
  risk_expiry_date                   date, -- 风险测评到期日
  risk_assessment_valid              boolean, -- 风险测评有效
  risk_days_to_expiry                numeric, -- 距测评到期天数
  risk_expiring_30d                  boolean, -- 测评30日内到期
  customer_status                    text, -- 账户状态
  is_open                            boolean, -- 账户在用
  fund_account_count                 numeric, -- 资金账户数
  has_credit_account                 boolean, -- 有信用账户
  has_usd_account                    boolean, -- 有美元账户
  has_hkd_account                    boolean, -- 有港币账户
  net_asset                          numeric, -- 净资产
  total_asset                        numeric, -- 总资产
  financial_asset                    numeric, -- 金融资产（含产品）
  avg20_net_asset                    numeric, -- 20日日均净资产
  asset_level                        text, -- 资产级别
  cash                               numeric, -- 现金资产
  stock_value                        numeric, -- 股票市值
  fund_value                         numeric, -- 场内基金市值
  bond_value                         numeric, -- 债券市值
  other_value                        numeric, -- 其他资产
  product_value                      numeric, -- 金融产品市值
  debt                               numeric, -- 负债
  cash_share                         numeric, -- 现金占比（%）
  stock_share                        numeric, -- 股票占比（%）
  fund_share                         numeric, -- 基金占比（%）
  bond_share                         numeric, -- 债券占比（%）
  other_share                        numeric, -- 其他资产占比（%）
  product_share                      numeric, -- 金融产品占比（%）
  main_asset_class                   text, -- 主要资产类别
  cash_only                          boolean, -- 仅持现金
  empty_account                      boolean, -- 空户（金融资产为0）
  net_asset_20d_ago                  numeric, -- 20日前净资产
  asset_change_20d                   numeric, -- 20日净资产变化
  asset_change_20d_pct               numeric, -- 20日净资产变化（%）
  asset_trend_20d                    text, -- 20日资产趋势
  foreign_cash                       numeric, -- 外币现金（折人民币）
  usd_cash                           numeric, -- 美元现金（美元）
  hkd_cash                           numeric, -- 港币现金（港币）
  holds_foreign_currency             boolean, -- 持有外币
  bank_in_day                        numeric, -- 当日银证转入
  bank_out_day                       numeric, -- 当日银证转出
  bank_in_20d                        numeric, -- 20日银证转入
  bank_out_20d                       numeric, -- 20日银证转出
  net_inflow_20d                     numeric, -- 20日净转入
  bank_out_share_20d                 numeric, -- 20日转出占期初净资产（%）
  valid_customer                     boolean, -- 有效户
  high_net_worth                     boolean, -- 高净值（资产≥600万）
  traded_today                       boolean, -- 当日有交易
  trade_days_20d                     numeric, -- 20日交易天数
  trade_days_250d                    numeric, -- 250日交易天数
  trading_frequency                  text, -- 交易频度（20日）
  activity_change_pct                numeric, -- 交易活跃度变化（近20日较250日平均，%）
  activity_falling                   boolean, -- 交易活跃度下降（较250日平均降≥50%）
  volume_day                         numeric, -- 当日成交金额
  volume_20d                         numeric, -- 20日成交金额
  turnover_20d_pct                   numeric, -- 20日换手率（成交/日均净资产，%）
  commission_day                     numeric, -- 当日佣金
  commission_20d                     numeric, -- 20日佣金
  net_commission_20d                 numeric, -- 20日净佣金（扣规费）
  commission_rate_permille           numeric, -- 佣金费率（‰）
  effective_rate_20d_permille        numeric, -- 20日实际佣金率（‰）
  low_commission_rate                boolean, -- 低佣金（≤万2）
  orders_day                         numeric, -- 当日委托笔数
  orders_20d                         numeric, -- 20日委托笔数
  cancelled_20d                      numeric, -- 20日撤单笔数
  cancel_rate_20d                    numeric, -- 20日撤单率（%）
  trades_20d                         numeric, -- 20日成交笔数
  avg_trade_amount_20d               numeric, -- 20日笔均成交金额
  last_trade_date                    date, -- 最近交易日期
  days_since_last_trade              numeric, -- 距最近交易天数
  trading_days_since_last_trade      numeric, -- 距最近交易的交易日数（R）
  ever_traded                        boolean, -- 曾有交易
  no_trade_30d                       boolean, -- 近30日无交易
  no_trade_90d                       boolean, -- 近90日无交易
  no_trade_180d                      boolean, -- 近180日无交易
  no_trade_365d                      boolean, -- 近一年无交易
  uses_margin                        boolean, -- 使用融资融券
  margin_debt                        numeric, -- 融资融券负债
  margin_financing                   numeric, -- 融资负债
  margin_lending                     numeric, -- 融券负债
  margin_collateral                  numeric, -- 担保资产
  maintenance_ratio                  numeric, -- 维持担保比例（%）
  margin_below_warning               boolean, -- 低于预警线
  margin_below_liquidation           boolean, -- 低于平仓线
  main_channel_20d                   text, -- 主要交易渠道（20日）
  mobile_share_20d                   numeric, -- 手机交易占比（%）
  web_share_20d                      numeric, -- 网上交易占比（%）
  phone_share_20d                    numeric, -- 电话委托占比（%）
  counter_share_20d                  numeric, -- 柜台委托占比（%）
  api_share_20d                      numeric, -- 程序化交易占比（%）
  uses_api                           boolean, -- 使用程序化交易
  channel_count_20d                  numeric, -- 交易渠道数（20日）
  product_purchase_20d               numeric, -- 20日产品认申购金额
  security_count                     numeric, -- 持仓证券只数
  position_value                     numeric, -- 持仓市值
  top_position_share                 numeric, -- 第一大持仓占比（%）
  top3_position_share                numeric, -- 前三大持仓占比（%）
  concentration                      text, -- 持仓集中度
  position_pnl                       numeric, -- 持仓浮动盈亏
  position_pnl_pct                   numeric, -- 持仓盈亏率（%）
  positions_in_loss                  boolean, -- 持仓浮亏
  positions_loss_over_20pct          boolean, -- 持仓亏损超20%
  holds_sh_main                      boolean, -- 持有沪市主板
  holds_star                         boolean, -- 持有科创板
  holds_sz_main                      boolean, -- 持有深市主板
  holds_chinext                      boolean, -- 持有创业板
  holds_bj                           boolean, -- 持有北交所
  sh_main_share                      numeric, -- 沪市主板持仓占比（%）
  star_share                         numeric, -- 科创板持仓占比（%）
  sz_main_share                      numeric, -- 深市主板持仓占比（%）
  chinext_share                      numeric, -- 创业板持仓占比（%）
  bj_share                           numeric, -- 北交所持仓占比（%）
  holds_stocks                       boolean, -- 持有股票
  holds_exchange_funds               boolean, -- 持有场内基金
  holds_bonds                        boolean, -- 持有债券
  holds_repo                         boolean, -- 持有逆回购
  repo_value                         numeric, -- 逆回购市值
  product_count                      numeric, -- 持有金融产品数
  holds_products                     boolean, -- 持有金融产品
  holds_public_fund                  boolean, -- 持有公募基金
  holds_asset_mgmt                   boolean, -- 持有资管计划
  holds_bond_product                 boolean, -- 持有债券类产品
  holds_structured                   boolean, -- 持有结构化产品
  holds_advisory                     boolean, -- 订购投顾服务
  max_product_risk                   text, -- 所持产品最高风险等级
  product_risk_above_customer        boolean, -- 持有产品风险高于客户等级
  tier                               text, -- 客户级别
  rfm_r                              numeric, -- RFM 最近交易（R，交易日）
  rfm_f                              numeric, -- RFM 交易频率（F，250日交易天数）
  rfm_m                              numeric, -- RFM 贡献（M，250日佣金扣规费）
  avg_cash_250d                      numeric, -- 250日日均现金
  avg_debt_250d                      numeric, -- 250日日均负债
  product_fee_250d                   numeric, -- 250日产品费用
  commission_per_10k_asset           numeric, -- 万元资产佣金（250日）
  large_low_contribution             boolean, -- 大资产低贡献
  top_tier                           boolean, -- 最高级别客户
  lifecycle                          text, -- 生命周期
  is_active                          boolean, -- 活跃客户
  is_sleeping                        boolean, -- 睡眠客户
  is_dormant                         boolean, -- 休眠客户
  is_churned                         boolean, -- 流失客户
  is_churn_risk                      boolean, -- 潜在流失客户
  churned_on                         date, -- 流失日期（转出规则）
  close_date                         date, -- 销户日期
  churn_score                        numeric, -- 流失概率
  churn_level                        text, -- 流失风险等级
  churn_score_above_threshold        boolean, -- 流失概率超过阈值
  alerts_20d                         numeric, -- 20日预警数
  open_alerts                        numeric, -- 未处理预警数
  large_withdrawal_20d               boolean, -- 20日内大额转出
  quick_in_out_20d                   boolean, -- 20日内快进快出
  frequent_cancel_20d                boolean, -- 20日内频繁撤单
  margin_alert_20d                   boolean, -- 20日内两融预警
  serving_staff                      text, -- 服务人员
  developer_staff                    text, -- 开发人员
  serving_team                       text, -- 服务团队
  relationship_type                  text, -- 经纪关系类型
  has_relationship                   boolean, -- 有经纪关系
  has_service_staff                  boolean, -- 有服务人员
  relationship_count                 numeric, -- 经纪关系数
  staff_left                         boolean, -- 开发人员已离职
  contacts_30d                       numeric, -- 30日接触次数
  contacts_90d                       numeric, -- 90日接触次数
  contacts_365d                      numeric, -- 一年内接触次数
  visits_90d                         numeric, -- 90日拜访次数
  calls_90d                          numeric, -- 90日电话次数
  last_contact_date                  date, -- 最近接触日期
  days_since_last_contact            numeric, -- 距最近接触天数
  last_contact_channel               text, -- 最近接触渠道
  never_contacted                    boolean, -- 从未接触
  no_contact_90d                     boolean, -- 90日未接触
  open_follow_ups                    numeric, -- 未完成跟进数
  overdue_follow_ups                 numeric  -- 逾期跟进数
);
create index customer_labels_branch_idx on customer_labels (branch_code, customer_no);

-- Saved customer groups: a name and a filter over the labels (interfaces.md "Customer intelligence").
-- Owned by the login that saved it; `shared` lets every login with customer access use it, but the
-- members are always the customers in the READER's data scope (decisions.md "Groups: …").
create table customer_groups (
  id           bigserial primary key,
  name         text not null check (char_length(name) between 1 and 100),
  filter       jsonb not null,
  shared       boolean not null default false,
  owner_id     bigint not null references users on delete cascade,
  -- the members in the owner's scope at the last refresh (the import, or the save)
  members      integer not null default 0,
  refreshed_on date,
  created_at   timestamptz not null default now(),
  updated_at   timestamptz not null default now()
);
create index customer_groups_owner_idx on customer_groups (owner_id);

-- The members of each group in its owner's scope as of the last refresh (what outreach sends to),
-- replaced at every import.
create table customer_group_members (
  group_id    bigint not null references customer_groups on delete cascade,
  customer_no text not null,
  primary key (group_id, customer_no)
);

-- The member count of each group per imported trading day (a re-import of the day overwrites it).
create table customer_group_counts (
  group_id   bigint not null references customer_groups on delete cascade,
  trade_date date not null,
  members    integer not null,
  primary key (group_id, trade_date)
);
