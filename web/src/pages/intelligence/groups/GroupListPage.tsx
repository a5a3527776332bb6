import { Button, Card, Space, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableProps } from 'antd';
import { Link } from 'react-router';
import { useCurrentUser } from '../../../components/AppLayout';
import { EmptyState, ErrorState } from '../../../components/States';
import { useI18n } from '../../../i18n/i18n';
import { filterText } from './labelWords';
import { filterOf, groupPath, NEW_GROUP_PATH, useGroups, useLabels, type GroupSummary } from './groupsApi';

/**
 * 客户管理 → 客户群: the caller's groups and the shared ones, each with its member count in the
 * caller's own scope (what the group's member list shows; "-" when its filter no longer compiles),
 * the conditions in words, the owner and the last refresh; 新建客户群 with `groups.write`.
 */
export default function GroupListPage() {
  const { t } = useI18n();
  const me = useCurrentUser();
  const canWrite = me.permissions.includes('groups.write');
  const groups = useGroups();
  const labels = useLabels();
  const rows = groups.data?.items ?? [];

  const columns: NonNullable<TableProps<GroupSummary>['columns']> = [
    {
      key: 'name',
      dataIndex: 'name',
      title: t('groups.col.name'),
      width: 300,
      ellipsis: true,
      render: (name: string, g) => (
        <Space size={4}>
          <Link to={groupPath(g.id)} data-testid="group-link">
            {name}
          </Link>
          {g.shared ? <Tag color="blue">{t('groups.shared')}</Tag> : null}
        </Space>
      ),
    },
    {
      key: 'members',
      dataIndex: 'membersInMyScope',
      title: <Tooltip title={t('groups.col.membersHint')}>{t('groups.col.members')}</Tooltip>,
      align: 'right',
      width: 110,
      render: (n: number | null) => <span data-testid="group-members">{n === null ? '-' : n.toLocaleString('en-US')}</span>,
    },
    {
      key: 'filter',
      title: t('groups.col.filter'),
      render: (_: unknown, g) => {
        const text = filterText(filterOf(g), labels.data ?? [], t);
        return (
          <Typography.Text ellipsis={{ tooltip: text }} style={{ maxWidth: 420 }}>
            {text}
          </Typography.Text>
        );
      },
    },
    { key: 'owner', title: t('groups.col.owner'), width: 120, dataIndex: 'ownerName' },
    { key: 'refreshed', dataIndex: 'refreshedOn', title: t('groups.col.refreshed'), width: 120 },
  ];

  return (
    <Card
      size="small"
      title={t('menu.groups')}
      extra={
        <Space size="middle">
          {canWrite ? (
            <Link to={NEW_GROUP_PATH}>
              <Button type="primary" data-testid="group-new">
                {t('groups.new')}
              </Button>
            </Link>
          ) : null}
          <Statistic title={t('groups.total')} value={groups.data ? rows.length : '-'} styles={{ content: { fontSize: 18 } }} />
        </Space>
      }
    >
      {groups.isError ? (
        <ErrorState error={groups.error} onRetry={() => void groups.refetch()} />
      ) : !groups.isPending && rows.length === 0 ? (
        <EmptyState text={t('groups.empty')} />
      ) : (
        <Table<GroupSummary> size="small" rowKey="id" loading={groups.isPending} columns={columns} dataSource={rows} pagination={{ pageSize: 50, hideOnSinglePage: true }} tableLayout="fixed" data-testid="group-list" />
      )}
    </Card>
  );
}
