-- The HTTP API's own tables and indexes: the login throttle, case-insensitive usernames, and the
-- lookups that sessions, tokens and the audit log viewer make on every request.

-- Failed logins by username (lower-cased) and client address (auth.rules.ts: LOGIN_THROTTLE).
-- Kept in the database, not in memory, because app servers are stateless (scale.md).
create table login_failures (
  username_key text not null,
  ip           text not null,
  failed_at    timestamptz not null
);
create index login_failures_key_idx on login_failures (username_key, ip, failed_at);
create index login_failures_at_idx on login_failures (failed_at);

-- 'Alice' and 'alice' are the same login.
create unique index users_username_lower_idx on users (lower(username));

create index sessions_expires_idx on sessions (expires_at);
create index api_tokens_user_idx on api_tokens (user_id);
create index audit_log_username_idx on audit_log (username, at);
create index audit_log_action_idx on audit_log (action, at);
