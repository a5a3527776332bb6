/**
 * 客户管理 → 通话记录 (GET /api/cti/calls): the calls the reader took (a transferred call for each of
 * its agents) and, for team leads, branch managers and head office, those of the agents in their staff
 * scope — answered or missed, duration, the agents in order, the customer (named only when in the
 * reader's scope or on their own call within the card hours) and the contact record.
 */
import { useState } from 'react';
import { Alert, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, type ApiResponse } from '../../api/api';
import { QueryState } from '../../components/States';
import { useCodeLabel, useI18n } from '../../i18n/i18n';
import { formatTime } from '../admin/adminApi';
import { clockDuration, ctiRoot } from './callcenterApi';

type RecentCall = ApiResponse<'/api/cti/calls'>['items'][number];
const PAGE_SIZE = 20;
const OUTCOME_COLORS: Readonly<Record<string, string>> = { ANSWERED: 'green', MISSED: 'red', IN_PROGRESS: 'blue' };

export default function RecentCallsPage() {
  const { t } = useI18n();
  const label = useCodeLabel();
  const [page, setPage] = useState(1);
  const [mine, setMine] = useState(false);
  const [outcome, setOutcome] = useState<RecentCall['outcome'] | undefined>(undefined);
  const query = useQuery({
    queryKey: [...ctiRoot, 'calls', page, mine, outcome ?? ''],
    queryFn: ({ signal }) => api.get('/api/cti/calls', { query: { page, pageSize: PAGE_SIZE, mine: mine ? 'true' : 'false', outcome } }, signal),
  });
  const customer = (c: RecentCall) => {
    if (!c.customer) {
      if (c.prospectName) return t('calls.prospect', { name: c.prospectName });
      return c.matched > 1 ? t('calls.matches', { n: c.matched }) : <Typography.Text type="secondary">{t('calls.unknownNumber')}</Typography.Text>;
    }
    const name = c.customer.name ?? c.customer.customerNo;
    return c.customer.inScope ? <Link to={`/customers/${encodeURIComponent(c.customer.customerNo)}`}>{`${name}（${c.customer.customerNo}）`}</Link> : <span>{c.customer.name ? `${name}（${c.customer.customerNo}）` : name}</span>;
  };
  return (
    <Space direction="vertical" size="middle" style={{ display: 'flex' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>{t('calls.title')}</Typography.Title>
      <Alert type="info" showIcon title={t('calls.hint')} />
      <Space wrap>
        <Space size={4}><Switch size="small" checked={mine} onChange={(v) => { setMine(v); setPage(1); }} data-testid="calls-mine" />{t('calls.mine')}</Space>
        <Select<RecentCall['outcome'] | ''> value={outcome ?? ''} style={{ width: 140 }} data-testid="calls-outcome"
          onChange={(v) => { setOutcome(v === '' ? undefined : v); setPage(1); }}
          options={[{ value: '', label: t('calls.allOutcomes') }, ...(['ANSWERED', 'MISSED', 'IN_PROGRESS'] as const).map((o) => ({ value: o, label: label('callOutcome', o) }))]} />
      </Space>
      <QueryState query={query}>
        <Table<RecentCall>
          size="small"
          rowKey="callId"
          data-testid="recent-calls"
          dataSource={query.data?.items ?? []}
          scroll={{ x: 1100 }}
          pagination={{ current: page, pageSize: PAGE_SIZE, total: query.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
          columns={[
            { key: 'rangAt', title: t('calls.rangAt'), width: 170, render: (_: unknown, c: RecentCall) => formatTime(c.rangAt) },
            { key: 'number', title: t('calls.number'), width: 130, dataIndex: 'callerNumber' },
            { key: 'outcome', title: t('calls.outcome'), width: 90, render: (_: unknown, c: RecentCall) => <Tag color={OUTCOME_COLORS[c.outcome]}>{label('callOutcome', c.outcome)}</Tag> },
            { key: 'duration', title: t('calls.duration'), width: 90, align: 'right' as const, render: (_: unknown, c: RecentCall) => clockDuration(c.durationSeconds) },
            { key: 'agents', title: t('calls.agents'), width: 200, render: (_: unknown, c: RecentCall) => c.agents.map((a) => `${a.staffName ?? a.username}(${a.extension})`).join(' → ') },
            { key: 'customer', title: t('calls.customer'), width: 200, render: (_: unknown, c: RecentCall) => customer(c) },
            {
              key: 'contact', title: t('calls.contact'), render: (_: unknown, c: RecentCall) => (c.contact
                ? (c.contact.summary ?? <Tag color="green">{t('calls.recorded')}</Tag>)
                : <Typography.Text type="secondary">{t('calls.notRecorded')}</Typography.Text>),
            },
          ]}
        />
      </QueryState>
    </Space>
  );
}
