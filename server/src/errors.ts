/**
 * Typed errors (STYLE.md: typed errors, mapped in one place). Modules throw `AppError`s; app.ts
 * turns every error into `application/problem+json` (RFC 9457) with `toProblem`, in Chinese by
 * default and in English when the request prefers it.
 */
import { z } from 'zod';

export type Language = 'zh' | 'en';

export interface LocalizedText {
  zh: string;
  en: string;
}

/** One bad input field: `field` is the dotted path (`payload.idNo`). */
export interface FieldError {
  field: string;
  message: LocalizedText;
}

export interface AppErrorInit {
  code: string;
  status: number;
  zh: string;
  en: string;
  fieldErrors?: readonly FieldError[];
  /** Extra response headers, e.g. `Retry-After`. */
  headers?: Readonly<Record<string, string>>;
  /** RFC 9457 extension members added to the problem body (e.g. a demo build's progress); never one of the standard members. */
  extensions?: Readonly<Record<string, unknown>>;
  cause?: unknown;
}

export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly detail: LocalizedText;
  readonly fieldErrors: readonly FieldError[];
  readonly headers: Readonly<Record<string, string>>;
  readonly extensions: Readonly<Record<string, unknown>>;

  constructor(init: AppErrorInit) {
    const fields = (init.fieldErrors ?? []).map((f) => `${f.field}: ${f.message.en}`);
    super(fields.length ? `${init.en} (${fields.join('; ')})` : init.en, { cause: init.cause });
    this.name = 'AppError';
    this.code = init.code;
    this.status = init.status;
    this.detail = { zh: init.zh, en: init.en };
    this.fieldErrors = init.fieldErrors ?? [];
    this.headers = init.headers ?? {};
    this.extensions = init.extensions ?? {};
  }
}

export function unauthorized(): AppError {
  return new AppError({ code: 'UNAUTHORIZED', status: 401, zh: '请先登录。', en: 'Please sign in.' });
}

export function forbidden(): AppError {
  return new AppError({ code: 'FORBIDDEN', status: 403, zh: '您无权执行此操作。', en: 'You are not allowed to do this.' });
}

/** Unknown or out of the caller's scope: the same answer, so that it never reveals that a record exists. */
export function notFound(): AppError {
  return new AppError({ code: 'NOT_FOUND', status: 404, zh: '记录不存在。', en: 'No such record.' });
}

export function badRequest(code: string, zh: string, en: string): AppError {
  return new AppError({ code, status: 400, zh, en });
}

export function conflict(code: string, zh: string, en: string): AppError {
  return new AppError({ code, status: 409, zh, en });
}

export function unprocessable(code: string, zh: string, en: string, fieldErrors?: readonly FieldError[]): AppError {
  return new AppError({ code, status: 422, zh, en, fieldErrors });
}

export function validationFailed(fieldErrors: readonly FieldError[]): AppError {
  return unprocessable('VALIDATION_FAILED', '提交的数据有误，请检查各字段。', 'Some fields are invalid.', fieldErrors);
}

/** 429 with Retry-After; the wait is told in seconds below a minute (the login throttle's backoff starts at 1 s), else in minutes. */
export function tooManyRequests(retryAfterSeconds: number): AppError {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  const minutes = Math.ceil(seconds / 60);
  const wait =
    seconds < 60
      ? { zh: `${seconds} 秒`, en: `${seconds} second${seconds === 1 ? '' : 's'}` }
      : { zh: `${minutes} 分钟`, en: `${minutes} minute${minutes === 1 ? '' : 's'}` };
  return new AppError({
    code: 'TOO_MANY_ATTEMPTS',
    status: 429,
    zh: `尝试次数过多，请 ${wait.zh}后再试。`,
    en: `Too many attempts; try again in ${wait.en}.`,
    headers: { 'retry-after': String(seconds) },
  });
}

/** A state change sent from another site's page (CSRF): its Origin or Sec-Fetch-Site is not this server's. */
export function crossSiteRequest(): AppError {
  return new AppError({
    code: 'CROSS_SITE_REQUEST',
    status: 403,
    zh: '拒绝来自其他网站的修改请求。',
    en: 'A change sent from another site is refused.',
  });
}

export function internalError(cause?: unknown): AppError {
  return new AppError({ code: 'INTERNAL', status: 500, zh: '服务器内部错误，请稍后再试。', en: 'Internal server error; please try again later.', cause });
}

/** A framework error with a 4xx status (malformed JSON, unsupported media type, body too large …). */
export function httpError(status: number, code: string): AppError {
  const title = STATUS_TITLES[status] ?? STATUS_TITLES[400]!;
  return new AppError({ code, status, zh: `${title.zh}。`, en: `${title.en}.` });
}

const STATUS_TITLES: Readonly<Record<number, LocalizedText>> = {
  400: { zh: '请求格式错误', en: 'Bad request' },
  401: { zh: '未登录', en: 'Unauthorized' },
  403: { zh: '无权访问', en: 'Forbidden' },
  404: { zh: '未找到', en: 'Not found' },
  405: { zh: '不支持的请求方法', en: 'Method not allowed' },
  406: { zh: '无法提供所请求的格式', en: 'Not acceptable' },
  408: { zh: '请求超时', en: 'Request timeout' },
  409: { zh: '冲突', en: 'Conflict' },
  413: { zh: '请求内容过大', en: 'Content too large' },
  414: { zh: '请求地址过长', en: 'URI too long' },
  415: { zh: '不支持的内容类型', en: 'Unsupported media type' },
  422: { zh: '数据校验未通过', en: 'Unprocessable content' },
  429: { zh: '请求过于频繁', en: 'Too many requests' },
  431: { zh: '请求头过大', en: 'Request header fields too large' },
  500: { zh: '服务器内部错误', en: 'Internal server error' },
  503: { zh: '服务暂不可用', en: 'Service unavailable' },
};

