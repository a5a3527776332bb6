import type { ReactNode } from 'react';
import { Alert, Button, Empty, Result, Spin } from 'antd';
import { useI18n } from '../i18n/i18n';
import { ApiError } from '../api/client';

export function Loading() {
  const { t } = useI18n();
  return (
    <div style={{ padding: 48, textAlign: 'center' }}>
      <Spin tip={t('common.loading')}>
        <div style={{ minHeight: 40 }} />
      </Spin>
    </div>
  );
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  if (error instanceof ApiError && error.status === 404) return <Result status="404" subTitle={error.detail} />;
  if (error instanceof ApiError && error.status === 403) return <Result status="403" subTitle={error.detail} />;
  // The API's problem detail is already in the user's language; other failures get a message of ours.
  const message =
    error instanceof ApiError
      ? error.status >= 500 && !error.detail
        ? t('common.serverError')
        : error.detail
      : error instanceof TypeError
        ? t('common.networkError')
        : error instanceof Error
          ? error.message
          : String(error);
  return (
    <Alert
      type="error"
      showIcon
      title={t('common.error')}
      description={message}
      action={onRetry ? <Button size="small" onClick={onRetry}>{t('common.retry')}</Button> : undefined}
    />
  );
}

/**
 * A query's error (with a retry) or its first load, else the `children` drawn from its answer;
 * `ready` when the answer shown is a particular one (by default: any answer).
 */
export function QueryState({ query, ready = !query.isPending, children }: { query: { isError: boolean; isPending: boolean; error: unknown; refetch: () => unknown }; ready?: boolean; children: ReactNode }) {
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  return ready ? children : <Loading />;
}

export function EmptyState({ text }: { text?: string }) {
  const { t } = useI18n();
  return <Empty description={text ?? t('common.empty')} />;
}

export function Forbidden() {
  const { t } = useI18n();
  return <Result status="403" subTitle={t('common.forbidden')} />;
}
