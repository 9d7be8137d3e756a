ALTER TABLE "patients" ADD COLUMN "deletion_reason" text;--> statement-breakpoint
ALTER TABLE "patients" ADD COLUMN "deletion_note" text;--> statement-breakpoint
ALTER TABLE "patients" ADD COLUMN "hold_reason" text;--> statement-breakpoint
ALTER TABLE "patients" ADD COLUMN "hold_placed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "patients" ADD COLUMN "hold_placed_by" uuid;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "deletion_reason" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "deletion_note" text;--> statement-breakpoint
ALTER TABLE "entries" ADD COLUMN "deletion_reason" text;--> statement-breakpoint
ALTER TABLE "entries" ADD COLUMN "deletion_note" text;--> statement-breakpoint
ALTER TABLE "images" ADD COLUMN "deletion_reason" text;--> statement-breakpoint
ALTER TABLE "images" ADD COLUMN "deletion_note" text;--> statement-breakpoint
ALTER TABLE "lesions" ADD COLUMN "deletion_reason" text;--> statement-breakpoint
ALTER TABLE "lesions" ADD COLUMN "deletion_note" text;