/**
 * Training and exams (培训考试, business-rules.md §10): the pure rules — what a valid question is, the
 * random draw of an attempt, scoring, the pass mark, the time limit and a candidate's state of an exam
 * and of a mandatory course. No I/O, no clock (the caller passes `now`), no database.
 */

export const QUESTION_KINDS = ['SINGLE', 'MULTIPLE', 'TRUE_FALSE'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

/** Option letters: a question has 2 to 8 options, A to H. */
export const OPTION_LETTERS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'] as const;
export const MIN_OPTIONS = 2;
export const MAX_OPTIONS = OPTION_LETTERS.length;
/** A true/false question's answers (判断题: 正确 / 错误). */
export const TRUE_FALSE_ANSWERS = ['T', 'F'] as const;

/**
 * Seconds after an attempt's deadline (start + time limit) within which a submission still counts:
 * the browser submits by itself at 0:00 and the request needs time to arrive. Later, the attempt is
 * closed as EXPIRED with score 0 (docs/decisions.md "Part TR").
 */
export const SUBMIT_GRACE_SECONDS = 30;

export interface QuestionShape {
  kind: QuestionKind;
  options: readonly string[];
  answer: readonly string[];
}

/** A letter set as stored and compared: upper case, without repeats, sorted. */
export function normalizeLetters(letters: readonly string[]): string[] {
  return [...new Set(letters.map((l) => l.trim().toUpperCase()))].filter((l) => l !== '').sort();
}

/** Why a question is invalid, as `{ field, zh, en }` (empty when valid): options and answer by kind. */
export function questionErrors(q: QuestionShape): { field: 'options' | 'answer'; zh: string; en: string }[] {
  const answer = normalizeLetters(q.answer);
  if (q.kind === 'TRUE_FALSE') {
    const errors: { field: 'options' | 'answer'; zh: string; en: string }[] = [];
    if (q.options.length) errors.push({ field: 'options', zh: '判断题没有选项。', en: 'A true/false question has no options.' });
    if (answer.length !== 1 || !(TRUE_FALSE_ANSWERS as readonly string[]).includes(answer[0]!)) {
      errors.push({ field: 'answer', zh: '判断题的答案为 T（正确）或 F（错误）。', en: 'A true/false answer is T (true) or F (false).' });
    }
    return errors;
  }
  if (q.options.length < MIN_OPTIONS || q.options.length > MAX_OPTIONS || q.options.some((o) => o.trim() === '')) {
    return [{ field: 'options', zh: `选项为 ${MIN_OPTIONS}–${MAX_OPTIONS} 个，且不能为空。`, en: `Between ${MIN_OPTIONS} and ${MAX_OPTIONS} non-empty options.` }];
  }
  const letters = OPTION_LETTERS.slice(0, q.options.length) as readonly string[];
  if (answer.some((l) => !letters.includes(l))) {
    return [{ field: 'answer', zh: `答案须为选项字母 A–${letters.at(-1)!}。`, en: `The answer letters are A–${letters.at(-1)!}.` }];
  }
  if (q.kind === 'SINGLE' && answer.length !== 1) return [{ field: 'answer', zh: '单选题有且只有一个正确答案。', en: 'A single-choice question has exactly one right answer.' }];
  if (q.kind === 'MULTIPLE' && answer.length < 2) return [{ field: 'answer', zh: '多选题有两个或以上正确答案。', en: 'A multiple-choice question has two or more right answers.' }];
  return [];
}

/**
 * A response is right only when it is exactly the answer (as a set): a multiple-choice question with a
 * missing or an extra letter scores nothing (多选、少选、错选均不得分, as in the securities
 * qualification exams); no response is wrong.
 */
export function isCorrect(answer: readonly string[], response: readonly string[] | null | undefined): boolean {
  if (!response) return false;
  const a = normalizeLetters(answer);
  const r = normalizeLetters(response);
  return a.length > 0 && a.length === r.length && a.every((letter, i) => letter === r[i]);
}

export interface ScoredQuestion {
  answer: readonly string[];
  points: number;
}

export interface AttemptScore {
  score: number;
  maxScore: number;
  /** Per question, in the order given. */
  correct: boolean[];
  passed: boolean;
}

/** The attempt's score: the points of every question answered exactly right; passed when score ≥ passMark. */
export function scoreAttempt(questions: readonly ScoredQuestion[], responses: readonly (readonly string[] | null | undefined)[], passMark: number): AttemptScore {
  const correct = questions.map((q, i) => isCorrect(q.answer, responses[i]));
  const score = questions.reduce((sum, q, i) => sum + (correct[i] ? q.points : 0), 0);
  const maxScore = questions.reduce((sum, q) => sum + q.points, 0);
  return { score, maxScore, correct, passed: isPass(score, passMark) };
}

/** 及格: the score reaches the pass mark (60 of 100 passes, 59 does not). */
export function isPass(score: number, passMark: number): boolean {
  return score >= passMark;
}

export interface DrawCounts {
  single: number;
  multiple: number;
  trueFalse: number;
}

export interface DrawPoints {
  single: number;
  multiple: number;
  trueFalse: number;
}

/** The exam's full marks: the drawn questions of each kind times their points. */
export function examMaxScore(counts: DrawCounts, points: DrawPoints): number {
  return counts.single * points.single + counts.multiple * points.multiple + counts.trueFalse * points.trueFalse;
}

const COUNT_OF: Readonly<Record<QuestionKind, keyof DrawCounts>> = { SINGLE: 'single', MULTIPLE: 'multiple', TRUE_FALSE: 'trueFalse' };

/** The kinds whose bank holds fewer questions than the exam draws: `{ kind, wanted, available }`. */
export function drawShortfalls(counts: DrawCounts, available: Readonly<Record<QuestionKind, number>>): { kind: QuestionKind; wanted: number; available: number }[] {
  return QUESTION_KINDS.map((kind) => ({ kind, wanted: counts[COUNT_OF[kind]], available: available[kind] })).filter((s) => s.wanted > s.available);
}

/**
 * The random draw of one attempt (随机抽题): `counts` question ids of each kind out of `pool`, each id at
 * most once, single choice first, then multiple choice, then true/false, in a random order within each
 * kind. `random` returns a number in [0, 1) (Math.random, or a fixed sequence in tests); throws when a
 * kind has too few questions (the service checks `drawShortfalls` first).
 */
export function drawQuestions<Id>(pool: Readonly<Record<QuestionKind, readonly Id[]>>, counts: DrawCounts, random: () => number): { kind: QuestionKind; id: Id }[] {
  return QUESTION_KINDS.flatMap((kind) => {
    const wanted = counts[COUNT_OF[kind]];
    const ids = [...pool[kind]];
    if (wanted > ids.length) throw new Error(`draw: ${wanted} ${kind} questions wanted, ${ids.length} available`);
    // a partial Fisher–Yates shuffle: the first `wanted` places get a uniform random sample
    for (let i = 0; i < wanted; i++) {
      const j = i + Math.floor(random() * (ids.length - i));
      [ids[i], ids[j]] = [ids[j]!, ids[i]!];
    }
    return ids.slice(0, wanted).map((id) => ({ kind, id }));
  });
}

/** The attempt's deadline: its start plus the exam's time limit. */
export function attemptDeadline(startedAt: Date, timeLimitMinutes: number): Date {
  return new Date(startedAt.getTime() + timeLimitMinutes * 60_000);
}

/** A submission counts until the deadline plus the grace, inclusive; after that the attempt has expired. */
export function isInTime(now: Date, deadline: Date, graceSeconds = SUBMIT_GRACE_SECONDS): boolean {
  return now.getTime() <= deadline.getTime() + graceSeconds * 1000;
}

export type ExamState = 'NOT_OPEN' | 'OPEN' | 'IN_PROGRESS' | 'PASSED' | 'FAILED' | 'NO_ATTEMPTS_LEFT' | 'CLOSED';

export interface CandidateExam {
  opensAt: Date;
  closesAt: Date;
  maxAttempts: number;
  /** Closed attempts (submitted or expired). */
  attemptsUsed: number;
  inProgress: boolean;
  passed: boolean;
}

/**
 * A candidate's state of an exam: passed once any attempt passed; an attempt in progress; otherwise
 * by the window (opens ≤ now < closes) and the attempts left; FAILED when the window has closed (or
 * the attempts are used) after a failed attempt.
 */
export function examState(e: CandidateExam, now: Date): ExamState {
  if (e.passed) return 'PASSED';
  if (e.inProgress) return 'IN_PROGRESS';
  if (now < e.opensAt) return 'NOT_OPEN';
  if (now >= e.closesAt) return e.attemptsUsed > 0 ? 'FAILED' : 'CLOSED';
  if (e.attemptsUsed >= e.maxAttempts) return 'NO_ATTEMPTS_LEFT';
  return 'OPEN';
}

/** Whether a new attempt may start: inside the window and with attempts left, never after a pass. */
export function startRefusal(e: CandidateExam, now: Date): 'NOT_OPEN' | 'CLOSED' | 'NO_ATTEMPTS_LEFT' | 'PASSED' | null {
  if (now < e.opensAt) return 'NOT_OPEN';
  if (now >= e.closesAt) return 'CLOSED';
  if (e.passed) return 'PASSED';
  if (e.attemptsUsed >= e.maxAttempts) return 'NO_ATTEMPTS_LEFT';
  return null;
}

/** A staff member's state of a mandatory course: done once an exam of it is passed, overdue after the due date. */
export function courseCompletion(done: boolean, dueOn: string | null, today: string): 'DONE' | 'PENDING' | 'OVERDUE' {
  if (done) return 'DONE';
  return dueOn !== null && dueOn < today ? 'OVERDUE' : 'PENDING';
}

/** Whether a course is mandatory for a staff category. */
export function isMandatoryFor(mandatoryFor: readonly string[], category: string): boolean {
  return mandatoryFor.includes(category);
}

// ---------------------------------------------------------------- course materials (课程资料)

/** The largest document a course takes (bytes). */
export const MATERIAL_MAX_BYTES = 20 * 1024 * 1024;

/** The accepted documents: extension → content type and the file signature (magic bytes) it must start with. */
const MATERIAL_TYPES: Readonly<Record<string, { contentType: string; magic: 'PDF' | 'ZIP' | 'OLE' | 'PNG' | 'JPEG' | 'GIF' }>> = {
  pdf: { contentType: 'application/pdf', magic: 'PDF' },
  docx: { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', magic: 'ZIP' },
  xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', magic: 'ZIP' },
  pptx: { contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', magic: 'ZIP' },
  doc: { contentType: 'application/msword', magic: 'OLE' },
  xls: { contentType: 'application/vnd.ms-excel', magic: 'OLE' },
  ppt: { contentType: 'application/vnd.ms-powerpoint', magic: 'OLE' },
  png: { contentType: 'image/png', magic: 'PNG' },
  jpg: { contentType: 'image/jpeg', magic: 'JPEG' },
  jpeg: { contentType: 'image/jpeg', magic: 'JPEG' },
  gif: { contentType: 'image/gif', magic: 'GIF' },
};
export const MATERIAL_EXTENSIONS = Object.keys(MATERIAL_TYPES);

const SIGNATURES: Readonly<Record<string, readonly number[]>> = {
  PDF: [0x25, 0x50, 0x44, 0x46, 0x2d], // %PDF-
  ZIP: [0x50, 0x4b, 0x03, 0x04], // PK.. (Office Open XML is a zip)
  OLE: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], // compound file (Office 97–2003)
  PNG: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  JPEG: [0xff, 0xd8, 0xff],
  GIF: [0x47, 0x49, 0x46, 0x38], // GIF8
};

/**
 * The content type of an uploaded course document, checked: the file name's extension must be one
 * of the accepted (PDF, Word/Excel/PowerPoint old and new, PNG/JPEG/GIF) and the bytes must start
 * with that type's signature, so a renamed executable or HTML page is refused; empty and over-size
 * files are refused too. Answers the problem as a code when refused.
 */
export function materialType(fileName: string, bytes: Uint8Array): { contentType: string } | { problem: 'TYPE' | 'CONTENT' | 'EMPTY' | 'TOO_LARGE' } {
  const extension = /\.([A-Za-z0-9]{1,5})$/.exec(fileName.trim())?.[1]?.toLowerCase() ?? '';
  const type = MATERIAL_TYPES[extension];
  if (!type) return { problem: 'TYPE' };
  if (bytes.length === 0) return { problem: 'EMPTY' };
  if (bytes.length > MATERIAL_MAX_BYTES) return { problem: 'TOO_LARGE' };
  const signature = SIGNATURES[type.magic]!;
  return signature.every((b, i) => bytes[i] === b) ? { contentType: type.contentType } : { problem: 'CONTENT' };
}

/**
 * The responses of an attempt at its submission: those submitted, and for a question the submission
 * leaves out, the draft autosaved during the attempt (null: unanswered).
 */
export function responsesAtSubmission(positions: readonly number[], submitted: ReadonlyMap<number, string[]>, drafts: ReadonlyMap<number, string[] | null>): (string[] | null)[] {
  return positions.map((p) => submitted.get(p) ?? drafts.get(p) ?? null);
}

/** What may change on an exam once attempted: its title, window and attempts; not what scores an attempt. */
export const EXAM_FIELDS_FIXED_ONCE_ATTEMPTED = ['bankId', 'timeLimitMinutes', 'draw', 'points', 'passMark'] as const;
