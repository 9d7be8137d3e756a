DROP INDEX "audit_expiring";--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "expiry_base" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "audit_expiry_base" ON "audit_events" USING btree ("expiry_base") WHERE "audit_events"."redacted_at" is null;--> statement-breakpoint
ALTER TABLE "audit_events" DROP COLUMN "expires_at";--> statement-breakpoint
-- Written by hand below: every event of a record that is deleted now gets its base, the earliest
-- deletion among its patient and its target (least() skips nulls), exactly what the services keep
-- from now on (services/lifecycle/activity-expiry.ts). Redacted events need none.
UPDATE "audit_events" a SET "expiry_base" = p."deleted_at"
FROM "patients" p
WHERE a."patient_id" = p."id" AND p."deleted_at" IS NOT NULL AND a."redacted_at" IS NULL;
--> statement-breakpoint
UPDATE "audit_events" a SET "expiry_base" = least(a."expiry_base", r."deleted_at")
FROM (
  SELECT "id", "deleted_at" FROM "patients" WHERE "deleted_at" IS NOT NULL
  UNION ALL SELECT "id", "deleted_at" FROM "entries" WHERE "deleted_at" IS NOT NULL
  UNION ALL SELECT "id", "deleted_at" FROM "images" WHERE "deleted_at" IS NOT NULL
  UNION ALL SELECT "id", "deleted_at" FROM "users" WHERE "deleted_at" IS NOT NULL AND "removed_at" IS NULL
) r
WHERE a."target_id" = r."id" AND a."redacted_at" IS NULL;
