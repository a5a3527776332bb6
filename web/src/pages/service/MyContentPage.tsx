/**
 * 我的资讯 in the customer space (H5, phone first): the items pushed to the logged-in customer and
 * their subscribed products' content (GET /api/me/content), one item's text (GET /api/me/content/:id,
 * which records the read receipt). Customer realm only: without a customer session it goes to the
 * customer login (/my/login).
 */
import { Badge, Button, Card, List, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Link, Navigate, useLocation, useParams } from 'react-router';
import { api, type ApiResponse } from '../../api/api';
import { ApiError } from '../../api/client';
import { EmptyState, ErrorState, Loading } from '../../components/States';
import { useCodeLabel, useI18n } from '../../i18n/i18n';
import { ContentHtml } from './ContentHtml';

type MyContentList = ApiResponse<'/api/me/content'>;
type MyContentItem = MyContentList['items'][number];

export const MY_CONTENT_PATH = '/my/content';
const myContentRoot = ['my-content'] as const;

function needsLogin(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401;
}

/** The list (/my/content) or one item (/my/content/:id). */
export default function MyContentPage() {
  const { id } = useParams();
  return id ? <MyContentItemView id={id} /> : <MyContentList />;
}

function MyContentList() {
  const { t, locale } = useI18n();
  const label = useCodeLabel();
  const location = useLocation();
  const list = useQuery({ queryKey: [...myContentRoot, 'list', locale], queryFn: ({ signal }) => api.get('/api/me/content', { query: { pageSize: 100 } }, signal) });
  if (list.isPending) return <Loading />;
  if (needsLogin(list.error)) return <Navigate to="/my/login" replace state={{ from: location.pathname }} />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <Card title={<Space>{t('service.my.title')}{list.data.unread ? <Badge count={list.data.unread} data-testid="my-content-unread" /> : null}</Space>} styles={{ body: { padding: 0 } }}>
      {list.data.items.length === 0 ? <EmptyState text={t('service.my.empty')} /> : (
        <List<MyContentItem>
          dataSource={list.data.items}
          data-testid="my-content-list"
          renderItem={(item) => (
            <List.Item style={{ padding: '12px 16px' }}>
              <Link to={`${MY_CONTENT_PATH}/${item.id}`} style={{ display: 'block', width: '100%', color: 'inherit' }} data-testid={`my-content-${item.id}`}>
                <Space orientation="vertical" size={2} style={{ width: '100%' }}>
                  <Space wrap size={6}>
                    {item.read ? null : <Tag color="red">{t('service.my.new')}</Tag>}
                    <Typography.Text strong>{item.title}</Typography.Text>
                  </Space>
                  {item.summary ? <Typography.Text type="secondary">{item.summary}</Typography.Text> : null}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {[label('contentKind', item.kind), label('contentCategory', item.category), item.productName, dayjs(item.receivedAt).format('YYYY-MM-DD HH:mm')].filter(Boolean).join(' · ')}
                  </Typography.Text>
                </Space>
              </Link>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

function MyContentItemView({ id }: { id: string }) {
  const { t, locale } = useI18n();
  const label = useCodeLabel();
  const location = useLocation();
  const queryClient = useQueryClient();
  const item = useQuery({ queryKey: [...myContentRoot, 'item', id, locale], queryFn: ({ signal }) => api.get('/api/me/content/{id}', { path: { id } }, signal) });
  // reading it recorded the receipt: the list's unread marks are stale
  useEffect(() => {
    if (item.isSuccess) void queryClient.invalidateQueries({ queryKey: [...myContentRoot, 'list'] });
  }, [item.isSuccess, queryClient]);
  if (item.isPending) return <Loading />;
  if (needsLogin(item.error)) return <Navigate to="/my/login" replace state={{ from: location.pathname }} />;
  if (item.isError) return <ErrorState error={item.error} onRetry={() => void item.refetch()} />;
  return (
    <Card title={<span data-testid="my-content-title">{item.data.title}</span>} extra={<Link to={MY_CONTENT_PATH}><Button size="small">{t('service.my.back')}</Button></Link>}>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {[label('contentKind', item.data.kind), label('contentCategory', item.data.category), label('productRisk', item.data.riskLevel), item.data.productName, dayjs(item.data.receivedAt).format('YYYY-MM-DD HH:mm')].filter(Boolean).join(' · ')}
      </Typography.Paragraph>
      <ContentHtml html={item.data.bodyHtml} />
    </Card>
  );
}
