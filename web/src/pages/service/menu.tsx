/**
 * The 服务管理 menu (服务产品, 服务产品加工, 投资组合, 服务关系), the entry to highlight on its pages, the
 * submenu to open and the breadcrumbs, so the shared layout adds them with a line each.
 */
import type { MenuProps } from 'antd';
import { Link } from 'react-router';
import type { Crumb } from '../../components/breadcrumbs';
import type { Translate } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import type { Me } from '../../api/types';
import { SERVICE_CONTENT_PATH, SERVICE_PORTFOLIOS_PATH, SERVICE_PRODUCTS_PATH, SERVICE_RELATIONSHIPS_PATH } from './serviceApi';

type MenuItem = NonNullable<MenuProps['items']>[number];

const AREAS: [string, MessageKey][] = [
  [SERVICE_PRODUCTS_PATH, 'menu.serviceProducts'],
  [SERVICE_CONTENT_PATH, 'menu.serviceContent'],
  [SERVICE_PORTFOLIOS_PATH, 'menu.servicePortfolios'],
  [SERVICE_RELATIONSHIPS_PATH, 'menu.serviceRelationships'],
];

/** 服务管理 for a login with customer access. */
export function serviceMenu(me: Me, t: Translate): MenuItem | null {
  if (!me.permissions.includes('customers')) return null;
  return { key: 'service', label: t('menu.service'), children: AREAS.map(([to, title]) => ({ key: to, label: <Link to={to}>{t(title)}</Link> })) };
}

export function serviceSelectedKey(path: string): string | null {
  for (const [area] of AREAS) if (path === area || path.startsWith(`${area}/`)) return area;
  return null;
}

export function serviceOpenKeys(path: string): string[] | null {
  return path.startsWith('/service/') ? ['service'] : null;
}

export function serviceCrumbs(path: string, t: Translate): Crumb[] | null {
  const root = { title: t('menu.service') };
  for (const [area, title] of AREAS) {
    if (path === area) return [root, { title: t(title) }];
    if (path.startsWith(`${area}/`)) {
      const rest = path.slice(area.length + 1);
      const last = rest === 'new' ? t('service.newContent') : rest.endsWith('/edit') ? t('service.editContent') : t('service.detailCrumb', { id: rest });
      return [root, { title: <Link to={area}>{t(title)}</Link> }, { title: last }];
    }
  }
  return null;
}
