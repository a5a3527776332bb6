/**
 * The label catalogue (客户标签, business-rules.md §6, issue 12 item 4): every label a customer
 * group (客户群) can filter on, with its title, group, type, values and the SQL expression that
 * computes it for the latest imported trading day. Each label is one column of the view
 * `customer_labels` (migration 0035) named by its key; labels.sql.ts builds the view from this list,
 * and the filter compiler (labels.filter.ts) takes column names only from it (the whitelist).
 *
 * The expressions read the view's row `b` (labels.sql.ts VIEW_ROW: the customer, its figures of the
 * day, the 20-day window, and the facts stored at the refresh — positions, products, accounts,
 * margin, trade channels, relationships, contacts, alerts, churn score, RFM segment, contribution),
 * computed when read. Amounts are CNY numeric, shares percentages (0–100, 2 decimals),
 * counts integers, days calendar days unless the title says trading days (交易日). A label without
 * a value for a customer (an institution's age, the share of an empty account) is null and matches
 * no comparison.
 */
import type { CodeKind } from '../../../../shared/codes.js';

export const LABEL_GROUPS = ['profile', 'assets', 'behaviour', 'holdings', 'value', 'lifecycle', 'service'] as const;
export type LabelGroup = (typeof LABEL_GROUPS)[number];
export const LABEL_TYPES = ['enum', 'number', 'money', 'boolean', 'date'] as const;
export type LabelType = (typeof LABEL_TYPES)[number];

/** Where an enum label's values come from: a dictionary kind, the configured tiers, the branches; none = any text (a staff number …). */
export type LabelValues = CodeKind | 'tiers' | 'branches';

export interface LabelDef {
  /** The label's key and its column in the view customer_labels. */
  key: string;
  group: LabelGroup;
  type: LabelType;
  zh: string;
  en: string;
  /** The SQL expression over the refresh's row `b`. */
  sql: string;
  values?: LabelValues;
  /** The enum's values are ordered (in their dictionary order): > >= < <= and between compare by it. */
  ordered?: boolean;
}

type Extra = Pick<LabelDef, 'values' | 'ordered'>;
const defs: LabelDef[] = [];
function label(group: LabelGroup, type: LabelType, key: string, zh: string, en: string, sql: string, extra: Extra = {}): void {
  defs.push({ key, group, type, zh, en, sql, ...extra });
}

/** `part` as a percentage of `whole`, 2 decimals; null when the whole is not positive. */
const pct = (part: string, whole: string): string => `case when (${whole}) > 0 then round((${part}) * 100 / (${whole}), 2) end`;
/** b.fin: the financial assets (total asset + products held), the base of the asset shares. */
const FIN = `b.fin`;

