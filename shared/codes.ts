/**
 * The one dictionary of every code QuanCRM stores or answers with (客户类型, 账户类型, 证券类别,
 * 委托状态, 资金流水类型, 币种, 状态, 生命周期, 关系类型, 员工类别/级别, 流程类型/状态, 角色, 权限,
 * 审计动作 …), each with its Chinese and English label. The server's Excel exports and every web
 * page show codes through it; nothing else keeps a copy. Pure data and functions, no imports, no
 * I/O (imported by the server like shared/identity.ts, and by the web).
 *
 * Where the codes come from: the enumerations of the extract format and the business rules
 * (/work/shared/spec), the CHECK constraints of server/src/db/migrations, and the zod enums of
 * server/src/modules/**. server/src/lib/codes.test.ts fails when one of those allows a code this
 * dictionary has no label for.
 */

export type CodeLanguage = 'zh' | 'en';

export interface CodeLabel {
  zh: string;
  en: string;
}

const l = (zh: string, en: string): CodeLabel => ({ zh, en });

export const CODES = {
  // ------------------------------------------------------------ customers (extract-format.md)
  /** customers.customer_type */
  customerType: { P: l('个人', 'Individual'), O: l('机构', 'Institution'), F: l('产品', 'Product account') },
  /** customers.status and fund_accounts.status */
  customerStatus: {
    NORMAL: l('正常', 'Normal'),
    FROZEN: l('冻结', 'Frozen'),
    LOST: l('挂失', 'Reported lost'),
    DORMANT: l('休眠', 'Dormant'),
    CLOSED: l('销户', 'Closed'),
  },
  /** customers.risk_level: the investor's risk tolerance (风险承受能力) */
  riskLevel: {
    C1: l('C1 保守型', 'C1 Conservative'),
    C2: l('C2 谨慎型', 'C2 Cautious'),
    C3: l('C3 稳健型', 'C3 Balanced'),
    C4: l('C4 积极型', 'C4 Growth'),
    C5: l('C5 激进型', 'C5 Aggressive'),
  },
  /** customers.investor_class */
  investorClass: {
    ORDINARY: l('普通投资者', 'Ordinary investor'),
    PRO_A: l('专业投资者（A类）', 'Professional investor (A)'),
    PRO_B: l('专业投资者（B类）', 'Professional investor (B)'),
    PRO_C: l('专业投资者（C类）', 'Professional investor (C)'),
  },
  /** customers.id_type (the codes the trading systems write) */
  idType: { '0': l('居民身份证', 'Resident ID card'), A: l('统一社会信用代码', 'Unified social credit code'), B: l('产品备案编码', 'Product filing code') },
  gender: { M: l('男', 'Male'), F: l('女', 'Female') },
  /** sum_customer_daily.lifecycle (business-rules.md §6) */
  lifecycle: {
    POTENTIAL: l('潜在', 'Potential'),
    ACTIVE: l('活跃', 'Active'),
    SLEEPING: l('睡眠', 'Sleeping'),
    DORMANT: l('休眠', 'Dormant'),
    CHURN_RISK: l('潜在流失', 'Churn risk'),
    CHURNED: l('流失', 'Churned'),
  },

  // ------------------------------------------------------------ accounts, securities, products
  /** fund_accounts.account_kind */
  accountKind: { NORMAL: l('普通账户', 'Normal'), CREDIT: l('信用账户', 'Credit (margin)') },
  currency: { CNY: l('人民币', 'CNY'), USD: l('美元', 'USD'), HKD: l('港币', 'HKD') },
  market: { SH: l('上交所', 'Shanghai'), SZ: l('深交所', 'Shenzhen'), BJ: l('北交所', 'Beijing') },
  securityClass: { STOCK: l('股票', 'Stock'), FUND: l('基金', 'Fund'), BOND: l('债券', 'Bond'), REPO: l('回购', 'Repo'), OTHER: l('其他', 'Other') },
  productType: {
    PUBLIC_FUND: l('公募基金', 'Public fund'),
    ASSET_MGMT: l('资产管理计划', 'Asset management plan'),
    BOND: l('债券', 'Bond'),
    STRUCTURED: l('结构化产品', 'Structured product'),
    ADVISORY: l('投顾/资讯服务', 'Advisory service'),
  },
  /** products.risk_level */
  productRisk: {
    R1: l('R1 低风险', 'R1 Low'),
    R2: l('R2 中低风险', 'R2 Medium-low'),
    R3: l('R3 中风险', 'R3 Medium'),
    R4: l('R4 中高风险', 'R4 Medium-high'),
    R5: l('R5 高风险', 'R5 High'),
  },
  /** customers.csv lowest_risk_category (customers.lowest_risk_category) */
  lowestRiskCategory: { Y: l('风险承受能力最低类别', 'Lowest risk category') },
  /** 适当性匹配结果 (suitability.md): ✔, ✘ (a customer-initiated purchase needs a confirmed warning), never */
  suitabilityResult: {
    MATCH: l('匹配', 'Match'),
    MISMATCH: l('不匹配（需特别风险警示并确认）', 'Mismatch (needs a special warning and confirmation)'),
    NEVER: l('禁止销售', 'Never'),
  },
  /** why a suitability check came out as it did */
  suitabilityReason: {
    PROFESSIONAL: l('专业投资者，可匹配所有风险等级', 'Professional investor: every risk level matches'),
    ASSESSMENT_MISSING: l('未做有效风险测评，仅可购买 R1 产品', 'No valid risk assessment: only R1 products'),
    ASSESSMENT_EXPIRED: l('风险测评已过期，视为未测评，仅可购买 R1 产品', 'Risk assessment expired (counts as none): only R1 products'),
    LOWEST_CATEGORY: l('风险承受能力最低类别，仅可购买 R1 产品', 'Lowest risk category: only R1 products'),
    PRODUCT_R1: l('R1 产品适合所有投资者', 'R1 products suit every investor'),
    WITHIN_CATEGORY: l('产品风险等级在客户风险承受能力范围内', 'Product risk within the customer’s risk tolerance'),
    ABOVE_CATEGORY: l('产品风险等级高于客户风险承受能力', 'Product risk above the customer’s risk tolerance'),
  },
  /** a customer's risk assessment on a day (适当性管理 → 测评到期) */
  assessmentStatus: {
    NOT_REQUIRED: l('专业投资者无需测评', 'Not required (professional)'),
    VALID: l('有效', 'Valid'),
    EXPIRING: l('即将到期', 'Expiring'),
    EXPIRED: l('已过期', 'Expired'),
    MISSING: l('未测评', 'Not assessed'),
  },

  // ------------------------------------------------------------ orders, trades, flows
  side: { B: l('买入', 'Buy'), S: l('卖出', 'Sell') },
  orderStatus: { FILLED: l('已成', 'Filled'), PARTIAL: l('部成', 'Partly filled'), CANCELLED: l('已撤', 'Cancelled'), REJECTED: l('废单', 'Rejected') },
  /** orders/trades channel (委托渠道) and contact-record channel (接触渠道) */
  channel: {
    COUNTER: l('柜台', 'Counter'),
    PHONE: l('电话', 'Phone'),
    WEB: l('网上', 'Web'),
    MOBILE: l('手机', 'Mobile'),
    API: l('程序化接口', 'API'),
    CALL_CENTER: l('呼叫中心', 'Call centre'),
    VISIT: l('拜访', 'Visit'),
    SMS: l('短信', 'SMS'),
    EMAIL: l('电子邮件', 'E-mail'),
    WECHAT: l('微信', 'WeChat'),
  },
  /** contacts.channel: how a contact record (接触记录) reached the customer (business-rules.md §10) */
  contactChannel: {
    COUNTER: l('柜台', 'Counter'),
    CALL_CENTER: l('呼叫中心', 'Call center'),
    PHONE: l('电话', 'Phone'),
    VISIT: l('拜访', 'Visit'),
    SMS: l('短信', 'SMS'),
    EMAIL: l('电子邮件', 'E-mail'),
    WECHAT: l('微信', 'WeChat'),
    WEB: l('网上', 'Web'),
  },
  /** an entry of a customer's timeline (GET /api/customers/{customerNo}/timeline) */
  /** a call reported by the CTI system (呼叫中心) */
  ctiCallState: { RINGING: l('振铃中', 'Ringing'), ANSWERED: l('通话中', 'In call'), ENDED: l('已挂断', 'Ended') },
  /** the events a CTI system reports for a call */
  ctiEvent: { RINGING: l('振铃', 'Ringing'), ANSWERED: l('接通', 'Answered'), TRANSFERRED: l('转接', 'Transferred'), HANGUP: l('挂机', 'Hang-up') },
  /** what a call came to (通话记录) */
  callOutcome: { ANSWERED: l('已接通', 'Answered'), MISSED: l('未接', 'Missed'), IN_PROGRESS: l('进行中', 'In progress') },
  timelineKind: { CONTACT: l('接触记录', 'Contact'), WORKFLOW: l('流程事件', 'Workflow event'), ALERT: l('预警', 'Alert') },
  /** alerts.rule: the monitoring rule that fired (异常监控, business-rules.md §9) */
  alertRule: {
    LARGE_WITHDRAWAL: l('大额转出', 'Large withdrawal'),
    QUICK_IN_OUT: l('快进快出', 'Quick in and out'),
    FREQUENT_CANCEL: l('频繁撤单', 'Frequent cancelling'),
    MARGIN_WARNING: l('融资融券预警', 'Margin warning'),
    MARGIN_LIQUIDATION: l('融资融券平仓线', 'Margin liquidation line'),
    CHURN_RISK: l('流失风险', 'Churn risk'),
  },
  /** a credit account's maintenance ratio (维持担保比例) against the lines (monitoring: warning, liquidation; margin: withdrawal) */
  marginState: {
    LIQUIDATION: l('低于平仓线', 'Below the liquidation line'),
    WARNING: l('低于预警线', 'Below the warning line'),
    NORMAL: l('正常', 'Normal'),
    WITHDRAWABLE: l('可提取担保物', 'May withdraw collateral'),
    NO_DEBT: l('无负债', 'No debt'),
  },
  /** a condition of the qualified margin pool (两融合格客户池) that a customer fails */
  marginPoolFailing: {
    AVG_ASSET: l('近20个交易日日均资产不足', '20-day average asset too low'),
    TRADING_HISTORY: l('首笔交易时间不足', 'First trade too recent'),
    RISK_LEVEL: l('风险等级不足或测评已过期', 'Risk category too low or assessment expired'),
    STATUS: l('客户状态非正常', 'Customer status not normal'),
    HAS_CREDIT_ACCOUNT: l('已开立信用账户', 'Already has a credit account'),
  },
  /** alerts.status */
  alertStatus: { NEW: l('新预警', 'New'), ACKNOWLEDGED: l('已确认', 'Acknowledged'), CLOSED: l('已关闭', 'Closed') },
  /** what a user did with an alert (POST /api/alerts/{id}/actions) */
  alertAction: { acknowledge: l('确认', 'Acknowledge'), close: l('关闭', 'Close'), note: l('备注', 'Note') },
  /** the churn model's features (流失预警, business-rules.md §7; churn/churn.rules.ts FEATURES) */
  churnFeature: {
    netAssetRatio20: l('净资产较20日前', 'Net asset vs 20 days ago'),
    netAssetRatio5: l('净资产较5日前', 'Net asset vs 5 days ago'),
    netAssetVsAvg20: l('净资产较近20日日均', 'Net asset vs its 20-day average'),
    // a feature of models trained before netAssetVsAvg20 replaced it: their importance still names it
    drawdown20: l('净资产较近20日最高', 'Net asset vs its 20-day high'),
    outflowShare20: l('近20日转出占净资产', 'Transfers out in 20 days, share of net asset'),
    outflowShare5: l('近5日转出占净资产', 'Transfers out in 5 days, share of net asset'),
    netFlowShare20: l('近20日净转入占比', 'Net transfers in over 20 days, share'),
    tradeDays10: l('近10日交易天数', 'Trading days in the last 10'),
    tradeDaysPrev10: l('前10日交易天数', 'Trading days in the 10 before'),
    tradeDaysDrop: l('交易天数较前10日下降', 'Drop in trading days vs the 10 before'),
    volumeRatio10: l('近10日成交额较前10日', 'Volume of the last 10 days vs the 10 before'),
    daysSinceTrade: l('距上次交易', 'Since the last trade'),
    daysSinceContact: l('距上次接触', 'Since the last contact'),
    tenureDays: l('开户时长', 'Since opening'),
    age: l('年龄', 'Age'),
    netAsset: l('净资产', 'Net asset'),
    avgNetAsset20: l('近20日日均净资产', '20-day average net asset'),
    cashShare: l('现金占总资产', 'Cash share of assets'),
    debtShare: l('负债占总资产', 'Debt share of assets'),
    productShare: l('理财产品占比', 'Share in financial products'),
    commission20: l('近20日佣金', 'Commission in 20 days'),
  },
  /** the experience rules of the churn warning (经验模型, business-rules.md §7) */
  churnRule: {
    OUTFLOW: l('资金大额转出', 'Large transfers out'),
    ASSET_DROP: l('资产下降', 'Falling assets'),
    ACTIVITY_DROP: l('交易活跃度下降', 'Falling activity'),
    NO_TRADE: l('长期无交易', 'No recent trade'),
    NO_CONTACT: l('长期未接触', 'No recent contact'),
  },
  /** who scored a churn score: the experience rules until a trained model is active, then the model (churn_scores.model_id) */
  churnScorer: { RULES: l('经验模型（规则）', 'Experience rules'), MODEL: l('决策树模型', 'Decision-tree model') },
  /** a churn score's level: HIGH at or above the threshold, MEDIUM from half of it */
  churnLevel: { HIGH: l('高', 'High'), MEDIUM: l('中', 'Medium'), LOW: l('低', 'Low') },
  /** why no churn model could be trained */
  churnNoModel: {
    NO_TEST_WINDOW: l('导入历史太短，无法留出检验期', 'The imported history is too short for a test period'),
    NO_TRAIN_WINDOW: l('导入历史太短，检验期之前没有可训练的截止日', 'The imported history is too short for a training period before the test period'),
    NO_CHURN: l('训练期或检验期内没有流失客户', 'No customer churned in the training or the test period'),
    NOT_TRAINED: l('尚未训练模型', 'No model has been trained yet'),
  },
  /** the target-customer model's features (目标客户挖掘, issue 13 item 3; products/targets.rules.ts FEATURES) */
  productTargetFeature: {
    riskCategory: l('风险承受能力', 'Risk category'),
    professional: l('专业投资者', 'Professional investor'),
    institution: l('机构客户', 'Institution'),
    netAsset: l('净资产', 'Net asset'),
    netAssetTrend60: l('净资产较60日前', 'Net asset vs 60 days ago'),
    cashShare: l('现金占总资产', 'Cash share of assets'),
    productValue: l('持有金融产品市值', 'Financial products held'),
    sameTypeHeld: l('持有同类产品只数', 'Products of the same type held'),
    sameRiskHeld: l('持有同风险等级产品只数', 'Products of the same risk level held'),
    maxRiskHeld: l('持有产品的最高风险等级', 'Highest risk level held'),
    familyBought365: l('近一年买入同类同风险产品次数', 'Purchases of the family in a year'),
    typeBought365: l('近一年买入同类产品次数', 'Purchases of the type in a year'),
    riskBought365: l('近一年买入同风险等级产品次数', 'Purchases of the risk level in a year'),
    issuerBought365: l('近一年买入同发行机构产品次数', 'Purchases from the issuers in a year'),
    anyBought365: l('近一年买入产品次数', 'Product purchases in a year'),
    daysSincePurchase: l('距上次买入产品', 'Since the last product purchase'),
    daysSinceRiskPurchase: l('距上次买入同风险等级产品', 'Since the last purchase of the risk level'),
    tradeDays60: l('近60日交易天数', 'Trading days in 60 days'),
    volume60: l('近60日成交额', 'Volume in 60 days'),
    tenureDays: l('开户时长', 'Since opening'),
    age: l('年龄', 'Age'),
    margin: l('融资融券账户', 'Margin account'),
    tradeCount60: l('近60日成交笔数', 'Trades in 60 days'),
    stockShare: l('股票市值占总资产', 'Stock share of assets'),
    bankInShare30: l('近30日银证转入占净资产', 'Bank transfers in over 30 days, share of net asset'),
    daysSinceBankIn: l('距上次银证转入', 'Since the last bank transfer in'),
    redeemed365: l('近一年赎回产品次数', 'Product redemptions in a year'),
  },
  /** why a customer ranks among a product's targets (目标客户挖掘) */
  productTargetReason: {
    SAME_TYPE_HELD: l('持有同类产品', 'Holds products of the same type'),
    RISK_BOUGHT_RECENTLY: l('近期买入同风险等级产品', 'Recently bought a product of the risk level'),
    TYPE_BOUGHT: l('近一年买入同类产品', 'Bought the type in the past year'),
    PRODUCT_BUYER: l('近一年买入金融产品', 'Bought financial products in the past year'),
    CASH_SHARE: l('现金占比高', 'High cash share'),
    NET_ASSET: l('净资产较高', 'Large net asset'),
    ASSET_GROWTH: l('资产增长', 'Growing assets'),
    NEW_MONEY: l('近期银证转入', 'Money recently transferred in'),
    ACTIVE_TRADER: l('交易活跃', 'Active trader'),
    PRODUCTS_HELD: l('持有金融产品', 'Holds financial products'),
    MARGIN: l('融资融券客户', 'Margin customer'),
    PROFESSIONAL: l('专业投资者', 'Professional investor'),
  },
  /** which purchases a product family's target model learned from: the family's own, its risk level's, or any */
  productTargetLevel: {
    FAMILY: l('同类同风险产品的买入', 'Purchases of the family (type and risk level)'),
    RISK: l('同风险等级产品的买入', 'Purchases of the risk level'),
    ALL: l('同大类产品（投资产品或投顾服务）的买入', 'Purchases of any product of its kind (investment product or advisory service)'),
  },
  /** why no target model could be trained for a product family */
  productTargetNoModel: {
    NO_HISTORY: l('导入历史太短，无法留出训练期与检验期', 'The imported history is too short for a training and a test period'),
    NO_BUYERS: l('训练期内没有买入产品的客户', 'No customer bought a product in the training period'),
  },
  /** the eight RFM segments (客户价值, business-rules.md §6): R, F, M high or low against the scope's averages */
  rfmSegment: {
    IMPORTANT_VALUE: l('重要价值', 'Important value'),
    IMPORTANT_DEVELOP: l('重要发展', 'Important to develop'),
    IMPORTANT_KEEP: l('重要保持', 'Important to keep'),
    IMPORTANT_RETAIN: l('重要挽留', 'Important to win back'),
    GENERAL_VALUE: l('一般价值', 'General value'),
    GENERAL_DEVELOP: l('一般发展', 'General to develop'),
    GENERAL_KEEP: l('一般保持', 'General to keep'),
    GENERAL_RETAIN: l('一般挽留', 'General to win back'),
  },
  /** R, F or M high or low against the scope's average (客户价值) */
  rfmLevel: { H: l('高', 'High'), L: l('低', 'Low') },
  /** the contribution list's sort (GET /api/intelligence/contribution/customers) */
  contributionSort: {
    contribution: l('客户贡献升序', 'Contribution ascending'),
    '-contribution': l('客户贡献降序', 'Contribution descending'),
    avgNetAsset: l('日均净资产升序', 'Average net asset ascending'),
    '-avgNetAsset': l('日均净资产降序', 'Average net asset descending'),
    netCommission: l('净佣金升序', 'Net commission ascending'),
    '-netCommission': l('净佣金降序', 'Net commission descending'),
  },
  /** the follow-up list's status filter (GET /api/follow-ups) */
  followUpStatus: { open: l('待办', 'Open'), done: l('已完成', 'Done') },
  flowType: {
    BANK_IN: l('银证转入', 'Bank transfer in'),
    BANK_OUT: l('银证转出', 'Bank transfer out'),
    DIVIDEND: l('红利', 'Dividend'),
    INTEREST: l('利息', 'Interest'),
    FEE: l('费用', 'Fee'),
    OTHER: l('其他', 'Other'),
  },
  productTxnType: { SUBSCRIBE: l('认购', 'Subscription'), PURCHASE: l('申购', 'Purchase'), REDEEM: l('赎回', 'Redemption') },

  // ------------------------------------------------------------ organisation and relationships
  staffCategory: {
    BROKER: l('经纪人', 'Broker'),
    ACCOUNT_MANAGER: l('客户经理', 'Account manager'),
    ADVISOR: l('投资顾问', 'Investment advisor'),
    SERVICE: l('客服', 'Service'),
    DISTRIBUTOR: l('分销人员', 'Distributor'),
    MANAGER: l('管理人员', 'Manager'),
  },
  /** staff.level: the codes are the Chinese names themselves */
  staffLevel: { 见习: l('见习', 'Trainee'), 初级: l('初级', 'Junior'), 中级: l('中级', 'Intermediate'), 高级: l('高级', 'Senior'), 资深: l('资深', 'Principal') },
  contractType: { LABOR: l('劳动合同', 'Labour contract'), AGENCY: l('委托代理合同', 'Agency contract') },
  staffStatus: { ACTIVE: l('在职', 'Active'), LEFT: l('离职', 'Left') },
  /** staff_history.field: what a history row records */
  staffField: {
    level: l('级别', 'Level'),
    team_code: l('团队', 'Team'),
    branch_code: l('营业部', 'Branch'),
    category: l('类别', 'Category'),
    contract_type: l('合同类型', 'Contract type'),
    leave_date: l('离职日期', 'Leave date'),
  },
  /** staff_history.source and broker_relationships.source */
  recordSource: { ORG_IMPORT: l('组织架构导入', 'Organisation import'), WORKFLOW: l('审批流程', 'Approval flow'), STAFF_MANAGE: l('人员管理', 'Staff management') },
  relationshipKind: { DEVELOP: l('开发关系', 'Development'), SERVICE: l('服务关系', 'Service') },
  /** the relationship query's status filter, relative to today */
  relationshipState: { current: l('当前有效', 'Current'), ended: l('已结束', 'Ended'), upcoming: l('未生效', 'Not yet effective') },
  appointmentStatus: {
    PENDING: l('审批中', 'In approval'),
    APPROVED: l('已通过（待开户）', 'Approved (awaiting account)'),
    MATCHED: l('已开户', 'Opened'),
    UNUSABLE: l('不可用', 'Unusable'),
    VOID: l('已作废', 'Void'),
    REJECTED: l('已驳回', 'Rejected'),
  },

  // ------------------------------------------------------------ access
  role: {
    ADMIN: l('系统管理员', 'Administrator'),
    HQ: l('总部', 'Head office'),
    COMPLIANCE: l('合规', 'Compliance'),
    BRANCH_MANAGER: l('营业部负责人', 'Branch manager'),
    TEAM_LEAD: l('团队长', 'Team lead'),
    BROKER: l('经纪人', 'Broker'),
    SERVICE: l('客服专员', 'Service staff'),
  },
  permission: {
    customers: l('客户查询', 'Customers'),
    reports: l('报表统计', 'Reports'),
    workflows: l('协同工作', 'Workflows'),
    pii: l('查看个人信息', 'Personal information'),
    audit: l('审计日志', 'Audit log'),
    users: l('用户管理', 'Users'),
    settings: l('系统设置', 'Settings'),
    'imports.view': l('查看导入记录', 'View import runs'),
    'imports.run': l('执行数据导入', 'Run imports'),
    'payroll.view': l('查看薪酬', 'View payroll'),
    'payroll.export': l('导出薪酬', 'Export payroll'),
    'payroll.compute': l('计算薪酬', 'Compute payroll'),
    'payroll.lock': l('锁定薪酬月份', 'Lock payroll months'),
    'payroll.adjust': l('薪酬调整', 'Payroll adjustments'),
    'payroll.templates': l('薪酬模板', 'Payroll templates'),
    'staff.manage': l('人员管理', 'Staff management'),
    'workflows.configure': l('流程配置', 'Workflow configuration'),
    calendar: l('交易日历', 'Trading calendar'),
    'contacts.write': l('记录接触', 'Record contacts'),
    'alerts.act': l('处理预警', 'Act on alerts'),
    'groups.write': l('维护客户群', 'Manage customer groups'),
    'churn.train': l('训练流失模型', 'Train the churn model'),
    'products.manage': l('维护产品营销信息', 'Manage product marketing data'),
    'suitability.confirm': l('登记适当性风险警示确认', 'Record suitability warning confirmations'),
    outreach: l('营销活动', 'Campaigns'),
    'training.manage': l('培训考试管理', 'Manage training and exams'),
    callcenter: l('呼叫中心坐席', 'Call-center agent'),
  },
  scopeLevel: { ALL: l('全公司', 'Whole firm'), BRANCH: l('本营业部', 'My branch'), TEAM: l('本团队', 'My team'), SELF: l('本人客户', 'My customers') },

  // ------------------------------------------------------------ labels and customer groups (客户标签, 客户群)
  /** the groups of the label catalogue (GET /api/labels) */
  labelGroup: {
    profile: l('客户属性', 'Profile'),
    assets: l('资产', 'Assets'),
    behaviour: l('交易行为', 'Behaviour'),
    holdings: l('持仓', 'Holdings'),
    value: l('客户价值', 'Value'),
    lifecycle: l('生命周期与流失', 'Lifecycle and churn'),
    service: l('关系与服务', 'Relationships and service'),
  },
  /** the value type of a label */
  labelType: { enum: l('枚举', 'Choice'), number: l('数值', 'Number'), money: l('金额', 'Amount'), boolean: l('是/否', 'Yes/no'), date: l('日期', 'Date') },
  /** the operators of a customer-group filter */
  filterOp: {
    '=': l('等于', 'equals'),
    '!=': l('不等于', 'does not equal'),
    '>': l('大于', 'greater than'),
    '>=': l('大于等于', 'at least'),
    '<': l('小于', 'less than'),
    '<=': l('小于等于', 'at most'),
    in: l('属于', 'is one of'),
    between: l('介于', 'between'),
  },
  labelAgeBand: {
    AGE_LT25: l('25岁以下', 'Under 25'),
    AGE_25_34: l('25–34岁', '25–34'),
    AGE_35_44: l('35–44岁', '35–44'),
    AGE_45_54: l('45–54岁', '45–54'),
    AGE_55_64: l('55–64岁', '55–64'),
    AGE_GE65: l('65岁及以上', '65 and over'),
  },
  labelTenureBand: {
    TEN_LT1: l('不满1年', 'Under 1 year'),
    TEN_1_3: l('1–3年', '1–3 years'),
    TEN_3_5: l('3–5年', '3–5 years'),
    TEN_5_10: l('5–10年', '5–10 years'),
    TEN_GE10: l('10年及以上', '10 years and more'),
  },
  labelAssetLevel: {
    AL_LT10K: l('1万以下', 'Under 10k'),
    AL_10K_50K: l('1万–5万', '10k–50k'),
    AL_50K_100K: l('5万–10万', '50k–100k'),
    AL_100K_500K: l('10万–50万', '100k–500k'),
    AL_500K_1M: l('50万–100万', '500k–1m'),
    AL_1M_5M: l('100万–500万', '1m–5m'),
    AL_5M_10M: l('500万–1000万', '5m–10m'),
    AL_GE10M: l('1000万及以上', '10m and more'),
  },
  labelAssetTrend: {
    UP_STRONG: l('大幅上升（≥20%）', 'Rising strongly (≥ 20 %)'),
    UP: l('上升（5%–20%）', 'Rising (5–20 %)'),
    FLAT: l('平稳（±5%以内）', 'Flat (within 5 %)'),
    DOWN: l('下降（5%–20%）', 'Falling (5–20 %)'),
    DOWN_STRONG: l('大幅下降（≥20%）', 'Falling strongly (≥ 20 %)'),
  },
  labelTradingFrequency: {
    NONE: l('无交易', 'None'),
    LOW: l('低频（1–3天）', 'Low (1–3 days)'),
    MEDIUM: l('中频（4–9天）', 'Medium (4–9 days)'),
    HIGH: l('高频（10–15天）', 'High (10–15 days)'),
    VERY_HIGH: l('极高频（16天及以上）', 'Very high (16 days or more)'),
  },
  labelAssetClass: {
    CASH: l('现金', 'Cash'),
    STOCK: l('股票', 'Stocks'),
    FUND: l('场内基金', 'Funds'),
    BOND: l('债券', 'Bonds'),
    OTHER: l('其他', 'Other'),
    PRODUCT: l('金融产品', 'Products'),
  },
  labelConcentration: {
    NONE: l('无持仓', 'No positions'),
    SINGLE: l('单一持仓', 'Single position'),
    CONCENTRATED: l('集中（最大持仓≥50%）', 'Concentrated (largest ≥ 50 %)'),
    BALANCED: l('均衡', 'Balanced'),
    DIVERSIFIED: l('分散（≥10只且最大<20%）', 'Diversified (10+ and largest < 20 %)'),
  },
  /** 客户贡献段 (labels.catalogue.ts contribution_band): the 250-day contribution rounded to the fen, lowest first */
  labelContributionBand: {
    CB_NEGATIVE: l('负贡献', 'Negative'),
    CB_LT1K: l('0–1千', '0–1k'),
    CB_1K_10K: l('1千–1万', '1k–10k'),
    CB_10K_100K: l('1万–10万', '10k–100k'),
    CB_GE100K: l('10万及以上', '100k and more'),
  },
  labelRelationshipType: {
    NONE: l('无经纪关系', 'None'),
    DEVELOP: l('单人开发', 'One developer'),
    SPLIT: l('多人分成', 'Split between developers'),
    DEVELOP_SERVICE: l('开发并服务', 'Developer and service staff'),
    SERVICE_ONLY: l('仅服务关系', 'Service staff only'),
  },

  // ------------------------------------------------------------ imports, payroll
  importKind: { EXTRACT: l('日终数据', 'End-of-day extract'), ORG: l('组织架构', 'Organisation') },
  importStatus: { RUNNING: l('进行中', 'Running'), SUCCEEDED: l('成功', 'Succeeded'), FAILED: l('失败', 'Failed') },
  payrollMonthStatus: { OPEN: l('未锁定', 'Open'), LOCKED: l('已锁定', 'Locked') },
  adjustmentKind: {
    COMPLIANCE_DEDUCTION: l('合规扣款', 'Compliance deduction'),
    PRODUCT_SALES_COMMISSION: l('金融产品销售提成', 'Product sales commission'),
    ATTENDANCE_DEDUCTION: l('考勤扣款', 'Attendance deduction'),
    EARLY_PROMOTION_BONUS: l('提前晋级奖', 'Early promotion bonus'),
    OTHER_REWARD: l('其他奖励', 'Other reward'),
    WELFARE: l('福利费', 'Welfare'),
  },

  // ------------------------------------------------------------ workflows (协同工作)
  workflowType: {
    APPOINTMENT_OPEN: l('预约客户开户', 'Appointment opening'),
    APPOINTMENT_VOID: l('预约作废', 'Appointment void'),
    NON_APPOINTMENT_OPEN: l('非预约客户开户', 'Non-appointment opening'),
    RELATIONSHIP_ADD: l('对应关系增加', 'Add relationship'),
    RELATIONSHIP_CHANGE: l('对应关系变更', 'Change relationship'),
    RELATIONSHIP_REVOKE: l('对应关系撤销', 'Revoke relationship'),
    STAFF_LEVEL_CHANGE: l('级别变动', 'Staff level change'),
    STAFF_TEAM_CHANGE: l('团队变动', 'Staff team change'),
    CAMPAIGN: l('营销活动审批', 'Campaign approval'),
    CONTENT_PUBLISH: l('服务内容发布审核', 'Content publication review'),
  },
  workflowStatus: {
    PENDING: l('审批中', 'In approval'),
    RETURNED: l('已退回', 'Returned'),
    APPROVED: l('已通过', 'Approved'),
    REJECTED: l('已驳回', 'Rejected'),
    WITHDRAWN: l('已撤回', 'Withdrawn'),
  },
  stepStatus: {
    WAITING: l('未开始', 'Not reached'),
    PENDING: l('待审批', 'Waiting'),
    APPROVED: l('同意', 'Approved'),
    REJECTED: l('驳回', 'Rejected'),
    RETURNED: l('退回修改', 'Returned for changes'),
    CANCELLED: l('已取消', 'Cancelled'),
    SKIPPED: l('已跳过', 'Skipped'),
  },
  /** workflow_history.event; the actions a caller takes are the same words */
  workflowEvent: {
    submit: l('发起', 'Submitted'),
    approve: l('同意', 'Approved'),
    reject: l('驳回', 'Rejected'),
    return: l('退回修改', 'Returned for changes'),
    withdraw: l('撤回', 'Withdrawn'),
    resubmit: l('重新提交', 'Resubmitted'),
    skip: l('跳过', 'Skipped'),
    applied: l('业务生效', 'Change applied'),
  },
  workflowView: { todo: l('我的待办', 'My to-dos'), started: l('我发起的', 'Started by me'), participated: l('我参与的', 'Participated in'), monitor: l('工作流监控', 'Monitoring') },

  // ------------------------------------------------------------ outreach (营销活动, business-rules.md §10)
  /** outreach_templates.channel, campaigns.channel, outreach_opt_outs.channel */
  outreachChannel: { SMS: l('短信', 'SMS'), EMAIL: l('电子邮件', 'E-mail') },
  /** campaigns.source: where a campaign's audience comes from */
  campaignSource: {
    GROUP: l('客户群', 'Customer group'),
    PRODUCT_TARGETS: l('产品目标客户', 'Product target customers'),
    MARGIN_POOL: l('两融合格客户池', 'Qualified margin pool'),
    SERVICE_PUSH: l('资讯推送通知', 'Notice of a content push'),
  },
  /** campaigns.status */
  campaignStatus: {
    PENDING_APPROVAL: l('审批中', 'In approval'),
    APPROVED: l('已批准待发送', 'Approved, waiting to send'),
    SENDING: l('发送中', 'Sending'),
    DONE: l('已完成', 'Done'),
    REJECTED: l('已驳回', 'Rejected'),
    WITHDRAWN: l('已撤回', 'Withdrawn'),
    CANCELLED: l('已撤销', 'Cancelled'),
  },
  /** campaign_messages.status: one message per campaign and customer */
  campaignMessageStatus: {
    PLANNED: l('待审批发送', 'Planned'),
    QUEUED: l('排队中', 'Queued'),
    SENDING: l('发送中', 'Sending'),
    SENT: l('已发送', 'Sent'),
    DELIVERED: l('已送达', 'Delivered'),
    FAILED: l('发送失败', 'Failed'),
    SKIPPED_OPT_OUT: l('已退订，跳过', 'Skipped: opted out'),
    SKIPPED_CAP: l('超出频次上限，跳过', 'Skipped: frequency cap'),
    SKIPPED_SUITABILITY: l('适当性不匹配，跳过', 'Skipped: not suitable'),
    SKIPPED_NO_ADDRESS: l('无手机号或邮箱，跳过', 'Skipped: no address'),
    CANCELLED: l('活动已撤销，未发送', 'Cancelled: not sent'),
  },
  /** outreach_opt_outs.source: how a customer opted out (退订) */
  optOutSource: { UNSUBSCRIBE_LINK: l('邮件退订链接', 'Unsubscribe link'), SMS_REPLY: l('短信回复退订', 'SMS reply'), STAFF: l('员工登记', 'Recorded by staff') },
  /** sms_gateway_messages.direction: what the embedded SMS gateway was sent, or a customer's reply to it */
  smsDirection: { OUT: l('发出', 'Sent'), REPLY: l('客户回复', 'Customer reply') },
  /** sms_gateway_messages.report_status: the gateway's delivery report */
  smsReportStatus: { DELIVERED: l('已送达', 'Delivered'), FAILED: l('发送失败', 'Failed') },
  /** the variables of a message template ({{customerName}} …) */
  templateVariable: {
    customerName: l('客户姓名', 'Customer name'),
    staffName: l('服务人员姓名', 'Staff name'),
    staffMobile: l('服务人员手机', 'Staff mobile'),
    productName: l('产品名称', 'Product name'),
    productRisk: l('产品风险等级', 'Product risk level'),
    netAsset: l('客户净资产', 'Net asset'),
    branchName: l('营业部名称', 'Branch name'),
  },

  // ------------------------------------------------------------ service management (服务管理, business-rules.md §10)
  /** service_products.kind */
  serviceProductKind: { ADVISORY: l('投资顾问', 'Advisory'), INFORMATION: l('资讯服务', 'Information') },
  /** service_products.status */
  serviceProductStatus: { ACTIVE: l('在售', 'Active'), SUSPENDED: l('暂停订阅', 'Suspended'), CLOSED: l('已停止', 'Closed') },
  /** service_content.kind (服务产品加工) */
  contentKind: { ARTICLE: l('文章', 'Article'), RESEARCH: l('研究报告', 'Research note'), SIGNAL: l('投资信号', 'Signal'), NEWS: l('资讯', 'Information') },
  /** service_content.category */
  contentCategory: {
    MACRO: l('宏观', 'Macro'), STRATEGY: l('策略', 'Strategy'), INDUSTRY: l('行业', 'Industry'),
    STOCK: l('个股', 'Stocks'), FUND: l('基金', 'Funds'), BOND: l('债券', 'Bonds'),
  },
  /** service_content.status */
  contentStatus: { DRAFT: l('草稿', 'Draft'), IN_REVIEW: l('审核中', 'In review'), PUBLISHED: l('已发布', 'Published'), REJECTED: l('未通过', 'Not approved') },
  /** service_subscriptions.suitability */
  subscriptionSuitability: { MATCH: l('匹配', 'Match'), MISMATCH: l('不匹配（已警示并确认）', 'Mismatch (warned and confirmed)') },
  /** service_push_recipients.status */
  pushRecipientStatus: { DELIVERED: l('已送达', 'Delivered'), SKIPPED_SUITABILITY: l('适当性不匹配，未推送', 'Skipped: suitability') },

  // ------------------------------------------------------------ training and exams (培训考试, business-rules.md §10)
  /** training_courses.category */
  courseCategory: { COMPLIANCE: l('合规培训', 'Compliance'), PRODUCT: l('产品知识', 'Product knowledge'), SKILL: l('业务技能', 'Sales skills'), SYSTEM: l('系统操作', 'Systems') },
  /** training_questions.kind (题型) */
  questionKind: { SINGLE: l('单选题', 'Single choice'), MULTIPLE: l('多选题', 'Multiple choice'), TRUE_FALSE: l('判断题', 'True/false') },
  /** training_attempts.status */
  attemptStatus: { IN_PROGRESS: l('答题中', 'In progress'), SUBMITTED: l('已交卷', 'Submitted'), EXPIRED: l('超时未交卷', 'Timed out') },
  /** a candidate's state of one exam (我的考试) */
  examState: {
    NOT_OPEN: l('未开始', 'Not open yet'),
    OPEN: l('可参加', 'Open'),
    IN_PROGRESS: l('答题中', 'In progress'),
    PASSED: l('已通过', 'Passed'),
    FAILED: l('未通过', 'Not passed'),
    NO_ATTEMPTS_LEFT: l('次数已用完', 'No attempts left'),
    CLOSED: l('已结束', 'Closed'),
  },
  /** a staff member's state of one mandatory course */
  courseCompletion: { DONE: l('已完成', 'Completed'), PENDING: l('未完成', 'Not completed'), OVERDUE: l('已逾期', 'Overdue') },

  // ------------------------------------------------------------ system
  /** the first start's stages (GET /api/health while the demo is built) */
  startupStage: {
    PREPARING: l('准备中', 'Preparing'),
    GENERATING: l('生成演示数据', 'Generating demo data'),
    IMPORTING: l('导入日终数据', 'Importing extracts'),
    ORG: l('导入组织架构', 'Importing organisation'),
    LOGINS: l('创建演示账号', 'Creating demo logins'),
    READY: l('就绪', 'Ready'),
  },
  /** where a closed weekday of the trading calendar comes from */
  calendarSource: { SHIPPED: l('内置节假日表', 'Shipped holiday list'), ADMIN: l('管理员设置', 'Set by an administrator') },

  // ------------------------------------------------------------ list views and report parameters
  listView: { current: l('当前', 'Current'), history: l('历史', 'History') },
  yesNo: { yes: l('是', 'Yes'), no: l('否', 'No'), true: l('是', 'Yes'), false: l('否', 'No') },
  /** a staff member's flows tab */
  flowKind: { fund: l('资金流水', 'Fund flows'), order: l('委托流水', 'Orders'), trade: l('成交流水', 'Trades') },
  reportGroupBy: { branch: l('按营业部', 'By branch'), account: l('按结算账号', 'By fund account') },
  rankingMeasure: { volume: l('交易量', 'Volume'), commission: l('毛佣金', 'Gross commission'), netCommission: l('净佣金', 'Net commission') },
  customerSort: {
    customerNo: l('客户号升序', 'Customer no. ascending'),
    '-customerNo': l('客户号降序', 'Customer no. descending'),
    name: l('姓名升序', 'Name ascending'),
    '-name': l('姓名降序', 'Name descending'),
    openDate: l('开户日期升序', 'Open date ascending'),
    '-openDate': l('开户日期降序', 'Open date descending'),
    totalAsset: l('总资产升序', 'Total asset ascending'),
    '-totalAsset': l('总资产降序', 'Total asset descending'),
    netAsset: l('净资产升序', 'Net asset ascending'),
    '-netAsset': l('净资产降序', 'Net asset descending'),
  },
  /** the order of the lifecycle lists (级别和分类, 睡眠 / 潜在流失 / 流失客户) */
  lifecycleSort: {
    '-netAsset': l('净资产降序', 'Net asset descending'),
    netAsset: l('净资产升序', 'Net asset ascending'),
    '-churnScore': l('流失评分降序', 'Churn score descending'),
    lastTradeDate: l('最近交易日升序', 'Last trade ascending'),
    '-lastTradeDate': l('最近交易日降序', 'Last trade descending'),
    customerNo: l('客户号升序', 'Customer no. ascending'),
  },

  // ------------------------------------------------------------ KYC (客户信息完善, issue 14 item 3; migration 0040)
  /** customer_kyc.occupation (职业) */
  kycOccupation: {
    CIVIL_SERVANT: l('公务员/事业单位人员', 'Civil servant'),
    PROFESSIONAL: l('专业技术人员', 'Professional'),
    MANAGER: l('企业管理人员', 'Manager'),
    CLERK: l('办事人员', 'Office staff'),
    WORKER: l('生产及服务人员', 'Production or service worker'),
    SELF_EMPLOYED: l('个体工商户/私营业主', 'Self-employed or business owner'),
    FREELANCER: l('自由职业者', 'Freelancer'),
    FARMER: l('农林牧渔人员', 'Farmer'),
    STUDENT: l('学生', 'Student'),
    RETIRED: l('离退休人员', 'Retired'),
    MILITARY: l('军人', 'Military'),
    UNEMPLOYED: l('无业', 'Not employed'),
    OTHER: l('其他', 'Other'),
  },
  /** customer_kyc.industry (所属行业) */
  kycIndustry: {
    FINANCE: l('金融业', 'Finance'),
    IT: l('信息技术', 'Information technology'),
    MANUFACTURING: l('制造业', 'Manufacturing'),
    TRADE: l('批发零售', 'Wholesale and retail'),
    REAL_ESTATE: l('房地产', 'Real estate'),
    CONSTRUCTION: l('建筑业', 'Construction'),
    ENERGY: l('能源', 'Energy'),
    HEALTH: l('医疗卫生', 'Health care'),
    EDUCATION: l('教育', 'Education'),
    GOVERNMENT: l('党政机关', 'Government'),
    AGRICULTURE: l('农林牧渔', 'Agriculture'),
    SERVICES: l('服务业', 'Services'),
    OTHER: l('其他', 'Other'),
  },
  /** customer_kyc.education (学历) */
  kycEducation: {
    DOCTORATE: l('博士', 'Doctorate'),
    MASTER: l('硕士', 'Master'),
    BACHELOR: l('本科', 'Bachelor'),
    COLLEGE: l('大专', 'College'),
    HIGH_SCHOOL: l('高中/中专', 'High school'),
    BELOW: l('初中及以下', 'Below high school'),
  },
  /** customer_kyc.income_band (年收入; an institution's annual revenue) */
  kycIncomeBand: {
    BELOW_100K: l('10万元以下', 'Below 100,000'),
    '100K_300K': l('10万–30万元', '100,000–300,000'),
    '300K_500K': l('30万–50万元', '300,000–500,000'),
    '500K_1M': l('50万–100万元', '500,000–1,000,000'),
    ABOVE_1M: l('100万元以上', 'Above 1,000,000'),
  },
  /** customer_kyc.asset_band (金融资产) */
  kycAssetBand: {
    BELOW_500K: l('50万元以下', 'Below 500,000'),
    '500K_3M': l('50万–300万元', '500,000–3,000,000'),
    '3M_5M': l('300万–500万元', '3,000,000–5,000,000'),
    '5M_10M': l('500万–1000万元', '5,000,000–10,000,000'),
    ABOVE_10M: l('1000万元以上', 'Above 10,000,000'),
  },
  /** customer_kyc.fund_source (资金来源) */
  kycFundSource: {
    SALARY: l('工资薪金', 'Salary'),
    BUSINESS: l('经营所得', 'Business income'),
    INVESTMENT: l('投资收益', 'Investment income'),
    INHERITANCE: l('继承或赠与', 'Inheritance or gift'),
    PROPERTY_SALE: l('房产等资产出售', 'Sale of property'),
    OPERATING: l('机构自有资金', 'Own funds of the institution'),
    OTHER: l('其他', 'Other'),
  },
  /** the product classes of customer_kyc.experience (投资经验) */
  kycProductClass: {
    STOCK: l('股票', 'Stocks'),
    FUND: l('基金', 'Funds'),
    BOND: l('债券', 'Bonds'),
    DERIVATIVE: l('期货期权等衍生品', 'Futures, options and other derivatives'),
    ASSET_MGMT: l('资管计划/私募', 'Asset management and private funds'),
  },
  /** customer_kyc.investment_goal (投资目标) */
  kycGoal: {
    PRESERVATION: l('保本保值', 'Capital preservation'),
    INCOME: l('稳定收益', 'Steady income'),
    BALANCED: l('稳健增值', 'Balanced growth'),
    GROWTH: l('较高收益', 'Growth'),
    SPECULATION: l('高收益高风险', 'High return, high risk'),
  },
  /** customer_kyc.investment_horizon (投资期限) */
  kycHorizon: { UNDER_1Y: l('1年以内', 'Under 1 year'), '1Y_3Y': l('1–3年', '1–3 years'), '3Y_5Y': l('3–5年', '3–5 years'), OVER_5Y: l('5年以上', 'Over 5 years') },
  /** customer_households.relation and customer_kyc.emergency_relation (与客户关系) */
  kycRelation: {
    SPOUSE: l('配偶', 'Spouse'),
    PARENT: l('父母', 'Parent'),
    CHILD: l('子女', 'Child'),
    SIBLING: l('兄弟姐妹', 'Sibling'),
    RELATIVE: l('其他亲属', 'Other relative'),
    FRIEND: l('朋友', 'Friend'),
    COLLEAGUE: l('同事', 'Colleague'),
    OTHER: l('其他', 'Other'),
  },
  /** customer_related_accounts.relation (关联关系) */
  kycAccountRelation: {
    SAME_PERSON: l('同一客户多个账户', 'Same person, another account'),
    HOUSEHOLD: l('家庭成员账户', 'Household member’s account'),
    ACTUAL_CONTROLLER: l('实际控制人账户', 'Account of the actual controller'),
    CONTROLLED: l('受其控制的账户', 'Account it controls'),
    AGENT: l('代理人账户', 'Agent’s account'),
    GUARANTOR: l('担保人账户', 'Guarantor’s account'),
    PRODUCT_MANAGER: l('产品管理人账户', 'Product manager’s account'),
    OTHER: l('其他关联', 'Other relation'),
  },
  /** what is wrong with a resident ID number (证件号码校验, GB 11643; shared/identity.ts residentIdProblem) */
  idNoProblem: {
    FORMAT: l('证件号码格式错误（应为 17 位数字加 1 位数字或 X）', 'Malformed (17 digits and a digit or X)'),
    REGION: l('证件号码的地区码无效', 'No such region code'),
    BIRTH_DATE: l('证件号码中的出生日期无效', 'The birth date in the number is not a real date'),
    CHECK_DIGIT: l('证件号码校验位错误', 'Wrong check digit'),
    LEGACY_15: l('15 位旧证件号码已停用，请更新为 18 位', 'An old 15-digit number, no longer valid: update to 18 digits'),
  },
  /** the fields of the customer information form: completeness (missing fields) and the change history */
  kycField: {
    name: l('姓名/名称', 'Name'),
    idNo: l('证件号码', 'ID number'),
    birthDate: l('出生日期', 'Date of birth'),
    mobile: l('手机号', 'Mobile'),
    email: l('电子邮箱', 'E-mail'),
    address: l('联系地址', 'Address'),
    altMobile: l('备用手机号', 'Alternate mobile'),
    altEmail: l('备用邮箱', 'Alternate e-mail'),
    altAddress: l('备用地址', 'Alternate address'),
    occupation: l('职业', 'Occupation'),
    employer: l('工作单位', 'Employer'),
    industry: l('所属行业', 'Industry'),
    education: l('学历', 'Education'),
    incomeBand: l('年收入', 'Annual income'),
    assetBand: l('金融资产', 'Financial assets'),
    fundSource: l('资金来源', 'Source of funds'),
    experience: l('投资经验', 'Investment experience'),
    investmentGoal: l('投资目标', 'Investment goal'),
    investmentHorizon: l('投资期限', 'Investment horizon'),
    riskAssessment: l('风险测评', 'Risk assessment'),
    emergencyContact: l('紧急联系人', 'Emergency contact'),
    emergencyName: l('紧急联系人姓名', 'Emergency contact name'),
    emergencyRelation: l('紧急联系人关系', 'Emergency contact relation'),
    emergencyMobile: l('紧急联系人电话', 'Emergency contact mobile'),
    controller: l('实际控制人', 'Actual controller'),
    beneficialOwner: l('受益所有人', 'Beneficial owner'),
    household: l('家庭成员', 'Household'),
    relatedAccounts: l('关联账户', 'Related accounts'),
  },
  /** the completeness bands of 信息待完善 (score in %) */
  kycScoreBand: { LOW: l('60%以下', 'Below 60%'), MEDIUM: l('60%–79%', '60%–79%'), HIGH: l('80%–99%', '80%–99%'), COMPLETE: l('100%', '100%') },
  /** the orders of 信息待完善 */
  kycSort: { score: l('完善度升序', 'Completeness ascending'), '-score': l('完善度降序', 'Completeness descending'), customerNo: l('客户号升序', 'Customer no. ascending') },

  // ------------------------------------------------------------ audit log (审计日志)
  auditAction: {
    'auth.login': l('登录', 'Signed in'),
    'auth.login_failed': l('登录失败', 'Sign-in failed'),
    'auth.login_throttled': l('登录被限流', 'Sign-in throttled'),
    'auth.logout': l('退出登录', 'Signed out'),
    'auth.token_created': l('创建 API 令牌', 'API token created'),
    'auth.token_revoked': l('吊销 API 令牌', 'API token revoked'),
    'auth.password_changed': l('修改密码', 'Password changed'),
    'auth.password_change_failed': l('修改密码失败', 'Password change failed'),
    'calendar.changed': l('修改交易日历', 'Trading calendar changed'),
    'calendar.reset': l('重置交易日历', 'Trading calendar reset'),
    'user.created': l('新建用户', 'User created'),
    'user.updated': l('修改用户', 'User changed'),
    'user.disabled': l('停用用户', 'User disabled'),
    'user.enabled': l('启用用户', 'User enabled'),
    'user.password_reset': l('重置密码', 'Password reset'),
    'settings.updated': l('修改系统设置', 'Settings changed'),
    'customer.view_pii': l('查看客户个人信息', 'Customer personal information viewed'),
    'appointment.view_pii': l('查看预约个人信息', 'Appointment personal information viewed'),
    'workflow.view_pii': l('查看流程个人信息', 'Workflow personal information viewed'),
    'customer.export': l('导出客户列表', 'Customer list exported'),
    'staff.view_pii': l('查看员工个人信息', 'Staff personal information viewed'),
    'staff.created': l('新增员工', 'Staff member added'),
    'staff.updated': l('修改员工信息', 'Staff member changed'),
    'report.export': l('导出报表', 'Report exported'),
    'extract.import': l('导入日终数据', 'Extract imported'),
    'extract.reimport': l('重新导入日终数据', 'Extract re-imported'),
    'extract.remove_day': l('删除交易日数据', 'Trading day removed'),
    'audit.view_pii': l('查看审计日志中的个人信息', 'Personal information in the audit log viewed'),
    'org.import': l('导入组织架构', 'Organisation imported'),
    'relationship.added': l('新增经纪关系', 'Relationship added'),
    'relationship.changed': l('变更经纪关系', 'Relationship changed'),
    'relationship.revoked': l('撤销经纪关系', 'Relationship revoked'),
    'appointment.approved': l('预约开户通过', 'Appointment approved'),
    'appointment.matched': l('预约匹配开户', 'Appointment matched'),
    'appointment.voided': l('预约作废', 'Appointment voided'),
    'workflow.started': l('发起流程', 'Workflow started'),
    'workflow.approve': l('流程同意', 'Workflow approved'),
    'workflow.reject': l('流程驳回', 'Workflow rejected'),
    'workflow.return': l('流程退回', 'Workflow returned'),
    'workflow.withdraw': l('流程撤回', 'Workflow withdrawn'),
    'workflow.resubmit': l('流程重新提交', 'Workflow resubmitted'),
    'workflow.definition_changed': l('修改流程定义', 'Workflow definition changed'),
    'payroll.compute': l('计算工资', 'Payroll computed'),
    'payroll.recompute': l('重新计算工资', 'Payroll recomputed'),
    'payroll.lock': l('锁定工资', 'Payroll locked'),
    'payroll.export': l('导出工资单', 'Payslips exported'),
    'payroll.adjustment.create': l('新增薪酬调整', 'Adjustment added'),
    'payroll.adjustment.update': l('修改薪酬调整', 'Adjustment changed'),
    'payroll.adjustment.delete': l('删除薪酬调整', 'Adjustment deleted'),
    'payroll.template.create': l('新增提成模板', 'Commission template added'),
    'payroll.template.update': l('修改提成模板', 'Commission template changed'),
    'contact.create': l('新增接触记录', 'Contact recorded'),
    'alert.acknowledge': l('确认预警', 'Alert acknowledged'),
    'alert.close': l('关闭预警', 'Alert closed'),
    'alert.note': l('预警备注', 'Alert note added'),
    'group.create': l('新建客户群', 'Customer group saved'),
    'group.update': l('修改客户群', 'Customer group changed'),
    'group.delete': l('删除客户群', 'Customer group deleted'),
    'churn.train': l('训练流失模型', 'Churn model trained'),
    'product.update': l('修改产品营销信息', 'Product marketing data changed'),
    'suitability.confirm': l('登记适当性风险警示确认', 'Suitability warning confirmation recorded'),
    'outreach.template_create': l('新建短信邮件模板', 'Message template added'),
    'outreach.template_update': l('修改短信邮件模板', 'Message template changed'),
    'outreach.template_delete': l('删除短信邮件模板', 'Message template deleted'),
    'outreach.campaign_planned': l('营销活动规划受众', 'Campaign audience planned'),
    'outreach.campaign_queued': l('营销活动排队发送', 'Campaign queued for sending'),
    'outreach.campaign_closed': l('营销活动终止', 'Campaign closed'),
    'outreach.campaign_cancelled': l('撤销营销活动', 'Campaign cancelled'),
    'training.course_create': l('新建培训课程', 'Course added'),
    'training.course_update': l('修改培训课程', 'Course changed'),
    'training.bank_create': l('新建题库', 'Question bank added'),
    'training.bank_import': l('导入题库试题', 'Questions imported'),
    'training.question_create': l('新增试题', 'Question added'),
    'training.question_update': l('修改试题', 'Question changed'),
    'training.question_delete': l('删除试题', 'Question deleted'),
    'training.exam_create': l('新建考试', 'Exam added'),
    'training.exam_update': l('修改考试', 'Exam changed'),
    'training.exam_delete': l('删除考试', 'Exam deleted'),
    'training.exam_archive': l('归档考试', 'Exam archived'),
    'training.exam_restore': l('恢复考试', 'Exam restored'),
    'training.course_delete': l('删除培训课程', 'Course deleted'),
    'training.course_archive': l('归档培训课程', 'Course archived'),
    'training.course_restore': l('恢复培训课程', 'Course restored'),
    'training.material_upload': l('上传课程资料', 'Course document uploaded'),
    'training.material_delete': l('删除课程资料', 'Course document deleted'),
    'training.attempt_start': l('开始考试', 'Exam started'),
    'training.attempt_submit': l('考试交卷', 'Exam submitted'),
    'training.report_export': l('导出培训考试报表', 'Training report exported'),
    'callcenter.agent_add': l('设置坐席分机号', 'Agent extension assigned'),
    'callcenter.agent_remove': l('移除坐席分机号', 'Agent extension removed'),
    'callcenter.call_record': l('记录来电', 'Call recorded'),
    'callcenter.prospect_create': l('登记来电潜客', 'Caller noted as prospect'),
    'callcenter.token_view': l('查看 CTI 令牌', 'CTI token viewed'),
    'cti_prospect.view_pii': l('查看来电潜客个人信息', 'Caller prospect personal information viewed'),
    'kyc.update': l('修改客户信息表', 'Customer information form changed'),
    'service.product_create': l('新建服务产品', 'Service product added'),
    'service.product_update': l('修改服务产品', 'Service product changed'),
    'service.staff_set': l('设置服务人员', 'Service staff set'),
    'service.subscribe': l('登记服务订阅', 'Subscription recorded'),
    'service.unsubscribe': l('退订服务产品', 'Subscription ended'),
    'service.relationship_add': l('新增服务关系', 'Service relationship added'),
    'service.relationship_end': l('结束服务关系', 'Service relationship ended'),
    'service.content_create': l('新建服务内容', 'Content written'),
    'service.content_update': l('修改服务内容', 'Content changed'),
    'service.content_publish': l('发布服务内容', 'Content published'),
    'service.content_reject': l('服务内容未通过审核', 'Content not approved'),
    'service.portfolio_create': l('新建投资组合', 'Model portfolio added'),
    'service.portfolio_rebalance': l('调整投资组合', 'Model portfolio rebalanced'),
    'service.push': l('推送资讯', 'Content pushed'),
    'customer.login_code': l('客户获取登录验证码', 'Customer login code requested'),
    'customer.login': l('客户登录专属空间', 'Customer signed in to their space'),
    'customer.login_failed': l('客户登录失败', 'Customer sign-in failed'),
    'customer.logout': l('客户退出专属空间', 'Customer signed out'),
    'customer.switch_account': l('客户切换家庭账户', 'Customer switched to another account of the household'),
    'customer.risk_assessed': l('客户完成风险测评', 'Customer completed the risk questionnaire'),
    'customer.question_asked': l('客户咨询顾问', 'Customer asked their advisor'),
    'customer_question.answered': l('回复客户咨询', 'Customer question answered'),
  },
  /** where the customer's risk category in force comes from (客户专属空间) */
  riskSource: { QUESTIONNAIRE: l('客户专属空间风险测评', 'Questionnaire in the customer space'), EXTRACT: l('集中交易系统', 'Central trading system') },
  /** a customer's question to their advisor (咨询我的顾问) */
  customerQuestionStatus: { OPEN: l('待回复', 'Awaiting answer'), ANSWERED: l('已回复', 'Answered'), ALL: l('全部', 'All') },
  /** how personal information was seen (the `via` of a `*.view_pii` audit entry) */
  piiVia: { list: l('列表', 'List'), '360': l('客户360°视图', 'Customer 360° view'), profile: l('员工详情', 'Staff profile'), manage: l('员工管理', 'Staff management'), detail: l('流程详情', 'Workflow detail'), preview: l('消息预览', 'Message preview'), callcenter: l('呼叫中心弹屏', 'Call-center screen pop'), kyc: l('客户信息表', 'Customer information form'), kycHistory: l('客户信息修改记录', 'Customer information history') },
  /** audit_log.entity */
  auditEntity: {
    alert: l('预警', 'Alert'),
    api_token: l('API 令牌', 'API token'),
    audit: l('审计日志', 'Audit log'),
    churn_model: l('流失模型', 'Churn model'),
    appointment: l('预约', 'Appointment'),
    contact: l('接触记录', 'Contact record'),
    cti_prospect: l('来电潜客', 'Caller prospect'),
    customer: l('客户', 'Customer'),
    customer_group: l('客户群', 'Customer group'),
    import_run: l('导入记录', 'Import run'),
    payroll_adjustment: l('薪酬调整', 'Payroll adjustment'),
    payroll_month: l('工资月份', 'Payroll month'),
    payroll_template: l('提成模板', 'Commission template'),
    outreach_template: l('短信邮件模板', 'Message template'),
    campaign: l('营销活动', 'Campaign'),
    product: l('金融产品', 'Financial product'),
    suitability_confirmation: l('适当性确认', 'Suitability confirmation'),
    relationship: l('经纪关系', 'Relationship'),
    report: l('报表', 'Report'),
    setting: l('系统设置', 'Setting'),
    staff: l('员工', 'Staff member'),
    trading_calendar: l('交易日历', 'Trading calendar'),
    trading_day: l('交易日', 'Trading day'),
    training_course: l('培训课程', 'Course'),
    training_bank: l('题库', 'Question bank'),
    training_question: l('试题', 'Question'),
    training_exam: l('考试', 'Exam'),
    training_material: l('课程资料', 'Course document'),
    training_attempt: l('答卷', 'Exam attempt'),
    service_product: l('服务产品', 'Service product'),
    service_subscription: l('服务订阅', 'Subscription'),
    service_relationship: l('服务关系', 'Service relationship'),
    service_content: l('服务内容', 'Service content'),
    service_portfolio: l('投资组合', 'Model portfolio'),
    service_push: l('资讯推送', 'Content push'),
    customer_question: l('客户咨询', 'Customer question'),
    user: l('用户', 'User'),
    workflow: l('流程', 'Workflow'),
    workflow_definition: l('流程定义', 'Workflow definition'),
  },
} as const satisfies Record<string, Record<string, CodeLabel>>;

