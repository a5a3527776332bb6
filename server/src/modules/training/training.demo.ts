/**
 * The demo's 培训考试 (training and exams), so that its pages are populated on the first start: three
 * firm-wide courses (two mandatory), a compliance question bank of every kind, two exams and one
 * submitted attempt for about 60 brokers and account managers (not the demo logins' own staff, who
 * find the exams open). A handful of set-based statements in the transaction that creates the demo
 * logins (the courses are head office's): well under a second.
 */
import type pg from 'pg';

const QUESTIONS: readonly [kind: 'SINGLE' | 'MULTIPLE' | 'TRUE_FALSE', stem: string, options: string[], answer: string[], explanation: string][] = [
  ['SINGLE', '证券经纪人应当在什么范围内从事客户招揽和客户服务？', ['所属证券公司的授权范围内', '任意证券公司', '个人认为合适的范围'], ['A'], '证券经纪人只能在所属证券公司授权范围内执业。'],
  ['SINGLE', '风险承受能力最低的投资者类别是？', ['C5 激进型', 'C3 稳健型', 'C1 保守型'], ['C'], 'C1 保守型是风险承受能力最低的类别。'],
  ['SINGLE', '以下哪一项属于客户个人信息，须脱敏展示？', ['营业部地址', '客户身份证号码', '证券代码'], ['B'], '身份证号码、手机号、邮箱、地址均属个人信息。'],
  ['SINGLE', '向普通投资者销售 R4 产品前，至少应确认其风险承受能力为？', ['C2', 'C3', 'C4'], ['C'], 'R4 产品匹配 C4 及以上投资者。'],
  ['SINGLE', '客户要求经纪人代为操作账户时，正确的做法是？', ['接受并记录', '拒绝并提示风险', '让同事代为操作'], ['B'], '不得接受客户全权委托，也不得代客操作。'],
  ['SINGLE', '适当性评估结果的有效期一般不超过？', ['一年', '三年', '五年'], ['B'], '风险承受能力评估结果有效期不超过三年。'],
  ['SINGLE', '两融客户维持担保比例低于多少时应当追加担保物？', ['150%', '130%', '300%'], ['B'], '低于 130% 的平仓线应通知客户追加担保物。'],
  ['SINGLE', '营销短信的发送时间应当避开？', ['工作时间', '夜间安静时段', '交易时间'], ['B'], '营销短信须避开夜间安静时段。'],
  ['MULTIPLE', '投资者适当性管理要求经纪人做到哪些？', ['了解客户', '了解产品', '承诺收益', '将合适的产品销售给合适的投资者'], ['A', 'B', 'D'], '不得承诺收益。'],
  ['MULTIPLE', '以下哪些属于经纪人执业的禁止行为？', ['代客理财', '承诺保本', '向客户揭示风险', '私下收取客户费用'], ['A', 'B', 'D'], '揭示风险是经纪人的义务。'],
  ['MULTIPLE', '客户回访记录应当包括哪些内容？', ['接触渠道', '沟通摘要', '下一步安排', '客户的密码'], ['A', 'B', 'C'], '任何情况下都不得记录客户密码。'],
  ['MULTIPLE', '以下哪些情形应当重新评估客户的风险承受能力？', ['评估结果过期', '客户财务状况重大变化', '客户更换手机号', '客户申请购买更高风险产品且信息变化'], ['A', 'B', 'D'], '更换手机号不影响风险承受能力。'],
  ['TRUE_FALSE', '经纪人可以向客户承诺投资收益。', [], ['F'], '任何情况下不得承诺收益或保本。'],
  ['TRUE_FALSE', '经纪人应当向客户充分揭示投资风险。', [], ['T'], '风险揭示是经纪人的基本义务。'],
  ['TRUE_FALSE', '客户的身份证号码可以在未经授权的情况下导出给第三方。', [], ['F'], '个人信息的查看与导出须授权并留痕。'],
  ['TRUE_FALSE', '普通投资者可以申请转化为专业投资者。', [], ['T'], '符合条件的普通投资者可申请转化为专业投资者。'],
  ['TRUE_FALSE', '营销活动可以绕过审批直接发送给客户。', [], ['F'], '营销活动须经审批后发送。'],
  ['TRUE_FALSE', '接触记录应当在服务后及时登记。', [], ['T'], '及时登记接触记录便于后续服务与合规检查。'],
];

