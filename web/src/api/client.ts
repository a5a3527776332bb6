import { currentLocale } from '../i18n/i18n';

/** An RFC 9457 problem from the API; `detail` is already in the user's language (Accept-Language). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly fieldErrors: { field: string; message: string }[] = [],
  ) {
    super(detail);
    this.name = 'ApiError';
  }
}

interface Problem {
  title?: string;
  detail?: string;
  errors?: { field: string; message: string }[];
}

function headers(extra?: Record<string, string>): Record<string, string> {
  return { 'Accept-Language': currentLocale() === 'en-US' ? 'en' : 'zh-CN', ...extra };
}

async function toError(response: Response): Promise<ApiError> {
  let problem: Problem = {};
  try {
    problem = (await response.json()) as Problem;
  } catch {
    // not JSON: fall back to the status line
  }
  const fields = problem.errors ?? [];
  const base = problem.detail ?? problem.title ?? `${response.status} ${response.statusText}`;
  const detail = fields.length ? `${base} ${fields.map((e) => `${e.field}: ${e.message}`).join('; ')}` : base;
  return new ApiError(response.status, detail, fields);
}

/** Query string from the non-empty values only. */
export function queryString(params: Record<string, string | number | boolean | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export async function apiGet<T>(path: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(path, { credentials: 'include', headers: headers({ Accept: 'application/json' }), signal });
  if (!response.ok) throw await toError(response);
  return (await response.json()) as T;
}

export async function apiPost<T>(path: string, body?: unknown): Promise<T | null> {
  return apiSend<T>('POST', path, body);
}

/**
 * A write (POST, PUT, PATCH, DELETE) with a JSON body when one is given, and then only with a
 * Content-Type (a bodyless request declared as JSON is refused by the server: the logout button's
 * request failed that way until issue 11); null for an answer without a body (204).
 */
export async function apiSend<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T | null> {
  const response = await fetch(path, {
    method,
    credentials: 'include',
    headers: headers({ ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), Accept: 'application/json' }),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw await toError(response);
  return response.status === 204 || response.headers.get('content-length') === '0' ? null : ((await response.json()) as T);
}

/** Downloads a file (the Excel export) with the same session and language as the page. */
export async function apiDownload(path: string, fallbackName: string): Promise<void> {
  const response = await fetch(path, { credentials: 'include', headers: headers() });
  if (!response.ok) throw await toError(response);
  const blob = await response.blob();
  const disposition = response.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  const name = star?.[1] ? decodeURIComponent(star[1]) : (plain?.[1] ?? fallbackName);
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
