/**
 * The expiring risk assessments as the serving staff's to-do (suitability.md: an expired assessment
 * counts as none): 协同工作 → 我的待办 → 测评到期 lists the customers the caller serves today whose
 * assessment expires within the configured days or has expired (GET /api/suitability/expiring?mine=true),
 * and 首页 counts them, linking to that tab.
 */
import { Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../../api/api';
import { useCurrentUser } from '../../components/AppLayout';
import { codeColumn } from '../../components/columns';
import { CountCard } from '../../components/CountCard';
import { ListTable, useListPage } from '../../components/ListPage';
import { useCodeLabel, useI18n } from '../../i18n/i18n';
import { suitabilityRoot, type ExpiringCustomer, type ExpiringList } from '../products/productsApi';

/** Where 我的待办 shows the expiring assessments (首页's count links here). */
export const EXPIRING_TODO_PATH = '/workflows/todo?tab=assessments';

const STATUS_COLOR: Record<ExpiringCustomer['status'], string> = { EXPIRING: 'orange', EXPIRED: 'red', MISSING: 'default' };

/** True when the login is a staff member who may read customers: only a staff member serves customers. */
export function hasExpiringTodos(me: { staffNo: string | null; permissions: readonly string[] }): boolean {
  return Boolean(me.staffNo) && me.permissions.includes('customers');
}

/** 测评到期: the customers the caller serves whose assessment expires soon or has expired, soonest first. */
export function ExpiringTodoList() {
  const { t } = useI18n();
  const label = useCodeLabel();
  const list = useListPage<ExpiringList>({ path: '/api/suitability/expiring', queryKey: [...suitabilityRoot, 'expiring', 'mine'], fixed: { mine: 'true' }, local: true });
  const data = list.result.data;
  const columns: NonNullable<TableProps<ExpiringCustomer>['columns']> = [
    {
      key: 'customer', title: t('suitability.todo.customer'), width: 200, ellipsis: true,
      render: (_: unknown, c: ExpiringCustomer) => <Link to={`/customers/${encodeURIComponent(c.customerNo)}`}>{`${c.name}（${c.customerNo}）`}</Link>,
    },
    codeColumn<ExpiringCustomer>('riskLevel', t('suitability.customerRisk'), 120, 'riskLevel', label),
    { key: 'assessedOn', dataIndex: 'assessedOn', title: t('suitability.assessedOn'), width: 110 },
    { key: 'expiresOn', dataIndex: 'expiresOn', title: t('suitability.expiresOn'), width: 110 },
    {
      key: 'status', title: t('suitability.col.status'), width: 150,
      render: (_: unknown, c: ExpiringCustomer) => (
        <span>
          <Tag color={STATUS_COLOR[c.status]}>{label('assessmentStatus', c.status)}</Tag>
          {c.daysLeft === null ? null : (
            <Typography.Text type="secondary">{c.daysLeft > 0 ? t('suitability.todo.daysLeft', { n: String(c.daysLeft) }) : t('suitability.todo.daysAgo', { n: String(-c.daysLeft) })}</Typography.Text>
          )}
        </span>
      ),
    },
  ];
  return (
    <>
      {data ? (
        <Typography.Paragraph type="secondary" data-testid="expiring-todo-hint">
          {t('suitability.todo.hint', { date: data.date, days: String(data.withinDays) })}
        </Typography.Paragraph>
      ) : null}
      <ListTable<ExpiringCustomer> list={list} rowKey="customerNo" columns={columns} fitted emptyInTable data-testid="expiring-todos" />
    </>
  );
}

/** 首页's count of the caller's customers whose assessment expires soon or has expired, opening 测评到期. */
export function ExpiringTodoCard({ style }: { style?: React.CSSProperties }) {
  const { t } = useI18n();
  const me = useCurrentUser();
  const enabled = hasExpiringTodos(me) && me.permissions.includes('workflows');
  const count = useQuery({
    queryKey: [...suitabilityRoot, 'expiring', 'mine', 'count'],
    queryFn: ({ signal }) => api.get('/api/suitability/expiring', { query: { mine: 'true', pageSize: 1 } }, signal),
    enabled,
  });
  if (!enabled) return null;
  return (
    <CountCard
      to={EXPIRING_TODO_PATH}
      title={t('suitability.todo.home')}
      hint={t('suitability.todo.homeHint', { days: String(count.data?.withinDays ?? '') })}
      value={count.data?.total ?? 0}
      style={style}
      testId="home-expiring"
    />
  );
}
