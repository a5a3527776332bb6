/**
 * 选择账户 (a household sharing a mobile, issue 14 part T): the open accounts carrying the mobile the
 * customer logged in with; entering one switches the session (POST /api/me/accounts/switch) and
 * reloads every page's data. Shown after the login when there are several, and from the header.
 */
import { useState } from 'react';
import { Alert, Button, Card, List, Tag, Typography } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { api } from '../../api/api';
import { ErrorState, Loading } from '../../components/States';
import { useI18n } from '../../i18n/i18n';
import { myRoot, useMyAccounts, type MyAccount } from './myApi';

export default function MyAccountsPage() {
  const { t } = useI18n();
  const accounts = useMyAccounts();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (accounts.isPending) return <Loading />;
  if (accounts.isError) return <ErrorState error={accounts.error} onRetry={() => void accounts.refetch()} />;

  const enter = async (account: MyAccount) => {
    setError(null);
    setBusy(account.customerNo);
    try {
      if (!account.current) {
        const profile = await api.post('/api/me/accounts/switch', { body: { customerNo: account.customerNo } });
        queryClient.removeQueries({ queryKey: myRoot });
        queryClient.setQueryData([...myRoot, 'profile'], profile);
      }
      void navigate('/my', { replace: true });
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card title={t('my.accounts.title')} data-testid="my-accounts">
      <Typography.Paragraph type="secondary">{t('my.accounts.hint')}</Typography.Paragraph>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <List
        dataSource={accounts.data.items}
        rowKey="customerNo"
        renderItem={(a) => (
          <List.Item
            data-testid={`my-account-${a.customerNo}`}
            actions={[
              <Button key="enter" type={a.current ? 'default' : 'primary'} loading={busy === a.customerNo} onClick={() => void enter(a)} data-testid={`my-account-enter-${a.customerNo}`}>
                {t('my.accounts.enter')}
              </Button>,
            ]}
          >
            <List.Item.Meta
              title={<>{a.name} {a.current ? <Tag color="red">{t('my.accounts.current')}</Tag> : null}</>}
              description={t('my.home.customerNo', { customerNo: a.customerNo, branch: a.branchName })}
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