// ---------------------------------------------------------------- profile (客户属性)
label('profile', 'enum', 'customer_type', '客户类型', 'Customer type', `b.customer_type`, { values: 'customerType' });
label('profile', 'enum', 'gender', '性别', 'Gender', `b.gender`, { values: 'gender' });
label('profile', 'number', 'age', '年龄', 'Age', `b.age`);
label('profile', 'enum', 'age_band', '年龄段', 'Age band', `case when b.age is null then null when b.age < 25 then 'AGE_LT25' when b.age < 35 then 'AGE_25_34' when b.age < 45 then 'AGE_35_44' when b.age < 55 then 'AGE_45_54' when b.age < 65 then 'AGE_55_64' else 'AGE_GE65' end`, { values: 'labelAgeBand', ordered: true });
label('profile', 'number', 'birth_month', '出生月份', 'Birth month', `extract(month from b.birth_date)::int`);
label('profile', 'boolean', 'senior_investor', '老年投资者（60岁及以上）', 'Senior investor (60 or older)', `b.age >= 60`);
label('profile', 'enum', 'branch', '营业部', 'Branch', `b.branch_code`, { values: 'branches' });
label('profile', 'enum', 'city', '城市', 'City', `b.city`);
label('profile', 'enum', 'id_type', '证件类型', 'ID type', `b.id_type`, { values: 'idType' });
label('profile', 'boolean', 'has_mobile', '有手机号', 'Has a mobile number', `b.mobile is not null and b.mobile <> ''`);
label('profile', 'boolean', 'has_email', '有电子邮箱', 'Has an e-mail address', `b.email is not null and b.email <> ''`);
label('profile', 'date', 'open_date', '开户日期', 'Opening date', `b.open_date`);
label('profile', 'number', 'tenure_years', '开户年限（年）', 'Tenure (years)', `b.tenure_years`);
label('profile', 'enum', 'tenure_band', '开户年限段', 'Tenure band', `case when b.tenure_years < 1 then 'TEN_LT1' when b.tenure_years < 3 then 'TEN_1_3' when b.tenure_years < 5 then 'TEN_3_5' when b.tenure_years < 10 then 'TEN_5_10' else 'TEN_GE10' end`, { values: 'labelTenureBand', ordered: true });
label('profile', 'boolean', 'new_customer_90d', '90日内新开户', 'Opened within 90 days', `b.day - b.open_date < 90`);
label('profile', 'boolean', 'opened_this_year', '本年新开户', 'Opened this year', `extract(year from b.open_date) = extract(year from b.day)`);
label('profile', 'enum', 'investor_class', '投资者分类', 'Investor class', `b.investor_class`, { values: 'investorClass' });
label('profile', 'boolean', 'is_professional', '专业投资者', 'Professional investor', `b.investor_class <> 'ORDINARY'`);
label('profile', 'enum', 'risk_level', '风险等级', 'Risk level', `b.risk_level`, { values: 'riskLevel', ordered: true });
label('profile', 'date', 'risk_assessed_on', '风险测评日期', 'Risk assessed on', `b.risk_assessed_on`);
label('profile', 'date', 'risk_expiry_date', '风险测评到期日', 'Risk assessment expires on', `(b.risk_assessed_on + interval '2 years')::date`);
label('profile', 'boolean', 'risk_assessment_valid', '风险测评有效', 'Risk assessment valid', `b.risk_assessed_on is not null and b.risk_level is not null and (b.risk_assessed_on + interval '2 years')::date > b.day`);
label('profile', 'number', 'risk_days_to_expiry', '距测评到期天数', 'Days to assessment expiry', `((b.risk_assessed_on + interval '2 years')::date - b.day)`);
label('profile', 'boolean', 'risk_expiring_30d', '测评30日内到期', 'Assessment expires within 30 days', `((b.risk_assessed_on + interval '2 years')::date - b.day) between 0 and 30`);
label('profile', 'enum', 'customer_status', '账户状态', 'Account status', `b.status`, { values: 'customerStatus' });
label('profile', 'boolean', 'is_open', '账户在用', 'Open', `coalesce(b.is_open, false)`);
label('profile', 'number', 'fund_account_count', '资金账户数', 'Fund accounts', `coalesce(b.fa_count, 0)`);
label('profile', 'boolean', 'has_credit_account', '有信用账户', 'Has a credit (margin) account', `coalesce(b.fa_credit, false)`);
label('profile', 'boolean', 'has_usd_account', '有美元账户', 'Has a USD account', `coalesce(b.fa_usd, false)`);
label('profile', 'boolean', 'has_hkd_account', '有港币账户', 'Has an HKD account', `coalesce(b.fa_hkd, false)`);

