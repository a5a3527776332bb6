import { useEffect, useState, type ReactNode } from 'react';
import { Button, Card, Progress, Space, Typography } from 'antd';
import type { ApiResponse } from '../api/api';
import { hasMessage, useI18n, type Translate } from '../i18n/i18n';

/** GET /api/status (server/src/modules/startup). */
export type StartupStatus = ApiResponse<'/api/status'>;

const POLL_MS = 1000;

async function fetchStatus(signal: AbortSignal): Promise<StartupStatus | 'offline' | 'unknown'> {
  try {
    const response = await fetch('/api/status', { headers: { Accept: 'application/json' }, cache: 'no-store', signal });
    // a server without the status endpoint (or any other answer) lets the app speak for itself
    if (!response.ok) return 'unknown';
    return (await response.json()) as StartupStatus;
  } catch (err) {
    if (signal.aborted) throw err;
    return 'offline';
  }
}

/**
 * While the server builds the demo brokerage (first start) shows its progress instead of the app,
 * polling /api/status every second; renders the app once the server is ready (the login page
 * follows, since nobody can be signed in yet).
 */
export function StartupGate({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<StartupStatus | 'offline' | null>(null);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let answered = false;
    const poll = async () => {
      const next = await fetchStatus(controller.signal).catch(() => null);
      if (next === null) return; // unmounted
      // ready, a server without the status endpoint, or no server at all before any answer: the app speaks for itself
      if (next === 'unknown' || (next === 'offline' ? !answered : next.ready)) {
        setReady(true);
        return;
      }
      answered = true;
      setStatus(next); // offline in the middle of a build: say so and keep asking
      timer = setTimeout(() => void poll(), POLL_MS);
    };
    void poll();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, []);

  if (ready) return <>{children}</>;
  if (status === null) return null;
  return <StartupProgress status={status} />;
}

function duration(t: Translate, seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return m > 0 ? t('startup.minutes', { m, s }) : t('startup.seconds', { s });
}

/** The share of the build done: elapsed against elapsed plus the estimate left. */
function percentDone(status: StartupStatus): number {
  if (status.secondsLeft === null) return 0;
  const total = status.secondsElapsed + status.secondsLeft;
  return total > 0 ? Math.min(99, Math.floor((100 * status.secondsElapsed) / total)) : 0;
}

function StartupProgress({ status }: { status: StartupStatus | 'offline' }) {
  const { t, locale, setLocale } = useI18n();
  const building = status === 'offline' ? null : status;
  const stageKey = building ? `startup.stage.${building.stage}` : '';
  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f5f5f5', padding: 24 }}>
      <Card style={{ width: 560, maxWidth: '100%' }} data-testid="startup-progress">
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Space style={{ width: '100%', justifyContent: 'space-between' }}>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {t('app.name')}
            </Typography.Title>
            <Button type="text" size="small" onClick={() => setLocale(locale === 'zh-CN' ? 'en-US' : 'zh-CN')}>
              {t('startup.language')}
            </Button>
          </Space>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('startup.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('startup.hint')}</Typography.Text>
          {building ? (
            <>
              <Typography.Text strong data-testid="startup-stage">
                {hasMessage(stageKey) ? t(stageKey) : building.stage}
              </Typography.Text>
              <Progress percent={percentDone(building)} status="active" strokeColor="#c8102e" />
              {building.daysTotal > 0 && (
                <Typography.Text data-testid="startup-days">
                  {t('startup.days', { imported: building.daysImported, total: building.daysTotal })}
                </Typography.Text>
              )}
              <Typography.Text>
                {building.secondsLeft === null ? t('startup.estimating') : t('startup.left', { time: duration(t, building.secondsLeft) })}
                {' · '}
                {t('startup.elapsed', { time: duration(t, building.secondsElapsed) })}
              </Typography.Text>
            </>
          ) : (
            <Typography.Text type="warning">{t('startup.offline')}</Typography.Text>
          )}
        </Space>
      </Card>
    </div>
  );
}