export type CodeKind = keyof typeof CODES;
export type Code<K extends CodeKind> = keyof (typeof CODES)[K] & string;

/** The codes of one kind, in the dictionary's order. */
export function codesOf<K extends CodeKind>(kind: K): Code<K>[] {
  return Object.keys(CODES[kind]) as Code<K>[];
}

/** True when `code` is one of the kind's codes. */
export function isCode<K extends CodeKind>(kind: K, code: string): code is Code<K> {
  return Object.prototype.hasOwnProperty.call(CODES[kind], code);
}

/** The code's label in the language; an unknown code is shown as it is, null and undefined as ''. */
export function codeLabel(kind: CodeKind, code: string | null | undefined, language: CodeLanguage): string {
  if (code === null || code === undefined) return '';
  const labels: Readonly<Record<string, CodeLabel>> = CODES[kind];
  return isCode(kind, code) ? (labels[code] as CodeLabel)[language] : code;
}

/** 'zh-CN' / 'en-US' / an Accept-Language value's first tag → the dictionary's language. */
export function codeLanguageOf(locale: string | null | undefined): CodeLanguage {
  return locale?.trim().toLowerCase().startsWith('en') ? 'en' : 'zh';
}

/** Query parameters and audit-detail keys as people read them (查询参数 rows of the exports, the audit log's detail). */
export const FIELD_LABELS = {
  // parameters of the lists and reports
  view: l('视图', 'View'),
  q: l('关键字', 'Search'),
  branch: l('营业部', 'Branch'),
  team: l('团队', 'Team'),
  tier: l('级别', 'Tier'),
  lifecycle: l('生命周期', 'Lifecycle'),
  status: l('状态', 'Status'),
  openFrom: l('开户日期起', 'Opened from'),
  openTo: l('开户日期止', 'Opened to'),
  minAsset: l('最低资产', 'Minimum asset'),
  maxAsset: l('最高资产', 'Maximum asset'),
  sort: l('排序', 'Sort'),
  from: l('开始日期', 'From'),
  to: l('结束日期', 'To'),
  date: l('日期', 'Date'),
  productCode: l('产品代码', 'Product code'),
  contentId: l('服务内容编号', 'Content no.'),
  riskLevel: l('风险等级', 'Risk level'),
  warningText: l('风险警示内容', 'Warning text'),
  result: l('匹配结果', 'Result'),
  marginState: l('维持担保比例状态', 'Maintenance ratio state'),
  month: l('月份', 'Month'),
  months: l('月数', 'Months'),
  monthFrom: l('开始月份', 'From month'),
  monthTo: l('结束月份', 'To month'),
  groupBy: l('统计维度', 'Group by'),
  by: l('排序指标', 'Ranked by'),
  limit: l('条数', 'Rows'),
  customerNo: l('客户号', 'Customer no.'),
  staffNo: l('员工编号', 'Staff no.'),
  kind: l('类型', 'Kind'),
  confirmed: l('有效确认', 'Confirmed'),
  // audit details
  id: l('编号', 'ID'),
  filters: l('查询条件', 'Filters'),
  parameters: l('查询参数', 'Parameters'),
  rows: l('行数', 'Rows'),
  pii: l('含个人信息', 'Personal information'),
  username: l('用户名', 'Username'),
  reason: l('原因', 'Reason'),
  name: l('名称', 'Name'),
  via: l('途径', 'Via'),
  fields: l('字段', 'Fields'),
  workflowId: l('流程编号', 'Workflow no.'),
  type: l('类型', 'Type'),
  role: l('角色', 'Role'),
  disabled: l('已停用', 'Disabled'),
  amount: l('金额', 'Amount'),
  note: l('备注', 'Note'),
  folder: l('目录', 'Folder'),
  tradeDate: l('交易日', 'Trading day'),
  key: l('设置项', 'Setting'),
  level: l('级别', 'Level'),
  category: l('类别', 'Category'),
  contractType: l('合同类型', 'Contract type'),
  teamCode: l('团队', 'Team'),
  branchCode: l('营业部', 'Branch'),
  effectiveFrom: l('生效日期', 'Effective from'),
  effectiveDate: l('生效日期', 'Effective date'),
  endedOn: l('结束日期', 'Ended on'),
  weight: l('权重', 'Weight'),
  templateCode: l('模板代码', 'Template code'),
  customerNos: l('客户号', 'Customer nos.'),
  appointmentIds: l('预约编号', 'Appointment nos.'),
  auditIds: l('审计记录编号', 'Audit entry nos.'),
  before: l('修改前', 'Before'),
  after: l('修改后', 'After'),
  changes: l('修改内容', 'Changes'),
  patch: l('修改内容', 'Changes'),
  payload: l('申请内容', 'Request'),
  comment: l('意见', 'Comment'),
  count: l('数量', 'Count'),
  counts: l('数量', 'Counts'),
  deleted: l('已删除', 'Deleted'),
  forced: l('强制导入', 'Forced'),
  runId: l('导入编号', 'Import run'),
  sessionsEnded: l('结束的会话数', 'Sessions ended'),
  tokensRevoked: l('吊销的令牌数', 'Tokens revoked'),
  staleMonths: l('待重算月份', 'Months to recompute'),
  staffHistoryRows: l('员工历史记录数', 'Staff history rows'),
  rederivedDays: l('重算交易日数', 'Days recomputed'),
  earliestAffectedDate: l('最早受影响日期', 'Earliest affected day'),
  retryAfterSeconds: l('重试等待秒数', 'Retry after (s)'),
  attempt: l('尝试次数', 'Attempt'),
  idNo: l('证件号码', 'ID number'),
  mobile: l('手机号', 'Mobile'),
  fromStaffNo: l('原员工编号', 'From staff no.'),
  toStaffNo: l('新员工编号', 'To staff no.'),
  total: l('合计', 'Total'),
  tiers: l('分档', 'Tiers'),
  rate: l('比例', 'Rate'),
  step: l('步骤', 'Step'),
  payslips: l('工资单数', 'Payslips'),
  matches: l('匹配结果', 'Matches'),
  outcome: l('结果', 'Outcome'),
  appointmentId: l('预约编号', 'Appointment no.'),
  openDate: l('开户日期', 'Open date'),
  relationshipId: l('关系编号', 'Relationship no.'),
  current_step: l('当前步骤', 'Current step'),
  ended: l('已结束', 'Ended'),
  endedOnBefore: l('原结束日期', 'Ended on (before)'),
  historyAdded: l('新增历史记录', 'History added'),
  old: l('原值', 'Old'),
  new: l('新值', 'New'),
  params: l('查询参数', 'Parameters'),
  referenceFilesKept: l('保留的参考数据文件', 'Reference files kept'),
  relationship: l('经纪关系', 'Relationship'),
  shownIds: l('显示的编号', 'IDs shown'),
  shownPii: l('显示的个人信息', 'Personal information shown'),
  steps: l('步骤', 'Steps'),
  updated: l('已更新', 'Updated'),
  value: l('值', 'Value'),
  withPii: l('含个人信息', 'With personal information'),
  written: l('写入', 'Written'),
  approved: l('已通过', 'Approved'),
  change: l('变更', 'Change'),
  detail: l('详情', 'Detail'),
  segment: l('客户价值分群', 'RFM segment'),
  flagged: l('仅大额低贡献', 'Large, low contribution only'),
} as const satisfies Record<string, CodeLabel>;