// ---------------------------------------------------------------- assets (资产)
label('assets', 'money', 'net_asset', '净资产', 'Net asset', `round(coalesce(b.net_asset, 0), 2)`);
label('assets', 'money', 'total_asset', '总资产', 'Total asset', `round(coalesce(b.total_asset, 0), 2)`);
label('assets', 'money', 'financial_asset', '金融资产（含产品）', 'Financial asset (incl. products)', `round(${FIN}, 2)`);
label('assets', 'money', 'avg20_net_asset', '20日日均净资产', 'Average net asset (20 days)', `round(b.avg20, 2)`);
label('assets', 'enum', 'asset_level', '资产级别', 'Asset level', `case when b.avg20 < 10000 then 'AL_LT10K' when b.avg20 < 50000 then 'AL_10K_50K' when b.avg20 < 100000 then 'AL_50K_100K' when b.avg20 < 500000 then 'AL_100K_500K' when b.avg20 < 1000000 then 'AL_500K_1M' when b.avg20 < 5000000 then 'AL_1M_5M' when b.avg20 < 10000000 then 'AL_5M_10M' else 'AL_GE10M' end`, { values: 'labelAssetLevel', ordered: true });
label('assets', 'money', 'cash', '现金资产', 'Cash', `round(coalesce(b.cash_cny, 0), 2)`);
label('assets', 'money', 'stock_value', '股票市值', 'Stock value', `round(coalesce(b.stock_value, 0), 2)`);
label('assets', 'money', 'fund_value', '场内基金市值', 'Fund value', `round(coalesce(b.fund_value, 0), 2)`);
label('assets', 'money', 'bond_value', '债券市值', 'Bond value', `round(coalesce(b.bond_value, 0), 2)`);
label('assets', 'money', 'other_value', '其他资产', 'Other value', `round(coalesce(b.other_value, 0), 2)`);
label('assets', 'money', 'product_value', '金融产品市值', 'Products held', `round(coalesce(b.product_value, 0), 2)`);
label('assets', 'money', 'debt', '负债', 'Debt', `round(coalesce(b.debt, 0), 2)`);
label('assets', 'number', 'cash_share', '现金占比（%）', 'Cash share (%)', pct('b.cash_cny', FIN));
label('assets', 'number', 'stock_share', '股票占比（%）', 'Stock share (%)', pct('b.stock_value', FIN));
label('assets', 'number', 'fund_share', '基金占比（%）', 'Fund share (%)', pct('b.fund_value', FIN));
label('assets', 'number', 'bond_share', '债券占比（%）', 'Bond share (%)', pct('b.bond_value', FIN));
label('assets', 'number', 'other_share', '其他资产占比（%）', 'Other share (%)', pct('b.other_value', FIN));
label('assets', 'number', 'product_share', '金融产品占比（%）', 'Product share (%)', pct('b.product_value', FIN));
label('assets', 'enum', 'main_asset_class', '主要资产类别', 'Main asset class', `case when ${FIN} > 0 then (array['CASH','STOCK','FUND','BOND','OTHER','PRODUCT'])[array_position(array[b.cash_cny, b.stock_value, b.fund_value, b.bond_value, b.other_value, b.product_value], greatest(b.cash_cny, b.stock_value, b.fund_value, b.bond_value, b.other_value, b.product_value))] end`, { values: 'labelAssetClass' });
label('assets', 'boolean', 'cash_only', '仅持现金', 'Cash only', `${FIN} > 0 and b.cash_cny = ${FIN}`);
label('assets', 'boolean', 'empty_account', '空户（金融资产为0）', 'Empty account', `${FIN} <= 0`);
label('assets', 'money', 'net_asset_20d_ago', '20日前净资产', 'Net asset 20 days ago', `round(b.net_asset_before20, 2)`);
label('assets', 'money', 'asset_change_20d', '20日净资产变化', 'Net asset change (20 days)', `round(coalesce(b.net_asset, 0) - b.net_asset_before20, 2)`);
label('assets', 'number', 'asset_change_20d_pct', '20日净资产变化（%）', 'Net asset change (20 days, %)', pct('coalesce(b.net_asset, 0) - b.net_asset_before20', 'b.net_asset_before20'));
label('assets', 'enum', 'asset_trend_20d', '20日资产趋势', 'Asset trend (20 days)', `case when b.net_asset_before20 > 0 then case when b.net_asset >= b.net_asset_before20 * 1.2 then 'UP_STRONG' when b.net_asset >= b.net_asset_before20 * 1.05 then 'UP' when b.net_asset > b.net_asset_before20 * 0.95 then 'FLAT' when b.net_asset > b.net_asset_before20 * 0.8 then 'DOWN' else 'DOWN_STRONG' end end`, { values: 'labelAssetTrend' });
label('assets', 'money', 'foreign_cash', '外币现金（折人民币）', 'Foreign-currency cash (CNY)', `round(coalesce(b.cash_cny, 0) - coalesce(b.cash_in_cny, 0), 2)`);
label('assets', 'money', 'usd_cash', '美元现金（美元）', 'USD cash (USD)', `coalesce(b.cash_in_usd, 0)`);
label('assets', 'money', 'hkd_cash', '港币现金（港币）', 'HKD cash (HKD)', `coalesce(b.cash_in_hkd, 0)`);
label('assets', 'boolean', 'holds_foreign_currency', '持有外币', 'Holds foreign currency', `coalesce(b.cash_in_usd, 0) > 0 or coalesce(b.cash_in_hkd, 0) > 0`);
label('assets', 'money', 'bank_in_day', '当日银证转入', 'Bank transfers in (day)', `round(coalesce(b.bank_in, 0), 2)`);
label('assets', 'money', 'bank_out_day', '当日银证转出', 'Bank transfers out (day)', `round(coalesce(b.bank_out, 0), 2)`);
label('assets', 'money', 'bank_in_20d', '20日银证转入', 'Bank transfers in (20 trading days)', `round(coalesce(b.w_bank_in20, 0), 2)`);
label('assets', 'money', 'bank_out_20d', '20日银证转出', 'Bank transfers out (20 trading days)', `round(coalesce(b.bank_out_sum20, 0), 2)`);
label('assets', 'money', 'net_inflow_20d', '20日净转入', 'Net transfers in (20 trading days)', `round(coalesce(b.w_bank_in20, 0) - coalesce(b.bank_out_sum20, 0), 2)`);
label('assets', 'number', 'bank_out_share_20d', '20日转出占期初净资产（%）', 'Transfers out / starting net asset (20 days, %)', pct('b.bank_out_sum20', 'b.net_asset_before20'));
label('assets', 'boolean', 'valid_customer', '有效户', 'Valid customer', `coalesce(b.is_open, false) and b.avg20 >= b.valid_min`);
label('assets', 'boolean', 'high_net_worth', '高净值（资产≥600万）', 'High net worth (≥ 6 million)', `${FIN} >= 6000000`);

