/**
 * 客户管理 → 来电潜客: callers noted as prospects by the agents (GET /api/cti/prospects), those of the
 * staff in the reader's scope, newest first; mobiles masked by role.
 */
import { useState } from 'react';
import { Space, Table, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/api';
import { QueryState } from '../../components/States';
import { useI18n } from '../../i18n/i18n';
import { formatTime } from '../admin/adminApi';
import { ctiRoot, type CallProspect } from './callcenterApi';

const PAGE_SIZE = 20;

export default function CallProspectsPage() {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const query = useQuery({
    queryKey: [...ctiRoot, 'prospects', page],
    queryFn: ({ signal }) => api.get('/api/cti/prospects', { query: { page, pageSize: PAGE_SIZE } }, signal),
  });
  return (
    <Space direction="vertical" size="middle" style={{ display: 'flex' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>{t('callProspects.title')}</Typography.Title>
      <QueryState query={query}>
        <Table<CallProspect>
          size="small"
          rowKey="id"
          data-testid="call-prospects"
          dataSource={query.data?.items ?? []}
          pagination={{ current: page, pageSize: PAGE_SIZE, total: query.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
          columns={[
            { key: 'name', title: t('callProspects.name'), dataIndex: 'name' },
            { key: 'mobile', title: t('callProspects.mobile'), dataIndex: 'mobile' },
            { key: 'note', title: t('callProspects.note'), dataIndex: 'note' },
            { key: 'by', title: t('callProspects.by'), render: (_: unknown, p: CallProspect) => p.staffName ?? p.createdBy },
            { key: 'at', title: t('callProspects.at'), render: (_: unknown, p: CallProspect) => formatTime(p.createdAt) },
          ]}
        />
      </QueryState>
    </Space>
  );
}
