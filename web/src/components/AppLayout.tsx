import { Suspense, useEffect, useMemo, useState } from 'react';
import { Breadcrumb, Button, Drawer, Dropdown, Grid, Layout, Menu, Space, Spin, Typography } from 'antd';
import { MenuOutlined, UserOutlined } from '@ant-design/icons';
import type { MenuProps } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { Link, Navigate, Outlet, useLocation, useNavigate, useOutletContext } from 'react-router';
import { ApiError, apiPost } from '../api/client';
import { useMe } from '../api/queries';
import type { Me } from '../api/types';
import { useCodeLabel, useI18n, type Locale } from '../i18n/i18n';
import { adminMenuEntries } from '../pages/admin/access';
import { reportCrumbs, reportsMenu } from '../pages/reports/menu';
import { useReportCatalogue } from '../pages/reports/reportsApi';
import { addPayrollMenu, payrollCrumbs, payrollOpenKeys } from '../pages/payroll/menu';
import { marketingMenu, staffCrumbs, staffOpenKeys, staffSelectedKey } from '../pages/staff/menu';
import { addStaffManageMenu, staffManageCrumbs, staffManageOpenKeys, staffManageSelectedKey } from '../pages/staff/manage/menu';
import { addRelationshipOpsMenu, workflowAdminEntries, workflowCrumbs, workflowMenu, workflowOpenKeys } from '../pages/workflows/menu';
import { TodoBell } from '../pages/workflows/TodoWidgets';
import { ScreenPop } from '../pages/callcenter/ScreenPop';
import { groupsCrumbs, groupsMenuEntries, groupsSelectedKey } from '../pages/intelligence/groups/menu';
import { valueCrumbs, valueMenuEntries, valueSelectedKey } from '../pages/intelligence/value/menu';
import { lifecycleCrumbs, lifecycleMenuEntries, lifecycleSelectedKey } from '../pages/intelligence/lifecycle/menu';
import { productMenus, productsCrumbs, productsOpenKeys, productsSelectedKey } from '../pages/products/menu';
import { outreachCrumbs, outreachMenu, outreachOpenKeys, outreachSelectedKey } from '../pages/outreach/menu';
import { churnCrumbs, churnMenuEntries, churnSelectedKey } from '../pages/intelligence/churn/menu';
import { marginCrumbs, marginMenu, marginOpenKeys, marginSelectedKey } from '../pages/margin/menu';
import { trainingCrumbs, trainingMenu, trainingOpenKeys, trainingSelectedKey } from '../pages/training/menu';
import { serviceCrumbs, serviceMenu, serviceOpenKeys, serviceSelectedKey } from '../pages/service/menu';
import { breadcrumbsOf, customerListTitle, type CrumbSource } from './breadcrumbs';
import { ChangePasswordModal } from './ChangePasswordModal';
import { GlobalSearch } from './GlobalSearch';
import { ErrorState, Forbidden, Loading } from './States';

export { customerListTitle } from './breadcrumbs';

/** Sticky sider and header: the window scrolls the content only. */
const LAYOUT_STYLES = {
  sider: { position: 'sticky', top: 0, height: '100vh', overflowY: 'auto', overflowX: 'hidden' },
  header: {
    position: 'sticky', top: 0, zIndex: 10, background: '#fff', padding: '0 24px', height: 56, lineHeight: 'normal',
    display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 16, boxShadow: '0 1px 4px rgba(0, 21, 41, 0.08)',
  },
} as const satisfies Record<string, React.CSSProperties>;

/** Other areas' breadcrumb functions, tried before the table in breadcrumbs.tsx: one line each. */
const CRUMB_SOURCES: readonly CrumbSource[] = [workflowCrumbs, staffManageCrumbs, staffCrumbs, payrollCrumbs, groupsCrumbs, valueCrumbs, churnCrumbs, lifecycleCrumbs, marginCrumbs, productsCrumbs, outreachCrumbs, trainingCrumbs, serviceCrumbs];

export function AppLayout() {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <Loading />;
  if (me.error instanceof ApiError && me.error.status === 401) {
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  }
  if (me.isError) return <ErrorState error={me.error} onRetry={() => void me.refetch()} />;
  return <Shell me={me.data} />;
}