// ---------------------------------------------------------------- behaviour (交易行为)
label('behaviour', 'boolean', 'traded_today', '当日有交易', 'Traded on the day', `coalesce(b.trade_count, 0) > 0`);
label('behaviour', 'number', 'trade_days_20d', '20日交易天数', 'Trading days (20)', `coalesce(b.w_td20, 0)`);
label('behaviour', 'number', 'trade_days_250d', '250日交易天数', 'Trading days (250)', `coalesce(b.trade_days250, 0)`);
label('behaviour', 'enum', 'trading_frequency', '交易频度（20日）', 'Trading frequency (20 days)', `case when coalesce(b.w_td20, 0) = 0 then 'NONE' when b.w_td20 <= 3 then 'LOW' when b.w_td20 <= 9 then 'MEDIUM' when b.w_td20 <= 15 then 'HIGH' else 'VERY_HIGH' end`, { values: 'labelTradingFrequency', ordered: true });
label('behaviour', 'number', 'activity_change_pct', '交易活跃度变化（近20日较250日平均，%）', 'Activity change (20 days vs the 250-day rate, %)', `case when b.trade_days250 > 0 then round((coalesce(b.w_td20, 0)::numeric / least(20, b.days250) - b.trade_days250::numeric / b.days250) * 100 / (b.trade_days250::numeric / b.days250), 2) end`);
label('behaviour', 'boolean', 'activity_falling', '交易活跃度下降（较250日平均降≥50%）', 'Activity falling (≥ 50 % below the 250-day rate)', `b.trade_days250 > 0 and coalesce(b.w_td20, 0)::numeric / least(20, b.days250) * 2 <= b.trade_days250::numeric / b.days250`);
label('behaviour', 'money', 'volume_day', '当日成交金额', 'Volume (day)', `round(coalesce(b.volume, 0), 2)`);
label('behaviour', 'money', 'volume_20d', '20日成交金额', 'Volume (20 trading days)', `round(coalesce(b.w_vol20, 0), 2)`);
label('behaviour', 'number', 'turnover_20d_pct', '20日换手率（成交/日均净资产，%）', 'Turnover (20 days, volume / average net asset, %)', pct('b.w_vol20', 'b.avg20'));
label('behaviour', 'money', 'commission_day', '当日佣金', 'Commission (day)', `round(coalesce(b.commission, 0), 2)`);
label('behaviour', 'money', 'commission_20d', '20日佣金', 'Commission (20 trading days)', `round(coalesce(b.w_com20, 0), 2)`);
label('behaviour', 'money', 'net_commission_20d', '20日净佣金（扣规费）', 'Commission less fees (20 trading days)', `round(coalesce(b.w_com20, 0) - coalesce(b.w_fees20, 0), 2)`);
label('behaviour', 'number', 'commission_rate_permille', '佣金费率（‰）', 'Commission rate (‰)', `round(b.fa_rate * 1000, 4)`);
label('behaviour', 'number', 'effective_rate_20d_permille', '20日实际佣金率（‰）', 'Effective commission rate (20 days, ‰)', `case when b.w_vol20 > 0 then round(b.w_com20 * 1000 / b.w_vol20, 4) end`);
label('behaviour', 'boolean', 'low_commission_rate', '低佣金（≤万2）', 'Low commission rate (≤ 0.02 %)', `b.fa_rate <= 0.0002`);
label('behaviour', 'number', 'orders_day', '当日委托笔数', 'Orders (day)', `coalesce(b.order_count, 0)`);
label('behaviour', 'number', 'orders_20d', '20日委托笔数', 'Orders (20 trading days)', `coalesce(b.w_orders20, 0)`);
label('behaviour', 'number', 'cancelled_20d', '20日撤单笔数', 'Cancelled orders (20 trading days)', `coalesce(b.w_cancel20, 0)`);
label('behaviour', 'number', 'cancel_rate_20d', '20日撤单率（%）', 'Cancel rate (20 days, %)', pct('b.w_cancel20', 'b.w_orders20'));
label('behaviour', 'number', 'trades_20d', '20日成交笔数', 'Trades (20 trading days)', `coalesce(b.w_trades20, 0)`);
label('behaviour', 'money', 'avg_trade_amount_20d', '20日笔均成交金额', 'Average trade amount (20 days)', `case when b.w_trades20 > 0 then round(b.w_vol20 / b.w_trades20, 2) end`);
label('behaviour', 'date', 'last_trade_date', '最近交易日期', 'Last trade', `b.last_trade_date`);
label('behaviour', 'number', 'days_since_last_trade', '距最近交易天数', 'Days since last trade', `b.day - b.last_trade_date`);
label('behaviour', 'number', 'trading_days_since_last_trade', '距最近交易的交易日数（R）', 'Trading days since last trade (R)', `b.rfm_r`);
label('behaviour', 'boolean', 'ever_traded', '曾有交易', 'Has ever traded', `b.last_trade_date is not null`);
label('behaviour', 'boolean', 'no_trade_30d', '近30日无交易', 'No trade in 30 days', `b.last_trade_date is null or b.day - b.last_trade_date >= 30`);
label('behaviour', 'boolean', 'no_trade_90d', '近90日无交易', 'No trade in 90 days', `b.last_trade_date is null or b.day - b.last_trade_date >= 90`);
label('behaviour', 'boolean', 'no_trade_180d', '近180日无交易', 'No trade in 180 days', `b.last_trade_date is null or b.day - b.last_trade_date >= 180`);
label('behaviour', 'boolean', 'no_trade_365d', '近一年无交易', 'No trade in a year', `b.last_trade_date is null or b.day - b.last_trade_date >= 365`);
label('behaviour', 'boolean', 'uses_margin', '使用融资融券', 'Uses margin', `coalesce(b.cr_debt, 0) > 0`);
label('behaviour', 'money', 'margin_debt', '融资融券负债', 'Margin debt', `round(coalesce(b.cr_debt, 0), 2)`);
label('behaviour', 'money', 'margin_financing', '融资负债', 'Financing debt', `round(coalesce(b.cr_financing, 0), 2)`);
label('behaviour', 'money', 'margin_lending', '融券负债', 'Securities lending debt', `round(coalesce(b.cr_lending, 0), 2)`);
label('behaviour', 'money', 'margin_collateral', '担保资产', 'Collateral', `round(coalesce(b.cr_collateral, 0), 2)`);
label('behaviour', 'number', 'maintenance_ratio', '维持担保比例（%）', 'Maintenance ratio (%)', pct('b.cr_collateral', 'b.cr_debt'));
label('behaviour', 'boolean', 'margin_below_warning', '低于预警线', 'Below the margin warning line', `b.cr_debt > 0 and b.cr_collateral * 100 < b.cr_debt * b.warn_pct`);
label('behaviour', 'boolean', 'margin_below_liquidation', '低于平仓线', 'Below the liquidation line', `b.cr_debt > 0 and b.cr_collateral * 100 < b.cr_debt * b.liq_pct`);
label('behaviour', 'enum', 'main_channel_20d', '主要交易渠道（20日）', 'Main trading channel (20 days)', `b.ch_main`, { values: 'channel' });
label('behaviour', 'number', 'mobile_share_20d', '手机交易占比（%）', 'Mobile share of volume (%)', pct('b.ch_mobile', 'b.ch_total'));
label('behaviour', 'number', 'web_share_20d', '网上交易占比（%）', 'Web share of volume (%)', pct('b.ch_web', 'b.ch_total'));
label('behaviour', 'number', 'phone_share_20d', '电话委托占比（%）', 'Phone share of volume (%)', pct('b.ch_phone', 'b.ch_total'));
label('behaviour', 'number', 'counter_share_20d', '柜台委托占比（%）', 'Counter share of volume (%)', pct('b.ch_counter', 'b.ch_total'));
label('behaviour', 'number', 'api_share_20d', '程序化交易占比（%）', 'API share of volume (%)', pct('b.ch_api', 'b.ch_total'));
label('behaviour', 'boolean', 'uses_api', '使用程序化交易', 'Trades through the API', `coalesce(b.ch_api, 0) > 0`);
label('behaviour', 'number', 'channel_count_20d', '交易渠道数（20日）', 'Channels used (20 days)', `coalesce(b.ch_count, 0)`);
label('behaviour', 'money', 'product_purchase_20d', '20日产品认申购金额', 'Product purchases (20 trading days)', `round(coalesce(b.w_prod20, 0), 2)`);

