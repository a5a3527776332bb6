-- KYC completeness (客户信息完善, issue 14 item 3, business-rules.md §10): the standard customer
-- information form (客户信息表) the CRM keeps beside the extract's identity, contact and risk
-- columns, its completeness score, the history of every change, households (家庭成员) and related
-- accounts (关联账户). Keyed by customer_no like every customer table (scale.md).
--
-- * customer_kyc: one row per customer once scored. The form's own fields (every choice a code of
--   shared/codes.ts), and the completeness score (0–100: the weights of kyc.rules.ts sum to 100, so
--   the weighted share is a whole percent) with the missing fields, both written by the one
--   set-based statement of kyc.sql.ts (refreshKycScores) at every save and after every import, so
--   lists filter and sort by them.
-- * customer_kyc_history: every changed field of every save (who, when, field, old → new as text);
--   the values of personal fields are masked by role when shown.
-- * customer_households / customer_related_accounts: the lists the form replaces as a whole.
-- * settings `kyc`: the threshold below which a customer is a to-do of the serving staff (信息待完善).

create table customer_kyc (
  customer_no        text primary key references customers,
  -- contact kept by the CRM beside the extract's (personal information: masked by role)
  alt_mobile         text check (char_length(alt_mobile) <= 20),
  alt_email          text check (char_length(alt_email) <= 120),
  alt_address        text check (char_length(alt_address) <= 200),
  occupation         text check (occupation in ('CIVIL_SERVANT','PROFESSIONAL','MANAGER','CLERK','WORKER','SELF_EMPLOYED','FREELANCER','FARMER','STUDENT','RETIRED','MILITARY','UNEMPLOYED','OTHER')),
  employer           text check (char_length(employer) <= 100),
  industry           text check (industry in ('FINANCE','IT','MANUFACTURING','TRADE','REAL_ESTATE','CONSTRUCTION','ENERGY','HEALTH','EDUCATION','GOVERNMENT','AGRICULTURE','SERVICES','OTHER')),
  education          text check (education in ('DOCTORATE','MASTER','BACHELOR','COLLEGE','HIGH_SCHOOL','BELOW')),
  income_band        text check (income_band in ('BELOW_100K','100K_300K','300K_500K','500K_1M','ABOVE_1M')),
  asset_band         text check (asset_band in ('BELOW_500K','500K_3M','3M_5M','5M_10M','ABOVE_10M')),
  fund_source        text check (fund_source in ('SALARY','BUSINESS','INVESTMENT','INHERITANCE','PROPERTY_SALE','OPERATING','OTHER')),
  -- investment experience in whole years by product class: {"STOCK": 5, "FUND": 2}
  experience         jsonb not null default '{}'::jsonb check (jsonb_typeof(experience) = 'object'),
  investment_goal    text check (investment_goal in ('PRESERVATION','INCOME','BALANCED','GROWTH','SPECULATION')),
  investment_horizon text check (investment_horizon in ('UNDER_1Y','1Y_3Y','3Y_5Y','OVER_5Y')),
  -- related parties: 实际控制人 and 受益所有人 of an institution, the emergency contact of a person
  controller_name    text check (char_length(controller_name) <= 100),
  beneficial_owner   text check (char_length(beneficial_owner) <= 100),
  emergency_name     text check (char_length(emergency_name) <= 50),
  emergency_relation text check (emergency_relation in ('SPOUSE','PARENT','CHILD','SIBLING','RELATIVE','FRIEND','COLLEAGUE','OTHER')),
  emergency_mobile   text check (char_length(emergency_mobile) <= 20),
  -- completeness (kyc.rules.ts), kept by refreshKycScores
  score              smallint not null check (score between 0 and 100),
  missing            text[] not null default '{}',
  scored_on          date not null,
  updated_at         timestamptz,
  updated_by         bigint references users
);
create index customer_kyc_score_idx on customer_kyc (score, customer_no);

create table customer_kyc_history (
  customer_no text not null references customers,
  id          bigserial not null,
  changed_at  timestamptz not null,
  user_id     bigint references users,
  username    text not null,
  field       text not null,
  old_value   text,
  new_value   text,
  primary key (customer_no, id)
);

create table customer_households (
  customer_no        text not null references customers,
  id                 bigserial not null,
  -- another customer, or a named person who is none
  member_customer_no text references customers,
  member_name        text check (char_length(member_name) between 1 and 50),
  relation           text not null check (relation in ('SPOUSE','PARENT','CHILD','SIBLING','RELATIVE','FRIEND','COLLEAGUE','OTHER')),
  primary key (customer_no, id),
  check (member_customer_no is not null or member_name is not null)
);
create index customer_households_member_idx on customer_households (member_customer_no) where member_customer_no is not null;

create table customer_related_accounts (
  customer_no         text not null references customers,
  id                  bigserial not null,
  related_customer_no text not null references customers,
  relation            text not null check (relation in ('SAME_PERSON','HOUSEHOLD','ACTUAL_CONTROLLER','CONTROLLED','AGENT','GUARANTOR','PRODUCT_MANAGER','OTHER')),
  primary key (customer_no, id),
  unique (customer_no, related_customer_no, relation),
  check (related_customer_no <> customer_no)
);
create index customer_related_accounts_related_idx on customer_related_accounts (related_customer_no);

insert into settings (key, value) values ('kyc', '{ "todoThreshold": 80 }') on conflict (key) do nothing;
