-- Part F (issue 15 item 3): app servers keep no state of their own. The embedded SMS gateway's
-- SignatureNonce replay guard moves from a process's memory into the database, so that a nonce
-- used on one server process behind a load balancer is refused on every other one too.
create table sms_gateway_nonces (
  nonce       text primary key,
  forget_at   timestamptz not null
);
create index sms_gateway_nonces_forget_idx on sms_gateway_nonces (forget_at);
