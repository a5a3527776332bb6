/**
 * The training API's shapes (培训考试, business-rules.md §10): one zod schema each, for validation, the
 * OpenAPI document and (through z.infer) the service's types. Times are ISO 8601 strings, dates
 * YYYY-MM-DD, rates decimal strings. A question's answer appears only in the manager's bank view and
 * in a closed attempt: `attemptQuestion` (an attempt in progress) has no such field at all.
 */
import { z } from 'zod';
import { codesOf } from '../../../../shared/codes.js';
import { calendarDate } from '../../lib/dates.js';
import { MATERIAL_EXTENSIONS, QUESTION_KINDS } from './training.rules.js';

export const COURSE_CATEGORIES = codesOf('courseCategory') as [string, ...string[]];
const STAFF_CATEGORIES = codesOf('staffCategory') as [string, ...string[]];
const EXAM_STATES = codesOf('examState') as [string, ...string[]];
const ATTEMPT_STATUSES = codesOf('attemptStatus') as [string, ...string[]];
const COMPLETIONS = codesOf('courseCompletion') as [string, ...string[]];

const timestamp = z.string().describe('ISO 8601 timestamp');
const decimal = z.string().describe('decimal string, 2 places');
const id = z.string().regex(/^\d{1,18}$/);
export const idParams = z.object({ id });
export const staffNoParams = z.object({ staffNo: z.string().min(1).max(64) });

const page = z.coerce.number().int().min(1).max(100_000).default(1);
const pageSize = z.coerce.number().int().min(1).max(200).default(20);

// ---------------------------------------------------------------- courses

export const courseBody = z.object({
  title: z.string().trim().min(1).max(200),
  category: z.enum(COURSE_CATEGORIES).describe('courseCategory code'),
  material: z.string().max(50_000).default('').describe('plain text; lines starting with "# " are headings, "- " bullets'),
  materialUrl: z.url({ protocol: /^https?$/ }).max(1000).nullable().default(null).describe('a link to a document (http or https)'),
  mandatoryFor: z.array(z.enum(STAFF_CATEGORIES)).max(6).default([]).describe('staffCategory codes for whom the course is mandatory'),
  dueOn: calendarDate.nullable().default(null).describe('due date of a mandatory course (required when mandatoryFor is not empty)'),
  branchCode: z.string().min(1).max(64).nullable().default(null).describe('null: firm-wide (ADMIN, HQ); a branch manager’s courses are always their branch’s'),
});
export type CourseBody = z.infer<typeof courseBody>;

export const material = z.object({
  id: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  uploadedBy: z.string(),
  uploadedAt: timestamp,
});

export const examSummary = z.object({
  id: z.string(),
  title: z.string(),
  timeLimitMinutes: z.number().int(),
  questionCount: z.number().int(),
  maxScore: z.number().int(),
  passMark: z.number().int(),
  maxAttempts: z.number().int(),
  opensAt: timestamp,
  closesAt: timestamp,
  archivedAt: timestamp.nullable(),
  attempted: z.boolean().describe('some candidate has started it: its scoring (bank, draw, points, pass mark, time) is fixed and it can only be archived'),
});

export const course = z.object({
  id: z.string(),
  title: z.string(),
  category: z.enum(COURSE_CATEGORIES),
  material: z.string(),
  materialUrl: z.string().nullable(),
  mandatoryFor: z.array(z.enum(STAFF_CATEGORIES)),
  dueOn: z.string().nullable(),
  branchCode: z.string().nullable(),
  branchName: z.string().nullable(),
  createdBy: z.string(),
  updatedAt: timestamp,
  /** whether the caller may change it */
  editable: z.boolean(),
  archivedAt: timestamp.nullable().describe('archived (归档): kept with its results, offers no exam, no longer mandatory'),
  /** whether it may be deleted: no exam of it has an attempt */
  deletable: z.boolean(),
  exams: z.array(examSummary),
  materials: z.array(material).describe('课程资料: the documents, downloadable by whoever reaches the course'),
});
export type Course = z.infer<typeof course>;
export const courseListQuery = z.object({
  q: z.string().trim().max(100).optional(),
  category: z.enum(COURSE_CATEGORIES).optional(),
  archived: z.enum(['true', 'false']).default('false').transform((v) => v === 'true').describe('true: the archived courses; else the current ones'),
  page,
  pageSize,
});
export const courseList = z.object({ items: z.array(course.omit({ material: true })), total: z.number().int() });
export const archiveBody = z.object({ archived: z.boolean().describe('true: archive; false: restore') });

export const materialUploadBody = z.object({
  fileName: z.string().trim().min(1).max(200).describe(`the document's name; its extension one of ${MATERIAL_EXTENSIONS.join(', ')}`),
  file: z.string().min(1).max(28_000_000).describe('the file in base64 (at most 20 MB decoded); its first bytes must match the extension'),
});
export const materialParams = z.object({ id, materialId: id });

