/**
 * Financial products sold by the demo brokerage (金融产品): public funds of real fund companies
 * (real codes and names), the broker's own asset-management plans and income certificates
 * (收益凭证, fictional, issued by the fictional 泉商证券), and advisory service products (投顾/资讯).
 */
export type ProductType = 'PUBLIC_FUND' | 'ASSET_MGMT' | 'BOND' | 'STRUCTURED' | 'ADVISORY';

export interface DemoProduct {
  readonly code: string;
  readonly name: string;
  readonly type: ProductType;
  /** 1…5 for R1…R5 */
  readonly risk: number;
  readonly issuer: string;
  /** minimum subscription in yuan */
  readonly minAmount: number;
  /** NAV at the start, in 1/10000 (ADVISORY: the yearly service fee in yuan) */
  readonly nav: number;
  /** daily volatility of the NAV (0 = fixed NAV) */
  readonly sigma: number;
  /** front-end fee rate in millionths (ADVISORY: the whole amount is the fee) */
  readonly feePpm: number;
  /** redemption fee rate in millionths */
  readonly redeemFeePpm: number;
  /** launched during the period: first listed on the trading day at this fraction of the period */
  readonly launchAt?: number;
  /** a note (收益凭证) that matures within the period: paid out (a REDEEM of principal and coupon) on the trading day at this fraction of the period */
  readonly maturesAt?: number;
  /** the coupon paid at maturity, in millionths of the principal */
  readonly couponPpm?: number;
  /** the next issue of the series, launched on the maturity day: most holders reinvest in it (滚动认购) */
  readonly rollsInto?: string;
  /**
   * one of the monthly issues (按月发行) the brokers offer in their subscription week to the customers whose
   * risk appetite they fit (the generator's `offeredIssue`), rather than a product a customer comes across
   */
  readonly monthly?: true;
}

