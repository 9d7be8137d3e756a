CREATE TABLE "cleanup_runs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"trigger" text NOT NULL,
	"counts" jsonb,
	"failures" jsonb,
	"instance" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "removed_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "cleanup_runs_started" ON "cleanup_runs" USING btree ("started_at");--> statement-breakpoint
CREATE INDEX "audit_expiring" ON "audit_events" USING btree ("expires_at") WHERE "audit_events"."expires_at" is not null and "audit_events"."redacted_at" is null;--> statement-breakpoint
-- Views for operators (docs/OPERATIONS.md). Expiry is derived exactly as the server derives it:
-- deletion time + the current retention, counted in UTC (server/services/lifecycle/expiry.ts).
CREATE VIEW "deleted_patients_view" AS
SELECT p.id, p.account_id, a.name AS account_name, p.unique_id, p.first_name, p.last_name,
  p.created_by AS physician_id, p.deleted_at, p.deleted_by,
  ((p.deleted_at AT TIME ZONE 'UTC') + make_interval(months => s.retention_months)) AT TIME ZONE 'UTC' AS expires_at
FROM patients p
JOIN accounts a ON a.id = p.account_id
JOIN settings s ON s.id = 1
WHERE p.deleted_at IS NOT NULL;--> statement-breakpoint
CREATE VIEW "expiring_records_view" AS
SELECT r.record_type, r.id, r.account_id, r.deleted_at, r.deleted_by,
  ((r.deleted_at AT TIME ZONE 'UTC') + make_interval(months => s.retention_months)) AT TIME ZONE 'UTC' AS expires_at
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
