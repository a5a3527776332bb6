/**
 * The 营销活动 menu (短信邮件模板, 营销活动), the entry to highlight on its pages, the submenu to open
 * and the breadcrumbs, so the shared layout adds them with a line each.
 */
import type { MenuProps } from 'antd';
import { Link } from 'react-router';
import type { Crumb } from '../../components/breadcrumbs';
import type { Translate } from '../../i18n/i18n';
import type { Me } from '../../api/types';
import { CAMPAIGNS_PATH, TEMPLATES_PATH } from './outreachApi';

type MenuItem = NonNullable<MenuProps['items']>[number];

/** 营销活动 for a login with the `outreach` permission. */
export function outreachMenu(me: Me, t: Translate): MenuItem | null {
  if (!me.permissions.includes('outreach')) return null;
  return {
    key: 'outreach',
    label: t('menu.outreach'),
    children: [
      { key: CAMPAIGNS_PATH, label: <Link to={CAMPAIGNS_PATH}>{t('menu.outreachCampaigns')}</Link> },
      { key: TEMPLATES_PATH, label: <Link to={TEMPLATES_PATH}>{t('menu.outreachTemplates')}</Link> },
    ],
  };
}

export function outreachSelectedKey(path: string): string | null {
  if (path === TEMPLATES_PATH) return TEMPLATES_PATH;
  return path === CAMPAIGNS_PATH || path.startsWith(`${CAMPAIGNS_PATH}/`) ? CAMPAIGNS_PATH : null;
}

export function outreachOpenKeys(path: string): string[] | null {
  return path.startsWith('/outreach/') ? ['outreach'] : null;
}

export function outreachCrumbs(path: string, t: Translate): Crumb[] | null {
  if (path === TEMPLATES_PATH) return [{ title: t('menu.outreach') }, { title: t('menu.outreachTemplates') }];
  if (path === CAMPAIGNS_PATH) return [{ title: t('menu.outreach') }, { title: t('menu.outreachCampaigns') }];
  if (path.startsWith(`${CAMPAIGNS_PATH}/`)) {
    return [{ title: t('menu.outreach') }, { title: <Link to={CAMPAIGNS_PATH}>{t('menu.outreachCampaigns')}</Link> }, { title: t('outreach.campaignCrumb', { id: path.slice(CAMPAIGNS_PATH.length + 1) }) }];
  }
  return null;
}
