/**
 * 流失预警 in the 客户管理 menu, the menu key to highlight on its page and its breadcrumbs, so the
 * shared layout adds it with a line each.
 */
import type { MenuProps } from 'antd';
import { Link } from 'react-router';
import type { Crumb } from '../../../components/breadcrumbs';
import type { Translate } from '../../../i18n/i18n';
import { CHURN_PATH } from './churnApi';

type MenuItem = NonNullable<MenuProps['items']>[number];

export function churnMenuEntries(t: Translate): MenuItem[] {
  return [{ key: CHURN_PATH, label: <Link to={CHURN_PATH}>{t('menu.churn')}</Link> }];
}

export function churnSelectedKey(path: string): string | null {
  return path === CHURN_PATH ? path : null;
}

export function churnCrumbs(path: string, t: Translate): Crumb[] | null {
  return path === CHURN_PATH ? [{ title: t('menu.customers') }, { title: t('menu.churn') }] : null;
}
