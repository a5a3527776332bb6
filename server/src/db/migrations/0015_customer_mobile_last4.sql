-- 手机尾号查询: brokers see a customer's mobile masked (138****5678), so the customer search takes
-- the last four digits as well (customers.sql.ts). An expression index on them keeps that search an
-- index read at 100,000+ customers rather than a scan of every mobile.
create index if not exists customers_mobile_last4_idx on customers (right(mobile, 4));
