import { Tag, Typography } from 'antd';
import type { ChurnScore } from './churnApi';

/** A score's level as a coloured tag. */
export function ChurnLevelTag({ level, text }: { level: ChurnScore['level']; text: string }) {
  const color = level === 'HIGH' ? 'red' : level === 'MEDIUM' ? 'orange' : 'default';
  return <Tag color={color}>{text}</Tag>;
}

/** Who scored: the experience rules (经验模型) until a trained model is active, then the model. */
export function ChurnScorerTag({ scorer, text, testId }: { scorer: ChurnScore['scorer']; text: string; testId?: string }) {
  return <Tag color={scorer === 'MODEL' ? 'blue' : 'gold'} data-testid={testId}>{text}</Tag>;
}

/** The reasons of a score in words, one a line (the rules that fired, then the tree's path). */
export function ChurnReasons({ reasons }: { reasons: ChurnScore['reasons'] }) {
  if (!reasons.length) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <ul style={{ margin: 0, paddingInlineStart: 18 }} data-testid="churn-reasons">
      {reasons.map((r) => (
        <li key={`${r.code}:${r.text}`}>{r.text}</li>
      ))}
    </ul>
  );
}