export const PRODUCTS: readonly DemoProduct[] = [
  { code: '000198', name: '天弘余额宝货币', type: 'PUBLIC_FUND', risk: 1, issuer: '天弘基金管理有限公司', minAmount: 1, nav: 10000, sigma: 0, feePpm: 0, redeemFeePpm: 0 },
  { code: '003003', name: '华夏现金增利货币A', type: 'PUBLIC_FUND', risk: 1, issuer: '华夏基金管理有限公司', minAmount: 1, nav: 10000, sigma: 0, feePpm: 0, redeemFeePpm: 0 },
  { code: '217022', name: '招商产业债券A', type: 'PUBLIC_FUND', risk: 2, issuer: '招商基金管理有限公司', minAmount: 10, nav: 18520, sigma: 0.0008, feePpm: 8000, redeemFeePpm: 1000 },
  { code: '000001', name: '华夏成长混合', type: 'PUBLIC_FUND', risk: 3, issuer: '华夏基金管理有限公司', minAmount: 10, nav: 11230, sigma: 0.012, feePpm: 15000, redeemFeePpm: 5000 },
  { code: '161005', name: '富国天惠成长混合(LOF)A', type: 'PUBLIC_FUND', risk: 3, issuer: '富国基金管理有限公司', minAmount: 10, nav: 26150, sigma: 0.012, feePpm: 15000, redeemFeePpm: 5000 },
  { code: '163402', name: '兴全趋势投资混合(LOF)', type: 'PUBLIC_FUND', risk: 3, issuer: '兴证全球基金管理有限公司', minAmount: 10, nav: 7480, sigma: 0.011, feePpm: 15000, redeemFeePpm: 5000 },
  { code: '110022', name: '易方达消费行业股票', type: 'PUBLIC_FUND', risk: 4, issuer: '易方达基金管理有限公司', minAmount: 10, nav: 35120, sigma: 0.014, feePpm: 15000, redeemFeePpm: 5000 },
  { code: 'QS0001', name: '泉商资管稳健1号集合资产管理计划', type: 'ASSET_MGMT', risk: 2, issuer: '泉商证券资产管理有限公司', minAmount: 300_000, nav: 10520, sigma: 0.0005, feePpm: 5000, redeemFeePpm: 0 },
  { code: 'QS0002', name: '泉商资管量化精选集合资产管理计划', type: 'ASSET_MGMT', risk: 4, issuer: '泉商证券资产管理有限公司', minAmount: 1_000_000, nav: 12040, sigma: 0.009, feePpm: 10000, redeemFeePpm: 5000 },
  { code: 'QSB001', name: '泉商证券收益凭证稳盈1号', type: 'BOND', risk: 2, issuer: '泉商证券股份有限公司', minAmount: 50_000, nav: 10000, sigma: 0, feePpm: 0, redeemFeePpm: 0, maturesAt: 0.5, couponPpm: 12_000, rollsInto: 'QSB002' },
  { code: 'QSB002', name: '泉商证券收益凭证稳盈2号', type: 'BOND', risk: 2, issuer: '泉商证券股份有限公司', minAmount: 50_000, nav: 10000, sigma: 0, feePpm: 0, redeemFeePpm: 0, launchAt: 0.5, maturesAt: 0.9, couponPpm: 8_000, rollsInto: 'QSB003' },
  { code: 'QSS001', name: '泉商证券收益凭证雪球1号', type: 'STRUCTURED', risk: 4, issuer: '泉商证券股份有限公司', minAmount: 100_000, nav: 10000, sigma: 0, feePpm: 0, redeemFeePpm: 0, maturesAt: 0.62, couponPpm: 30_000, rollsInto: 'QSS006' },
  { code: 'QSS002', name: '泉商"鲨鱼鳍"收益凭证1号', type: 'STRUCTURED', risk: 3, issuer: '泉商证券股份有限公司', minAmount: 100_000, nav: 10000, sigma: 0, feePpm: 0, redeemFeePpm: 0, maturesAt: 0.45, couponPpm: 18_000, rollsInto: 'QSS004' },
  { code: 'QSA001', name: '泉商投顾·金牛优选', type: 'ADVISORY', risk: 3, issuer: '泉商证券股份有限公司', minAmount: 10_000, nav: 3_800, sigma: 0, feePpm: 0, redeemFeePpm: 0 },
  { code: 'QSA002', name: '泉商财富·ETF智投组合', type: 'ADVISORY', risk: 4, issuer: '泉商证券股份有限公司', minAmount: 50_000, nav: 2_980, sigma: 0, feePpm: 0, redeemFeePpm: 0 },
  { code: 'QSA003', name: '泉商资讯·掘金早报', type: 'ADVISORY', risk: 1, issuer: '泉商证券股份有限公司', minAmount: 0, nav: 298, sigma: 0, feePpm: 0, redeemFeePpm: 0 },
  // R5: for C5 investors and professionals only, with a high minimum — few, suitable buyers
  { code: 'QSP001', name: '泉商资管臻选私募FOF1号集合资产管理计划', type: 'ASSET_MGMT', risk: 5, issuer: '泉商证券资产管理有限公司', minAmount: 1_000_000, nav: 10000, sigma: 0.016, feePpm: 10000, redeemFeePpm: 10000 },
  { code: 'QSS003', name: '泉商证券收益凭证雪球增强1号', type: 'STRUCTURED', risk: 5, issuer: '泉商证券股份有限公司', minAmount: 300_000, nav: 10000, sigma: 0, feePpm: 0, redeemFeePpm: 0, launchAt: 0.3 },
  // later issues of the note series (launched on their predecessor's maturity day, 滚动发行)
  { code: 'QSS004', name: '泉商"鲨鱼鳍"收益凭证2号', type: 'STRUCTURED', risk: 3, issuer: '泉商证券股份有限公司', minAmount: 100_000, nav: 10000, sigma: 0, feePpm: 0, redeemFeePpm: 0, launchAt: 0.45, maturesAt: 0.87, couponPpm: 10_000, rollsInto: 'QSS005' },
  { code: 'QSS005', name: '泉商"鲨鱼鳍"收益凭证3号', type: 'STRUCTURED', risk: 3, issuer: '泉商证券股份有限公司', minAmount: 100_000, nav: 10000, sigma: 0, feePpm: 0, redeemFeePpm: 0, launchAt: 0.87 },
  { code: 'QSB003', name: '泉商证券收益凭证稳盈3号', type: 'BOND', risk: 2, issuer: '泉商证券股份有限公司', minAmount: 50_000, nav: 10000, sigma: 0, feePpm: 0, redeemFeePpm: 0, launchAt: 0.9 },
  { code: 'QSS006', name: '泉商证券收益凭证雪球2号', type: 'STRUCTURED', risk: 4, issuer: '泉商证券股份有限公司', minAmount: 100_000, nav: 10000, sigma: 0, feePpm: 0, redeemFeePpm: 0, launchAt: 0.62, maturesAt: 0.92, couponPpm: 20_000, rollsInto: 'QSS007' },
  { code: 'QSS007', name: '泉商证券收益凭证雪球3号', type: 'STRUCTURED', risk: 4, issuer: '泉商证券股份有限公司', minAmount: 100_000, nav: 10000, sigma: 0, feePpm: 0, redeemFeePpm: 0, launchAt: 0.92 },
  // the monthly issues (按月发行, last in the list so the draws among the others are unchanged): 91-day
  // principal-protected notes (安享, R2) and snowball notes (雪球精选, R4), one or two a month between the series above
  { code: 'QSB101', name: '泉商证券收益凭证安享1期', type: 'BOND', risk: 2, issuer: '泉商证券股份有限公司', minAmount: 50_000, nav: 10000, sigma: 0, feePpm: 0, redeemFeePpm: 0, launchAt: 0.1, maturesAt: 0.6, couponPpm: 5_000, monthly: true },
  { code: 'QSB102', name: '泉商证券收益凭证安享2期', type: 'BOND', risk: 2, issuer: '泉商证券股份有限公司', minAmount: 50_000, nav: 10000, sigma: 0, feePpm: 0, redeemFeePpm: 0, launchAt: 0.27, maturesAt: 0.77, couponPpm: 5_000, monthly: true },
  { code: 'QSB103', name: '泉商证券收益凭证安享3期', type: 'BOND', risk: 2, issuer: '泉商证券股份有限公司', minAmount: 50_000, nav: 10000, sigma: 0, feePpm: 0, redeemFeePpm: 0, launchAt: 0.4, maturesAt: 0.9, couponPpm: 5_000, monthly: true },
  { code: 'QSB104', name: '泉商证券收益凭证安享4期', type: 'BOND', risk: 2, issuer: '泉商证券股份有限公司', minAmount: 50_000, nav: 10000, sigma: 0, feePpm: 0, redeemFeePpm: 0, launchAt: 0.58, monthly: true },
  { code: 'QSB105', name: '泉商证券收益凭证安享5期', type: 'BOND', risk: 2, issuer: '泉商证券股份有限公司', minAmount: 50_000, nav: 10000, sigma: 0, feePpm: 0, redeemFeePpm: 0, launchAt: 0.7, monthly: true },
  { code: 'QSB106', name: '泉商证券收益凭证安享6期', type: 'BOND', risk: 2, issuer: '泉商证券股份有限公司', minAmount: 50_000, nav: 10000, sigma: 0, feePpm: 0, redeemFeePpm: 0, launchAt: 0.84, monthly: true },
  { code: 'QSS101', name: '泉商证券收益凭证雪球精选1期', type: 'STRUCTURED', risk: 4, issuer: '泉商证券股份有限公司', minAmount: 100_000, nav: 10000, sigma: 0, feePpm: 0, redeemFeePpm: 0, launchAt: 0.05, monthly: true },
  { code: 'QSS102', name: '泉商证券收益凭证雪球精选2期', type: 'STRUCTURED', risk: 4, issuer: '泉商证券股份有限公司', minAmount: 100_000, nav: 10000, sigma: 0, feePpm: 0, redeemFeePpm: 0, launchAt: 0.22, monthly: true },
  { code: 'QSS103', name: '泉商证券收益凭证雪球精选3期', type: 'STRUCTURED', risk: 4, issuer: '泉商证券股份有限公司', minAmount: 100_000, nav: 10000, sigma: 0, feePpm: 0, redeemFeePpm: 0, launchAt: 0.4, monthly: true },
  { code: 'QSS104', name: '泉商证券收益凭证雪球精选4期', type: 'STRUCTURED', risk: 4, issuer: '泉商证券股份有限公司', minAmount: 100_000, nav: 10000, sigma: 0, feePpm: 0, redeemFeePpm: 0, launchAt: 0.75, monthly: true },
  { code: 'QSS105', name: '泉商证券收益凭证雪球精选5期', type: 'STRUCTURED', risk: 4, issuer: '泉商证券股份有限公司', minAmount: 100_000, nav: 10000, sigma: 0, feePpm: 0, redeemFeePpm: 0, launchAt: 0.84, monthly: true },
];
