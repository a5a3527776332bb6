import { Card, DatePicker, Form } from 'antd';
import type { TableProps } from 'antd';
import { codesOf } from '../../../../shared/codes';
import type { ApiResponse } from '../../api/api';
import { DetailPairs } from '../../components/DetailPairs';
import { ChoiceFilter, ListFilters, ListTable, TextFilter, useListPage } from '../../components/ListPage';
import type { FilterSpec } from '../../components/listParams';
import { useCodeLabel, useI18n } from '../../i18n/i18n';
import { formatTime, type AuditRow } from './adminApi';

const FILTERS: FilterSpec = { user: 'text', action: 'choice', entity: 'choice', range: { from: 'from', to: 'to' } };

/** 审计日志: the existing GET /api/audit (COMPLIANCE and ADMIN). */
export default function AuditPage() {
  const { t } = useI18n();
  const label = useCodeLabel();
  const list = useListPage<ApiResponse<'/api/audit'>>({ path: '/api/audit', queryKey: ['admin', 'audit'], filters: FILTERS, pageSize: 50, local: true });

  const columns: TableProps<AuditRow>['columns'] = [
    { title: t('admin.audit.at'), dataIndex: 'at', width: 170, render: (v: string) => formatTime(v) },
    { title: t('admin.audit.user'), dataIndex: 'username' },
    // the action and the entity by their labels (shared/codes.ts), the detail as labelled key: value lines, never raw JSON
    { title: t('admin.audit.action'), dataIndex: 'action', width: 150, render: (v: string) => label('auditAction', v) },
    { title: t('admin.audit.entity'), dataIndex: 'entity', width: 90, render: (v: string | null) => label('auditEntity', v) },
    { title: t('admin.audit.entityId'), dataIndex: 'entityId' },
    { title: t('admin.audit.detail'), dataIndex: 'detail', render: (d: unknown) => <DetailPairs value={d} /> },
    { title: t('admin.audit.ip'), dataIndex: 'ip' },
  ];

  return (
    <Card title={t('menu.admin.audit')}>
      <ListFilters list={list} inline>
        <TextFilter name="user" placeholder={t('admin.audit.user')} width={140} />
        {/* actions and entities picked by their labels; the query sends the code */}
        <ChoiceFilter name="action" placeholder={t('admin.audit.action')} width={200} searchable options={codesOf('auditAction').map((code) => ({ value: code, label: label('auditAction', code) }))} />
        <ChoiceFilter name="entity" placeholder={t('admin.audit.entity')} width={140} searchable options={codesOf('auditEntity').map((code) => ({ value: code, label: label('auditEntity', code) }))} />
        <Form.Item name="range">
          <DatePicker.RangePicker allowEmpty={[true, true]} />
        </Form.Item>
      </ListFilters>
      <ListTable<AuditRow> list={list} rowKey="id" columns={columns} scroll={undefined} pageSizeOptions="auto" />
    </Card>
  );
}
