import { lazy, Suspense, type ReactNode } from 'react';
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
const AlertListPage = lazy(() => import('./pages/customers/AlertListPage'));
const LabelCataloguePage = lazy(() => import('./pages/intelligence/groups/LabelCataloguePage'));
const GroupListPage = lazy(() => import('./pages/intelligence/groups/GroupListPage'));
const GroupBuilderPage = lazy(() => import('./pages/intelligence/groups/GroupBuilderPage'));
const GroupDetailPage = lazy(() => import('./pages/intelligence/groups/GroupDetailPage'));
const ValuePage = lazy(() => import('./pages/intelligence/value/ValuePage'));
const ContributionPage = lazy(() => import('./pages/intelligence/value/ContributionPage'));
const ClassificationPage = lazy(() => import('./pages/intelligence/lifecycle/ClassificationPage'));
const LifecycleListPage = lazy(() => import('./pages/intelligence/lifecycle/LifecycleListPage'));
const ProspectListPage = lazy(() => import('./pages/intelligence/lifecycle/ProspectListPage'));
const ChurnPage = lazy(() => import('./pages/intelligence/churn/ChurnPage'));
const MarginAccountsPage = lazy(() => import('./pages/margin/MarginAccountsPage'));
const QualifiedPoolPage = lazy(() => import('./pages/margin/QualifiedPoolPage'));
const ProductListPage = lazy(() => import('./pages/products/ProductListPage'));
const ProductDetailPage = lazy(() => import('./pages/products/ProductDetailPage'));
const SuitabilityCheckPage = lazy(() => import('./pages/suitability/SuitabilityCheckPage'));
const ConfirmationListPage = lazy(() => import('./pages/suitability/ConfirmationListPage'));
const ExpiringPage = lazy(() => import('./pages/suitability/ExpiringPage'));
const KycIncompletePage = lazy(() => import('./pages/kyc/IncompletePage'));
const ReportPage = lazy(() => import('./pages/reports/ReportPage'));
const MessageTemplatesPage = lazy(() => import('./pages/outreach/TemplatesPage'));
const CampaignListPage = lazy(() => import('./pages/outreach/CampaignListPage'));
const CampaignDetailPage = lazy(() => import('./pages/outreach/CampaignDetailPage'));
const UsersPage = lazy(() => import('./pages/admin/UsersPage'));
const ImportRunsPage = lazy(() => import('./pages/admin/ImportRunsPage'));
const AuditPage = lazy(() => import('./pages/admin/AuditPage'));
const InboxPage = lazy(() => import('./pages/outreach/InboxPage'));
const SettingsPage = lazy(() => import('./pages/admin/SettingsPage'));
const CallAgentsPage = lazy(() => import('./pages/callcenter/AgentsPage'));
const CallProspectsPage = lazy(() => import('./pages/callcenter/CallProspectsPage'));
const RecentCallsPage = lazy(() => import('./pages/callcenter/RecentCallsPage'));
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
const MyExamsPage = lazy(() => import('./pages/training/MyExamsPage'));
const TrainingCoursesPage = lazy(() => import('./pages/training/CoursesPage'));
const TrainingCourseDetailPage = lazy(() => import('./pages/training/CourseDetailPage'));
const TrainingBanksPage = lazy(() => import('./pages/training/BanksPage'));
const TrainingBankDetailPage = lazy(() => import('./pages/training/BankDetailPage'));
const TrainingAttemptPage = lazy(() => import('./pages/training/AttemptPage'));
const TrainingReportPage = lazy(() => import('./pages/training/ReportPage'));
const ServiceProductListPage = lazy(() => import('./pages/service/ProductListPage'));
const ServiceProductDetailPage = lazy(() => import('./pages/service/ProductDetailPage'));
const ServiceContentListPage = lazy(() => import('./pages/service/ContentListPage'));
const ServiceContentEditorPage = lazy(() => import('./pages/service/ContentEditorPage'));
const ServiceContentDetailPage = lazy(() => import('./pages/service/ContentDetailPage'));
const ServicePortfolioListPage = lazy(() => import('./pages/service/PortfolioPages').then((m) => ({ default: m.PortfolioListPage })));
const ServicePortfolioDetailPage = lazy(() => import('./pages/service/PortfolioPages').then((m) => ({ default: m.PortfolioDetailPage })));
const ServiceRelationshipListPage = lazy(() => import('./pages/service/RelationshipListPage'));
// 客户专属空间 (the customer realm, phone first): its own lazily loaded route tree and layout under /my
// (pages/my/MySpace.tsx; 我的资讯 is one of its tabs)
const MySpace = lazy(() => import('./pages/my/MySpace'));

type Permission = Parameters<typeof RequirePermission>[0]['permission'];

