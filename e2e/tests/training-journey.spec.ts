import { expect, test, type Page } from '@playwright/test';
import { openFromMenu, settled, shot, signIn } from './helpers.js';

/**
 * 培训考试: head office writes a course, a question bank (one question through the form, the rest
 * through the API) and an exam of 2 single-choice questions × 30 and 2 true/false × 20 (100, pass at
 * 60); the demo broker takes it, answers both single-choice questions right and both true/false
 * wrong, and reads 60 / 100 and 通过 on screen, then in 我的考试 and in the staff detail.
 */
const stamp = Date.now();
const SINGLES = [
  { stem: `经纪人执业范围（${stamp}）？`, options: ['所属公司授权范围内', '任意范围'], right: 'A' },
  { stem: `最保守的风险等级（${stamp}）？`, options: ['C5', 'C1'], right: 'B' },
  { stem: `个人信息是（${stamp}）？`, options: ['身份证号', '股票代码'], right: 'A' },
];
const TRUE_FALSE = [
  { stem: `可以承诺收益（${stamp}）。`, right: 'F' },
  { stem: `应当揭示风险（${stamp}）。`, right: 'T' },
];

async function pickOption(page: Page, testId: string, option: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first().click();
}

/** Signs the page in again as the demo broker and opens 我的考试. */
async function myExamsAsBroker(page: Page): Promise<void> {
  await page.context().clearCookies();
  await signIn(page, 'broker');
  await openFromMenu(page, ['培训考试', '我的考试'], /\/training$/);
  await settled(page);
}

