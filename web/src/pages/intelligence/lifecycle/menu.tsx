/**
 * 级别和分类, 潜在客户, 睡眠客户, 潜在流失客户 and 流失客户 in the 客户管理 menu, the menu key to highlight
 * on their pages and their breadcrumbs, so the shared layout adds them with a line each.
 */
import type { MenuProps } from 'antd';
import { Link } from 'react-router';
import type { Crumb } from '../../../components/breadcrumbs';
import type { Translate } from '../../../i18n/i18n';
import type { MessageKey } from '../../../i18n/messages';
import { CLASSIFICATION_PATH, LIFECYCLE_PATHS, PROSPECTS_PATH } from './lifecycleApi';

type MenuItem = NonNullable<MenuProps['items']>[number];

const ENTRIES: readonly [path: string, title: MessageKey][] = [
  [CLASSIFICATION_PATH, 'menu.classification'],
  [PROSPECTS_PATH, 'menu.prospects'],
  [LIFECYCLE_PATHS.SLEEPING, 'menu.sleeping'],
  [LIFECYCLE_PATHS.CHURN_RISK, 'menu.churnRisk'],
  [LIFECYCLE_PATHS.CHURNED, 'menu.churned'],
];

/** The five entries of 客户管理. */
export function lifecycleMenuEntries(t: Translate): MenuItem[] {
  return ENTRIES.map(([path, title]) => ({ key: path, label: <Link to={path}>{t(title)}</Link> }));
}

/** The entry to highlight on a lifecycle page, or null elsewhere. */
export function lifecycleSelectedKey(path: string): string | null {
  return ENTRIES.some(([p]) => p === path) ? path : null;
}

/** Breadcrumbs after 首页 for the lifecycle pages, or null for another path. */
export function lifecycleCrumbs(path: string, t: Translate): Crumb[] | null {
  const entry = ENTRIES.find(([p]) => p === path);
  return entry ? [{ title: t('menu.customers') }, { title: t(entry[1]) }] : null;
}
