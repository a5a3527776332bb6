import type { Me } from '../../api/types';

/** The 系统管理 menu entries the user may open, by permission (GET /api/me): [path, message key]. */
export function adminMenuEntries(me: Me): [string, 'menu.admin.users' | 'menu.admin.importRuns' | 'menu.admin.audit' | 'menu.admin.settings' | 'menu.admin.inbox' | 'menu.admin.callcenter'][] {
  const entries: ReturnType<typeof adminMenuEntries> = [];
  if (me.permissions.includes('users')) entries.push(['/admin/users', 'menu.admin.users']);
  if (me.permissions.includes('imports.view')) entries.push(['/admin/import-runs', 'menu.admin.importRuns']);
  if (me.permissions.includes('audit')) entries.push(['/admin/audit', 'menu.admin.audit']);
  if (me.permissions.includes('settings')) entries.push(['/admin/settings', 'menu.admin.settings']);
  if (me.permissions.includes('settings')) entries.push(['/admin/inbox', 'menu.admin.inbox']);
  if (me.permissions.includes('users')) entries.push(['/admin/callcenter-agents', 'menu.admin.callcenter']);
  return entries;
}
