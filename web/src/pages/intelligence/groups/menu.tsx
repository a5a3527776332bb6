/**
 * 客户标签 and 客户群 in the 客户管理 menu, the menu key to highlight on their pages and their
 * breadcrumbs, so the shared layout adds them with a line each.
 */
import type { MenuProps } from 'antd';
import { Link } from 'react-router';
import type { Crumb } from '../../../components/breadcrumbs';
import type { Translate } from '../../../i18n/i18n';
import { GROUPS_PATH, LABELS_PATH, NEW_GROUP_PATH } from './groupsApi';

type MenuItem = NonNullable<MenuProps['items']>[number];

/** The two entries of 客户管理. */
export function groupsMenuEntries(t: Translate): MenuItem[] {
  return [
    { key: LABELS_PATH, label: <Link to={LABELS_PATH}>{t('menu.labels')}</Link> },
    { key: GROUPS_PATH, label: <Link to={GROUPS_PATH}>{t('menu.groups')}</Link> },
  ];
}

/** The entry to highlight on a label or group page (客户群 for every group page), or null elsewhere. */
export function groupsSelectedKey(path: string): string | null {
  if (path === LABELS_PATH) return LABELS_PATH;
  return path === GROUPS_PATH || path.startsWith(`${GROUPS_PATH}/`) ? GROUPS_PATH : null;
}

/** Breadcrumbs after 首页 for the label and group pages, or null for another path. */
export function groupsCrumbs(path: string, t: Translate): Crumb[] | null {
  const area: Crumb = { title: t('menu.customers') };
  if (path === LABELS_PATH) return [area, { title: t('menu.labels') }];
  if (path === GROUPS_PATH) return [area, { title: t('menu.groups') }];
  if (!path.startsWith(`${GROUPS_PATH}/`)) return null;
  const list: Crumb = { title: <Link to={GROUPS_PATH}>{t('menu.groups')}</Link> };
  if (path === NEW_GROUP_PATH) return [area, list, { title: t('menu.groupNew') }];
  if (path.endsWith('/edit')) return [area, list, { title: t('groups.detail.edit') }];
  return [area, list, { title: t('groups.detail.members') }];
}