// ---------------------------------------------------------------- holdings (持仓)
label('holdings', 'number', 'security_count', '持仓证券只数', 'Securities held', `coalesce(b.p_count, 0)`);
label('holdings', 'money', 'position_value', '持仓市值', 'Position value', `round(coalesce(b.p_value, 0), 2)`);
label('holdings', 'number', 'top_position_share', '第一大持仓占比（%）', 'Largest position share (%)', pct('b.p_top1', 'b.p_value'));
label('holdings', 'number', 'top3_position_share', '前三大持仓占比（%）', 'Top three positions share (%)', pct('b.p_top3', 'b.p_value'));
label('holdings', 'enum', 'concentration', '持仓集中度', 'Concentration', `case when coalesce(b.p_count, 0) = 0 or b.p_value <= 0 then 'NONE' when b.p_count = 1 then 'SINGLE' when b.p_top1 * 2 >= b.p_value then 'CONCENTRATED' when b.p_count >= 10 and b.p_top1 * 5 < b.p_value then 'DIVERSIFIED' else 'BALANCED' end`, { values: 'labelConcentration' });
label('holdings', 'money', 'position_pnl', '持仓浮动盈亏', 'Unrealised profit/loss', `round(b.p_value - b.p_cost, 2)`);
label('holdings', 'number', 'position_pnl_pct', '持仓盈亏率（%）', 'Unrealised profit/loss (%)', pct('b.p_value - b.p_cost', 'b.p_cost'));
label('holdings', 'boolean', 'positions_in_loss', '持仓浮亏', 'Positions at a loss', `b.p_value < b.p_cost`);
label('holdings', 'boolean', 'positions_loss_over_20pct', '持仓亏损超20%', 'Positions down more than 20 %', `b.p_cost > 0 and b.p_value < b.p_cost * 0.8`);
label('holdings', 'boolean', 'holds_sh_main', '持有沪市主板', 'Holds Shanghai main board', `coalesce(b.p_sh_main, 0) > 0`);
label('holdings', 'boolean', 'holds_star', '持有科创板', 'Holds STAR market', `coalesce(b.p_star, 0) > 0`);
label('holdings', 'boolean', 'holds_sz_main', '持有深市主板', 'Holds Shenzhen main board', `coalesce(b.p_sz_main, 0) > 0`);
label('holdings', 'boolean', 'holds_chinext', '持有创业板', 'Holds ChiNext', `coalesce(b.p_chinext, 0) > 0`);
label('holdings', 'boolean', 'holds_bj', '持有北交所', 'Holds Beijing exchange', `coalesce(b.p_bj, 0) > 0`);
label('holdings', 'number', 'sh_main_share', '沪市主板持仓占比（%）', 'Shanghai main board share (%)', pct('b.p_sh_main', 'b.p_value'));
label('holdings', 'number', 'star_share', '科创板持仓占比（%）', 'STAR market share (%)', pct('b.p_star', 'b.p_value'));
label('holdings', 'number', 'sz_main_share', '深市主板持仓占比（%）', 'Shenzhen main board share (%)', pct('b.p_sz_main', 'b.p_value'));
label('holdings', 'number', 'chinext_share', '创业板持仓占比（%）', 'ChiNext share (%)', pct('b.p_chinext', 'b.p_value'));
label('holdings', 'number', 'bj_share', '北交所持仓占比（%）', 'Beijing exchange share (%)', pct('b.p_bj', 'b.p_value'));
label('holdings', 'boolean', 'holds_stocks', '持有股票', 'Holds stocks', `coalesce(b.p_stock, 0) > 0`);
label('holdings', 'boolean', 'holds_exchange_funds', '持有场内基金', 'Holds exchange-traded funds', `coalesce(b.p_fund, 0) > 0`);
label('holdings', 'boolean', 'holds_bonds', '持有债券', 'Holds bonds', `coalesce(b.p_bond, 0) > 0`);
label('holdings', 'boolean', 'holds_repo', '持有逆回购', 'Holds repos', `coalesce(b.p_repo, 0) > 0`);
label('holdings', 'money', 'repo_value', '逆回购市值', 'Repo value', `round(coalesce(b.p_repo, 0), 2)`);
label('holdings', 'number', 'product_count', '持有金融产品数', 'Products held', `coalesce(b.pr_count, 0)`);
label('holdings', 'boolean', 'holds_products', '持有金融产品', 'Holds financial products', `coalesce(b.pr_count, 0) > 0`);
label('holdings', 'boolean', 'holds_public_fund', '持有公募基金', 'Holds public funds', `coalesce(b.pr_public_fund, false)`);
label('holdings', 'boolean', 'holds_asset_mgmt', '持有资管计划', 'Holds asset management plans', `coalesce(b.pr_asset_mgmt, false)`);
label('holdings', 'boolean', 'holds_bond_product', '持有债券类产品', 'Holds bond products', `coalesce(b.pr_bond, false)`);
label('holdings', 'boolean', 'holds_structured', '持有结构化产品', 'Holds structured products', `coalesce(b.pr_structured, false)`);
label('holdings', 'boolean', 'holds_advisory', '订购投顾服务', 'Subscribes to advisory', `coalesce(b.pr_advisory, false)`);
label('holdings', 'enum', 'max_product_risk', '所持产品最高风险等级', 'Highest product risk held', `b.pr_max_risk`, { values: 'productRisk', ordered: true });
label('holdings', 'boolean', 'product_risk_above_customer', '持有产品风险高于客户等级', 'Holds products above its risk level', `b.pr_max_risk is not null and (b.risk_level is null or substr(b.pr_max_risk, 2)::int > substr(b.risk_level, 2)::int)`);

