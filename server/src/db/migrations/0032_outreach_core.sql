-- Outreach core (issue 13 item 5; modules/outreach): what planning and reporting need beyond 0031.
--
-- * campaign_messages_cap_idx: the frequency cap counts a customer's messages that are queued or
--   sent (QUEUED, SENDING, SENT, DELIVERED) by their time — sent_at once sent, not_before before —
--   within the window around a campaign's send time: read by that time, for every customer at once.
-- * campaigns.not_before: the time the campaign's messages may go (send_at or the approval time,
--   moved out of quiet hours), the start of the hit-rate window of a product campaign.
-- * CAMPAIGN flows: branch manager, then head office. The engine's default (team lead → branch
--   manager) leaves a branch manager's own campaign without an approver, and a push to customers is
--   reviewed by head office (compliance) in the brokerages the seeds describe. An administrator
--   may change it in 流程配置 like any flow's steps.
-- * campaign_messages without foreign keys, like the facts keyed by customer: planning writes a
--   campaign's whole audience in one statement (100,000 rows for a large group), and each row's
--   checks locked its customers row (a write to every customer's page) and the campaign's row again:
--   7 of the 16 s the 100,000-member plan took (npm run bench -- outreach-plan, docs/performance.md).
--   Rows are only written from the customers and the campaign they join in the same statement, and
--   neither customers nor campaigns are ever deleted.

create index campaign_messages_cap_idx on campaign_messages ((coalesce(sent_at, not_before)), customer_no)
  where status in ('QUEUED', 'SENDING', 'SENT', 'DELIVERED');

alter table campaigns add column not_before timestamptz;

insert into workflow_definitions (type, steps, updated_by) values ('CAMPAIGN', array['BRANCH_MANAGER', 'HQ'], 'migration 0032')
on conflict (type) do nothing;

alter table campaign_messages drop constraint campaign_messages_customer_no_fkey;
alter table campaign_messages drop constraint campaign_messages_campaign_id_fkey;
