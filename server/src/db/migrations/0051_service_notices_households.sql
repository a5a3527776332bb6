-- Issue 14, part T: a 资讯 push's notices through the outreach channels, and households in the
-- customer space (docs/decisions.md "Part T").
--
-- 1. Notices (推送通知). A push may also send each customer it DELIVERED to a short SMS and/or e-mail
--    that links to 我的资讯. Each channel's notices are a campaign of the outreach module (source
--    SERVICE_PUSH, no approval flow: the item passed its publication review), planned by the same
--    statement as any campaign (opt-outs, no address, the frequency cap), queued at once with a send
--    time out of the quiet hours, and sent, reported and recorded as contacts by the delivery side.
--    campaigns.service_push_id names the push. The texts are two system templates (system_key), owned
--    by the system login of the customer space, which head office may reword in 短信邮件模板 (the
--    item's title and link are appended to them); an SMS provider needs its registered template code
--    there (sms_template_code).
alter table campaigns drop constraint campaigns_source_check;
alter table campaigns add constraint campaigns_source_check check (source in ('GROUP','PRODUCT_TARGETS','MARGIN_POOL','SERVICE_PUSH'));
alter table campaigns add column service_push_id bigint references service_pushes;
alter table campaigns add constraint campaigns_service_push_check check ((source = 'SERVICE_PUSH') = (service_push_id is not null));
create index campaigns_service_push_idx on campaigns (service_push_id) where service_push_id is not null;

alter table outreach_templates add column system_key text unique; -- SERVICE_PUSH_SMS, SERVICE_PUSH_EMAIL
insert into outreach_templates (name, channel, subject, body, owner_id, branch_code, system_key)
select '资讯推送通知（短信）', 'SMS', null, '{{customerName}}您好，您有一条新资讯', u.id, null, 'SERVICE_PUSH_SMS'
  from users u where u.username = 'customer-space'
union all
select '资讯推送通知（邮件）', 'EMAIL', '您有一条新资讯', '{{customerName}}您好：

您有一条新资讯，请登录客户专属空间，在“我的资讯”中阅读', u.id, null, 'SERVICE_PUSH_EMAIL'
  from users u where u.username = 'customer-space';

-- 2. Households (家庭成员共用手机号). A session remembers the mobile it was opened with: the customer
--    may switch to any other open account carrying that mobile (and only to those). Null for the
--    sessions opened before this migration (they stay on their account).
alter table customer_sessions add column mobile text;

-- 3. The purge of spent login codes and expired sessions (after each night's import) reads them by time.
create index customer_login_codes_created_idx on customer_login_codes (created_at);
create index customer_sessions_expires_idx on customer_sessions (expires_at);
