/**
 * The 营销管理 menu area ('marketing') with 人员列表, or 我的信息 for a login that sees only itself, and the
 * breadcrumbs of the staff pages — so the shared layout adds them with a line each. Other pages of
 * the area (经纪关系管理, 薪酬) add their own groups to the same area.
 */
import type { MenuProps } from 'antd';
import { Link } from 'react-router';
import type { Me } from '../../api/types';
import type { Crumb } from '../../components/breadcrumbs';
import type { Translate } from '../../i18n/i18n';

type MenuItem = NonNullable<MenuProps['items']>[number];

export const STAFF_LIST_PATH = '/staff';

export function staffDetailPath(staffNo: string): string {
  return `${STAFF_LIST_PATH}/${encodeURIComponent(staffNo)}`;
}

/** A SELF-scope login (broker, service) sees only its own staff record: 我的信息 instead of the list. */
function ownRecordOnly(me: Me): boolean {
  return me.scopeLevel === 'SELF';
}

/** The 营销管理 area with the staff entry, or null when the login may not see staff. */
export function marketingMenu(me: Me, t: Translate): MenuItem | null {
  if (!me.permissions.includes('customers')) return null;
  if (ownRecordOnly(me)) {
    if (!me.staffNo) return null;
    const to = staffDetailPath(me.staffNo);
    return { key: 'marketing', label: t('menu.marketing'), children: [{ key: to, label: <Link to={to}>{t('menu.myInfo')}</Link> }] };
  }
  return { key: 'marketing', label: t('menu.marketing'), children: [{ key: STAFF_LIST_PATH, label: <Link to={STAFF_LIST_PATH}>{t('menu.staffList')}</Link> }] };
}

/** The menu key to highlight on a staff page (the list entry also for a detail page), or null elsewhere. */
export function staffSelectedKey(path: string, me: Me): string | null {
  if (path !== STAFF_LIST_PATH && !path.startsWith(`${STAFF_LIST_PATH}/`)) return null;
  return ownRecordOnly(me) ? path : STAFF_LIST_PATH;
}

/** Menu keys to open on a staff page. */
export function staffOpenKeys(path: string): string[] | null {
  return path === STAFF_LIST_PATH || path.startsWith(`${STAFF_LIST_PATH}/`) ? ['marketing'] : null;
}

/** Breadcrumbs after 首页 for the staff pages, or null for another path. */
export function staffCrumbs(path: string, t: Translate, me: Me): Crumb[] | null {
  if (path === STAFF_LIST_PATH) return [{ title: t('menu.marketing') }, { title: t('menu.staffList') }];
  const detail = /^\/staff\/([^/]+)$/.exec(path);
  if (!detail) return null;
  const staffNo = decodeURIComponent(detail[1] ?? '');
  if (ownRecordOnly(me)) return [{ title: t('menu.marketing') }, { title: staffNo === me.staffNo ? t('menu.myInfo') : `${t('staff.detail')} ${staffNo}` }];
  return [{ title: t('menu.marketing') }, { title: <Link to={STAFF_LIST_PATH}>{t('menu.staffList')}</Link> }, { title: `${t('staff.detail')} ${staffNo}` }];
}
