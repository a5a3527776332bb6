/**
 * 薪酬管理 in the 营销管理 area ('marketing'): 工资单 (我的工资单 for a login that sees only itself),
 * 薪酬调整 and 提成模板, with their breadcrumbs and open menu keys, so the shared layout adds them
 * with a line each.
 */
import type { MenuProps } from 'antd';
import { Link } from 'react-router';
import type { Me } from '../../api/types';
import { hasMessage, type Translate } from '../../i18n/i18n';

type MenuItem = NonNullable<MenuProps['items']>[number];

export const PAYSLIPS_PATH = '/payroll';
export const ADJUSTMENTS_PATH = '/payroll/adjustments';
export const TEMPLATES_PATH = '/payroll/templates';

/** Brokers and service staff see their own payslips only: 我的工资单 over months instead of a month's table. */
export function ownPayslipsOnly(me: Me): boolean {
  return me.scopeLevel === 'SELF';
}

/** 营销管理: the area's own title when another page defined it, else ours. */
function marketingTitle(t: Translate): string {
  const key: string = 'menu.marketing';
  return hasMessage(key) ? t(key) : t('payroll.marketingArea');
}

function entries(me: Me, t: Translate): MenuItem[] {
  const link = (to: string, title: string): MenuItem => ({ key: to, label: <Link to={to}>{title}</Link> });
  if (ownPayslipsOnly(me)) return [link(PAYSLIPS_PATH, t('menu.payroll.myPayslips')), link(TEMPLATES_PATH, t('menu.payroll.templates'))];
  return [link(PAYSLIPS_PATH, t('menu.payroll.payslips')), link(ADJUSTMENTS_PATH, t('menu.payroll.adjustments')), link(TEMPLATES_PATH, t('menu.payroll.templates'))];
}

/** Adds 薪酬管理 to the 营销管理 area, creating the area when no other page has yet (the API needs the `payroll.view` permission). */
export function addPayrollMenu(items: MenuItem[], me: Me, t: Translate): void {
  if (!me.permissions.includes('payroll.view')) return;
  const group: MenuItem = { key: 'payroll', label: t('menu.payroll'), children: entries(me, t) };
  const area = items.find((item) => item && 'key' in item && item.key === 'marketing');
  if (area && 'children' in area && Array.isArray(area.children)) area.children.push(group);
  else items.push({ key: 'marketing', label: marketingTitle(t), children: [group] });
}

function isPayrollPath(path: string): boolean {
  return path === PAYSLIPS_PATH || path === ADJUSTMENTS_PATH || path === TEMPLATES_PATH;
}

/** Menu keys to open on a payroll page. */
export function payrollOpenKeys(path: string): string[] | null {
  return isPayrollPath(path) ? ['marketing', 'payroll'] : null;
}

/** Breadcrumbs after 首页 for the payroll pages, or null for another path. */
export function payrollCrumbs(path: string, t: Translate, me: Me): { title: React.ReactNode }[] | null {
  if (!isPayrollPath(path)) return null;
  const title =
    path === ADJUSTMENTS_PATH ? t('menu.payroll.adjustments') : path === TEMPLATES_PATH ? t('menu.payroll.templates') : ownPayslipsOnly(me) ? t('menu.payroll.myPayslips') : t('menu.payroll.payslips');
  return [{ title: marketingTitle(t) }, { title: t('menu.payroll') }, { title }];
}
