import { useState } from 'react';
import { Button, Card, DatePicker, Form, Input, Select, Table } from 'antd';
import type { TableProps } from 'antd';
import type { Dayjs } from 'dayjs';
import { codesOf } from '../../../../shared/codes';
import { DetailPairs } from '../../components/DetailPairs';
import { ErrorState } from '../../components/States';
import { useCodeLabel, useI18n } from '../../i18n/i18n';
import { formatTime, useAudit, type AuditRow } from './adminApi';

interface Filter {
  user?: string;
  action?: string;
  entity?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

/** 审计日志: the existing GET /api/audit (COMPLIANCE and ADMIN). */
export default function AuditPage() {
  const { t } = useI18n();
  const label = useCodeLabel();
  const [params, setParams] = useState<Record<string, string | number | undefined>>({ page: 1, pageSize: 50 });
  const audit = useAudit(params);

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

  function apply(v: Filter) {
    setParams({
      page: 1,
      pageSize: params.pageSize,
      user: v.user || undefined,
      action: v.action || undefined,
      entity: v.entity || undefined,
      from: v.range?.[0]?.format('YYYY-MM-DD'),
      to: v.range?.[1]?.format('YYYY-MM-DD'),
    });
  }

  return (
    <Card title={t('menu.admin.audit')}>
      <Form<Filter> layout="inline" style={{ marginBottom: 16, rowGap: 8 }} onFinish={apply}>
        <Form.Item name="user">
          <Input placeholder={t('admin.audit.user')} allowClear style={{ width: 140 }} />
        </Form.Item>
        {/* actions and entities picked by their labels; the query sends the code */}
        <Form.Item name="action">
          <Select
            placeholder={t('admin.audit.action')}
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: 200 }}
            options={codesOf('auditAction').map((code) => ({ value: code, label: label('auditAction', code) }))}
          />
        </Form.Item>
        <Form.Item name="entity">
          <Select
            placeholder={t('admin.audit.entity')}
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: 140 }}
            options={codesOf('auditEntity').map((code) => ({ value: code, label: label('auditEntity', code) }))}
          />
        </Form.Item>
        <Form.Item name="range">
          <DatePicker.RangePicker allowEmpty={[true, true]} />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('common.query')}
        </Button>
      </Form>
      {audit.isError ? (
        <ErrorState error={audit.error} onRetry={() => void audit.refetch()} />
      ) : (
        <Table<AuditRow>
          rowKey="id"
          size="small"
          loading={audit.isFetching}
          columns={columns}
          dataSource={audit.data?.items ?? []}
          pagination={{
            current: Number(params.page),
            pageSize: Number(params.pageSize),
            total: audit.data?.total ?? 0,
            showTotal: (n) => t('common.totalCount', { n }),
            onChange: (page, pageSize) => setParams({ ...params, page, pageSize }),
          }}
        />
      )}
    </Card>
  );
}
