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
import NotFound from './pages/NotFound';

// Route-level code splitting: each page (and ECharts with the pages that draw) loads on first visit.
const LoginPage = lazy(() => import('./pages/login/LoginPage'));
const loadHomePage = () => import('./pages/home/HomePage');
const HomePage = lazy(loadHomePage);
// The dashboard is the usual first page: fetch its code (and ECharts) while /api/me is asked, not after.
if (window.location.pathname === '/') void loadHomePage();
const CustomerListPage = lazy(() => import('./pages/customers/CustomerListPage'));
const Customer360Page = lazy(() => import('./pages/customers/Customer360Page'));
const ReportPage = lazy(() => import('./pages/reports/ReportPage'));
const UsersPage = lazy(() => import('./pages/admin/UsersPage'));
const ImportRunsPage = lazy(() => import('./pages/admin/ImportRunsPage'));
const AuditPage = lazy(() => import('./pages/admin/AuditPage'));
const SettingsPage = lazy(() => import('./pages/admin/SettingsPage'));
const WorkflowListPage = lazy(() => import('./pages/workflows/WorkflowListPage'));
const WorkflowDetailPage = lazy(() => import('./pages/workflows/WorkflowDetailPage'));
const WorkflowDefinitionsPage = lazy(() => import('./pages/workflows/WorkflowDefinitionsPage'));
const OperationFormPage = lazy(() => import('./pages/relationships/ops/OperationFormPage'));
const AppointmentListPage = lazy(() => import('./pages/relationships/ops/AppointmentListPage'));
const StaffListPage = lazy(() => import('./pages/staff/StaffListPage'));
const StaffDetailPage = lazy(() => import('./pages/staff/StaffDetailPage'));
const NewStaffPage = lazy(() => import('./pages/staff/manage/NewStaffPage'));
const StaffManagePage = lazy(() => import('./pages/staff/manage/StaffManagePage'));
const ToReassignPage = lazy(() => import('./pages/staff/manage/ToReassignPage'));
const RelationshipQueryPage = lazy(() => import('./pages/relationships/query/RelationshipQueryPage'));
const PayslipsPage = lazy(() => import('./pages/payroll/PayslipsPage'));
const AdjustmentsPage = lazy(() => import('./pages/payroll/AdjustmentsPage'));
const TemplatesPage = lazy(() => import('./pages/payroll/TemplatesPage'));

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
                      <CustomerListPage key="current" view="current" />
                    </RequirePermission>
                  }
                />
                <Route
                  path="customers/history"
                  element={
                    <RequirePermission permission="customers">
                      <CustomerListPage key="history" view="history" />
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
                    <RequirePermission permission="imports.view">
                      <ImportRunsPage />
                    </RequirePermission>
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
                {(['todo', 'started', 'participated', 'monitor'] as const).map((view) => (
                  <Route key={view} path={`workflows/${view}`} element={<RequirePermission permission="workflows"><WorkflowListPage key={view} view={view} /></RequirePermission>} />
                ))}
                <Route path="workflows/:id" element={<RequirePermission permission="workflows"><WorkflowDetailPage /></RequirePermission>} />
                <Route path="relationship-ops/appointments" element={<RequirePermission permission="workflows"><AppointmentListPage /></RequirePermission>} />
                <Route path="relationship-ops/:op" element={<RequirePermission permission="workflows"><OperationFormPage /></RequirePermission>} />
                <Route path="admin/workflow-definitions" element={<RequirePermission permission="workflows.configure"><WorkflowDefinitionsPage /></RequirePermission>} />
                <Route path="staff" element={<RequirePermission permission="customers"><StaffListPage /></RequirePermission>} />
                <Route path="staff/:staffNo" element={<RequirePermission permission="customers"><StaffDetailPage /></RequirePermission>} />
                <Route path="staff/manage/new" element={<RequirePermission permission="customers"><NewStaffPage /></RequirePermission>} />
                <Route path="staff/manage/to-reassign" element={<RequirePermission permission="customers"><ToReassignPage /></RequirePermission>} />
                <Route path="staff/manage/:staffNo" element={<RequirePermission permission="customers"><StaffManagePage /></RequirePermission>} />
                <Route path="relationships/query" element={<RequirePermission permission="customers"><RelationshipQueryPage /></RequirePermission>} />
                <Route path="payroll" element={<RequirePermission permission="payroll.view"><PayslipsPage /></RequirePermission>} />
                <Route path="payroll/adjustments" element={<RequirePermission permission="payroll.view"><AdjustmentsPage /></RequirePermission>} />
                <Route path="payroll/templates" element={<RequirePermission permission="payroll.view"><TemplatesPage /></RequirePermission>} />
                <Route path="*" element={<NotFound />} />
              </Route>
            </Routes>
          </Suspense>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}
