-- Legal hold (PRODUCT.md §6): a record whose patient is held has no expiry while the hold lasts. The
-- three-argument vellum_expiry is the one SQL definition with holds (services/lifecycle/expiry.ts
-- passes whether the record's patient is held); domain/lifecycle.ts expiryOf is its TypeScript twin.
CREATE OR REPLACE FUNCTION vellum_expiry(timestamptz, integer, boolean) RETURNS timestamptz
LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT CASE WHEN $3 THEN NULL ELSE vellum_expiry($1, $2) END $$;
--> statement-breakpoint
CREATE OR REPLACE VIEW "deleted_patients_view" AS
SELECT p.id, p.account_id, a.name AS account_name, p.unique_id, p.first_name, p.last_name,
  p.created_by AS physician_id, p.deleted_at, p.deleted_by,
  vellum_expiry(p.deleted_at, s.retention_months, p.hold_placed_at IS NOT NULL) AS expires_at,
  p.hold_placed_at IS NOT NULL AS held, p.hold_reason
FROM patients p
JOIN accounts a ON a.id = p.account_id
JOIN settings s ON s.id = 1
WHERE p.deleted_at IS NOT NULL;
--> statement-breakpoint
CREATE OR REPLACE VIEW "expiring_records_view" AS
SELECT r.record_type, r.id, r.account_id, r.deleted_at, r.deleted_by,
  vellum_expiry(r.deleted_at, s.retention_months, r.held) AS expires_at, r.held
FROM (
  SELECT 'patient' AS record_type, id, account_id, deleted_at, deleted_by, hold_placed_at IS NOT NULL AS held
    FROM patients WHERE deleted_at IS NOT NULL
  UNION ALL
  SELECT 'entry', e.id, e.account_id, e.deleted_at, e.deleted_by, p.hold_placed_at IS NOT NULL
    FROM entries e JOIN patients p ON p.id = e.patient_id WHERE e.deleted_at IS NOT NULL
  UNION ALL
  SELECT 'image', i.id, i.account_id, i.deleted_at, i.deleted_by, p.hold_placed_at IS NOT NULL
    FROM images i JOIN patients p ON p.id = i.patient_id WHERE i.deleted_at IS NOT NULL
  UNION ALL
  SELECT 'user', id, account_id, deleted_at, deleted_by, false
    FROM users WHERE deleted_at IS NOT NULL AND removed_at IS NULL
) r
JOIN settings s ON s.id = 1;
