-- The login throttle also counts failures per client address across usernames (password spraying;
-- auth.rules.ts LOGIN_THROTTLE): every attempt reads the address's failures of the last hour.
create index login_failures_ip_idx on login_failures (ip, failed_at);
