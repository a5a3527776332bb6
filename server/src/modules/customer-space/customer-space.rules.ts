/**
 * The customer space's pure rules (客户专属空间, issue 14 item 5): the one-time login code's limits,
 * and the risk questionnaire's scoring (风险承受能力评估, suitability.md). No I/O, no clock, no database.
 *
 * Scoring: every question is answered with exactly one of its options; the total of the options'
 * points is the score, and the settings' thresholds (the lowest score of C2 … C5) give the category.
 * The lowest category (风险承受能力最低类别, SAC guideline: no tolerance for any loss) is any answer
 * whose option is marked `lowest` in the questionnaire: the category is then C1 whatever the score.
 */
import type { RiskCategory } from '../suitability/suitability.rules.js';

// ---------------------------------------------------------------- the login code (验证码)

export const LOGIN_CODE = {
  /** digits of a code */
  digits: 6,
  /** a code is good for 5 minutes */
  validSeconds: 5 * 60,
  /** wrong entries before the code is spent */
  maxTries: 5,
  /** a new code for a number at most once a minute */
  resendSeconds: 60,
  /** codes per number within an hour */
  perNumberPerHour: 5,
  /** codes asked from one address within an hour (whatever the numbers) */
  perAddressPerHour: 30,
} as const;

/** When the next code may be asked for a number (or from an address): seconds to wait, 0 when now. */
export function loginCodeWait(
  recent: { lastAt: Date | null; numberInHour: number; oldestInHourAt: Date | null; addressInHour: number; oldestAddressInHourAt: Date | null },
  now: Date,
): number {
  const seconds = (later: Date) => Math.max(1, Math.ceil((later.getTime() - now.getTime()) / 1000));
  const waits: number[] = [0];
  if (recent.lastAt && now.getTime() - recent.lastAt.getTime() < LOGIN_CODE.resendSeconds * 1000) {
    waits.push(seconds(new Date(recent.lastAt.getTime() + LOGIN_CODE.resendSeconds * 1000)));
  }
  if (recent.numberInHour >= LOGIN_CODE.perNumberPerHour && recent.oldestInHourAt) {
    waits.push(seconds(new Date(recent.oldestInHourAt.getTime() + 3_600_000)));
  }
  if (recent.addressInHour >= LOGIN_CODE.perAddressPerHour && recent.oldestAddressInHourAt) {
    waits.push(seconds(new Date(recent.oldestAddressInHourAt.getTime() + 3_600_000)));
  }
  return Math.max(...waits);
}

/** A mobile as customers write it: 11 digits starting with 1, after dropping spaces, dashes and +86 / 0086 / 86. */
export function normalMobile(raw: string): string | null {
  const digits = raw.replace(/[\s-]/g, '').replace(/^(\+86|0086|86)(?=1\d{10}$)/, '');
  return /^1\d{10}$/.test(digits) ? digits : null;
}

/** The SMS text of a code (what the provider's template 验证码 produces). */
export function loginCodeText(code: string): string {
  return `您的登录验证码为 ${code}，${LOGIN_CODE.validSeconds / 60} 分钟内有效，请勿告诉他人。Your login code is ${code}, valid for ${LOGIN_CODE.validSeconds / 60} minutes.`;
}

// ---------------------------------------------------------------- the questionnaire

export interface QuestionOption {
  key: string;
  zh: string;
  en: string;
  points: number;
  /** choosing it places the investor in the lowest category (最低类别) */
  lowest?: boolean;
}

export interface Question {
  key: string;
  zh: string;
  en: string;
  options: QuestionOption[];
}

/** The setting `riskQuestionnaire` (admin.settings.ts): the lowest score of each category above C1. */
export interface QuestionnaireThresholds {
  C2: number;
  C3: number;
  C4: number;
  C5: number;
}

/** The standard questionnaire's bands (0–100 points): C1 0–19, C2 20–36, C3 37–53, C4 54–82, C5 83–100. */
export const DEFAULT_THRESHOLDS: QuestionnaireThresholds = { C2: 20, C3: 37, C4: 54, C5: 83 };

export interface QuestionnaireResult {
  score: number;
  riskLevel: RiskCategory;
  lowestCategory: boolean;
}

export type AnswerProblem = { question: string; problem: 'MISSING' | 'UNKNOWN_OPTION' } | { question: string; problem: 'UNKNOWN_QUESTION' };

/** What is wrong with the answers (a question unanswered, an option or a question that does not exist); empty when they are complete. */
export function answerProblems(questions: readonly Question[], answers: Readonly<Record<string, string>>): AnswerProblem[] {
  const problems: AnswerProblem[] = [];
  const known = new Set(questions.map((q) => q.key));
  for (const key of Object.keys(answers)) if (!known.has(key)) problems.push({ question: key, problem: 'UNKNOWN_QUESTION' });
  for (const q of questions) {
    const answer = answers[q.key];
    if (answer === undefined) problems.push({ question: q.key, problem: 'MISSING' });
    else if (!q.options.some((o) => o.key === answer)) problems.push({ question: q.key, problem: 'UNKNOWN_OPTION' });
  }
  return problems;
}

/** The category of a score: the highest whose threshold it reaches, C1 below C2's. */
export function categoryOfScore(score: number, thresholds: QuestionnaireThresholds): RiskCategory {
  if (score >= thresholds.C5) return 'C5';
  if (score >= thresholds.C4) return 'C4';
  if (score >= thresholds.C3) return 'C3';
  if (score >= thresholds.C2) return 'C2';
  return 'C1';
}

/** Scores complete answers (check them with `answerProblems` first: an unknown answer throws). */
export function scoreQuestionnaire(
  questions: readonly Question[], answers: Readonly<Record<string, string>>, thresholds: QuestionnaireThresholds,
): QuestionnaireResult {
  let score = 0;
  let lowestCategory = false;
  for (const q of questions) {
    const option = q.options.find((o) => o.key === answers[q.key]);
    if (!option) throw new Error(`questionnaire: question ${q.key} has no answer ${JSON.stringify(answers[q.key])}`);
    score += option.points;
    if (option.lowest) lowestCategory = true;
  }
  return { score, riskLevel: lowestCategory ? 'C1' : categoryOfScore(score, thresholds), lowestCategory };
}
