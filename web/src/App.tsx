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
const HomePage = lazy(() => import('./pages/home/HomePage'));
const CustomerListPage = lazy(() => import('./pages/customers/CustomerListPage'));
const Customer360Page = lazy(() => import('./pages/customers/Customer360Page'));
const ReportPage = lazy(() => import('./pages/reports/ReportPage'));

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
                <Route path="*" element={<NotFound />} />
              </Route>
            </Routes>
          </Suspense>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}
