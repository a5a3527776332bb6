/** 首页's card of one count opening the list it counts (待跟进事项, 待处理预警): the number red while above zero. */
import type { CSSProperties } from 'react';
import { Card, Statistic, Typography } from 'antd';
import { Link } from 'react-router';

export function CountCard({ to, title, hint, value, style, testId }: { to: string; title: string; hint: string; value: number; style?: CSSProperties; testId: string }) {
  return (
    <Card size="small" style={style} data-testid={testId}>
      <Link to={to}>
        <Statistic title={title} value={value} styles={{ content: { color: value > 0 ? '#c8102e' : undefined } }} />
      </Link>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {hint}
      </Typography.Text>
    </Card>
  );
}
