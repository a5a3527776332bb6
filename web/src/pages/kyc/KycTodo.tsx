/**
 * The customers with incomplete information as the serving staff's to-do, done as 测评到期 is
 * (pages/suitability/ExpiringTodo.tsx): 协同工作 → 我的待办 → 信息待完善 lists the customers the caller
 * serves today below the configured completeness (GET /api/kyc/incomplete?mine=true), and 首页 counts
 * them, linking to that tab.
 */
import { Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api } from '../../api/api';
import { useCurrentUser } from '../../components/AppLayout';
import { CountCard } from '../../components/CountCard';
import { ListTable, useListPage } from '../../components/ListPage';
import { useCodeLabel, useI18n } from '../../i18n/i18n';
import { kycRoot, KYC_TODO_PATH, scoreColor, type IncompleteCustomer, type IncompleteList } from './kycApi';

/** True when the login is a staff member who may read customers: only a staff member serves customers. */
export function hasKycTodos(me: { staffNo: string | null; permissions: readonly string[] }): boolean {
  return Boolean(me.staffNo) && me.permissions.includes('customers');
}

/** 信息待完善: the customers the caller serves whose information is below the threshold, lowest first. */
export function KycTodoList() {
  const { t } = useI18n();
  const label = useCodeLabel();
  const list = useListPage<IncompleteList>({ path: '/api/kyc/incomplete', queryKey: [...kycRoot, 'incomplete', 'mine'], fixed: { mine: 'true' }, local: true });
  const data = list.result.data;
  const threshold = data?.threshold ?? 80;
  const columns: NonNullable<TableProps<IncompleteCustomer>['columns']> = [
    {
      key: 'customer', title: t('kyc.col.customer'), width: 200, ellipsis: true,
      render: (_: unknown, c: IncompleteCustomer) => <Link to={`/customers/${encodeURIComponent(c.customerNo)}?tab=kyc`}>{`${c.name}（${c.customerNo}）`}</Link>,
    },
    { key: 'score', dataIndex: 'score', title: t('kyc.col.score'), width: 90, render: (score: number) => <Tag color={scoreColor(score, threshold)}>{`${score}%`}</Tag> },
    { key: 'missing', title: t('kyc.col.missing'), render: (_: unknown, c: IncompleteCustomer) => c.missing.map((f) => label('kycField', f)).join('、') },
  ];
  return (
    <>
      {data ? (
        <Typography.Paragraph type="secondary" data-testid="kyc-todo-hint">
          {t('kyc.todo.hint', { date: data.date, threshold: String(data.threshold) })}
        </Typography.Paragraph>
      ) : null}
      <ListTable<IncompleteCustomer> list={list} rowKey="customerNo" columns={columns} fitted emptyInTable data-testid="kyc-todos" />
    </>
  );
}

/** 首页's count of the caller's customers with incomplete information, opening 信息待完善. */
export function KycTodoCard({ style }: { style?: React.CSSProperties }) {
  const { t } = useI18n();
  const me = useCurrentUser();
  const enabled = hasKycTodos(me) && me.permissions.includes('workflows');
  const count = useQuery({
    queryKey: [...kycRoot, 'incomplete', 'mine', 'count'],
    queryFn: ({ signal }) => api.get('/api/kyc/incomplete', { query: { mine: 'true', pageSize: 1 } }, signal),
    enabled,
  });
  if (!enabled) return null;
  return (
    <CountCard
      to={KYC_TODO_PATH}
      title={t('kyc.todo.home')}
      hint={t('kyc.todo.homeHint', { threshold: String(count.data?.threshold ?? '') })}
      value={count.data?.total ?? 0}
      style={style}
      testId="home-kyc"
    />
  );
}