test('head office builds a course, a bank and an exam; a broker takes the exam and sees the score', async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, 'headoffice');

  // 培训课程 → 新建课程
  await openFromMenu(page, ['培训考试', '培训课程'], /\/training\/courses$/);
  await settled(page);
  await page.getByTestId('new-course').click();
  const courseTitle = `合规执业培训${stamp}`;
  await page.getByTestId('course-title').fill(courseTitle);
  await page.getByTestId('course-material-input').fill('# 第一章 执业规范\n- 不得承诺收益\n- 不得代客理财');
  await page.getByRole('button', { name: /保\s*存/ }).click();
  await expect(page).toHaveURL(/\/training\/courses\/\d+$/);
  const courseUrl = page.url();
  await expect(page.getByTestId('course-title-heading')).toHaveText(courseTitle);
  await expect(page.getByTestId('course-material').locator('li')).toHaveText(['不得承诺收益', '不得代客理财']);

  // 题库管理 → 新建题库, one question through the form, the others through the API
  await openFromMenu(page, ['培训考试', '题库管理'], /\/training\/banks$/);
  await settled(page);
  await page.getByTestId('new-bank').click();
  await page.getByTestId('bank-name').fill(`合规题库${stamp}`);
  await page.getByRole('button', { name: /保\s*存/ }).click();
  await expect(page).toHaveURL(/\/training\/banks\/\d+$/);
  const bankId = page.url().split('/').pop()!;
  await page.getByTestId('new-question').click();
  await page.getByTestId('question-stem').fill(SINGLES[0]!.stem);
  await page.getByTestId('question-options').fill(SINGLES[0]!.options.join('\n'));
  await pickOption(page, 'question-answer', 'A');
  await page.getByTestId('question-explanation').fill('只能在授权范围内执业。');
  await page.getByRole('button', { name: /保\s*存/ }).click();
  await expect(page.locator('.ant-table-row').filter({ hasText: SINGLES[0]!.stem })).toBeVisible();
  for (const q of SINGLES.slice(1)) {
    expect((await page.request.post(`/api/training/banks/${bankId}/questions`, { data: { kind: 'SINGLE', stem: q.stem, options: q.options, answer: [q.right] } })).status()).toBe(201);
  }
  for (const q of TRUE_FALSE) {
    expect((await page.request.post(`/api/training/banks/${bankId}/questions`, { data: { kind: 'TRUE_FALSE', stem: q.stem, answer: [q.right] } })).status()).toBe(201);
  }
  await page.reload();
  await expect(page.locator('.ant-table-row')).toHaveCount(5);
  await shot(page, 'training-01-bank');

  // the course's exam: 2 × 30 + 2 × 20 = 100, pass at 60
  await page.goto(courseUrl);
  await page.getByTestId('new-exam').click();
  await pickOption(page, 'exam-bank', `合规题库${stamp}`);
  const examTitle = `合规执业考试${stamp}`;
  await page.getByTestId('exam-title').fill(examTitle);
  await page.getByTestId('exam-draw-single').fill('2');
  await page.getByTestId('exam-draw-true-false').fill('2');
  await page.getByTestId('exam-points-single').fill('30');
  await page.getByTestId('exam-points-true-false').fill('20');
  await page.getByTestId('exam-pass-mark').fill('60');
  await expect(page.getByTestId('exam-full-marks')).toHaveText('满分 100 分');
  await page.getByRole('button', { name: /保\s*存/ }).click();
  const examRow = page.locator('.ant-table-row').filter({ hasText: examTitle });
  await expect(examRow).toContainText('60/100');
  await shot(page, 'training-02-course');

  // the broker takes it
  await myExamsAsBroker(page);
  const mine = page.getByTestId('my-exams').locator('.ant-table-row').filter({ hasText: examTitle });
  await expect(mine).toContainText('可参加');
  await mine.getByRole('button', { name: /开始考试/ }).click();
  await expect(page).toHaveURL(/\/training\/attempts\/\d+$/);
  await expect(page.getByTestId('time-left')).toContainText(/29:5\d|30:00/);
  for (const position of [1, 2, 3, 4]) {
    const card = page.getByTestId(`question-${position}`);
    const text = await card.innerText();
    const single = SINGLES.find((q) => text.includes(q.stem));
    if (single) {
      const index = single.right.charCodeAt(0) - 65;
      await card.getByText(`${single.right}. ${single.options[index]}`, { exact: true }).click();
      continue;
    }
    const trueFalse = TRUE_FALSE.find((q) => text.includes(q.stem));
    expect(trueFalse, `question ${position} is one of the bank's`).toBeTruthy();
    // both true/false questions answered wrong
    await card.getByText(trueFalse!.right === 'T' ? '错误' : '正确', { exact: true }).click();
  }
  await shot(page, 'training-03-answering');
  await page.getByTestId('submit-attempt').click();
  await page.locator('.ant-popover:visible').getByRole('button', { name: /确\s*定|OK/ }).click();
  await expect(page.getByTestId('attempt-score')).toHaveText('得分 60 / 100');
  await expect(page.getByTestId('attempt-outcome')).toHaveText('通过');
  await expect(page.locator('[data-testid^="review-"]')).toHaveCount(4);
  await shot(page, 'training-04-result');

  // 我的考试: passed with 60
  await openFromMenu(page, ['培训考试', '我的考试'], /\/training$/);
  await expect(mine.getByTestId('best-score')).toHaveText('60');
  await expect(mine).toContainText('已通过');

  // 员工详情 → 培训考试 (the broker's own record)
  const me = await (await page.request.get('/api/me')).json() as { staffNo: string };
  await page.goto(`/staff/${me.staffNo}?tab=training`);
  await expect(page.getByTestId('staff-training-attempts').locator('.ant-table-row').filter({ hasText: examTitle })).toContainText('60/100');
});

/**
 * 修改考试 and 自动保存: head office writes a course, a bank of three single-choice questions and an
 * exam of 3 × 10 (through the API), then edits the exam on the course's page (title, pass mark 20 → 30,
 * time limit 30 → 45 minutes) and reads the changes in the list; the broker starts it, answers two
 * questions, waits for 已自动保存, leaves for 我的考试, comes back with 继续答题 and finds both
 * answers there (and again after a reload), then submits them: 2 × 10 = 20 < 30, not passed.
 */
