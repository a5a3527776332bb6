import type { Me, Role } from '../../api/types';
import { useCurrentUser } from '../../components/AppLayout';
import { Forbidden } from '../../components/States';

/** Roles that read the import runs (the API allows ADMIN and HQ). */
export const IMPORT_RUN_ROLES: readonly Role[] = ['ADMIN', 'HQ'];

/** The 系统管理 menu entries the user may open: [path, message key]. */
export function adminMenuEntries(me: Me): [string, 'menu.admin.users' | 'menu.admin.importRuns' | 'menu.admin.audit' | 'menu.admin.settings'][] {
  const entries: ReturnType<typeof adminMenuEntries> = [];
  if (me.permissions.includes('users')) entries.push(['/admin/users', 'menu.admin.users']);
  if (IMPORT_RUN_ROLES.includes(me.role)) entries.push(['/admin/import-runs', 'menu.admin.importRuns']);
  if (me.permissions.includes('audit')) entries.push(['/admin/audit', 'menu.admin.audit']);
  if (me.permissions.includes('settings')) entries.push(['/admin/settings', 'menu.admin.settings']);
  return entries;
}

/** Renders the page only for the given roles. */
export function RequireRole({ roles, children }: { roles: readonly Role[]; children: React.ReactNode }) {
  const me = useCurrentUser();
  return roles.includes(me.role) ? children : <Forbidden />;
}
