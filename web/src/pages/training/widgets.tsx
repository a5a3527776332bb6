/** Small pieces the 培训考试 pages share: the material as formatted text, a state tag, time formats. */
import { Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useCodeLabel } from '../../i18n/i18n';
import { formatWhen } from '../workflows/labels';

export { formatWhen };

/**
 * A course's material: plain text with a few line marks — "# " a heading, "- " a bullet, a blank line
 * a new paragraph (no rich-text editor and no HTML: nothing a reader could be sent but text).
 */
export function Material({ text }: { text: string }) {
  const blocks: ReactNode[] = [];
  let bullets: string[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (bullets.length) blocks.push(<ul key={blocks.length}>{bullets.map((b, i) => <li key={i}>{b}</li>)}</ul>);
    if (paragraph.length) blocks.push(<Typography.Paragraph key={blocks.length} style={{ whiteSpace: 'pre-wrap' }}>{paragraph.join('\n')}</Typography.Paragraph>);
    bullets = [];
    paragraph = [];
  };
  for (const line of text.split('\n')) {
    if (line.startsWith('# ')) {
      flush();
      blocks.push(<Typography.Title key={blocks.length} level={5}>{line.slice(2)}</Typography.Title>);
    } else if (line.startsWith('- ')) {
      if (paragraph.length) flush();
      bullets.push(line.slice(2));
    } else if (line.trim() === '') flush();
    else {
      if (bullets.length) flush();
      paragraph.push(line);
    }
  }
  flush();
  return <div data-testid="course-material">{blocks}</div>;
}

const STATE_COLORS: Record<string, string> = { OPEN: 'blue', IN_PROGRESS: 'orange', PASSED: 'green', FAILED: 'red', NO_ATTEMPTS_LEFT: 'red', DONE: 'green', OVERDUE: 'red', PENDING: 'orange' };

export function StateTag({ kind, value }: { kind: 'examState' | 'courseCompletion' | 'attemptStatus'; value: string }) {
  const label = useCodeLabel();
  return <Tag color={STATE_COLORS[value]}>{label(kind, value)}</Tag>;
}

/** "A,C" for a letter set; T and F by their words. */
export function lettersText(letters: readonly string[] | null | undefined, trueText: string, falseText: string): string {
  if (!letters || letters.length === 0) return '';
  return letters.map((l) => (l === 'T' ? trueText : l === 'F' ? falseText : l)).join(', ');
}
