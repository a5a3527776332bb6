/**
 * The 融资融券 menu (信用账户, 两融合格客户池), the entry to highlight on its pages, the submenu to open
 * and the breadcrumbs, so the shared layout adds them with a line each.
 */
import type { MenuProps } from 'antd';
import { Link } from 'react-router';
import type { Crumb } from '../../components/breadcrumbs';
import type { Translate } from '../../i18n/i18n';
import type { Me } from '../../api/types';
import { MARGIN_ACCOUNTS_PATH, MARGIN_POOL_PATH } from './marginApi';

type MenuItem = NonNullable<MenuProps['items']>[number];

/** Adds 融资融券 after 客户管理 for a user who may read customers. */
export function marginMenu(me: Me, t: Translate): MenuItem | null {
  if (!me.permissions.includes('customers')) return null;
  return {
    key: 'margin',
    label: t('menu.margin'),
    children: [
      { key: MARGIN_ACCOUNTS_PATH, label: <Link to={MARGIN_ACCOUNTS_PATH}>{t('menu.marginAccounts')}</Link> },
      { key: MARGIN_POOL_PATH, label: <Link to={MARGIN_POOL_PATH}>{t('menu.marginPool')}</Link> },
    ],
  };
}

export function marginSelectedKey(path: string): string | null {
  return path === MARGIN_ACCOUNTS_PATH || path === MARGIN_POOL_PATH ? path : null;
}

export function marginOpenKeys(path: string): string[] | null {
  return path.startsWith('/margin/') ? ['margin'] : null;
}

export function marginCrumbs(path: string, t: Translate): Crumb[] | null {
  if (path === MARGIN_ACCOUNTS_PATH) return [{ title: t('menu.margin') }, { title: t('menu.marginAccounts') }];
  if (path === MARGIN_POOL_PATH) return [{ title: t('menu.margin') }, { title: t('menu.marginPool') }];
  return null;
}
