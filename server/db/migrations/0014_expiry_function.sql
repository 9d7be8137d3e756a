-- The one SQL definition of a deleted record's expiry: its deletion time + the retention period in
-- calendar months, counted in UTC whatever the session's time zone, clamped to the end of a shorter
-- month exactly as domain/lifecycle.ts expiryOf. Queries (services/lifecycle/expiry.ts) and the
-- operators' views call it; being a plain SQL function, the planner inlines it.
CREATE OR REPLACE FUNCTION vellum_expiry(timestamptz, integer) RETURNS timestamptz
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT (($1 AT TIME ZONE 'UTC') + make_interval(months => $2)) AT TIME ZONE 'UTC' $$;
--> statement-breakpoint
CREATE OR REPLACE VIEW "deleted_patients_view" AS
SELECT p.id, p.account_id, a.name AS account_name, p.unique_id, p.first_name, p.last_name,
  p.created_by AS physician_id, p.deleted_at, p.deleted_by,
  vellum_expiry(p.deleted_at, s.retention_months) AS expires_at
FROM patients p
JOIN accounts a ON a.id = p.account_id
JOIN settings s ON s.id = 1
WHERE p.deleted_at IS NOT NULL;
--> statement-breakpoint
CREATE OR REPLACE VIEW "expiring_records_view" AS
SELECT r.record_type, r.id, r.account_id, r.deleted_at, r.deleted_by,
  vellum_expiry(r.deleted_at, s.retention_months) AS expires_at
FROM (
  SELECT 'patient' AS record_type, id, account_id, deleted_at, deleted_by FROM patients WHERE deleted_at IS NOT NULL
  UNION ALL
  SELECT 'entry', id, account_id, deleted_at, deleted_by FROM entries WHERE deleted_at IS NOT NULL
  UNION ALL
  SELECT 'image', id, account_id, deleted_at, deleted_by FROM images WHERE deleted_at IS NOT NULL
  UNION ALL
  SELECT 'user', id, account_id, deleted_at, deleted_by FROM users WHERE deleted_at IS NOT NULL AND removed_at IS NULL
) r
JOIN settings s ON s.id = 1;
--> statement-breakpoint
-- A redacted event has nothing left to expire: it keeps no expiry (it sorted first by expiry before).
UPDATE audit_events SET expiry_base = NULL WHERE redacted_at IS NOT NULL AND expiry_base IS NOT NULL;
