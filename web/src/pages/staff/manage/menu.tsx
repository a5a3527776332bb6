/**
 * 人员管理 (新增员工, 待重新分配客户) and 经纪关系查询 in the 营销管理 area ('marketing'), with their
 * breadcrumbs, selected and open menu keys, so the shared layout adds them with a line each.
 */
import type { MenuProps } from 'antd';
import { Link } from 'react-router';
import type { Me } from '../../../api/types';
import type { Crumb } from '../../../components/breadcrumbs';
import type { Translate } from '../../../i18n/i18n';
import { STAFF_LIST_PATH } from '../menu';

type MenuItem = NonNullable<MenuProps['items']>[number];

export const STAFF_MANAGE_BASE = '/staff/manage';
export const NEW_STAFF_PATH = `${STAFF_MANAGE_BASE}/new`;
export const TO_REASSIGN_PATH = `${STAFF_MANAGE_BASE}/to-reassign`;
export const RELATIONSHIP_QUERY_PATH = '/relationships/query';

/** The edit page of one staff member (人员管理). */
export function staffManagePath(staffNo: string): string {
  return `${STAFF_MANAGE_BASE}/${encodeURIComponent(staffNo)}`;
}

/** Who may create and edit staff (`staff.manage`; a branch manager within their branch, by scope). */
export function canManageStaff(me: Me): boolean {
  return me.permissions.includes('staff.manage');
}

/** Adds 人员管理 (managers; 待重新分配客户 for every scope above SELF) and 经纪关系查询 to the 营销管理 area. */
export function addStaffManageMenu(items: MenuItem[], me: Me, t: Translate): void {
  if (!me.permissions.includes('customers')) return;
  const link = (to: string, title: string): MenuItem => ({ key: to, label: <Link to={to}>{title}</Link> });
  const entries: MenuItem[] = [];
  if (canManageStaff(me)) entries.push(link(NEW_STAFF_PATH, t('menu.staffManage.new')));
  if (me.scopeLevel !== 'SELF') entries.push(link(TO_REASSIGN_PATH, t('menu.staffManage.toReassign')));
  const added: MenuItem[] = [
    ...(entries.length ? [{ key: 'staff-manage', label: t('menu.staffManage'), children: entries }] : []),
    link(RELATIONSHIP_QUERY_PATH, t('menu.relationshipQuery')),
  ];
  const area = items.find((item) => item && 'key' in item && item.key === 'marketing');
  if (area && 'children' in area && Array.isArray(area.children)) area.children.push(...added);
  else items.push({ key: 'marketing', label: t('menu.marketing'), children: added });
}

/** The menu key to highlight on these pages (the staff list for an edit page), or null elsewhere. */
export function staffManageSelectedKey(path: string): string | null {
  if (path === NEW_STAFF_PATH || path === TO_REASSIGN_PATH || path === RELATIONSHIP_QUERY_PATH) return path;
  return path.startsWith(`${STAFF_MANAGE_BASE}/`) ? STAFF_LIST_PATH : null;
}

/** Menu keys to open on these pages. */
export function staffManageOpenKeys(path: string): string[] | null {
  if (path === NEW_STAFF_PATH || path === TO_REASSIGN_PATH) return ['marketing', 'staff-manage'];
  if (path === RELATIONSHIP_QUERY_PATH || path.startsWith(`${STAFF_MANAGE_BASE}/`)) return ['marketing'];
  return null;
}

/** Breadcrumbs after 首页 for these pages, or null for another path. */
export function staffManageCrumbs(path: string, t: Translate): Crumb[] | null {
  const area = { title: t('menu.marketing') };
  if (path === RELATIONSHIP_QUERY_PATH) return [area, { title: t('menu.relationshipQuery') }];
  if (path === NEW_STAFF_PATH) return [area, { title: t('menu.staffManage') }, { title: t('menu.staffManage.new') }];
  if (path === TO_REASSIGN_PATH) return [area, { title: t('menu.staffManage') }, { title: t('menu.staffManage.toReassign') }];
  const edit = /^\/staff\/manage\/([^/]+)$/.exec(path);
  if (!edit) return null;
  const staffNo = decodeURIComponent(edit[1] ?? '');
  return [area, { title: <Link to={STAFF_LIST_PATH}>{t('menu.staffList')}</Link> }, { title: `${t('menu.staffManage')} ${staffNo}` }];
}
