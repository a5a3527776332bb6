-- Payroll (薪酬, business-rules.md §5): commission templates (提成模板) as configuration rows,
-- adjustments (薪酬调整), payroll months (OPEN → LOCKED) and payslips (工资单) with the inputs they
-- were computed from. Money is numeric; amounts shown to people are rounded to the cent.

-- 提成模板: base salary by level and marginal tiers on the month's attributed net commission.
create table payroll_templates (
  template_code text primary key,
  name          text not null,
  created_at    timestamptz not null default now()
);

create table payroll_template_base_salaries (
  template_code text not null references payroll_templates,
  level         text not null check (level in ('见习','初级','中级','高级','资深')),
  base_salary   numeric(14,2) not null check (base_salary >= 0), -- 底薪
  primary key (template_code, level)
);

-- Marginal tiers: each tier applies its rate to the part of the net commission from its lower bound
-- up to the next tier's lower bound (the last tier has no upper bound). The first lower bound is 0.
create table payroll_template_tiers (
  template_code text not null references payroll_templates,
  lower_bound   numeric(16,2) not null check (lower_bound >= 0),
  rate          numeric(8,6) not null check (rate >= 0 and rate <= 1),
  primary key (template_code, lower_bound)
);

insert into payroll_templates (template_code, name) values ('DEFAULT', '默认提成模板');
-- Base salaries are not in the spec: these defaults are configuration, changed by updating the rows.
insert into payroll_template_base_salaries (template_code, level, base_salary) values
  ('DEFAULT', '见习', 3000), ('DEFAULT', '初级', 4000), ('DEFAULT', '中级', 5000), ('DEFAULT', '高级', 6500), ('DEFAULT', '资深', 8000);
insert into payroll_template_tiers (template_code, lower_bound, rate) values
  ('DEFAULT', 0, 0.20), ('DEFAULT', 20000, 0.30), ('DEFAULT', 100000, 0.40);

-- One row per month once anything is computed or adjusted for it. OPEN: may be (re)computed and
-- adjusted; LOCKED: never changes again (corrections become the next month's adjustments).
create table payroll_months (
  month         date primary key check (extract(day from month) = 1),
  status        text not null default 'OPEN' check (status in ('OPEN','LOCKED')),
  template_code text references payroll_templates,
  computed_at   timestamptz,
  computed_by   text,
  revision          integer not null default 0, -- bumped by every adjustment change
  computed_revision integer,                    -- the revision the payslips were computed at; another one means stale
  locked_at     timestamptz,
  locked_by     text,
  check ((status = 'LOCKED') = (locked_at is not null))
);

-- 薪酬调整: the amount is signed by kind (deductions negative, everything else positive).
create table payroll_adjustments (
  id             bigserial primary key,
  month          date not null references payroll_months,
  staff_no       text not null references staff,
  kind           text not null check (kind in ('COMPLIANCE_DEDUCTION','PRODUCT_SALES_COMMISSION','ATTENDANCE_DEDUCTION',
                                               'EARLY_PROMOTION_BONUS','OTHER_REWARD','WELFARE')),
  amount         numeric(14,2) not null,
  note           text,
  corrects_month date, -- set when this adjustment corrects a locked earlier month
  created_by     text not null,
  created_at     timestamptz not null default now(),
  updated_by     text,
  updated_at     timestamptz,
  check (case when kind in ('COMPLIANCE_DEDUCTION','ATTENDANCE_DEDUCTION') then amount < 0 else amount > 0 end),
  check (corrects_month is null or corrects_month < month)
);
create index payroll_adjustments_month_idx on payroll_adjustments (month, staff_no);

-- 工资单: total = base + commission share + product sales commission + adjustments, each rounded to
-- the cent; the unrounded inputs (net commission, product sales, tier parts, adjustments) beside them.
create table payslips (
  month                    date not null references payroll_months,
  staff_no                 text not null references staff,
  level                    text not null,
  template_code            text not null references payroll_templates,
  base_salary              numeric(14,2) not null, -- 底薪
  net_commission           numeric not null,       -- 净佣金 attributed (input, may be negative)
  commission_share         numeric(14,2) not null, -- 佣金提成
  product_sales            numeric not null,       -- 金融产品销售额 attributed (input)
  product_sales_commission numeric(14,2) not null, -- 金融产品销售提成
  adjustments_total        numeric(14,2) not null, -- 薪酬调整合计
  total                    numeric(14,2) not null, -- 应发合计
  inputs                   jsonb not null,         -- tier parts, product lines, adjustments
  computed_at              timestamptz not null,
  primary key (month, staff_no)
);