export const completionQuery = z.object({ branch: z.string().min(1).max(64).optional() });
export const courseCompletionList = z.object({
  courseId: z.string(),
  title: z.string(),
  dueOn: z.string().nullable(),
  asOf: z.string(),
  counts: z.object({ DONE: z.number().int(), PENDING: z.number().int(), OVERDUE: z.number().int() }),
  items: z.array(z.object({
    staffNo: z.string(),
    name: z.string(),
    category: z.enum(STAFF_CATEGORIES),
    branchName: z.string().nullable(),
    teamName: z.string().nullable(),
    completion: z.enum(COMPLETIONS).describe('courseCompletion code'),
    passedAt: timestamp.nullable().describe('when an exam of the course was first passed'),
    bestScore: z.number().int().nullable(),
    attempts: z.number().int().describe('closed attempts at the course’s exams'),
  })).describe('the active staff in the caller’s staff scope for whom the course is mandatory: overdue first, then pending, then done'),
});

// ---------------------------------------------------------------- banks and questions

export const bankBody = z.object({
  name: z.string().trim().min(1).max(200),
  branchCode: z.string().min(1).max(64).nullable().default(null),
});
export const questionBody = z.object({
  kind: z.enum(QUESTION_KINDS).describe('questionKind code'),
  stem: z.string().trim().min(1).max(2000),
  options: z.array(z.string().trim().max(500)).max(8).default([]).describe('A, B, C … in order; none for TRUE_FALSE'),
  answer: z.array(z.string().regex(/^[A-Ha-hTtFf]$/)).min(1).max(8).describe('option letters; T or F for TRUE_FALSE'),
  explanation: z.string().trim().max(2000).default(''),
});
export type QuestionBody = z.infer<typeof questionBody>;

export const question = z.object({
  id: z.string(),
  kind: z.enum(QUESTION_KINDS),
  stem: z.string(),
  options: z.array(z.string()),
  answer: z.array(z.string()),
  explanation: z.string(),
});
export type Question = z.infer<typeof question>;

const kindCounts = z.object({ SINGLE: z.number().int(), MULTIPLE: z.number().int(), TRUE_FALSE: z.number().int() });
export const bank = z.object({
  id: z.string(),
  name: z.string(),
  branchCode: z.string().nullable(),
  branchName: z.string().nullable(),
  createdBy: z.string(),
  counts: kindCounts.describe('questions per kind'),
  editable: z.boolean(),
});
export type Bank = z.infer<typeof bank>;
export const bankList = z.object({ items: z.array(bank) });
export const bankDetail = bank.extend({ questions: z.array(question) });

export const bankImportBody = z.object({
  file: z.string().min(1).max(14_000_000).describe('the .xlsx file (as exported) in base64'),
});
export const bankImportResult = z.object({
  imported: z.number().int(),
  errors: z.array(z.object({ row: z.number().int(), message: z.string() })).describe('the rows refused, none imported when any is refused'),
});
export const bankQuery = z.object({ format: z.enum(['json', 'xlsx']).default('json').describe('xlsx: the bank as an Excel file (the import format)') });

// ---------------------------------------------------------------- exams

export const examBody = z.object({
  courseId: id,
  bankId: id,
  title: z.string().trim().min(1).max(200),
  timeLimitMinutes: z.number().int().min(1).max(600),
  draw: z.object({
    single: z.number().int().min(0).max(200),
    multiple: z.number().int().min(0).max(200),
    trueFalse: z.number().int().min(0).max(200),
  }).describe('questions drawn per kind for each attempt'),
  points: z.object({
    single: z.number().int().min(1).max(100),
    multiple: z.number().int().min(1).max(100),
    trueFalse: z.number().int().min(1).max(100),
  }).describe('points per question of each kind'),
  passMark: z.number().int().min(1).describe('the score that passes (≤ the full marks)'),
  maxAttempts: z.number().int().min(1).max(20),
  opensAt: z.iso.datetime({ offset: true }),
  closesAt: z.iso.datetime({ offset: true }),
});
export type ExamBody = z.infer<typeof examBody>;

export const exam = examSummary.extend({
  courseId: z.string(),
  courseTitle: z.string(),
  bankId: z.string(),
  draw: z.object({ single: z.number().int(), multiple: z.number().int(), trueFalse: z.number().int() }),
  points: z.object({ single: z.number().int(), multiple: z.number().int(), trueFalse: z.number().int() }),
});

// ---------------------------------------------------------------- the candidate's side