// ---------------------------------------------------------------- value (价值)
label('value', 'enum', 'tier', '客户级别', 'Tier', `b.tier`, { values: 'tiers', ordered: true });
label('value', 'number', 'rfm_r', 'RFM 最近交易（R，交易日）', 'RFM recency (R, trading days)', `b.rfm_r`);
label('value', 'number', 'rfm_f', 'RFM 交易频率（F，250日交易天数）', 'RFM frequency (F, trading days of 250)', `coalesce(b.trade_days250, 0)`);
// M, and the two labels of commission per asset: the net commission (净佣金) of the 250 days, value.sql.ts's M stored at the
// refresh (commission − fees − guaranteed commission, business-rules.md §6); null for a customer not open on the day, like R
label('value', 'money', 'rfm_m', 'RFM 贡献（M，250日净佣金）', 'RFM monetary (M, net commission, 250 days)', `round(b.rfm_m, 2)`);
label('value', 'money', 'avg_cash_250d', '250日日均现金', 'Average cash (250 days)', `case when b.days250 > 0 then round(b.cash_sum250 / b.days250, 2) end`);
label('value', 'money', 'avg_debt_250d', '250日日均负债', 'Average debt (250 days)', `case when b.days250 > 0 then round(b.debt_sum250 / b.days250, 2) end`);
label('value', 'money', 'product_fee_250d', '250日产品费用', 'Product fees (250 days)', `round(coalesce(b.product_fee250, 0), 2)`);
label('value', 'number', 'commission_per_10k_asset', '万元资产佣金（250日）', 'Commission per 10,000 of assets (250 days)', `case when b.avg20 > 0 then round(b.rfm_m * 10000 / b.avg20, 2) end`);
label('value', 'boolean', 'large_low_contribution', '大资产低贡献', 'Large assets, low contribution', `b.avg20 >= 1000000 and b.rfm_m * 10000 < b.avg20 * 5`);
label('value', 'boolean', 'top_tier', '最高级别客户', 'Top tier', `b.tier is not null and b.tier = b.top_tier`);
// the value pages' RFM segment and contribution (value.sql.ts) at head-office scope, stored at the refresh: against the whole
// brokerage's averages, not the reader's scope (the 客户价值 page compares with the caller's scope); null for a customer not open
label('value', 'enum', 'rfm_segment', 'RFM价值分群（对比全公司平均）', 'RFM segment (against the whole brokerage’s averages)', `b.rfm_segment`, { values: 'rfmSegment' });
label('value', 'money', 'contribution', '客户贡献（250日）', 'Contribution (250 days)', `round(b.contribution, 2)`);
label('value', 'enum', 'contribution_band', '客户贡献段', 'Contribution band', `case when round(b.contribution, 2) < 0 then 'CB_NEGATIVE' when round(b.contribution, 2) < 1000 then 'CB_LT1K' when round(b.contribution, 2) < 10000 then 'CB_1K_10K' when round(b.contribution, 2) < 100000 then 'CB_10K_100K' when b.contribution is not null then 'CB_GE100K' end`, { values: 'labelContributionBand', ordered: true });
label('value', 'boolean', 'large_unprofitable', '大额低贡献（客户贡献口径）', 'Large but unprofitable (contribution rule)', `b.contribution_flagged`);