/** A parameter's or detail key's label, or the key itself when the dictionary has none. */
export function fieldLabel(key: string, language: CodeLanguage): string {
  const labels: Readonly<Record<string, CodeLabel>> = FIELD_LABELS;
  return Object.prototype.hasOwnProperty.call(labels, key) ? (labels[key] as CodeLabel)[language] : key;
}

/**
 * A set of query parameters as one readable line, for the 查询参数 row of an export: each given
 * parameter as `label=value`, a coded value by its label (`codes` names the kind of each coded
 * parameter), joined by '; '. `{ lifecycle: 'SLEEPING' }` with `{ lifecycle: 'lifecycle' }` →
 * `生命周期=睡眠`.
 */
export function describeParameters(
  params: Readonly<Record<string, unknown>>,
  codes: Readonly<Partial<Record<string, CodeKind>>>,
  language: CodeLanguage,
): string {
  return Object.entries(params)
    .filter(([, value]) => value !== undefined && value !== null && value !== '')
    .map(([key, value]) => {
      const kind = codes[key];
      const shown = Array.isArray(value) ? value.map(String).join(',') : String(value);
      return `${fieldLabel(key, language)}=${kind ? codeLabel(kind, shown, language) : shown}`;
    })
    .join('; ');
}

/**
 * The kinds a coded value of a parameter or audit-detail key may be of, tried in order (`status`
 * is a customer's, a relationship's, a workflow's … status): how the audit log shows `detail`.
 */
