/**
 * Names beside the codes of a flow (the server's `names`: only those the caller may see), so that
 * "1000000004：S01003 → S01004" reads "张三（1000000004）：李四（S01003）→ 王五（S01004）".
 */
import { nameWithCode } from '../../components/CodePicker';
import type { WorkflowSummary } from './workflowApi';

type Named = Pick<WorkflowSummary, 'names'>;

/** The name of a customer or staff number, branch or team code, if the server gave one. */
export function nameOf(flow: Named, code: string): string | undefined {
  return flow.names.customers[code] ?? flow.names.staff[code] ?? flow.names.units[code];
}

/** A code as "名称（代码）" when its name is known, else the bare code. */
export function codeWithName(flow: Named, code: string): string {
  return nameWithCode(code, nameOf(flow, code));
}

/** The flow's title with a name beside every code it names (codes are runs of letters, digits, - and _). */
export function titleWithNames(flow: Named & Pick<WorkflowSummary, 'title'>): string {
  return flow.title.replace(/[A-Za-z0-9_-]+/g, (token) => codeWithName(flow, token));
}