// ---------------------------------------------------------------- lifecycle and churn (生命周期与流失)
label('lifecycle', 'enum', 'lifecycle', '生命周期', 'Lifecycle', `b.lifecycle`, { values: 'lifecycle' });
label('lifecycle', 'boolean', 'is_active', '活跃客户', 'Active', `b.lifecycle = 'ACTIVE'`);
label('lifecycle', 'boolean', 'is_sleeping', '睡眠客户', 'Sleeping', `b.lifecycle = 'SLEEPING'`);
label('lifecycle', 'boolean', 'is_dormant', '休眠客户', 'Dormant', `b.lifecycle = 'DORMANT'`);
label('lifecycle', 'boolean', 'is_churned', '流失客户', 'Churned', `b.lifecycle = 'CHURNED'`);
label('lifecycle', 'boolean', 'is_churn_risk', '潜在流失客户', 'Churn risk', `b.lifecycle = 'CHURN_RISK'`);
label('lifecycle', 'date', 'churned_on', '流失日期（转出规则）', 'Churned on (outflow rule)', `b.churned_on`);
label('lifecycle', 'date', 'close_date', '销户日期', 'Closed on', `b.close_date`);
label('lifecycle', 'number', 'churn_score', '流失评分', 'Churn score', `b.churn_score`);
label('lifecycle', 'enum', 'churn_level', '流失风险等级', 'Churn risk level', `case when b.churn_score is null then null when b.churn_score >= b.churn_threshold then 'HIGH' when b.churn_score * 2 >= b.churn_threshold then 'MEDIUM' else 'LOW' end`, { values: 'churnLevel' });
label('lifecycle', 'boolean', 'churn_score_above_threshold', '流失评分达到阈值', 'Churn score at or above the threshold', `b.churn_score >= b.churn_threshold`);
label('lifecycle', 'number', 'alerts_20d', '20日预警数', 'Alerts (20 trading days)', `coalesce(b.al_count, 0)`);
label('lifecycle', 'number', 'open_alerts', '未处理预警数', 'New alerts', `coalesce(b.al_new, 0)`);
label('lifecycle', 'boolean', 'large_withdrawal_20d', '20日内大额转出', 'Large withdrawal (20 days)', `coalesce(b.al_large, false)`);
label('lifecycle', 'boolean', 'quick_in_out_20d', '20日内快进快出', 'Quick in and out (20 days)', `coalesce(b.al_quick, false)`);
label('lifecycle', 'boolean', 'frequent_cancel_20d', '20日内频繁撤单', 'Frequent cancelling (20 days)', `coalesce(b.al_cancel, false)`);
label('lifecycle', 'boolean', 'margin_alert_20d', '20日内两融预警', 'Margin alert (20 days)', `coalesce(b.al_margin, false)`);

