import { lazy, Suspense } from 'react';
import { App as AntApp, ConfigProvider } from 'antd';
import antdEn from 'antd/locale/en_US';
import antdZh from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { BrowserRouter, Route, Routes } from 'react-router';
import { AppLayout, RequirePermission } from './components/AppLayout';
import { Loading } from './components/States';
import { useI18n } from './i18n/i18n';
import { IMPORT_RUN_ROLES, RequireRole } from './pages/admin/access';
import NotFound from './pages/NotFound';

// Route-level code splitting: each page (and ECharts with the pages that draw) loads on first visit.
const LoginPage = lazy(() => import('./pages/login/LoginPage'));
const HomePage = lazy(() => import('./pages/home/HomePage'));
const CustomerListPage = lazy(() => import('./pages/customers/CustomerListPage'));
const Customer360Page = lazy(() => import('./pages/customers/Customer360Page'));
const ReportPage = lazy(() => import('./pages/reports/ReportPage'));
const UsersPage = lazy(() => import('./pages/admin/UsersPage'));
const ImportRunsPage = lazy(() => import('./pages/admin/ImportRunsPage'));
const AuditPage = lazy(() => import('./pages/admin/AuditPage'));
const SettingsPage = lazy(() => import('./pages/admin/SettingsPage'));

export function App() {
  const { locale } = useI18n();
  dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en');
  return (
    <ConfigProvider locale={locale === 'zh-CN' ? antdZh : antdEn} theme={{ token: { colorPrimary: '#c8102e' } }}>
      <AntApp>
        <BrowserRouter>
          <Suspense fallback={<Loading />}>
            <Routes>
              <Route path="/login" element={<LoginPage />} />
              <Route element={<AppLayout />}>
                <Route index element={<HomePage />} />
                <Route
                  path="customers"
                  element={
                    <RequirePermission permission="customers">
                      <CustomerListPage />
                    </RequirePermission>
                  }
                />
                <Route
                  path="customers/:customerNo"
                  element={
                    <RequirePermission permission="customers">
                      <Customer360Page />
                    </RequirePermission>
                  }
                />
                <Route
                  path="reports/:reportId"
                  element={
                    <RequirePermission permission="reports">
                      <ReportPage />
                    </RequirePermission>
                  }
                />
                <Route
                  path="admin/users"
                  element={
                    <RequirePermission permission="users">
                      <UsersPage />
                    </RequirePermission>
                  }
                />
                <Route
                  path="admin/import-runs"
                  element={
                    <RequireRole roles={IMPORT_RUN_ROLES}>
                      <ImportRunsPage />
                    </RequireRole>
                  }
                />
                <Route
                  path="admin/audit"
                  element={
                    <RequirePermission permission="audit">
                      <AuditPage />
                    </RequirePermission>
                  }
                />
                <Route
                  path="admin/settings"
                  element={
                    <RequirePermission permission="settings">
                      <SettingsPage />
                    </RequirePermission>
                  }
                />
                <Route path="*" element={<NotFound />} />
              </Route>
            </Routes>
          </Suspense>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}
