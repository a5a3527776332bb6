/**
 * Outreach rules (短信 / 邮件推送, business-rules.md §10), pure: no I/O, no clock, no database.
 *
 * - quiet hours (免打扰时段): no message goes out between `start` and `end` in the business time
 *   zone; a window whose start is after its end crosses midnight (21:00–08:00). `start` is inside
 *   the window, `end` is not (at 08:00 sharp a message may go). start = end means no quiet hours.
 */

/** 'HH:mm', 00:00–23:59. */
export interface QuietHours {
  start: string;
  end: string;
}

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

function minutesOf(hhmm: string): number {
  const m = HH_MM.exec(hhmm);
  if (!m) throw new Error(`time must be HH:mm, got ${JSON.stringify(hhmm)}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

const partFormatters = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock fields of the instant `at` in `timeZone`. */
function wallClock(at: Date, timeZone: string): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  let formatter = partFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    partFormatters.set(timeZone, formatter);
  }
  const fields: Record<string, number> = {};
  for (const part of formatter.formatToParts(at)) if (part.type !== 'literal') fields[part.type] = Number(part.value);
  return { year: fields.year!, month: fields.month!, day: fields.day!, hour: fields.hour!, minute: fields.minute!, second: fields.second! };
}

/** Offset of `timeZone` from UTC at the instant `at`, in milliseconds (Asia/Shanghai: +8 h). */
function offsetMs(at: Date, timeZone: string): number {
  const w = wallClock(at, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant at which the wall clock in `timeZone` shows the given local date and minute of day. */
function instantOfWallClock(year: number, month: number, day: number, minuteOfDay: number, timeZone: string): Date {
  const naive = Date.UTC(year, month - 1, day, Math.floor(minuteOfDay / 60), minuteOfDay % 60);
  // two passes settle the offset on either side of a daylight-saving change
  let guess = naive - offsetMs(new Date(naive), timeZone);
  guess = naive - offsetMs(new Date(guess), timeZone);
  return new Date(guess);
}

/** True when `at` falls inside the quiet hours (start inclusive, end exclusive) in `timeZone`. */
export function isQuietTime(at: Date, quiet: QuietHours, timeZone: string): boolean {
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return false;
  const w = wallClock(at, timeZone);
  const minute = w.hour * 60 + w.minute; // 07:59:59 is still minute 479, before 08:00
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}

/**
 * The earliest instant ≥ `at` outside the quiet hours: `at` itself when it is outside, else the end
 * of the window it falls in (today's end, or tomorrow's when the window crosses midnight and `at` is
 * after its start). Example, 21:00–08:00 Asia/Shanghai: 22:30 → next day 08:00; 07:59 → 08:00 the
 * same day; 08:00 → 08:00; 21:00 → next day 08:00; 20:59 → 20:59.
 */
export function nextAllowedSendTime(at: Date, quiet: QuietHours, timeZone: string): Date {
  if (!isQuietTime(at, quiet, timeZone)) return at;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  const w = wallClock(at, timeZone);
  const minute = w.hour * 60 + w.minute;
  // the window's end falls tomorrow when it crosses midnight and we are in its evening part
  const endTomorrow = start > end && minute >= start;
  const date = new Date(Date.UTC(w.year, w.month - 1, w.day + (endTomorrow ? 1 : 0)));
  return instantOfWallClock(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), end, timeZone);
}

// ---------------------------------------------------------------- templates

/**
 * The variables a template may use (a fixed whitelist; shared/codes.ts `templateVariable` names them):
 * the customer's name, the serving staff member's name and mobile, the campaign's product and its
 * risk level, the customer's net asset on the last imported day, the customer's branch.
 */
export const TEMPLATE_VARIABLES = ['customerName', 'staffName', 'staffMobile', 'productName', 'productRisk', 'netAsset', 'branchName'] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];
/** The variables that need the campaign to name a product. */
export const PRODUCT_VARIABLES: readonly TemplateVariable[] = ['productName', 'productRisk'];

/** A template text cut into literal text and variables: `您好{{customerName}}` → [text '您好', var customerName]. */
export type TemplatePart = { text: string } | { variable: TemplateVariable };

const VARIABLE = /\{\{\s*([^{}]*?)\s*\}\}/g;

export function isTemplateVariable(name: string): name is TemplateVariable {
  return (TEMPLATE_VARIABLES as readonly string[]).includes(name);
}

/** The names between `{{ }}` that are not on the whitelist, in order of first appearance, each once. */
export function unknownVariables(text: string): string[] {
  const unknown = new Set<string>();
  for (const m of text.matchAll(VARIABLE)) if (!isTemplateVariable(m[1]!)) unknown.add(m[1]!);
  return [...unknown];
}

/** The whitelisted variables a text uses, each once, in order of first appearance. */
export function variablesOf(text: string): TemplateVariable[] {
  const used = new Set<TemplateVariable>();
  for (const m of text.matchAll(VARIABLE)) if (isTemplateVariable(m[1]!)) used.add(m[1]);
  return [...used];
}

/** The text as parts; an unknown `{{name}}` stays literal text (templates with one are refused before they are saved). */
export function parseTemplate(text: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let at = 0;
  const pushText = (t: string) => {
    if (t === '') return;
    const last = parts.at(-1);
    if (last && 'text' in last) last.text += t;
    else parts.push({ text: t });
  };
  for (const m of text.matchAll(VARIABLE)) {
    pushText(text.slice(at, m.index));
    if (isTemplateVariable(m[1]!)) parts.push({ variable: m[1] });
    else pushText(m[0]);
    at = m.index + m[0].length;
  }
  pushText(text.slice(at));
  return parts;
}

/** The text with each variable replaced by its value (a missing value renders as empty text). */
export function renderTemplate(text: string, values: Partial<Record<TemplateVariable, string | null>>): string {
  return parseTemplate(text).map((p) => ('text' in p ? p.text : (values[p.variable] ?? ''))).join('');
}

// ---------------------------------------------------------------- SMS length (短信字数)

/**
 * The longest value of one template variable (TemplateParam) an SMS provider takes: Aliyun refuses a
 * longer one with isv.PARAM_LENGTH_LIMIT ("参数超过长度限制:35"); 35 characters is the ceiling it documents
 * for a notification or promotional template's variable. A variable property chosen when the template is
 * registered may be narrower (a phone number 15, some properties 20; Huawei Cloud's TEXT is 20), which
 * only the provider knows — decisions.md "Part A — the SMS variable limit, checked against the sources".
 */
export const SMS_VARIABLE_MAX_CHARS = 35;
/** A message of up to 70 characters (signature 【…】 included) is one SMS; a longer one goes as segments of 67 (长短信), each charged. */
export const SMS_SINGLE_CHARS = 70;
export const SMS_SEGMENT_CHARS = 67;
/** The longest message (template text with its variables filled, signature included) the providers take. */
export const SMS_MAX_CHARS = 500;

export interface SmsLength {
  /** characters as the carriers count them (UTF-16 units: a Chinese or Latin character is 1), signature 【…】 included */
  length: number;
  /** the SMS it is charged as: 1 up to 70 characters, else ⌈length ÷ 67⌉ */
  segments: number;
  /** each variable's value length (by name) and whether it is over SMS_VARIABLE_MAX_CHARS */
  variables: { name: string; length: number; tooLong: boolean }[];
  /** a variable over its limit or the message over SMS_MAX_CHARS: the provider refuses it */
  tooLong: boolean;
}

/** The length, segments and variable lengths of a rendered SMS `body` signed `signName` with the variables' values `params`. */
export function smsLength(body: string, signName: string, params: Readonly<Record<string, string>>): SmsLength {
  const length = `【${signName}】${body}`.length;
  const variables = Object.entries(params).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, value]) => ({ name, length: value.length, tooLong: value.length > SMS_VARIABLE_MAX_CHARS }));
  return {
    length,
    segments: length <= SMS_SINGLE_CHARS ? 1 : Math.ceil(length / SMS_SEGMENT_CHARS),
    variables,
    tooLong: length > SMS_MAX_CHARS || variables.some((v) => v.tooLong),
  };
}

/** The variables of a TemplateParam over SMS_VARIABLE_MAX_CHARS, as the provider's error text (null when none). */
export function overlongParams(params: Readonly<Record<string, string>>): string | null {
  const over = Object.entries(params).filter(([, v]) => v.length > SMS_VARIABLE_MAX_CHARS);
  if (over.length === 0) return null;
  return `参数超出长度限制 / parameter over ${SMS_VARIABLE_MAX_CHARS} characters: ${over.map(([k, v]) => `${k} (${v.length})`).join(', ')}`;
}

// ---------------------------------------------------------------- sensitive words (禁用语)

/**
 * The configured sensitive words found in the texts, each once, in the configured order. Matching
 * ignores case and white space inside the text (`保 本` is still 保本), since a word split by
 * spaces reads the same to the customer.
 */
export function sensitiveWordsIn(texts: readonly (string | null | undefined)[], words: readonly string[]): string[] {
  const squeeze = (s: string) => s.replace(/\s+/g, '').toLowerCase();
  const haystack = texts.filter((t): t is string => typeof t === 'string').map(squeeze).join('\n');
  const found: string[] = [];
  for (const word of words) {
    const needle = squeeze(word);
    if (needle !== '' && haystack.includes(needle) && !found.includes(word)) found.push(word);
  }
  return found;
}
