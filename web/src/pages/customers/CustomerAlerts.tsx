/**
 * The 360° view's 预警 tab: the customer's monitoring alerts (GET /api/alerts?customerNo=, every
 * status, newest day first) with their rule, evidence in words, owner and status; 详情 opens the
 * alert on the 异常监控 page, where it is acted on.
 */
import { useQuery } from '@tanstack/react-query';
import { Table } from 'antd';
import { Link } from 'react-router';
import { api } from '../../api/api';
import { EmptyState, QueryState } from '../../components/States';
import { useI18n } from '../../i18n/i18n';
import { alertColumns } from './AlertWidgets';
import { alertLink, alertsRoot, type AlertItem } from './alertsApi';

const PAGE_SIZE = 50;

export function CustomerAlerts({ customerNo }: { customerNo: string }) {
  const { t, locale } = useI18n();
  const query = useQuery({
    queryKey: [...alertsRoot, 'customer', customerNo, locale],
    queryFn: ({ signal }) => api.get('/api/alerts', { query: { customerNo, pageSize: PAGE_SIZE } }, signal),
  });
  return (
    <QueryState query={query}>
      {query.data && !query.data.items.length ? (
        <EmptyState />
      ) : (
        <Table<AlertItem>
          size="small"
          rowKey="id"
          data-testid="c360-alerts"
          dataSource={query.data?.items ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          footer={query.data && query.data.total > PAGE_SIZE ? () => <Link to={`/customers/alerts?customerNo=${encodeURIComponent(customerNo)}`}>{t('alerts.all', { n: query.data.total })}</Link> : undefined}
          columns={[
            ...alertColumns(t, { customer: false }),
            { key: 'open', title: '', width: 60, render: (_: unknown, a: AlertItem) => <Link to={alertLink(a)}>{t('alerts.details')}</Link> },
          ]}
        />
      )}
    </QueryState>
  );
}
