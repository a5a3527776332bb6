-- Outreach delivery (issue 13 items 5–6): the hand-over from the approval to the sender, the claim
-- time of a message being sent, the embedded SMS gateway's idempotency key, and the secrets the
-- unsubscribe links and the SMS callbacks are signed with when the configuration names none.

-- The transactional outbox: the approval writes a row in its own transaction (delivery/queue.ts);
-- the delivery runner turns it into a pg-boss job and deletes it in one transaction.
create table outreach_dispatches (
  campaign_id  bigint primary key references campaigns,
  requested_at timestamptz not null default now()
);

-- When the message was claimed for sending (status SENDING): a claim older than the lease, whose
-- worker is gone, is checked against the provider before it is sent again.
alter table campaign_messages add column claimed_at timestamptz;

-- The SMS provider's idempotency key (Aliyun OutId): `${campaignId}:${customerNo}`; a second send with
-- the same key returns the first BizId and sends nothing.
alter table sms_gateway_messages add column out_id text unique;
alter table sms_gateway_messages add column sign_name text;

-- The embedded mailbox is asked by Message-ID after a crash.
create index mailbox_messages_message_id_idx on mailbox_messages (message_id);

-- An SMS reply is matched to the customer who received an SMS at that mobile most recently.
create index campaign_messages_address_sent_idx on campaign_messages (address, sent_at desc) where sent_at is not null;

-- Secrets generated at first use when the configuration gives none (OUTREACH_SECRET, SMS_CALLBACK_SECRET).
create table outreach_secrets (
  name       text primary key,
  secret     text not null,
  created_at timestamptz not null default now()
);
