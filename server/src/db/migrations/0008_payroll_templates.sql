-- Commission templates (提成模板) become editable through the API (PUT /api/payroll/templates/{code}):
-- who changed a template last and when. The full before/after of every change is in audit_log.
alter table payroll_templates
  add column updated_at timestamptz,
  add column updated_by text;