const KEY_CODES: Readonly<Record<string, readonly CodeKind[]>> = {
  view: ['listView', 'workflowView'],
  lifecycle: ['lifecycle'],
  status: ['customerStatus', 'relationshipState', 'workflowStatus', 'appointmentStatus', 'payrollMonthStatus', 'staffStatus', 'importStatus', 'alertStatus'],
  sort: ['customerSort', 'contributionSort', 'lifecycleSort'],
  groupBy: ['reportGroupBy'],
  by: ['rankingMeasure'],
  result: ['suitabilityResult'],
  riskLevel: ['productRisk', 'riskLevel'],
  productType: ['productType'],
  via: ['piiVia'],
  role: ['role'],
  category: ['staffCategory'],
  level: ['staffLevel'],
  contractType: ['contractType'],
  kind: ['relationshipKind', 'adjustmentKind', 'importKind', 'flowKind', 'questionKind'],
  outcome: ['attemptStatus'],
  type: ['workflowType'],
  confirmed: ['yesNo'],
  customerType: ['customerType'],
  currency: ['currency'],
  field: ['staffField'],
  source: ['recordSource'],
  action: ['workflowEvent', 'alertAction'],
  rule: ['alertRule'],
  segment: ['rfmSegment'],
  permissions: ['permission'],
  scopeLevel: ['scopeLevel'],
};

/** A value under a parameter or detail key, by its label when it is a code of a kind the key takes; else as it is. */
export function keyedValueLabel(key: string, value: string, language: CodeLanguage): string {
  const kinds = Object.prototype.hasOwnProperty.call(KEY_CODES, key) ? (KEY_CODES[key] as readonly CodeKind[]) : [];
  const kind = kinds.find((k) => isCode(k, value));
  return kind ? codeLabel(kind, value, language) : value;
}
