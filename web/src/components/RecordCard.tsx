import type { ReactNode } from 'react';
import { Card, Space } from 'antd';

/**
 * The head card of one record's page (a customer, a staff member): titled `name · code` (`testId` for
 * the browser tests) and its `tags`, `extra` on the right, the record's facts inside.
 */
export function RecordCard({ name, code, testId, tags, extra, children }: { name: string; code: string; testId: string; tags: ReactNode; extra?: ReactNode; children: ReactNode }) {
  return (
    <Card
      size="small"
      className="wrap-head-card"
      title={
        <Space wrap size={[8, 4]}>
          <span data-testid={testId}>
            {name} · {code}
          </span>
          {tags}
        </Space>
      }
      extra={extra}
    >
      {children}
    </Card>
  );
}