export const myExam = z.object({
  examId: z.string(),
  title: z.string(),
  courseId: z.string(),
  courseTitle: z.string(),
  mandatory: z.boolean().describe('the course is mandatory for the caller’s staff category'),
  dueOn: z.string().nullable(),
  timeLimitMinutes: z.number().int(),
  questionCount: z.number().int(),
  maxScore: z.number().int(),
  passMark: z.number().int(),
  maxAttempts: z.number().int(),
  attemptsUsed: z.number().int(),
  bestScore: z.number().int().nullable(),
  opensAt: timestamp,
  closesAt: timestamp,
  state: z.enum(EXAM_STATES).describe('examState code'),
  openAttemptId: z.string().nullable().describe('the attempt in progress, if any'),
});
export const myExamList = z.object({ items: z.array(myExam) });

/** A drawn question while the attempt is open: never its answer nor its explanation. */
export const attemptQuestion = z.object({
  position: z.number().int(),
  kind: z.enum(QUESTION_KINDS),
  stem: z.string(),
  options: z.array(z.string()),
  points: z.number().int(),
  response: z.array(z.string()).nullable(),
});
/** A drawn question of a closed attempt: with the right answer, the explanation and whether the response was right. */
export const reviewedQuestion = attemptQuestion.extend({
  answer: z.array(z.string()),
  explanation: z.string(),
  correct: z.boolean(),
});

export const attempt = z.object({
  id: z.string(),
  examId: z.string(),
  examTitle: z.string(),
  courseTitle: z.string(),
  staffNo: z.string(),
  attemptNo: z.number().int(),
  maxAttempts: z.number().int(),
  status: z.enum(ATTEMPT_STATUSES).describe('attemptStatus code'),
  startedAt: timestamp,
  deadline: timestamp.describe('start + time limit; submissions are accepted until 30 s after it'),
  closedAt: timestamp.nullable(),
  secondsLeft: z.number().int().describe('until the deadline, 0 when it has passed'),
  score: z.number().int().nullable(),
  maxScore: z.number().int(),
  passMark: z.number().int(),
  passed: z.boolean().nullable(),
  questions: z.array(attemptQuestion).optional().describe('while IN_PROGRESS'),
  review: z.array(reviewedQuestion).optional().describe('once SUBMITTED or EXPIRED'),
  draftSavedAt: timestamp.nullable().describe('when the responses were last autosaved'),
});
export type Attempt = z.infer<typeof attempt>;

export const submitBody = z.object({
  answers: z
    .array(z.object({ position: z.number().int().min(1).max(600), response: z.array(z.string().regex(/^[A-Ha-hTtFf]$/)).max(8) }))
    .max(600)
    .describe('the response to each drawn question by position; a question left out is unanswered'),
});
export type SubmitBody = z.infer<typeof submitBody>;
export const draftBody = submitBody.describe('自动保存: the responses so far (a question left out keeps its saved draft); scored only at the submission');
export const draftSaved = z.object({ savedAt: timestamp, answered: z.number().int().describe('questions with a saved response'), secondsLeft: z.number().int() });

// ---------------------------------------------------------------- results and the report

export const staffTraining = z.object({
  staffNo: z.string(),
  courses: z.array(z.object({
    courseId: z.string(),
    title: z.string(),
    category: z.enum(COURSE_CATEGORIES),
    dueOn: z.string().nullable(),
    completion: z.enum(COMPLETIONS).describe('courseCompletion code'),
  })).describe('the courses mandatory for the staff member'),
  attempts: z.array(z.object({
    id: z.string(),
    examId: z.string(),
    examTitle: z.string(),
    courseTitle: z.string(),
    attemptNo: z.number().int(),
    status: z.enum(ATTEMPT_STATUSES),
    startedAt: timestamp,
    closedAt: timestamp.nullable(),
    score: z.number().int().nullable(),
    maxScore: z.number().int(),
    passed: z.boolean().nullable(),
  })),
});
export type StaffTraining = z.infer<typeof staffTraining>;

export const reportQuery = z.object({
  branch: z.string().min(1).max(64).optional(),
  format: z.enum(['json', 'xlsx']).default('json'),
});
export type ReportQuery = z.infer<typeof reportQuery>;

export const reportRow = z.object({
  branchCode: z.string().nullable(),
  branchName: z.string().nullable(),
  teamCode: z.string().nullable(),
  teamName: z.string().nullable(),
  staffCount: z.number().int().describe('active staff in scope'),
  required: z.number().int().describe('mandatory staff × course pairs'),
  completed: z.number().int(),
  overdue: z.number().int(),
  completionRate: decimal.nullable().describe('completed / required × 100'),
  examinees: z.number().int().describe('staff × exam pairs with a closed attempt'),
  passedExaminees: z.number().int(),
  passRate: decimal.nullable().describe('passedExaminees / examinees × 100'),
  attempts: z.number().int().describe('closed attempts'),
  averageScore: decimal.nullable().describe('average of score / full marks × 100 over the closed attempts'),
});
export type ReportRow = z.infer<typeof reportRow>;
export const report = z.object({ asOf: z.string(), rows: z.array(reportRow), total: reportRow });
