/**
 * 报表统计 in the menu and the breadcrumbs, from the server's report catalogue (titles in the
 * page's language), so the shared layout adds them with a line each.
 */
import type { MenuProps } from 'antd';
import { Link } from 'react-router';
import type { Crumb, CrumbSource } from '../../components/breadcrumbs';
import type { Locale, Translate } from '../../i18n/i18n';
import { inLanguage, type ReportInfo } from './reportsApi';

type MenuItem = NonNullable<MenuProps['items']>[number];

/** 报表统计 with one entry per report of the catalogue (none while it loads). */
export function reportsMenu(catalogue: readonly ReportInfo[] | undefined, t: Translate, locale: Locale): MenuItem {
  return {
    key: 'reports',
    label: t('menu.reports'),
    children: (catalogue ?? []).map((r) => ({ key: `/reports/${r.id}`, label: <Link to={`/reports/${r.id}`}>{inLanguage(r.title, locale)}</Link> })),
  };
}

/** Breadcrumbs after 首页 of a report page: 报表统计, then the report's title once the catalogue has it. */
export function reportCrumbs(catalogue: readonly ReportInfo[] | undefined, locale: Locale): CrumbSource {
  return (path, t) => {
    const match = /^\/reports\/([^/]+)$/.exec(path);
    if (!match) return null;
    const report = catalogue?.find((r) => r.id === match[1]);
    const crumbs: Crumb[] = [{ title: t('menu.reports') }];
    return report ? [...crumbs, { title: inLanguage(report.title, locale) }] : crumbs;
  };
}
