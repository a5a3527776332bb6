-- Customer groups (客户群) answered from their materialised members (issue 12's "the group page's
-- first page within 300 ms p95 at branch scope"; decisions.md "Groups: members read from the
-- materialised set …").
--
-- customer_group_members now carries each member's branch (customer_labels.branch_code, what the
-- branch scope reads). No index on it: a branch's first page walks the primary key in customer order
-- (a few dozen rows), and a second index cost ~45 % more time to write a group of 100,000 members.
alter table customer_group_members add column branch_code text;
update customer_group_members m
   set branch_code = coalesce((select l.branch_code from customer_labels l where l.customer_no = m.customer_no),
                              (select c.branch_code from customers c where c.customer_no = m.customer_no));
-- a member that is no customer any more is in nobody's scope
delete from customer_group_members where branch_code is null;
alter table customer_group_members alter column branch_code set not null;

-- complete: the members are EVERY customer matching the filter (a shared group, or an owner whose
-- scope is all customers), not only those in the owner's scope. Existing groups are not, until their
-- next refresh.
alter table customer_groups add column members_complete boolean not null default false;

-- The materialised members per branch, for each branch whose matching customers are ALL among the
-- materialised members (every branch for a complete group; the owner's branch for a branch
-- manager's own group; none for a narrower scope): a branch without a row here is not covered, and
-- its readers are answered from customer_labels. Replaced with the members at every refresh.
create table customer_group_branch_counts (
  group_id    bigint not null references customer_groups on delete cascade,
  branch_code text not null,
  members     integer not null,
  primary key (group_id, branch_code)
);
