import { useState } from 'react';
import { App, Button, Segmented, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { useMutation } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { Link } from 'react-router';
import type { Page } from '../../api/types';
import { useCurrentUser } from '../../components/AppLayout';
import { CountCard } from '../../components/CountCard';
import { ListTable, useListPage } from '../../components/ListPage';
import { useCodeLabel, useI18n } from '../../i18n/i18n';
import { contactsRoot, finishFollowUp, FOLLOW_UP_STATUSES, useContactsChanged, type FollowUp, type FollowUpStatus } from './contactsApi';

/** Where 我的待办 shows the follow-ups (首页's count links here). */
export const FOLLOW_UPS_PATH = '/workflows/todo?tab=follow-ups';

/** True when the login records contacts, and so has follow-ups of its own. */
export function hasFollowUps(permissions: readonly string[]): boolean {
  return permissions.includes('contacts.write');
}

const when = (iso: string | null) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '');

/**
 * 跟进事项: the caller's next actions, open ones by due date (overdue first, in red) with a 完成 button,
 * done ones newest first; the customer's name opens the 360° view.
 */
export function FollowUpList() {
  const { t } = useI18n();
  const label = useCodeLabel();
  const { message } = App.useApp();
  const changed = useContactsChanged();
  const [status, setStatus] = useState<FollowUpStatus>('open');
  const finish = useMutation({
    mutationFn: (followUp: FollowUp) => finishFollowUp(followUp.id),
    onSuccess: () => {
      void message.success(t('followUps.markedDone'));
      return changed();
    },
    onError: (error) => void message.error(error.message),
  });
  const list = useListPage<Page<FollowUp>>({ path: '/api/follow-ups', queryKey: [...contactsRoot, 'follow-ups'], fixed: { status }, local: true });

  const columns: TableProps<FollowUp>['columns'] = [
    {
      title: t('followUps.col.dueOn'),
      key: 'dueOn',
      width: 150,
      render: (_: unknown, f: FollowUp) => (
        <span>
          {f.nextAction?.dueOn}
          {f.overdue ? (
            <Tag color="red" style={{ marginLeft: 8 }}>
              {t('followUps.overdue')}
            </Tag>
          ) : null}
        </span>
      ),
    },
    { title: t('followUps.col.nextAction'), key: 'nextAction', width: 240, ellipsis: true, render: (_: unknown, f: FollowUp) => f.nextAction?.text },
    {
      title: t('followUps.col.customer'),
      key: 'customer',
      width: 180,
      render: (_: unknown, f: FollowUp) => <Link to={`/customers/${f.customerNo}`}>{`${f.customerName}（${f.customerNo}）`}</Link>,
    },
    {
      title: t('followUps.col.contact'),
      key: 'contact',
      ellipsis: true,
      render: (_: unknown, f: FollowUp) => (
        <span>
          <Tag>{label('contactChannel', f.channel)}</Tag>
          <Typography.Text type="secondary">{when(f.at)}</Typography.Text> {f.summary}
        </span>
      ),
    },
    status === 'open'
      ? {
          title: '',
          key: 'done',
          width: 80,
          render: (_: unknown, f: FollowUp) => (
            <Button size="small" type="primary" loading={finish.isPending && finish.variables.id === f.id} onClick={() => finish.mutate(f)} data-testid="follow-up-done">
              {t('followUps.done')}
            </Button>
          ),
        }
      : { title: t('followUps.col.doneAt'), key: 'doneAt', width: 140, render: (_: unknown, f: FollowUp) => when(f.nextAction?.doneAt ?? null) },
  ];

  return (
    <>
      <Segmented<FollowUpStatus>
        value={status}
        onChange={(next) => {
          setStatus(next);
          list.update({ page: undefined });
        }}
        options={FOLLOW_UP_STATUSES.map((s) => ({ value: s, label: label('followUpStatus', s) }))}
        style={{ marginBottom: 16 }}
        data-testid="follow-up-status"
      />
      <ListTable<FollowUp>
        list={list}
        rowKey="id"
        columns={columns}
        fitted
        emptyInTable
        onRow={(f) => (f.overdue ? { style: { background: '#fff1f0' } } : {})}
        data-testid="follow-ups"
      />
    </>
  );
}

/** 首页's count of the caller's follow-ups due today or earlier, opening 跟进事项. */
export function FollowUpsCard({ style }: { style?: React.CSSProperties }) {
  const { t } = useI18n();
  const me = useCurrentUser();
  if (!hasFollowUps(me.permissions) || !me.permissions.includes('workflows')) return null;
  return <CountCard to={FOLLOW_UPS_PATH} title={t('followUps.home')} hint={t('followUps.homeHint')} value={me.openFollowUps} style={style} testId="home-follow-ups" />;
}
