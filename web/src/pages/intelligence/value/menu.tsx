/**
 * 客户价值 and 客户贡献 in the 客户管理 menu, the menu key to highlight on their pages and their
 * breadcrumbs, so the shared layout adds them with a line each.
 */
import type { MenuProps } from 'antd';
import { Link } from 'react-router';
import type { Crumb } from '../../../components/breadcrumbs';
import type { Translate } from '../../../i18n/i18n';
import { CONTRIBUTION_PATH, VALUE_PATH } from './valueApi';

type MenuItem = NonNullable<MenuProps['items']>[number];

/** The two entries of 客户管理 (客户贡献 opens on the large but unprofitable accounts). */
export function valueMenuEntries(t: Translate): MenuItem[] {
  return [
    { key: VALUE_PATH, label: <Link to={VALUE_PATH}>{t('menu.value')}</Link> },
    { key: CONTRIBUTION_PATH, label: <Link to={`${CONTRIBUTION_PATH}?flagged=true`}>{t('menu.contribution')}</Link> },
  ];
}

/** The entry to highlight on the value pages, or null elsewhere. */
export function valueSelectedKey(path: string): string | null {
  return path === VALUE_PATH || path === CONTRIBUTION_PATH ? path : null;
}

/** Breadcrumbs after 首页 for the value pages, or null for another path. */
export function valueCrumbs(path: string, t: Translate): Crumb[] | null {
  if (path === VALUE_PATH) return [{ title: t('menu.customers') }, { title: t('menu.value') }];
  if (path === CONTRIBUTION_PATH) return [{ title: t('menu.customers') }, { title: t('menu.contribution') }];
  return null;
}
