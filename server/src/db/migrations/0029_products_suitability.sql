-- Products and suitability (金融产品, 适当性管理; business-rules.md §8, suitability.md, issue 13
-- items 1 and 2).
--
-- * customers.lowest_risk_category: customers.csv's optional column `lowest_risk_category` (`Y`: a C1
--   investor of the lowest category, 风险承受能力最低类别; empty or absent: no). Such an investor may
--   buy nothing above R1, whatever they ask (NEVER).
-- * products: the CRM's own marketing data beside the extract's columns (the extract's upsert never
--   touches them): a description, the sales window (募集期, both days inclusive), the target
--   description (目标客群) and who last changed them; sales_commission_rate (0001) is edited with them.
-- * suitability_confirmations: a customer-initiated purchase outside the match (MISMATCH) recorded
--   with the special warning shown and the customer's confirmation: who recorded it, when, which
--   product, the warning text, and the check's outcome at that moment. Keyed by customer_no like
--   every customer table (scale.md).
-- * settings `suitability`: how long a risk assessment stays valid (years; after that the customer
--   counts as not assessed), how many days ahead an expiring assessment is listed, and the matching
--   matrix (the product risk levels each category may be recommended and sold), suitability.md.

alter table customers add column lowest_risk_category boolean not null default false;

alter table products
  add column description        text check (char_length(description) <= 4000),
  add column sales_start         date,
  add column sales_end           date,
  add column target_description  text check (char_length(target_description) <= 2000),
  add column marketing_updated_at timestamptz,
  add column marketing_updated_by text,
  add constraint products_sales_window check (sales_start is null or sales_end is null or sales_end >= sales_start);

create table suitability_confirmations (
  customer_no    text not null references customers,
  id             bigserial not null,
  product_code   text not null references products,
  -- the check at the moment of confirming (always MISMATCH: MATCH needs none, NEVER is refused)
  customer_risk  text, -- the recorded category (C1…C5), null when never assessed
  assessed_on    date,
  investor_class text not null,
  product_risk   text not null,
  warning_text   text not null check (char_length(warning_text) between 1 and 4000),
  confirmed_at   timestamptz not null,
  -- the staff member linked to the login that recorded it (null for a login without one)
  staff_no       text references staff,
  created_by     bigint not null references users,
  primary key (customer_no, id)
);
create index suitability_confirmations_at_idx on suitability_confirmations (confirmed_at desc, id desc);
create index suitability_confirmations_product_idx on suitability_confirmations (product_code, confirmed_at desc);

-- the ordinary investors' assessments by date (the expiring list)
create index customers_risk_assessed_idx on customers (risk_assessed_on) where investor_class = 'ORDINARY';

insert into settings (key, value) values ('suitability', '{
  "validityYears": 2,
  "expiringWithinDays": 30,
  "matrix": {
    "C1": ["R1"],
    "C2": ["R1", "R2"],
    "C3": ["R1", "R2", "R3"],
    "C4": ["R1", "R2", "R3", "R4"],
    "C5": ["R1", "R2", "R3", "R4", "R5"]
  }
}') on conflict (key) do nothing;
