-- 服务管理 (business-rules.md §10, issue 14 item 1): service products and their subscribers,
-- content written in the CRM and reviewed before publication (flow type CONTENT_PUBLISH), model
-- portfolios with every version kept, service staff and service relationships, and 资讯 pushes
-- with their recipients (inbox and read receipts).

-- 服务产品: advisory (投顾) and information (资讯) products, with a risk level like any product.
create table service_products (
  id          bigserial primary key,
  code        text not null unique check (code ~ '^[A-Za-z0-9_-]{1,32}$'),
  name        text not null check (char_length(name) between 1 and 100),
  kind        text not null check (kind in ('ADVISORY','INFORMATION')),
  risk_level  text not null check (risk_level in ('R1','R2','R3','R4','R5')),
  price       numeric(20,2) not null check (price >= 0),  -- per month, yuan
  status      text not null check (status in ('ACTIVE','SUSPENDED','CLOSED')),
  description text not null default '' check (char_length(description) <= 2000),
  created_by  bigint not null references users,
  created_at  timestamptz not null,
  updated_at  timestamptz not null
);

-- Subscriptions: who subscribes to what, recorded by staff; a MISMATCH keeps the special warning
-- and the customer's confirmation (suitability.md), a NEVER is never written.
create table service_subscriptions (
  id              bigserial not null,
  product_id      bigint not null references service_products,
  customer_no     text not null references customers,
  subscribed_at   timestamptz not null,
  subscribed_by   bigint not null references users,
  staff_no        text references staff,
  suitability     text not null check (suitability in ('MATCH','MISMATCH')),
  customer_risk   text,
  product_risk    text not null,
  warning_text    text check (char_length(warning_text) between 1 and 4000),
  check ((suitability = 'MISMATCH') = (warning_text is not null)),
  ended_at        timestamptz,
  ended_by        bigint references users,
  primary key (customer_no, id) -- the customer key leads: a distributed table on Citus (docs/scale.md)
);
create unique index service_subscriptions_active_idx on service_subscriptions (product_id, customer_no) where ended_at is null;
create index service_subscriptions_customer_idx on service_subscriptions (customer_no);

-- 服务人员: the staff who serve a product's subscribers.
create table service_product_staff (
  product_id bigint not null references service_products,
  staff_no   text not null references staff,
  added_at   timestamptz not null,
  primary key (product_id, staff_no)
);

-- 服务关系: which staff member serves which subscriber of which product, from a day (inclusive)
-- to a day (inclusive); distinct from the broker relationships.
create table service_relationships (
  id           bigserial not null,
  product_id   bigint not null references service_products,
  customer_no  text not null references customers,
  staff_no     text not null references staff,
  start_on     date not null,
  end_on       date,
  check (end_on is null or end_on >= start_on),
  created_by   bigint not null references users,
  created_at   timestamptz not null,
  primary key (customer_no, id) -- the customer key leads: a distributed table on Citus (docs/scale.md)
);
create index service_relationships_product_idx on service_relationships (product_id, customer_no);
create index service_relationships_staff_idx on service_relationships (staff_no);
create index service_relationships_id_idx on service_relationships (id); -- ended by its number

-- 服务产品加工: articles, research notes, signals and information items; body is sanitised HTML.
create table service_content (
  id           bigserial primary key,
  kind         text not null check (kind in ('ARTICLE','RESEARCH','SIGNAL','NEWS')),
  category     text not null check (category in ('MACRO','STRATEGY','INDUSTRY','STOCK','FUND','BOND')),
  risk_level   text not null check (risk_level in ('R1','R2','R3','R4','R5')),
  product_id   bigint references service_products,
  title        text not null check (char_length(title) between 1 and 200),
  summary      text not null default '' check (char_length(summary) <= 500),
  body_html    text not null check (char_length(body_html) <= 200000),
  status       text not null check (status in ('DRAFT','IN_REVIEW','PUBLISHED','REJECTED')),
  author_id    bigint not null references users,
  author_staff_no text references staff,
  branch_code  text references branches,
  workflow_id  bigint references workflows,
  published_at timestamptz,
  created_at   timestamptz not null,
  updated_at   timestamptz not null
);
create index service_content_product_idx on service_content (product_id, status);

-- 投资组合: a model portfolio and its versions (the first one and every rebalance), never overwritten.
create table service_portfolios (
  id          bigserial primary key,
  code        text not null unique check (code ~ '^[A-Za-z0-9_-]{1,32}$'),
  name        text not null check (char_length(name) between 1 and 100),
  product_id  bigint references service_products,
  description text not null default '' check (char_length(description) <= 2000),
  created_by  bigint not null references users,
  created_at  timestamptz not null
);

create table service_portfolio_versions (
  portfolio_id bigint not null references service_portfolios,
  version      integer not null check (version >= 1),
  effective_on date not null,  -- the weights hold from this day's close
  note         text not null default '' check (char_length(note) <= 500),
  created_by   bigint not null references users,
  created_at   timestamptz not null,
  primary key (portfolio_id, version),
  unique (portfolio_id, effective_on)
);

create table service_portfolio_weights (
  portfolio_id  bigint not null,
  version       integer not null,
  market        text not null,
  security_code text not null,
  weight        numeric(9,4) not null check (weight > 0 and weight <= 100),  -- percent
  primary key (portfolio_id, version, market, security_code),
  foreign key (portfolio_id, version) references service_portfolio_versions
);

-- 资讯推送: a published item pushed to a product's subscribers and/or a saved group; each
-- customer reached is a recipient, DELIVERED to the in-app inbox or SKIPPED by suitability.
create table service_pushes (
  id          bigserial primary key,
  content_id  bigint not null references service_content,
  product_id  bigint references service_products,
  group_id    bigint references customer_groups on delete set null,
  group_name  text,
  check (product_id is not null or group_name is not null),
  pushed_by   bigint not null references users,
  staff_no    text references staff,
  pushed_at   timestamptz not null
);
create index service_pushes_content_idx on service_pushes (content_id);

create table service_push_recipients (
  push_id     bigint not null references service_pushes,
  customer_no text not null references customers,
  status      text not null check (status in ('DELIVERED','SKIPPED_SUITABILITY')),
  read_at     timestamptz,
  primary key (push_id, customer_no)
);
create index service_push_recipients_customer_idx on service_push_recipients (customer_no) where status = 'DELIVERED';

-- The customer's reads of any content (subscribed products' content without a push too).
create table service_content_reads (
  customer_no   text not null references customers,
  content_id    bigint not null references service_content,
  first_read_at timestamptz not null,
  primary key (customer_no, content_id)
);

-- Publication review: the branch manager of the writer's branch (the author never approves their own).
insert into workflow_definitions (type, steps, updated_by) values ('CONTENT_PUBLISH', array['BRANCH_MANAGER'], 'migration 0042')
  on conflict (type) do nothing;
