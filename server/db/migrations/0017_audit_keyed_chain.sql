ALTER TABLE "audit_events" ADD COLUMN "redaction_seal" text;--> statement-breakpoint
ALTER TABLE "settings" ADD COLUMN "audit_keyed_from" bigint;