import type { ReactNode } from 'react';
import { Space } from 'antd';

/** The title of one record's page (a customer, a staff member): `name · code` (`testId` for the browser tests), then its tags. */
export function RecordTitle({ name, code, testId, children }: { name: string; code: string; testId: string; children?: ReactNode }) {
  return (
    <Space>
      <span data-testid={testId}>
        {name} · {code}
      </span>
      {children}
    </Space>
  );
}
