-- The customer's own space (客户专属空间, issue 14 item 5; docs/decisions.md "Part A"): a realm of
-- its own beside the staff's logins, the risk questionnaire (风险承受能力评估) whose result overrides
-- the extract's risk level, and "ask my advisor" (咨询我的顾问).
--
-- * customer_login_codes: the one-time codes sent by SMS (6 digits, only the sha256 kept with a
--   per-code salt, 5 minutes, 5 tries). A row is written for every request, for an unknown number too
--   (customer_no null, nothing sent): the resend throttle and the hourly cap count rows per number, so
--   a known and an unknown number are answered alike.
-- * customer_sessions: the customer realm's sessions (cookie crm_customer_session; only the sha256
--   of the secret kept), never read by the staff realm, whose sessions table holds logins.
-- * risk_questionnaires: the questionnaire as data (questions, options and their points, zh and en);
--   the thresholds that turn a score into C1–C5 and the lowest-category rule are settings
--   (系统设置 → customerSpace).
-- * risk_assessments: every questionnaire a customer completed, with the answers, score, category,
--   lowest-category flag, assessment day and expiry. The newest one overrides the extract's
--   customers.risk_level / risk_assessed_on until an extract carries a later day (trigger below).
-- * customer_questions: a customer's question to the serving staff and its answer; each is a contact
--   record (channel WEB). The questions still to be answered are a to-do of the serving staff.

create table customer_login_codes (
  id           bigserial primary key,
  mobile       text not null,
  customer_no  text references customers,
  salt         text not null,
  code_hash    text not null,
  created_at   timestamptz not null,
  expires_at   timestamptz not null,
  tries        int not null default 0,
  used_at      timestamptz,
  ip           text
);
create index customer_login_codes_mobile_idx on customer_login_codes (mobile, created_at desc);

create table customer_sessions (
  id           text primary key,
  customer_no  text not null references customers,
  created_at   timestamptz not null,
  expires_at   timestamptz not null,
  last_seen_at timestamptz not null,
  ip           text,
  user_agent   text
);
create index customer_sessions_customer_idx on customer_sessions (customer_no);

create table risk_questionnaires (
  code        text primary key check (code ~ '^[A-Z0-9_]{1,40}$'),
  title_zh    text not null,
  title_en    text not null,
  -- [{ "key": "AGE", "zh": "…", "en": "…", "options": [{ "key": "A", "zh": "…", "en": "…", "points": 2, "lowest": false }] }]
  questions   jsonb not null check (jsonb_typeof(questions) = 'array'),
  active      boolean not null default true,
  created_at  timestamptz not null default now()
);
create unique index risk_questionnaires_one_active_idx on risk_questionnaires (active) where active;

create table risk_assessments (
  id                 bigserial not null,
  customer_no        text not null references customers,
  questionnaire_code text not null references risk_questionnaires,
  answers            jsonb not null check (jsonb_typeof(answers) = 'object'),
  score              int not null check (score >= 0),
  risk_level         text not null check (risk_level in ('C1','C2','C3','C4','C5')),
  lowest_category    boolean not null default false,
  assessed_on        date not null,
  expires_on         date not null,
  created_at         timestamptz not null,
  check (not lowest_category or risk_level = 'C1'),
  primary key (customer_no, id) -- the customer key leads: a distributed table on Citus (docs/scale.md)
);
create index risk_assessments_customer_idx on risk_assessments (customer_no, assessed_on desc, id desc);

-- One place decides the customer's effective risk category (suitability.md; docs/decisions.md "Part A"):
-- customers.risk_level / risk_assessed_on / lowest_risk_category, which every suitability check,
-- the margin pool, KYC, labels and targets read. Submitting the questionnaire writes its result there
-- (customer-space.service.ts); this trigger keeps it there while the extract re-delivers an older
-- (or the same) assessment day, and lets the extract's level back in once it carries a newer day.
create function customer_risk_override() returns trigger
language plpgsql as $$
declare
  q record;
begin
  select a.risk_level, a.assessed_on, a.lowest_category into q
    from risk_assessments a where a.customer_no = new.customer_no
   order by a.assessed_on desc, a.id desc limit 1;
  if found and (new.risk_assessed_on is null or q.assessed_on >= new.risk_assessed_on) then
    new.risk_level := q.risk_level;
    new.risk_assessed_on := q.assessed_on;
    new.lowest_risk_category := q.lowest_category;
  end if;
  return new;
end $$;

create trigger customers_risk_override before update of risk_level, risk_assessed_on, lowest_risk_category on customers
  for each row execute function customer_risk_override();