test('head office edits an exam; a broker leaves it mid-way and finds the autosaved answers on return', async ({ page }) => {
  test.setTimeout(180_000);
  const mark = Date.now();
  const QUESTIONS = [
    { stem: `适当性匹配的依据（${mark}）？`, options: ['客户风险等级', '客户年龄'], right: 'A' },
    { stem: `客户信息应当（${mark}）？`, options: ['随意转发', '保密'], right: 'B' },
    { stem: `产品风险等级最高为（${mark}）？`, options: ['R5', 'R1'], right: 'A' },
  ];
  await signIn(page, 'headoffice');
  const created = async (url: string, data: unknown) => {
    const res = await page.request.post(url, { data });
    expect(res.status(), await res.text()).toBe(201);
    return (await res.json()) as { id: string };
  };
  const course = await created('/api/training/courses', { title: `适当性培训${mark}`, category: 'COMPLIANCE', material: '# 适当性\n- 了解客户' });
  const bank = await created('/api/training/banks', { name: `适当性题库${mark}` });
  for (const q of QUESTIONS) await created(`/api/training/banks/${bank.id}/questions`, { kind: 'SINGLE', stem: q.stem, options: q.options, answer: [q.right] });
  const opensAt = new Date(Date.now() - 60_000).toISOString();
  const closesAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
  const exam = await created('/api/training/exams', {
    courseId: course.id, bankId: bank.id, title: `适当性考试${mark}`, timeLimitMinutes: 30, draw: { single: 3, multiple: 0, trueFalse: 0 },
    points: { single: 10, multiple: 1, trueFalse: 1 }, passMark: 20, maxAttempts: 2, opensAt, closesAt,
  });

  // 修改考试 on the course's page
  await page.goto(`/training/courses/${course.id}`);
  await settled(page);
  await page.getByTestId(`edit-exam-${exam.id}`).click();
  await expect(page.getByTestId('exam-title')).toHaveValue(`适当性考试${mark}`);
  await expect(page.getByTestId('exam-full-marks')).toHaveText('满分 30 分');
  const examTitle = `适当性考试（修订）${mark}`;
  await page.getByTestId('exam-title').fill(examTitle);
  await page.getByTestId('exam-pass-mark').fill('30');
  await page.getByTestId('exam-time-limit').fill('45');
  await page.getByRole('button', { name: /保\s*存/ }).click();
  const examRow = page.locator('.ant-table-row').filter({ hasText: examTitle });
  await expect(examRow).toContainText('30/30');
  await expect(examRow).toContainText('45');
  await shot(page, 'training-05-exam-edited');

  // the broker answers two of the three and leaves
  await myExamsAsBroker(page);
  await page.getByTestId(`start-exam-${exam.id}`).click();
  await expect(page).toHaveURL(/\/training\/attempts\/\d+$/);
  const attemptUrl = page.url();
  await expect(page.getByTestId('time-left')).toContainText(/44:5\d|45:00/);
  const chosen = new Map<number, string>(); // position → the option's label
  for (const position of [1, 2]) {
    const card = page.getByTestId(`question-${position}`);
    const text = await card.innerText();
    const q = QUESTIONS.find((x) => text.includes(x.stem))!;
    const optionLabel = `${q.right}. ${q.options[q.right.charCodeAt(0) - 65]}`;
    await card.getByText(optionLabel, { exact: true }).click();
    chosen.set(position, optionLabel);
  }
  await expect(page.getByTestId('draft-saved')).toContainText('已自动保存');
  await openFromMenu(page, ['培训考试', '我的考试'], /\/training$/);
  await settled(page);
  const resume = page.getByTestId(`start-exam-${exam.id}`);
  await expect(resume).toHaveText(/继续答题/);

  // back: the same attempt, both answers there, the third still open
  const expectAnswers = async () => {
    for (const [position, optionLabel] of chosen) {
      await expect(page.getByTestId(`question-${position}`).getByRole('radio', { name: optionLabel })).toBeChecked();
    }
    await expect(page.getByTestId('question-3').getByRole('radio', { checked: true })).toHaveCount(0);
  };
  await resume.click();
  await expect(page).toHaveURL(attemptUrl);
  await expectAnswers();
  await page.reload();
  await expectAnswers();
  await shot(page, 'training-06-resumed');

  // submitted as saved: 2 × 10 = 20 of 30, below the edited pass mark of 30
  await page.getByTestId('submit-attempt').click();
  await page.locator('.ant-popover:visible').getByRole('button', { name: /确\s*定|OK/ }).click();
  await expect(page.getByTestId('attempt-score')).toHaveText('得分 20 / 30');
  await expect(page.getByTestId('attempt-outcome')).toHaveText('未通过');
});
