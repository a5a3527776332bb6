/**
 * The customer's sign-in (客户登录): mobile and a one-time code by SMS (POST /api/me/login/code, then
 * POST /api/me/login). The answer is the same for any number; the resend button counts down 60 s.
 */
import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Space, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useLocation, useNavigate } from 'react-router';
import { api } from '../../api/api';
import { useI18n } from '../../i18n/i18n';
import { MY_ACCOUNTS_PATH, myRoot } from './myApi';

const MOBILE = /^(\+?86)?1\d{10}$/;

export default function MyLoginPage() {
  const { t, locale, setLocale } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ mobile: string; code: string }>();
  const [wait, setWait] = useState(0);
  const [sent, setSent] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (wait <= 0) return undefined;
    const timer = setTimeout(() => setWait((w) => w - 1), 1000);
    return () => clearTimeout(timer);
  }, [wait]);

  const sendCode = async () => {
    setError(null);
    const { mobile } = await form.validateFields(['mobile']);
    try {
      const answer = await api.post('/api/me/login/code', { body: { mobile: mobile.replace(/\s/g, '') } });
      setSent(t('my.login.sent', { minutes: String(Math.round((answer?.validSeconds ?? 300) / 60)) }));
      setWait(answer?.resendAfterSeconds ?? 60);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  const submit = async (values: { mobile: string; code: string }) => {
    setError(null);
    setBusy(true);
    try {
      const profile = await api.post('/api/me/login', { body: { mobile: values.mobile.replace(/\s/g, ''), code: values.code } });
      queryClient.removeQueries({ queryKey: myRoot });
      queryClient.setQueryData([...myRoot, 'profile'], profile);
      void message.success(t('my.home.hello', { name: profile?.name ?? '' }));
      // a household sharing the mobile chooses the account to enter first (MyAccountsPage)
      const accounts = await queryClient.fetchQuery({ queryKey: [...myRoot, 'accounts'], queryFn: () => api.get('/api/me/accounts', {}) });
      const from = (location.state as { from?: string } | null)?.from;
      if (accounts.items.length > 1) void navigate(MY_ACCOUNTS_PATH, { replace: true });
      else void navigate(from && from.startsWith('/my') && from !== '/my/login' ? from : '/my', { replace: true });
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ padding: 16 }}>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 16 }}>
        <Typography.Title level={4} style={{ margin: 0, color: '#c8102e' }}>{t('my.title')}</Typography.Title>
        <Button size="small" type="text" onClick={() => setLocale(locale === 'zh-CN' ? 'en-US' : 'zh-CN')}>{t('my.language')}</Button>
      </div>
      <Card title={t('my.login.title')}>
        <Typography.Paragraph type="secondary">{t('my.login.hint')}</Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false}>
          <Form.Item name="mobile" label={t('my.login.mobile')} rules={[{ required: true, pattern: MOBILE, message: t('my.login.mobileRule'), transform: (v: string) => v?.replace(/\s/g, '') }]}>
            <Input inputMode="tel" autoComplete="tel" maxLength={16} size="large" data-testid="my-login-mobile" />
          </Form.Item>
          <Form.Item label={t('my.login.code')} required>
            <Space.Compact style={{ width: '100%' }}>
              <Form.Item name="code" noStyle rules={[{ required: true, pattern: /^\d{6}$/, message: t('my.login.codeRule') }]}>
                <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} size="large" data-testid="my-login-code" />
              </Form.Item>
              <Button size="large" disabled={wait > 0} onClick={() => void sendCode()} data-testid="my-login-send">
                {wait > 0 ? t('my.login.resend', { n: String(wait) }) : t('my.login.send')}
              </Button>
            </Space.Compact>
          </Form.Item>
          {sent ? <Alert type="success" showIcon title={sent} style={{ marginBottom: 12 }} data-testid="my-login-sent" /> : null}
          {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="my-login-error" /> : null}
          <Button type="primary" htmlType="submit" block size="large" loading={busy} data-testid="my-login-submit">{t('my.login.submit')}</Button>
        </Form>
      </Card>
      <div style={{ textAlign: 'center', marginTop: 16 }}>
        <Link to="/login">{t('my.login.staff')}</Link>
      </div>
    </div>
  );
}