create table customer_questions (
  id                 bigserial not null,
  customer_no        text not null references customers,
  question           text not null check (char_length(question) between 1 and 1000),
  asked_at           timestamptz not null,
  -- the serving staff when asked (their to-do while unanswered; whoever serves the customer later sees it too)
  staff_no           text references staff,
  question_contact   bigint not null,
  answer             text check (char_length(answer) between 1 and 2000),
  answered_at        timestamptz,
  answered_by        bigint references users,
  answer_staff_no    text references staff,
  answer_contact     bigint,
  foreign key (customer_no, question_contact) references contacts (customer_no, id),
  foreign key (customer_no, answer_contact) references contacts (customer_no, id),
  check ((answer is null) = (answered_at is null) and (answer is null) = (answered_by is null)),
  primary key (customer_no, id) -- the customer key leads: a distributed table on Citus (docs/scale.md)
);
create index customer_questions_customer_idx on customer_questions (customer_no, asked_at desc);
create index customer_questions_id_idx on customer_questions (id); -- answered by its number from the to-do
create index customer_questions_open_idx on customer_questions (asked_at) where answer is null;

-- The login that records a customer's own questions as contact records (contacts.created_by): a
-- system login (migration 0028), never able to sign in.
insert into users (username, password_hash, role, display_name, disabled, system)
values ('customer-space', '!', 'HQ', '客户专属空间 (customer space)', true, true)
on conflict (username) do update set disabled = true, system = true;

