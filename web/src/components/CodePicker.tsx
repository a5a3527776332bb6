/**
 * Searchable pickers of staff, colleagues, teams, branches and customers (员工 / 团队 / 营业部 / 客户选择):
 * an antd Select searching on the server as the user types (debounced), showing "名称（代码）" and
 * submitting the code. The server answers only what the caller may pick (their data scope), so a
 * picker never offers more than the form would accept.
 */
import { useState, type CSSProperties } from 'react';
import { Select, Spin } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/api';
import { useI18n, type Translate } from '../i18n/i18n';
import { useDebounced } from './useDebounced';

/**
 * - staff: the caller's staff scope (GET /api/staff), as a relationship's own staff must be;
 * - colleague: active staff of the branches the caller may pick (GET /api/org/staff), the target of a change;
 * - team, branch: GET /api/org/teams, /api/org/branches;
 * - customer: the caller's customers (GET /api/customers: number, name or a mobile's last four).
 */
export type PickerKind = 'staff' | 'colleague' | 'team' | 'branch' | 'customer';

export interface PickerOption {
  code: string;
  name: string;
}

/** "名称（代码）", or the bare code when the name is not known (or not the caller's to see). */
export function nameWithCode(code: string, name: string | null | undefined): string {
  return name ? `${name}（${code}）` : code;
}

const PAGE = 20;

async function search(kind: PickerKind, q: string, branch: string | undefined, signal: AbortSignal): Promise<PickerOption[]> {
  switch (kind) {
    case 'staff': {
      const page = await api.get('/api/staff', { query: { q, pageSize: PAGE, branch } }, signal);
      return page.items.map((s) => ({ code: s.staffNo, name: s.name }));
    }
    case 'customer': {
      const page = await api.get('/api/customers', { query: { q, pageSize: PAGE, branch } }, signal);
      return page.items.map((c) => ({ code: c.customerNo, name: c.name }));
    }
    case 'colleague':
    case 'team':
    case 'branch': {
      const route = ({ colleague: '/api/org/staff', team: '/api/org/teams', branch: '/api/org/branches' } as const)[kind];
      const answer = await api.get(route, { query: { q, limit: PAGE, branch } }, signal);
      return answer.items.map((o) => ({ code: o.code, name: o.name }));
    }
  }
}

const PLACEHOLDER: Record<PickerKind, Parameters<Translate>[0]> = {
  staff: 'picker.searchStaff',
  colleague: 'picker.searchStaff',
  team: 'picker.searchTeam',
  branch: 'picker.searchBranch',
  customer: 'picker.searchCustomer',
};

/** A code as a form would take it (letters, digits, - and _), for a typed code the search did not offer. */
const TYPED_CODE = /^[A-Za-z0-9_-]{1,32}$/;


export interface CodePickerProps {
  kind: PickerKind;
  value?: string | null;
  onChange?: (code: string | undefined) => void;
  /** Only this branch's staff, teams or customers. */
  branch?: string;
  /** Also offers the typed code itself when the search does not find it (a customer the server checks on submit). */
  allowTyped?: boolean;
  placeholder?: string;
  allowClear?: boolean;
  disabled?: boolean;
  style?: CSSProperties;
  id?: string;
  'data-testid'?: string;
}

/** Works as a Form.Item child: `value` is the code, `onChange` gets the code (undefined when cleared). */
export function CodePicker({ kind, value, onChange, branch, allowTyped, placeholder, allowClear = true, disabled, style, id, ...rest }: CodePickerProps) {
  const { t } = useI18n();
  const [typed, setTyped] = useState('');
  // nothing is asked before the list is opened or typed into
  const [opened, setOpened] = useState(false);
  const q = useDebounced(typed.trim(), 300);
  const current = value ?? undefined;
  const found = useQuery({
    queryKey: ['picker', kind, branch ?? '', q],
    queryFn: ({ signal }) => search(kind, q, branch, signal),
    staleTime: 30_000,
    placeholderData: (previous) => previous,
    enabled: opened || q !== '',
  });
  // the chosen code's name, when the options on hand do not hold it (a pre-filled or resubmitted form)
  const known = found.data?.some((o) => o.code === current) ?? false;
  const label = useQuery({
    queryKey: ['picker', kind, branch ?? '', 'code', current],
    queryFn: async ({ signal }) => (await search(kind, current ?? '', branch, signal)).find((o) => o.code === current) ?? null,
    enabled: Boolean(current) && !known,
    staleTime: 60_000,
  });

  const options = (found.data ?? []).map((o) => ({ value: o.code, label: nameWithCode(o.code, o.name) }));
  if (current && !options.some((o) => o.value === current)) {
    options.unshift({ value: current, label: nameWithCode(current, label.data?.name) });
  }
  const text = typed.trim();
  if (allowTyped && TYPED_CODE.test(text) && !options.some((o) => o.value === text)) {
    options.push({ value: text, label: t('picker.useTyped', { code: text }) });
  }
  const searching = found.isFetching || typed.trim() !== q || (opened && found.isPending);

  return (
    <Select<string>
      id={id}
      data-testid={rest['data-testid']}
      showSearch={{ filterOption: false, onSearch: setTyped, searchValue: typed }}
      value={current}
      onChange={(code) => {
        setTyped('');
        onChange?.(code ?? undefined);
      }}
      onOpenChange={(open) => {
        if (open) setOpened(true);
        else setTyped('');
      }}
      options={options}
      placeholder={placeholder ?? t(PLACEHOLDER[kind])}
      allowClear={allowClear}
      disabled={disabled}
      loading={searching}
      notFoundContent={searching ? <Spin size="small" /> : t('picker.noMatch')}
      style={{ minWidth: 180, ...style }}
      popupMatchSelectWidth={false}
    />
  );
}