function Shell({ me }: { me: Me }) {
  // a phone (under 768 px): a narrower header padding, the role under the user menu only; under 992 px
  // the side menu becomes a drawer opened from the header (a phone or a tablet held upright)
  const screens = Grid.useBreakpoint();
  const wide = screens.md !== false;
  const sider = screens.lg !== false;
  const [menuOpen, setMenuOpen] = useState(false);
  const { t, locale, setLocale } = useI18n();
  const label = useCodeLabel();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [changingPassword, setChangingPassword] = useState(false);
  const can = (permission: Me['permissions'][number]) => me.permissions.includes(permission);

  const reports = useReportCatalogue(me.permissions.includes('reports')).data;

  const menuItems = useMemo<MenuProps['items']>(() => {
    const items: NonNullable<MenuProps['items']> = [{ key: '/', label: <Link to="/">{t('menu.home')}</Link> }];
    if (me.permissions.includes('customers')) {
      items.push({
        key: 'customers',
        label: t('menu.customers'),
        children: [
          { key: '/customers', label: <Link to="/customers">{t(customerListTitle(me))}</Link> },
          { key: '/customers/history', label: <Link to="/customers/history">{t('menu.customerHistory')}</Link> },
          { key: '/customers/alerts', label: <Link to="/customers/alerts">{t('menu.alerts')}</Link> },
          { key: '/kyc/incomplete', label: <Link to="/kyc/incomplete">{t('menu.kycIncomplete')}</Link> },
          ...lifecycleMenuEntries(t),
          ...valueMenuEntries(t),
          ...churnMenuEntries(t),
          ...groupsMenuEntries(t),
          { key: '/customers/calls', label: <Link to="/customers/calls">{t('menu.recentCalls')}</Link> },
          { key: '/customers/call-prospects', label: <Link to="/customers/call-prospects">{t('menu.callProspects')}</Link> },
        ],
      });
    }
    const margin = marginMenu(me, t);
    if (margin) items.push(margin);
    items.push(...productMenus(me, t));
    const outreach = outreachMenu(me, t);
    if (outreach) items.push(outreach);
    const service = serviceMenu(me, t);
    if (service) items.push(service);
    const marketing = marketingMenu(me, t);
    if (marketing) items.push(marketing);
    addStaffManageMenu(items, me, t);
    addPayrollMenu(items, me, t);
    addRelationshipOpsMenu(items, me, t);
    const workflows = workflowMenu(me, t);
    if (workflows) items.push(workflows);
    items.push(trainingMenu(me, t));
    if (me.permissions.includes('reports')) items.push(reportsMenu(reports, t, locale));
    const adminEntries = [...adminMenuEntries(me), ...workflowAdminEntries(me)];
    if (adminEntries.length) {
      items.push({ key: 'admin', label: t('menu.admin'), children: adminEntries.map(([to, title]) => ({ key: to, label: <Link to={to}>{t(title)}</Link> })) });
    }
    return items;
  }, [me, t, reports, locale]);

  const path = location.pathname;
  // A new page opens at its top (its title and parameters in view), whatever the last one was scrolled to.
  useEffect(() => {
    window.scrollTo({ top: 0, left: 0 });
    setMenuOpen(false);
  }, [path]);
  const selected = groupsSelectedKey(path) ?? valueSelectedKey(path) ?? lifecycleSelectedKey(path) ?? churnSelectedKey(path) ?? marginSelectedKey(path) ?? productsSelectedKey(path) ?? outreachSelectedKey(path) ?? trainingSelectedKey(path) ?? serviceSelectedKey(path) ?? staffManageSelectedKey(path) ?? staffSelectedKey(path, me) ?? (path === '/customers/history' || path === '/customers/alerts' || path === '/customers/call-prospects' || path === '/customers/calls' ? path : path.startsWith('/customers') ? '/customers' : path);
  const openKeys = marginOpenKeys(path) ?? productsOpenKeys(path) ?? outreachOpenKeys(path) ?? trainingOpenKeys(path) ?? serviceOpenKeys(path) ?? workflowOpenKeys(path) ?? staffManageOpenKeys(path) ?? staffOpenKeys(path) ?? payrollOpenKeys(path) ?? (path.startsWith('/reports') ? ['reports'] : path.startsWith('/customers') ? ['customers'] : path.startsWith('/admin') ? ['admin'] : []);

  const crumbs = breadcrumbsOf(path, { t, me }, [...CRUMB_SOURCES, reportCrumbs(reports, locale)]);

  async function logout() {
    try {
      await apiPost('/api/auth/logout');
    } finally {
      queryClient.clear();
      navigate('/login', { replace: true });
    }
  }

  const userMenu: MenuProps = {
    items: [
      ...(wide ? [] : [{ key: 'name', label: me.displayName ?? me.username, disabled: true }]),
      { key: 'role', label: `${t('user.role')}: ${label('role', me.role)}`, disabled: true },
      { type: 'divider' },
      {
        key: 'language',
        label: t('user.language'),
        children: [
          { key: 'lang:zh-CN', label: '中文' },
          { key: 'lang:en-US', label: 'English' },
        ],
      },
      { key: 'password', label: t('account.password.menu') },
      { key: 'logout', label: t('user.logout') },
    ],
    onClick: ({ key }) => {
      if (key.startsWith('lang:')) setLocale(key.slice(5) as Locale);
      else if (key === 'password') setChangingPassword(true);
      else if (key === 'logout') void logout();
    },
    selectedKeys: [`lang:${locale}`],
  };

  // the app's name and the menu: the side menu on a wide screen, a drawer from the header on a narrow one
  const navigation = (
    <>
      <div style={{ color: '#fff', fontWeight: 600, fontSize: 18, padding: '16px 24px' }}>{t('app.short')}</div>
      <Menu theme="dark" mode="inline" items={menuItems} selectedKeys={[selected]} defaultOpenKeys={openKeys} data-testid="main-menu" />
    </>
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {/* The side menu and the header stay put while the page scrolls under them (the menu scrolls on its own when taller than the window). */}
      {sider ? (
        <Layout.Sider width={208} theme="dark" style={LAYOUT_STYLES.sider}>
          {navigation}
        </Layout.Sider>
      ) : (
        <Drawer
          placement="left"
          open={menuOpen}
          onClose={() => setMenuOpen(false)}
          size={260}
          closable={false}
          styles={{ body: { padding: 0, background: '#001529' }, header: { display: 'none' } }}
        >
          {navigation}
        </Drawer>
      )}
      <Layout style={{ minWidth: 0 }}>
        <Layout.Header style={wide ? LAYOUT_STYLES.header : { ...LAYOUT_STYLES.header, padding: '0 12px', gap: 8 }}>
          {!sider && <Button type="text" icon={<MenuOutlined />} aria-label={t('menu.open')} onClick={() => setMenuOpen(true)} data-testid="menu-toggle" />}
          {can('customers') ? <GlobalSearch /> : <span />}
          <Space size={wide ? 'middle' : 'small'}>
            <ScreenPop />
            <TodoBell />
            <Button type="text" size="small" onClick={() => setLocale(locale === 'zh-CN' ? 'en-US' : 'zh-CN')} data-testid="lang-toggle" aria-label={locale === 'zh-CN' ? 'English' : '中文'}>
              {wide ? (locale === 'zh-CN' ? 'English' : '中文') : locale === 'zh-CN' ? 'EN' : '中'}
            </Button>
            <Dropdown menu={userMenu} trigger={['click']}>
              <Button type="text" data-testid="user-menu" icon={wide ? undefined : <UserOutlined />} aria-label={me.displayName ?? me.username}>
                {wide && (me.displayName ?? me.username)}
                {wide && (
                  <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                    {label('role', me.role)}
                  </Typography.Text>
                )}
              </Button>
            </Dropdown>
            <ChangePasswordModal open={changingPassword} onClose={() => setChangingPassword(false)} />
          </Space>
        </Layout.Header>
        <Layout.Content style={wide ? { padding: '16px 24px' } : { padding: '12px 8px' }}>
          <Breadcrumb items={crumbs} style={{ marginBottom: 16 }} />
          <Suspense
            fallback={
              <div style={{ padding: 48, textAlign: 'center' }}>
                <Spin />
              </div>
            }
          >
            <Outlet context={me} />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

/** The signed-in user, for pages rendered inside the layout. */
export function useCurrentUser(): Me {
  return useOutletContext<Me>();
}

/** Renders the page only when the user holds the permission (the menu hides it too). */
export function RequirePermission({ permission, children }: { permission: Me['permissions'][number]; children: React.ReactNode }) {
  const me = useCurrentUser();
  return me.permissions.includes(permission) ? children : <Forbidden />;
}
