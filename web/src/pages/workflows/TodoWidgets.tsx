import { Badge, Button, Card, Tooltip, Typography } from 'antd';
import { Link, useNavigate } from 'react-router';
import { useMe } from '../../api/queries';
import { useCurrentUser } from '../../components/AppLayout';
import { useI18n } from '../../i18n/i18n';
import { formatWhen, useWorkflowLabels } from './labels';
import { titleWithNames } from './names';
import { personName, useWorkflows } from './workflowApi';

/** How often the header and the dashboard look for new to-dos. */
const POLL_MS = 30_000;
const FIRST = { view: 'todo', page: 1, pageSize: 5 } as const;

/** The first five to-dos and their total: one query shared by the bell and the dashboard card. */
function useTodos(enabled: boolean) {
  return useWorkflows(FIRST, { refetchInterval: POLL_MS, enabled });
}

function BellIcon() {
  return (
    <svg viewBox="0 0 24 24" width="18" height="18" fill="currentColor" aria-hidden="true">
      <path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2z" />
    </svg>
  );
}

/** The header's bell: the number of the caller's to-dos, refreshed every 30 s; opens 我的待办. */
export function TodoBell() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const me = useMe().data; // the layout's header is outside the outlet that provides useCurrentUser
  const enabled = me?.permissions.includes('workflows') ?? false;
  const todos = useTodos(enabled);
  if (!enabled) return null;
  const count = todos.data?.total ?? 0;
  return (
    <Tooltip title={t('todo.bell')}>
      <Button type="text" onClick={() => navigate('/workflows/todo')} data-testid="todo-bell" aria-label={`${t('todo.bell')} ${count}`}>
        <Badge count={count} size="small" overflowCount={99}>
          <span style={{ display: 'inline-flex', padding: '2px 4px' }}>
            <BellIcon />
          </span>
        </Badge>
      </Button>
    </Tooltip>
  );
}

/** The dashboard's 待办 card: the first five to-dos, each opening its flow. */
export function TodoCard({ style }: { style?: React.CSSProperties }) {
  const { t } = useI18n();
  const labels = useWorkflowLabels();
  const me = useCurrentUser();
  const enabled = me.permissions.includes('workflows');
  const todos = useTodos(enabled);
  if (!enabled) return null;
  const total = todos.data?.total ?? 0;
  return (
    <Card
      size="small"
      title={t('todo.card')}
      style={style}
      data-testid="todo-card"
      loading={todos.isPending}
      extra={total > 0 ? <Link to="/workflows/todo">{t('todo.more', { n: total })}</Link> : null}
      styles={{ body: { paddingTop: total ? 0 : 8, paddingBottom: total ? 0 : 8 } }}
    >
      {total === 0 ? (
        <Typography.Text type="secondary">{todos.isError ? String(todos.error) : t('todo.none')}</Typography.Text>
      ) : (
        <div>
          {(todos.data?.items ?? []).map((f, index) => (
            <div key={f.id} style={{ display: 'flex', gap: 8, alignItems: 'baseline', padding: '8px 0', borderTop: index ? '1px solid #f0f0f0' : undefined }} data-testid="todo-item">
              <Link to={`/workflows/${f.id}`} style={{ flex: 1, minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
                {labels.type(f.type)} · {titleWithNames(f)}
              </Link>
              <Typography.Text type="secondary">{personName(f.initiator)}</Typography.Text>
              <Typography.Text type="secondary">{formatWhen(f.createdAt)}</Typography.Text>
            </div>
          ))}
        </div>
      )}
    </Card>
  );
}