/** The pages behind a permission: path, the permission and the page (a list in two views is keyed by its view). */
const GUARDED: [path: string, permission: Permission, page: ReactNode][] = [
  ['customers', 'customers', <CustomerListPage key="current" view="current" />],
  ['customers/history', 'customers', <CustomerListPage key="history" view="history" />],
  ['customers/alerts', 'customers', <AlertListPage />],
  ['customers/value', 'customers', <ValuePage />],
  ['customers/contribution', 'customers', <ContributionPage />],
  ['customers/classification', 'customers', <ClassificationPage />],
  ['customers/prospects', 'customers', <ProspectListPage />],
  ['customers/sleeping', 'customers', <LifecycleListPage key="SLEEPING" lifecycle="SLEEPING" />],
  ['customers/churn-risk', 'customers', <LifecycleListPage key="CHURN_RISK" lifecycle="CHURN_RISK" />],
  ['customers/churned', 'customers', <LifecycleListPage key="CHURNED" lifecycle="CHURNED" />],
  ['customers/churn', 'customers', <ChurnPage />],
  ['customers/labels', 'customers', <LabelCataloguePage />],
  ['customers/groups', 'customers', <GroupListPage />],
  ['customers/groups/new', 'customers', <GroupBuilderPage key="new" />],
  ['customers/groups/:id', 'customers', <GroupDetailPage />],
  ['customers/groups/:id/edit', 'customers', <GroupBuilderPage key="edit" />],
  ['customers/:customerNo', 'customers', <Customer360Page />],
  ['margin/accounts', 'customers', <MarginAccountsPage />],
  ['margin/qualified-pool', 'customers', <QualifiedPoolPage />],
  ['products', 'customers', <ProductListPage />],
  ['products/:productCode', 'customers', <ProductDetailPage />],
  ['suitability/check', 'customers', <SuitabilityCheckPage />],
  ['suitability/confirmations', 'customers', <ConfirmationListPage />],
  ['suitability/expiring', 'customers', <ExpiringPage />],
  ['kyc/incomplete', 'customers', <KycIncompletePage />],
  ['reports/:reportId', 'reports', <ReportPage />],
  ['outreach/templates', 'outreach', <MessageTemplatesPage />],
  ['outreach/campaigns', 'outreach', <CampaignListPage />],
  ['outreach/campaigns/:id', 'outreach', <CampaignDetailPage />],
  ['admin/users', 'users', <UsersPage />],
  ['admin/import-runs', 'imports.view', <ImportRunsPage />],
  ['admin/audit', 'audit', <AuditPage />],
  ['admin/settings', 'settings', <SettingsPage />],
  ['admin/inbox', 'settings', <InboxPage />],
  ['admin/callcenter-agents', 'users', <CallAgentsPage />],
  ['customers/call-prospects', 'customers', <CallProspectsPage />],
  ['customers/calls', 'customers', <RecentCallsPage />],
  ...(['todo', 'started', 'participated', 'monitor'] as const).map((view): [string, Permission, ReactNode] => [`workflows/${view}`, 'workflows', <WorkflowListPage key={view} view={view} />]),
  ['workflows/:id', 'workflows', <WorkflowDetailPage />],
  ['relationship-ops/appointments', 'workflows', <AppointmentListPage />],
  ['relationship-ops/:op', 'workflows', <OperationFormPage />],
  ['admin/workflow-definitions', 'workflows.configure', <WorkflowDefinitionsPage />],
  ['staff', 'customers', <StaffListPage />],
  ['staff/:staffNo', 'customers', <StaffDetailPage />],
  ['staff/manage/new', 'customers', <NewStaffPage />],
  ['staff/manage/to-reassign', 'customers', <ToReassignPage />],
  ['staff/manage/:staffNo', 'customers', <StaffManagePage />],
  ['relationships/query', 'customers', <RelationshipQueryPage />],
  ['payroll', 'payroll.view', <PayslipsPage />],
  ['payroll/adjustments', 'payroll.view', <AdjustmentsPage />],
  ['payroll/templates', 'payroll.view', <TemplatesPage />],
  ['training/banks', 'training.manage', <TrainingBanksPage />],
  ['training/banks/:id', 'training.manage', <TrainingBankDetailPage />],
  ['training/report', 'reports', <TrainingReportPage />],
  ['service/products', 'customers', <ServiceProductListPage />],
  ['service/products/:id', 'customers', <ServiceProductDetailPage />],
  ['service/content', 'customers', <ServiceContentListPage />],
  ['service/content/new', 'customers', <ServiceContentEditorPage key="new" />],
  ['service/content/:id', 'customers', <ServiceContentDetailPage />],
  ['service/content/:id/edit', 'customers', <ServiceContentEditorPage key="edit" />],
  ['service/portfolios', 'customers', <ServicePortfolioListPage />],
  ['service/portfolios/:id', 'customers', <ServicePortfolioDetailPage />],
  ['service/relationships', 'customers', <ServiceRelationshipListPage />],
];

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
              <Route path="/my/*" element={<MySpace />} />
              <Route element={<AppLayout />}>
                <Route index element={<HomePage />} />
                {GUARDED.map(([path, permission, page]) => (
                  <Route key={path} path={path} element={<RequirePermission permission={permission}>{page}</RequirePermission>} />
                ))}
                {/* 培训考试: every login (the server answers 403 to taking an exam without a staff link) */}
                <Route path="training" element={<MyExamsPage />} />
                <Route path="training/courses" element={<TrainingCoursesPage />} />
                <Route path="training/courses/:id" element={<TrainingCourseDetailPage />} />
                <Route path="training/attempts/:id" element={<TrainingAttemptPage />} />
                <Route path="*" element={<NotFound />} />
              </Route>
            </Routes>
          </Suspense>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}
