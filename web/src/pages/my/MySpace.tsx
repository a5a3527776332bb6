/**
 * 客户专属空间 (issue 14 item 5): the customer realm's H5 pages under /my, phone first, with their own
 * minimal layout (no staff menu): a header with the customer's name, the language and sign-out, and
 * a tab bar built from MY_TABS. A page of the space is one entry of MY_TABS (path, label, page); the
 * login (/my/login) is outside it. Without a customer session every page goes to /my/login.
 */
import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import { Button, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { Link, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { api } from '../../api/api';
import { Loading } from '../../components/States';
import { useI18n } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { MY_ACCOUNTS_PATH, MY_LOGIN_PATH, myRoot, needsCustomerLogin, useMyAccounts, useMyProfile } from './myApi';

const MyLoginPage = lazy(() => import('./MyLoginPage'));
const MyAccountsPage = lazy(() => import('./MyAccountsPage'));

interface MyTab {
  /** under /my: '' is /my itself */
  path: string;
  label: MessageKey;
  page: LazyExoticComponent<ComponentType>;
  /** more routes the tab's page answers (e.g. an item of a list) */
  more?: string[];
}

/** The space's pages, in the tab bar's order. */
export const MY_TABS: MyTab[] = [
  { path: '', label: 'my.tab.home', page: lazy(() => import('./MyHomePage')) },
  { path: 'questionnaire', label: 'my.tab.questionnaire', page: lazy(() => import('./MyQuestionnairePage')) },
  { path: 'products', label: 'my.tab.products', page: lazy(() => import('./MyProductsPage')) },
  { path: 'messages', label: 'my.tab.messages', page: lazy(() => import('./MyMessagesPage')) },
  // 我的资讯 (service content pushed to the customer: pages/service/MyContentPage.tsx, GET /api/me/content)
  { path: 'content', label: 'my.tab.content', page: lazy(() => import('../service/MyContentPage')), more: ['content/:id'] },
];

const FRAME: React.CSSProperties = { maxWidth: 640, margin: '0 auto', minHeight: '100vh', background: '#f5f5f5', display: 'flex', flexDirection: 'column' };

export default function MySpace() {
  return (
    <div style={FRAME} data-testid="my-space">
      <Suspense fallback={<Loading />}>
        <Routes>
          <Route path="login" element={<MyLoginPage />} />
          <Route path="*" element={<SignedIn />} />
        </Routes>
      </Suspense>
    </div>
  );
}

function SignedIn() {
  const location = useLocation();
  const profile = useMyProfile();
  if (profile.isPending) return <Loading />;
  if (profile.isError) {
    if (needsCustomerLogin(profile.error)) return <Navigate to={MY_LOGIN_PATH} replace state={{ from: location.pathname }} />;
    return <Typography.Text type="danger">{String(profile.error)}</Typography.Text>;
  }
  return (
    <>
      <MyHeader name={profile.data.name} />
      <main style={{ flex: 1, padding: 12, paddingBottom: 72 }}>
        <Suspense fallback={<Loading />}>
          <Routes>
            {MY_TABS.flatMap((tab) => [tab.path, ...(tab.more ?? [])].map((path) =>
              path === '' ? <Route key="home" index element={<tab.page />} /> : <Route key={path} path={path} element={<tab.page />} />,
            ))}
            <Route path="accounts" element={<MyAccountsPage />} />
            <Route path="*" element={<Navigate to="/my" replace />} />
          </Routes>
        </Suspense>
      </main>
      <MyTabBar />
    </>
  );
}

function MyHeader({ name }: { name: string }) {
  const { t, locale, setLocale } = useI18n();
  const navigate = useNavigate();
  const household = (useMyAccounts().data?.items.length ?? 0) > 1;
  const queryClient = useQueryClient();
  const logout = async () => {
    await api.post('/api/me/logout', {});
    queryClient.removeQueries({ queryKey: myRoot });
    void navigate(MY_LOGIN_PATH, { replace: true });
  };
  return (
    <header style={{ display: 'flex', alignItems: 'center', gap: 8, padding: '10px 12px', background: '#c8102e', color: '#fff', position: 'sticky', top: 0, zIndex: 10 }}>
      <span style={{ fontWeight: 600, flex: 1, minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
        {t('my.title')} · <span data-testid="my-name">{name}</span>
      </span>
      {household ? (
        <Button size="small" type="text" style={{ color: '#fff' }} onClick={() => void navigate(MY_ACCOUNTS_PATH)} data-testid="my-switch-account">{t('my.accounts.switch')}</Button>
      ) : null}
      <Button size="small" type="text" style={{ color: '#fff' }} onClick={() => setLocale(locale === 'zh-CN' ? 'en-US' : 'zh-CN')}>{t('my.language')}</Button>
      <Button size="small" ghost onClick={() => void logout()} data-testid="my-logout">{t('my.logout')}</Button>
    </header>
  );
}

function MyTabBar() {
  const { t } = useI18n();
  const location = useLocation();
  const current = location.pathname.replace(/^\/my\/?/, '').split('/')[0] ?? '';
  return (
    <nav style={{ position: 'fixed', bottom: 0, left: 0, right: 0, display: 'flex', justifyContent: 'center', background: '#fff', borderTop: '1px solid #e8e8e8', zIndex: 10 }}>
      <div style={{ display: 'flex', width: '100%', maxWidth: 640 }}>
        {MY_TABS.map((tab) => {
          const active = current === tab.path;
          return (
            <Link
              key={tab.path || 'home'}
              to={`/my${tab.path ? `/${tab.path}` : ''}`}
              data-testid={`my-tab-${tab.path || 'home'}`}
              aria-current={active ? 'page' : undefined}
              style={{ flex: 1, textAlign: 'center', padding: '10px 2px', fontSize: 12, lineHeight: 1.3, color: active ? '#c8102e' : '#595959', fontWeight: active ? 600 : 400 }}
            >
              {t(tab.label)}
            </Link>
          );
        })}
      </div>
    </nav>
  );
}
