-- Outreach (短信 / 邮件推送, business-rules.md §10, interfaces.md "Outreach and contacts", issue 13
-- items 5 and 6): templates, campaigns that run through an approval flow (type CAMPAIGN), one
-- message row per campaign and customer (the unit that is planned, skipped, queued, sent and
-- reported on), per-channel opt-outs, and what the embedded SMTP server and SMS gateway received
-- (the laptop's mailbox and SMS inbox, like Mailpit). Every message sent is also a contact record.

create table outreach_templates (
  id           bigserial primary key,
  name         text not null check (char_length(name) between 1 and 100),
  channel      text not null check (channel in ('SMS','EMAIL')),
  -- e-mail only: the subject line (variables allowed)
  subject      text check (char_length(subject) between 1 and 200),
  -- the text with variables such as {{customerName}}, {{staffName}}, {{productName}}, {{netAsset}}
  body         text not null check (char_length(body) between 1 and 4000),
  -- SMS only: the provider's template code (Chinese SMS APIs send a registered template code and its
  -- parameters, not free text)
  sms_template_code text check (char_length(sms_template_code) between 1 and 64),
  owner_id     bigint not null references users,
  -- the organisation of the login that saved it (who may use it: the scope rules of the module)
  branch_code  text references branches,
  created_at   timestamptz not null default now(),
  updated_at   timestamptz not null default now(),
  check ((channel = 'EMAIL') = (subject is not null)),
  check (channel = 'SMS' or sms_template_code is null)
);

create table campaigns (
  id           bigserial primary key,
  name         text not null check (char_length(name) between 1 and 100),
  channel      text not null check (channel in ('SMS','EMAIL')),
  template_id  bigint not null references outreach_templates,
  -- the audience: a saved customer group, a product's target customers, or the margin qualified pool
  source       text not null check (source in ('GROUP','PRODUCT_TARGETS','MARGIN_POOL')),
  group_id     bigint references customer_groups,
  -- the product pushed (PRODUCT_TARGETS; optional for a GROUP campaign that promotes a product):
  -- only customers whose suitability check is MATCH receive it
  product_code text references products,
  -- not before this time (null: as soon as approved); quiet hours move each message later still
  send_at      timestamptz,
  status       text not null check (status in ('PENDING_APPROVAL','APPROVED','SENDING','DONE','REJECTED','WITHDRAWN','CANCELLED')),
  workflow_id  bigint references workflows,
  created_by   bigint not null references users,
  created_staff_no text references staff,
  branch_code  text references branches,
  team_code    text references teams,
  -- the audience at the last planning (submission, approval): members before skips, and recipients queued
  audience     integer,
  planned_at   timestamptz,
  approved_at  timestamptz,
  finished_at  timestamptz,
  -- PRODUCT campaigns: the days after sending within which a purchase counts as a hit (hit rate)
  hit_window_days integer check (hit_window_days between 1 and 365),
  created_at   timestamptz not null default now(),
  check ((source = 'GROUP') = (group_id is not null)),
  check (source <> 'PRODUCT_TARGETS' or product_code is not null)
);
create index campaigns_created_idx on campaigns (created_at desc, id desc);
create index campaigns_branch_idx on campaigns (branch_code, id desc);
create index campaigns_workflow_idx on campaigns (workflow_id);

-- One row per campaign and customer: the idempotency unit (a message is sent at most once, whatever
-- the worker does). Status flow: PLANNED (before approval) → QUEUED → SENDING → SENT → DELIVERED or
-- FAILED; or one of the SKIPPED_* reasons decided at planning. Keyed by customer_no (scale.md).
create table campaign_messages (
  customer_no  text not null references customers,
  campaign_id  bigint not null references campaigns,
  status       text not null check (status in ('PLANNED','QUEUED','SENDING','SENT','DELIVERED','FAILED',
                                               'SKIPPED_OPT_OUT','SKIPPED_CAP','SKIPPED_SUITABILITY','SKIPPED_NO_ADDRESS')),
  -- the mobile or e-mail address and the rendered text, fixed when the message is queued
  address      text,
  subject      text,
  body         text,
  -- not before (the campaign's send_at moved out of quiet hours)
  not_before   timestamptz,
  attempts     integer not null default 0,
  -- the provider's id of the sent message (SMS BizId, SMTP Message-ID): delivery reports find it
  provider_message_id text,
  error        text,
  sent_at      timestamptz,
  delivered_at timestamptz,
  -- the contact record (接触记录) this message became
  contact_id   bigint,
  primary key (customer_no, campaign_id)
);
create index campaign_messages_campaign_idx on campaign_messages (campaign_id, status);
create index campaign_messages_due_idx on campaign_messages (not_before, campaign_id) where status = 'QUEUED';
create unique index campaign_messages_provider_idx on campaign_messages (provider_message_id) where provider_message_id is not null;
-- the frequency cap: a customer's messages by time
create index campaign_messages_customer_sent_idx on campaign_messages (customer_no, sent_at) where sent_at is not null;

-- Opt-outs per channel (退订): the unsubscribe link of an e-mail, 回复TD to an SMS (the gateway's
-- callback), or recorded by staff at the customer's request. Honoured by every later campaign.
create table outreach_opt_outs (
  customer_no text not null references customers,
  channel     text not null check (channel in ('SMS','EMAIL')),
  at          timestamptz not null default now(),
  source      text not null check (source in ('UNSUBSCRIBE_LINK','SMS_REPLY','STAFF')),
  campaign_id bigint references campaigns,
  created_by  bigint references users,
  primary key (customer_no, channel)
);

-- Contacts that are messages: their delivery status and the campaign (null for a contact staff logged)
alter table contacts
  add column delivery_status text check (delivery_status in ('QUEUED','SENT','DELIVERED','FAILED')),
  add column campaign_id     bigint references campaigns;

-- What the embedded SMTP server received (the laptop's and the tests' mailbox, shown on an admin page)
create table mailbox_messages (
  id          bigserial primary key,
  received_at timestamptz not null default now(),
  mail_from   text,
  rcpt_to     text[] not null,
  subject     text,
  message_id  text,
  text_body   text,
  html_body   text,
  raw         text not null
);
create index mailbox_messages_received_idx on mailbox_messages (received_at desc, id desc);

-- What the embedded SMS gateway received, and the replies sent to it (the laptop's SMS inbox)
create table sms_gateway_messages (
  id          bigserial primary key,
  direction   text not null check (direction in ('OUT','REPLY')),
  received_at timestamptz not null default now(),
  mobile      text not null,
  template_code text,
  params      jsonb,
  content     text,
  biz_id      text unique,
  report_status text check (report_status in ('DELIVERED','FAILED')),
  reported_at timestamptz
);
create index sms_gateway_messages_received_idx on sms_gateway_messages (received_at desc, id desc);

-- Outreach configuration (系统设置 → 营销推送): quiet hours in the business time zone (a window may
-- cross midnight), the per-customer frequency cap over a rolling window (every channel counted),
-- the sensitive words (禁用语) checked before approval, the sending rate, and the hit window.
insert into settings (key, value) values ('outreach', '{
  "quietHours": { "start": "21:00", "end": "08:00" },
  "frequencyCap": { "maxMessages": 3, "windowDays": 7 },
  "sensitiveWords": ["保本", "稳赚", "无风险", "零风险", "保证收益", "高收益无风险", "内幕消息", "翻倍"],
  "ratePerSecond": 200,
  "hitWindowDays": 30
}') on conflict (key) do nothing;
