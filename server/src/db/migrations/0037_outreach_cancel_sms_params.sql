-- Outreach loose ends (issue 13, part O): a campaign cancelled (撤销) while it is sent, and the SMS
-- provider's template parameters.
--
-- * campaign_messages.status CANCELLED: a message still QUEUED (or PLANNED, when the campaign is
--   cancelled in approval) when its campaign was cancelled; it is never sent. Messages already
--   SENDING finish; SENT / DELIVERED / FAILED stay.
-- * campaign_messages.params: for an SMS, the provider template's parameters (Aliyun TemplateParam),
--   fixed with the rendered text when the message is queued: one string per template variable the
--   template uses, keyed by the variable's name ({"customerName": "钱多多", …}). Null for e-mail and
--   for messages queued before this migration (they go with {"content": text}).

alter table campaign_messages drop constraint campaign_messages_status_check;
alter table campaign_messages add constraint campaign_messages_status_check
  check (status in ('PLANNED','QUEUED','SENDING','SENT','DELIVERED','FAILED',
                    'SKIPPED_OPT_OUT','SKIPPED_CAP','SKIPPED_SUITABILITY','SKIPPED_NO_ADDRESS','CANCELLED'));

alter table campaign_messages add column params jsonb;
