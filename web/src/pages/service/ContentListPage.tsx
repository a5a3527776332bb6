import type { TableProps } from 'antd';
import { Button, Tag } from 'antd';
import dayjs from 'dayjs';
import { Link, useNavigate } from 'react-router';
import { useMe } from '../../api/queries';
import { codeColumn, textColumn } from '../../components/columns';
import { ChoiceFilter, ListPage, ListTotal, TextFilter, useListPage } from '../../components/ListPage';
import type { FilterSpec } from '../../components/listParams';
import { useCodeLabel, useI18n } from '../../i18n/i18n';
import { codesOf } from '../../../../shared/codes';
import { SERVICE_CONTENT_PATH, serviceRoot, type ContentList, type ContentSummary } from './serviceApi';

const FILTERS: FilterSpec = { q: 'text', kind: 'text', category: 'text', status: 'text', mine: 'text' };

export const STATUS_COLOR: Record<string, string> = { DRAFT: 'default', IN_REVIEW: 'processing', PUBLISHED: 'success', REJECTED: 'error' };

/** 服务管理 → 服务产品加工: articles, research notes, signals and information items; a new one for staff who write. */
export default function ContentListPage() {
  const { t } = useI18n();
  const label = useCodeLabel();
  const navigate = useNavigate();
  const me = useMe().data;
  const list = useListPage<ContentList>({ path: '/api/service/content', queryKey: [...serviceRoot, 'content-list'], filters: FILTERS });
  const options = (kind: 'contentKind' | 'contentCategory' | 'contentStatus') => codesOf(kind).map((value) => ({ value, label: label(kind, value) }));
  const columns: NonNullable<TableProps<ContentSummary>['columns']> = [
    { key: 'title', title: t('service.col.title'), width: 280, render: (_: unknown, row: ContentSummary) => <Link to={`${SERVICE_CONTENT_PATH}/${row.id}`}>{row.title}</Link> },
    codeColumn<ContentSummary>('kind', t('service.col.kind'), 100, 'contentKind', label),
    codeColumn<ContentSummary>('category', t('service.col.category'), 90, 'contentCategory', label),
    codeColumn<ContentSummary>('riskLevel', t('service.col.level'), 120, 'productRisk', label),
    { key: 'status', title: t('service.col.status'), width: 100, render: (_: unknown, row: ContentSummary) => <Tag color={STATUS_COLOR[row.status]}>{label('contentStatus', row.status)}</Tag> },
    { key: 'product', title: t('service.col.product'), width: 150, render: (_: unknown, row: ContentSummary) => row.productName ?? '—' },
    textColumn<ContentSummary>('authorName', t('service.col.author'), 100),
    { key: 'publishedAt', title: t('service.col.publishedAt'), width: 150, render: (_: unknown, row: ContentSummary) => (row.publishedAt ? dayjs(row.publishedAt).format('YYYY-MM-DD HH:mm') : '—') },
  ];
  const canWrite = me?.permissions.includes('contacts.write') ?? false;
  return (
    <ListPage<ContentSummary>
      list={list}
      filterTestId="content-filters"
      filters={
        <>
          <TextFilter name="q" placeholder={t('service.filter.title')} width={200} />
          <ChoiceFilter name="kind" placeholder={t('service.col.kind')} width={120} options={options('contentKind')} />
          <ChoiceFilter name="category" placeholder={t('service.col.category')} width={120} options={options('contentCategory')} />
          <ChoiceFilter name="status" placeholder={t('service.col.status')} width={120} options={options('contentStatus')} />
          <ChoiceFilter name="mine" placeholder={t('service.filter.mine')} width={120} options={[{ value: 'true', label: t('service.filter.mineOnly') }]} />
        </>
      }
      title={t('menu.serviceContent')}
      tools={canWrite && <Button type="primary" onClick={() => navigate(`${SERVICE_CONTENT_PATH}/new`)} data-testid="new-content">{t('service.newContent')}</Button>}
      total={<ListTotal list={list} title={t('service.contentCount')} testId="content-total" />}
      rowKey="id"
      columns={columns}
      emptyInTable
      data-testid="content-list"
    />
  );
}
