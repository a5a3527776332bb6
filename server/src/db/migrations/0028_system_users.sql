-- System logins (issue 12; docs/decisions.md "Admin: system logins are hidden from the user list"):
-- a login that is no person's and exists only to own records — the demo's contact history is
-- recorded by `demo-history` (modules/demo/demo-contacts.ts). It can never sign in (always disabled,
-- no usable password), the user list hides it unless asked, and it cannot be enabled, edited or
-- given a password.
alter table users add column system boolean not null default false;

update users set system = true where username = 'demo-history' and password_hash = '!';

alter table users add constraint users_system_disabled check (not system or disabled);