// ---------------------------------------------------------------- problem+json

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

export interface ProblemDetails {
  /** extension members (AppError `extensions`) */
  [member: string]: unknown;
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: string;
  errors?: { field: string; message: string }[];
}

/** RFC 9457 body of `error` in `language`; `instance` is the request path (never its query: it may hold a mobile number). */
export function toProblem(error: AppError, language: Language, instance: string): ProblemDetails {
  const title = STATUS_TITLES[error.status] ?? STATUS_TITLES[error.status >= 500 ? 500 : 400]!;
  const problem: ProblemDetails = {
    ...error.extensions,
    type: `urn:quancrm:problem:${error.code.toLowerCase().replaceAll('_', '-')}`,
    title: title[language],
    status: error.status,
    detail: error.detail[language],
    instance,
    code: error.code,
  };
  if (error.fieldErrors.length) problem.errors = error.fieldErrors.map((f) => ({ field: f.field, message: f.message[language] }));
  return problem;
}

/** Chinese unless the Accept-Language header ranks an English tag above every Chinese one. */
export function preferredLanguage(acceptLanguage: string | undefined): Language {
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.q > 0 && (entry.tag.startsWith('en') || entry.tag.startsWith('zh')))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked[0]?.tag.startsWith('en') ? 'en' : 'zh';
}

// ---------------------------------------------------------------- input validation with bilingual messages

const chineseMessages = z.locales.zhCN().localeError;

export type InputCheck<T> = { success: true; data: T } | { success: false; error: AppError };

/**
 * Validates `data` against a zod schema; on failure the error lists every bad field with its message
 * in both languages (zod's zh-CN and English locales; a schema's own message is kept as it is).
 * An issue about the whole value (no path) is reported under `rootName`.
 */
export function checkInput<S extends z.core.$ZodType>(schema: S, data: unknown, rootName = 'input'): InputCheck<z.output<S>> {
  const inChinese = z.safeParse(schema, data, { error: chineseMessages });
  if (inChinese.success) return { success: true, data: inChinese.data };
  const inEnglish = z.safeParse(schema, data);
  const englishIssues = inEnglish.success ? [] : inEnglish.error.issues;
  const fieldErrors = inChinese.error.issues.map((issue, i) => ({
    field: issue.path.map(String).join('.') || rootName,
    message: { zh: issue.message, en: englishIssues[i]?.message ?? issue.message },
  }));
  return { success: false, error: validationFailed(fieldErrors) };
}

const UNKNOWN_PARAMETER: LocalizedText = { zh: '不支持此参数', en: 'unknown parameter' };

/**
 * `checkInput` for a query string, which may hold only the parameters its schema names: a misspelt
 * or unsupported parameter is a 422 naming it rather than silently ignored. A schema that keeps
 * unknown keys on purpose (`z.looseObject`) checks them itself.
 */
export function checkQuery<S extends z.core.$ZodType>(schema: S, data: unknown, rootName = 'query'): InputCheck<z.output<S>> {
  const checked = checkInput(schema, data, rootName);
  if (!(schema instanceof z.ZodObject) || schema.def.catchall !== undefined || typeof data !== 'object' || data === null) return checked;
  const known = new Set(Object.keys(schema.shape));
  const unknown = Object.keys(data).filter((key) => !known.has(key));
  if (!unknown.length) return checked;
  const fieldErrors = [...unknown.map((field) => ({ field, message: UNKNOWN_PARAMETER })), ...(checked.success ? [] : checked.error.fieldErrors)];
  return { success: false, error: validationFailed(fieldErrors) };
}

const NUL_CHARACTER: LocalizedText = { zh: '不能包含空字符 (\\u0000)', en: 'must not contain a NUL character (\\u0000)' };

/**
 * A 422 field error for every string, and every object key, in `value` (parsed JSON, a query, path
 * parameters) that holds U+0000: PostgreSQL cannot store it in text, so it is refused at the edge.
 * Fields are named as `checkInput` names them (`payload.name`, `items.0`).
 */
export function nulCharacterErrors(value: unknown): FieldError[] {
  const errors: FieldError[] = [];
  const pending: { value: unknown; path: string[] }[] = [{ value, path: [] }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value: current, path } = next;
    if (typeof current === 'string') {
      if (current.includes('\u0000')) errors.push({ field: path.join('.') || 'input', message: NUL_CHARACTER });
    } else if (typeof current === 'object' && current !== null) {
      for (const [key, item] of Object.entries(current)) {
        const itemPath = [...path, key.replaceAll('\u0000', '\\u0000')];
        if (key.includes('\u0000')) errors.push({ field: itemPath.join('.'), message: NUL_CHARACTER });
        pending.push({ value: item, path: itemPath });
      }
    }
  }
  return errors.sort((a, b) => (a.field < b.field ? -1 : a.field > b.field ? 1 : 0));
}

/** `checkInput` that throws the 422 AppError. */
export function parseInput<S extends z.core.$ZodType>(schema: S, data: unknown): z.output<S> {
  const result = checkInput(schema, data);
  if (!result.success) throw result.error;
  return result.data;
}