/** Writes the demo's courses, bank, exams and attempts; `createdBy` is the head-office login. */
export async function seedDemoTraining(client: pg.PoolClient, createdBy: string): Promise<void> {
  const courses = (await client.query<{ id: string }>(
    `insert into training_courses (title, category, material, mandatory_for, due_on, created_by) values
       ('证券经纪人合规执业', 'COMPLIANCE',
        E'# 执业规范\\n- 在所属证券公司授权范围内执业\\n- 不得代客理财、不得承诺收益\\n\\n# 客户信息保护\\n- 个人信息脱敏展示，查看与导出留痕\\n\\n完成学习后参加“合规执业考试”，60 分及格。',
        array['BROKER', 'ACCOUNT_MANAGER'], current_date + 30, $1),
       ('投资者适当性管理', 'COMPLIANCE',
        E'# 适当性匹配\\n- C1–C5 与 R1–R5 的匹配矩阵\\n- 评估结果有效期与重新评估\\n\\n# 特别风险警示\\n- 不匹配时须取得客户书面确认',
        array['BROKER', 'ACCOUNT_MANAGER', 'ADVISOR', 'SERVICE'], current_date - 5, $1),
       ('公募基金产品知识', 'PRODUCT', E'# 公募基金\\n- 货币、债券、混合、股票基金的风险与收益特征', '{}', null, $1)
     returning id::text`,
    [createdBy],
  )).rows.map((r) => r.id);
  const [bank] = (await client.query<{ id: string }>(`insert into training_banks (name, created_by) values ('合规基础题库', $1) returning id::text`, [createdBy])).rows;
  await client.query(
    `insert into training_questions (bank_id, kind, stem, options, answer, explanation)
     select $1, q->>0, q->>1, q->2, array(select jsonb_array_elements_text(q->3)), q->>4 from jsonb_array_elements($2::jsonb) with ordinality as x(q, n) order by n`,
    [bank!.id, JSON.stringify(QUESTIONS)],
  );
  // 合规执业考试: 5 × 10 + 2 × 15 + 4 × 5 = 100, pass at 60; 适当性考试: 3 × 20 + 1 × 20 + 2 × 10 = 100, pass at 80
  const exams = (await client.query<{ id: string }>(
    `insert into training_exams (course_id, bank_id, title, time_limit_minutes, draw_single, draw_multiple, draw_true_false,
                                 points_single, points_multiple, points_true_false, pass_mark, max_attempts, opens_at, closes_at, created_by) values
       ($1, $3, '合规执业考试', 30, 5, 2, 4, 10, 15, 5, 60, 3, now() - interval '10 days', now() + interval '30 days', $4),
       ($2, $3, '适当性管理考试', 20, 3, 1, 2, 20, 20, 10, 80, 2, now() - interval '20 days', now() + interval '10 days', $4)
     returning id::text`,
    [courses[0], courses[1], bank!.id, createdBy],
  )).rows.map((r) => r.id);

  // one submitted attempt of the first exam for ~60 brokers and account managers without a demo login
  await client.query(
    `insert into training_attempts (exam_id, staff_no, user_id, attempt_no, started_at, deadline, closed_at, status, max_score, score, passed)
     select $1, s.staff_no, $2, 1, t.started, t.started + interval '30 minutes', t.started + interval '22 minutes', 'SUBMITTED', 100, 0, false
       from (select staff_no from staff s where s.status = 'ACTIVE' and s.category in ('BROKER', 'ACCOUNT_MANAGER')
               and not exists (select 1 from users u where u.staff_no = s.staff_no)
             order by md5(s.staff_no) limit 60) s
       cross join lateral (select date_trunc('minute', now()) - (1 + get_byte(decode(md5(s.staff_no), 'hex'), 0) % 9) * interval '1 day' as started) t`,
    [exams[0], createdBy],
  );
  // each attempt's own draw, about three answers in four right
  await client.query(
    `insert into training_attempt_questions (attempt_id, position, question_id, kind, stem, options, answer, explanation, points, response, correct)
     select d.attempt_id, row_number() over (partition by d.attempt_id order by d.kind_order, d.pick), d.id, d.kind, d.stem, d.options, d.answer, d.explanation, d.points,
            case when d.correct then d.answer
                 when d.kind = 'MULTIPLE' then d.answer[2:]
                 when d.kind = 'TRUE_FALSE' then array[case when d.answer[1] = 'T' then 'F' else 'T' end]
                 else array[case when d.answer[1] = 'A' then 'B' else 'A' end] end,
            d.correct
       from (select a.id as attempt_id, q.*, array_position(array['SINGLE','MULTIPLE','TRUE_FALSE'], q.kind) as kind_order,
                    row_number() over (partition by a.id, q.kind order by md5(a.id::text || ':' || q.id::text)) as pick,
                    case q.kind when 'SINGLE' then e.points_single when 'MULTIPLE' then e.points_multiple else e.points_true_false end as points,
                    case q.kind when 'SINGLE' then e.draw_single when 'MULTIPLE' then e.draw_multiple else e.draw_true_false end as wanted,
                    get_byte(decode(md5(a.staff_no || ':' || q.id::text), 'hex'), 0) < 192 as correct
               from training_attempts a join training_exams e on e.id = a.exam_id join training_questions q on q.bank_id = e.bank_id
              where a.exam_id = $1) d
      where d.pick <= d.wanted`,
    [exams[0]],
  );
  await client.query(
    `update training_attempts a set score = s.score, passed = s.score >= 60
       from (select attempt_id, coalesce(sum(points) filter (where correct), 0)::int as score from training_attempt_questions group by attempt_id) s
      where s.attempt_id = a.id and a.exam_id = $1`,
    [exams[0]],
  );
}