-- The standard questionnaire (modelled on the Securities Association of China's 个人投资者风险承受能力评估问卷):
-- ten questions of 0–10 points each (11–100 in all); choosing 不能承受任何损失 marks the lowest category.
insert into risk_questionnaires (code, title_zh, title_en, questions) values
('SAC_PERSONAL_2017', '个人投资者风险承受能力评估问卷', 'Risk tolerance questionnaire for individual investors', '[
 {
  "key": "AGE",
  "zh": "您的年龄是：",
  "en": "Your age:",
  "options": [
   {
    "key": "A",
    "zh": "18–30 岁",
    "en": "18–30",
    "points": 8
   },
   {
    "key": "B",
    "zh": "31–50 岁",
    "en": "31–50",
    "points": 10
   },
   {
    "key": "C",
    "zh": "51–65 岁",
    "en": "51–65",
    "points": 6
   },
   {
    "key": "D",
    "zh": "65 岁以上",
    "en": "Over 65",
    "points": 2
   }
  ]
 },
 {
  "key": "INCOME",
  "zh": "您的家庭年收入为（折合人民币）：",
  "en": "Your household’s annual income (CNY):",
  "options": [
   {
    "key": "A",
    "zh": "10 万元以下",
    "en": "Under 100,000",
    "points": 2
   },
   {
    "key": "B",
    "zh": "10 万–50 万元",
    "en": "100,000–500,000",
    "points": 5
   },
   {
    "key": "C",
    "zh": "50 万–100 万元",
    "en": "500,000–1,000,000",
    "points": 8
   },
   {
    "key": "D",
    "zh": "100 万元以上",
    "en": "Over 1,000,000",
    "points": 10
   }
  ]
 },
 {
  "key": "ASSETS",
  "zh": "您可用于投资的金融资产为：",
  "en": "Your financial assets available for investment:",
  "options": [
   {
    "key": "A",
    "zh": "50 万元以下",
    "en": "Under 500,000",
    "points": 2
   },
   {
    "key": "B",
    "zh": "50 万–300 万元",
    "en": "500,000–3,000,000",
    "points": 5
   },
   {
    "key": "C",
    "zh": "300 万–1000 万元",
    "en": "3,000,000–10,000,000",
    "points": 8
   },
   {
    "key": "D",
    "zh": "1000 万元以上",
    "en": "Over 10,000,000",
    "points": 10
   }
  ]
 },
 {
  "key": "SHARE",
  "zh": "您计划用于证券投资的资金占家庭金融资产的比例为：",
  "en": "The share of your household’s financial assets you plan to invest in securities:",
  "options": [
   {
    "key": "A",
    "zh": "10% 以下",
    "en": "Under 10 %",
    "points": 2
   },
   {
    "key": "B",
    "zh": "10%–25%",
    "en": "10–25 %",
    "points": 5
   },
   {
    "key": "C",
    "zh": "25%–50%",
    "en": "25–50 %",
    "points": 8
   },
   {
    "key": "D",
    "zh": "50% 以上",
    "en": "Over 50 %",
    "points": 10
   }
  ]
 },
 {
  "key": "EXPERIENCE",
  "zh": "您投资股票、基金、债券等金融产品的年限为：",
  "en": "How long you have invested in stocks, funds, bonds and the like:",
  "options": [
   {
    "key": "A",
    "zh": "没有经验",
    "en": "No experience",
    "points": 0
   },
   {
    "key": "B",
    "zh": "2 年以下",
    "en": "Under 2 years",
    "points": 3
   },
   {
    "key": "C",
    "zh": "2–5 年",
    "en": "2–5 years",
    "points": 6
   },
   {
    "key": "D",
    "zh": "5–10 年",
    "en": "5–10 years",
    "points": 8
   },
   {
    "key": "E",
    "zh": "10 年以上",
    "en": "Over 10 years",
    "points": 10
   }
  ]
 },
 {
  "key": "KNOWLEDGE",
  "zh": "您的投资知识可描述为：",
  "en": "Your investment knowledge:",
  "options": [
   {
    "key": "A",
    "zh": "欠缺：基本没有金融产品方面的知识",
    "en": "Little: hardly any knowledge of financial products",
    "points": 0
   },
   {
    "key": "B",
    "zh": "一般：对金融产品及其风险有一定了解",
    "en": "Some: a basic understanding of products and their risks",
    "points": 4
   },
   {
    "key": "C",
    "zh": "丰富：对金融产品及其风险有较深的认识",
    "en": "Good: a sound understanding of products and their risks",
    "points": 7
   },
   {
    "key": "D",
    "zh": "专业：具有金融相关从业经历或专业资格",
    "en": "Professional: work experience or a qualification in finance",
    "points": 10
   }
  ]
 },
 {
  "key": "PRODUCTS",
  "zh": "您曾经投资过的风险最高的产品是：",
  "en": "The riskiest product you have invested in:",
  "options": [
   {
    "key": "A",
    "zh": "银行存款、国债",
    "en": "Bank deposits, government bonds",
    "points": 0
   },
   {
    "key": "B",
    "zh": "债券、货币基金、债券基金",
    "en": "Bonds, money-market and bond funds",
    "points": 3
   },
   {
    "key": "C",
    "zh": "股票、混合基金、股票基金",
    "en": "Stocks, balanced and equity funds",
    "points": 7
   },
   {
    "key": "D",
    "zh": "期货、期权、融资融券、私募产品",
    "en": "Futures, options, margin trading, private funds",
    "points": 10
   }
  ]
 },
 {
  "key": "HORIZON",
  "zh": "您计划的投资期限为：",
  "en": "Your planned investment horizon:",
  "options": [
   {
    "key": "A",
    "zh": "1 年以内",
    "en": "Under 1 year",
    "points": 2
   },
   {
    "key": "B",
    "zh": "1–3 年",
    "en": "1–3 years",
    "points": 5
   },
   {
    "key": "C",
    "zh": "3–5 年",
    "en": "3–5 years",
    "points": 8
   },
   {
    "key": "D",
    "zh": "5 年以上",
    "en": "Over 5 years",
    "points": 10
   }
  ]
 },
 {
  "key": "GOAL",
  "zh": "您的投资目标是：",
  "en": "Your investment goal:",
  "options": [
   {
    "key": "A",
    "zh": "保证本金安全，收益稳定",
    "en": "Keep the principal safe with a steady return",
    "points": 1
   },
   {
    "key": "B",
    "zh": "获得一定收益，可承受小幅波动",
    "en": "Some return, accepting small swings",
    "points": 4
   },
   {
    "key": "C",
    "zh": "资产较快增长，可承受较大波动",
    "en": "Faster growth, accepting larger swings",
    "points": 7
   },
   {
    "key": "D",
    "zh": "追求高收益，可承受大幅亏损",
    "en": "High returns, accepting large losses",
    "points": 10
   }
  ]
 },
 {
  "key": "LOSS",
  "zh": "您能承受的最大投资损失为：",
  "en": "The largest loss you could bear:",
  "options": [
   {
    "key": "A",
    "zh": "不能承受任何损失",
    "en": "No loss at all",
    "points": 0,
    "lowest": true
   },
   {
    "key": "B",
    "zh": "10% 以内",
    "en": "Up to 10 %",
    "points": 3
   },
   {
    "key": "C",
    "zh": "10%–30%",
    "en": "10–30 %",
    "points": 6
   },
   {
    "key": "D",
    "zh": "30%–50%",
    "en": "30–50 %",
    "points": 8
   },
   {
    "key": "E",
    "zh": "50% 以上",
    "en": "Over 50 %",
    "points": 10
   }
  ]
 }
]'::jsonb);
