-- Staff management (人员管理): who recorded each history row (历史信息) and why, and the setting
-- that sends level and team changes through an approval flow (off by default).
-- A history row may carry a future changed_on (recorded_on < changed_on: pending): the staff row
-- takes its value once that day comes (staff.manage.service.ts applyDueStaffChanges).

alter table staff_history add column recorded_by text;
alter table staff_history add column note text;
alter table staff_history add column recorded_on date; -- the business day it was recorded (null: before this migration, or the org import)

-- The latest change of each field of a staff member, as the service reads it on every change.
create index staff_history_field_idx on staff_history (staff_no, field, changed_on desc, id desc);

insert into settings (key, value) values ('staff.changesNeedApproval', 'false') on conflict (key) do nothing;

-- Who approves a level or team change (STAFF_LEVEL_CHANGE / STAFF_TEAM_CHANGE) while approval is on:
-- the branch manager of the staff member's branch, then head office (the engine's default, team lead
-- then branch manager, would let a team lead approve their own members' promotions). An administrator
-- changes it like any flow definition.
do $$
begin
  if to_regclass('workflow_definitions') is not null then
    insert into workflow_definitions (type, steps, updated_by) values
      ('STAFF_LEVEL_CHANGE', array['BRANCH_MANAGER', 'HQ'], 'migration 0010'),
      ('STAFF_TEAM_CHANGE', array['BRANCH_MANAGER', 'HQ'], 'migration 0010')
    on conflict (type) do nothing;
  end if;
end $$;
