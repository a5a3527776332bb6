/**
 * Menu entries and breadcrumbs of 协同工作, 经纪关系管理 and 流程配置, so the shared layout adds them
 * with a line each.
 */
import type { MenuProps } from 'antd';
import { Link } from 'react-router';
import type { Me } from '../../api/types';
import { hasMessage, type Translate } from '../../i18n/i18n';
import { APPOINTMENTS_PATH, operationFromSlug, operationPath, RELATIONSHIP_OPS_BASE } from '../relationships/ops/operations';
import { RELATIONSHIP_OPERATION_TYPES, WORKFLOW_VIEWS, type WorkflowView } from './workflowApi';

type MenuItem = NonNullable<MenuProps['items']>[number];

const VIEW_TITLES = {
  todo: 'menu.workflows.todo',
  started: 'menu.workflows.started',
  participated: 'menu.workflows.participated',
  monitor: 'menu.workflows.monitor',
} as const;

/** 工作流监控 shows the flows of the caller's scope level; for a SELF scope that is only their own (我发起的). */
export function workflowViewsOf(me: Me): WorkflowView[] {
  return WORKFLOW_VIEWS.filter((v) => v !== 'monitor' || me.scopeLevel !== 'SELF');
}

/** The 协同工作 area, for logins holding the workflows permission. */
export function workflowMenu(me: Me, t: Translate): MenuItem | null {
  if (!me.permissions.includes('workflows')) return null;
  return {
    key: 'workflows',
    label: t('menu.workflows'),
    children: workflowViewsOf(me).map((v) => ({ key: `/workflows/${v}`, label: <Link to={`/workflows/${v}`}>{t(VIEW_TITLES[v])}</Link> })),
  };
}

/** The operations started from a form of the menu; 预约作废 starts from a row of 预约客户列表. */
const MENU_OPERATIONS = RELATIONSHIP_OPERATION_TYPES.filter((type) => type !== 'APPOINTMENT_VOID');

/**
 * Adds 经纪关系管理 (the six operations and the appointment list) to the 营销管理 area ('marketing'),
 * creating the area when no other page has yet. Staff logins only: the operations act for a staff member.
 */
export function addRelationshipOpsMenu(items: MenuItem[], me: Me, t: Translate): void {
  if (!me.permissions.includes('workflows') || !me.staffNo) return;
  const group: MenuItem = {
    key: 'relationship-ops',
    label: t('menu.relationshipOps'),
    children: [
      ...MENU_OPERATIONS.map((type) => ({
        key: operationPath(type),
        label: <Link to={operationPath(type)}>{t(`menu.relationshipOps.${type}`)}</Link>,
      })),
      { key: APPOINTMENTS_PATH, label: <Link to={APPOINTMENTS_PATH}>{t('menu.relationshipOps.appointments')}</Link> },
    ],
  };
  const area = items.find((item) => item && 'key' in item && item.key === 'marketing');
  if (area && 'children' in area && Array.isArray(area.children)) area.children.push(group);
  else items.push({ key: 'marketing', label: marketingTitle(t), children: [group] });
}

/** 营销管理: the area's own title when its other pages have defined it, else ours. */
function marketingTitle(t: Translate): string {
  const key: string = 'menu.marketing';
  return hasMessage(key) ? t(key) : t('wf.marketingArea');
}

/** 系统管理 → 流程配置 (`workflows.configure`). */
export function workflowAdminEntries(me: Me): [string, 'menu.admin.workflowDefinitions'][] {
  return me.permissions.includes('workflows.configure') ? [['/admin/workflow-definitions', 'menu.admin.workflowDefinitions']] : [];
}

/** Menu keys to open for a path of these pages. */
export function workflowOpenKeys(path: string): string[] | null {
  if (path.startsWith('/workflows')) return ['workflows'];
  if (path.startsWith(RELATIONSHIP_OPS_BASE)) return ['marketing', 'relationship-ops'];
  return null;
}

/** Breadcrumbs after 首页 for these pages, or null for another path. */
export function workflowCrumbs(path: string, t: Translate): { title: React.ReactNode }[] | null {
  const view = /^\/workflows\/(todo|started|participated|monitor)$/.exec(path);
  if (view) return [{ title: t('menu.workflows') }, { title: t(VIEW_TITLES[view[1] as WorkflowView]) }];
  const detail = /^\/workflows\/(\d+)$/.exec(path);
  if (detail) return [{ title: t('menu.workflows') }, { title: t('wf.detail.title', { id: detail[1] ?? '' }) }];
  if (path === APPOINTMENTS_PATH) return [{ title: marketingTitle(t) }, { title: t('menu.relationshipOps') }, { title: t('menu.relationshipOps.appointments') }];
  const op = path.startsWith(`${RELATIONSHIP_OPS_BASE}/`) ? operationFromSlug(path.slice(RELATIONSHIP_OPS_BASE.length + 1)) : null;
  if (op) return [{ title: marketingTitle(t) }, { title: t('menu.relationshipOps') }, { title: t(`wf.type.${op}`) }];
  if (path === '/admin/workflow-definitions') return [{ title: t('menu.admin') }, { title: t('menu.admin.workflowDefinitions') }];
  return null;
}