// ---------------------------------------------------------------- relationships and service (关系与服务)
label('service', 'enum', 'serving_staff', '服务人员', 'Serving staff', `b.r_serving`);
label('service', 'enum', 'developer_staff', '开发人员', 'Developing staff', `b.r_developer`);
label('service', 'enum', 'serving_team', '服务团队', 'Serving team', `b.r_team`);
label('service', 'enum', 'relationship_type', '经纪关系类型', 'Relationship type', `case when coalesce(b.r_develop, 0) = 0 and coalesce(b.r_service, 0) = 0 then 'NONE' when b.r_develop = 0 then 'SERVICE_ONLY' when b.r_service > 0 then 'DEVELOP_SERVICE' when b.r_develop > 1 then 'SPLIT' else 'DEVELOP' end`, { values: 'labelRelationshipType' });
label('service', 'boolean', 'has_relationship', '有经纪关系', 'Has a relationship', `coalesce(b.r_develop, 0) + coalesce(b.r_service, 0) > 0`);
label('service', 'boolean', 'has_service_staff', '有服务人员', 'Has serving staff', `coalesce(b.r_service, 0) > 0`);
label('service', 'number', 'relationship_count', '经纪关系数', 'Relationships', `coalesce(b.r_develop, 0) + coalesce(b.r_service, 0)`);
label('service', 'boolean', 'staff_left', '开发人员已离职', 'Developing staff has left', `coalesce(b.r_left, false)`);
label('service', 'number', 'contacts_30d', '30日接触次数', 'Contacts (30 days)', `coalesce(b.k_30, 0)`);
label('service', 'number', 'contacts_90d', '90日接触次数', 'Contacts (90 days)', `coalesce(b.k_90, 0)`);
label('service', 'number', 'contacts_365d', '一年内接触次数', 'Contacts (365 days)', `coalesce(b.k_365, 0)`);
label('service', 'number', 'visits_90d', '90日拜访次数', 'Visits (90 days)', `coalesce(b.k_visit90, 0)`);
label('service', 'number', 'calls_90d', '90日电话次数', 'Calls (90 days)', `coalesce(b.k_call90, 0)`);
label('service', 'date', 'last_contact_date', '最近接触日期', 'Last contact', `b.k_last`);
label('service', 'number', 'days_since_last_contact', '距最近接触天数', 'Days since last contact', `greatest(0, b.day - b.k_last)`);
label('service', 'enum', 'last_contact_channel', '最近接触渠道', 'Last contact channel', `b.k_last_channel`, { values: 'contactChannel' });
label('service', 'boolean', 'never_contacted', '从未接触', 'Never contacted', `b.k_last is null`);
label('service', 'boolean', 'no_contact_90d', '90日未接触', 'No contact in 90 days', `b.k_last is null or b.day - b.k_last >= 90`);
label('service', 'number', 'open_follow_ups', '未完成跟进数', 'Open follow-ups', `coalesce(b.k_open, 0)`);
label('service', 'number', 'overdue_follow_ups', '逾期跟进数', 'Overdue follow-ups', `coalesce(b.k_overdue, 0)`);

export const LABELS: readonly LabelDef[] = defs;
const BY_KEY = new Map(defs.map((d) => [d.key, d]));

/** The label of `key`, or undefined when the catalogue has none (the whitelist). */
export function labelOf(key: string): LabelDef | undefined {
  return BY_KEY.get(key);
}

/** The column type of a label in the view customer_labels (each expression is cast to it). */
export function columnType(type: LabelType): string {
  switch (type) {
    case 'enum':
      return 'text';
    case 'boolean':
      return 'boolean';
    case 'date':
      return 'date';
    default:
      return 'numeric';
  }
}
