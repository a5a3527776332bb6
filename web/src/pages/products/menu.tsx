/**
 * The 金融产品管理 and 适当性管理 menus, the entry to highlight on their pages, the submenu to open and
 * the breadcrumbs, so the shared layout adds them with a line each.
 */
import type { MenuProps } from 'antd';
import { Link } from 'react-router';
import type { Crumb } from '../../components/breadcrumbs';
import type { Translate } from '../../i18n/i18n';
import type { Me } from '../../api/types';
import { PRODUCTS_PATH, SUITABILITY_CHECK_PATH, SUITABILITY_CONFIRMATIONS_PATH, SUITABILITY_EXPIRING_PATH } from './productsApi';

type MenuItem = NonNullable<MenuProps['items']>[number];

const SUITABILITY_PAGES = [
  [SUITABILITY_CHECK_PATH, 'menu.suitabilityCheck'],
  [SUITABILITY_CONFIRMATIONS_PATH, 'menu.suitabilityConfirmations'],
  [SUITABILITY_EXPIRING_PATH, 'menu.suitabilityExpiring'],
] as const;

/** 金融产品管理 and 适当性管理 for a user who may read customers. */
export function productMenus(me: Me, t: Translate): MenuItem[] {
  if (!me.permissions.includes('customers')) return [];
  return [
    {
      key: 'products',
      label: t('menu.products'),
      children: [{ key: PRODUCTS_PATH, label: <Link to={PRODUCTS_PATH}>{t('menu.productList')}</Link> }],
    },
    {
      key: 'suitability',
      label: t('menu.suitability'),
      children: SUITABILITY_PAGES.map(([to, title]) => ({ key: to, label: <Link to={to}>{t(title)}</Link> })),
    },
  ];
}

export function productsSelectedKey(path: string): string | null {
  if (path === PRODUCTS_PATH || path.startsWith(`${PRODUCTS_PATH}/`)) return PRODUCTS_PATH;
  return SUITABILITY_PAGES.some(([to]) => to === path) ? path : null;
}

export function productsOpenKeys(path: string): string[] | null {
  if (path === PRODUCTS_PATH || path.startsWith(`${PRODUCTS_PATH}/`)) return ['products'];
  return path.startsWith('/suitability/') ? ['suitability'] : null;
}

export function productsCrumbs(path: string, t: Translate): Crumb[] | null {
  if (path === PRODUCTS_PATH) return [{ title: t('menu.products') }, { title: t('menu.productList') }];
  if (path.startsWith(`${PRODUCTS_PATH}/`)) {
    return [{ title: t('menu.products') }, { title: <Link to={PRODUCTS_PATH}>{t('menu.productList')}</Link> }, { title: decodeURIComponent(path.slice(PRODUCTS_PATH.length + 1)) }];
  }
  const page = SUITABILITY_PAGES.find(([to]) => to === path);
  return page ? [{ title: t('menu.suitability') }, { title: t(page[1]) }] : null;
}
