CREATE TABLE "destruction_record_items" (
	"record_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"item_id" uuid NOT NULL,
	"unique_id_hash" text,
	"files" jsonb NOT NULL,
	"pacs" jsonb,
	CONSTRAINT "destruction_record_items_record_id_kind_item_id_pk" PRIMARY KEY("record_id","kind","item_id")
);
--> statement-breakpoint
CREATE TABLE "destruction_records" (
	"id" uuid PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"trigger" text NOT NULL,
	"triggered_by" text NOT NULL,
	"triggered_by_id" uuid,
	"rule" text NOT NULL,
	"account_id" uuid,
	"cleanup_run_id" uuid
);
--> statement-breakpoint
ALTER TABLE "images" ADD COLUMN "preview_sha256" text;--> statement-breakpoint
ALTER TABLE "images" ADD COLUMN "thumbnail_sha256" text;--> statement-breakpoint
ALTER TABLE "destruction_record_items" ADD CONSTRAINT "destruction_record_items_record_id_destruction_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."destruction_records"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "destruction_items_item" ON "destruction_record_items" USING btree ("item_id");--> statement-breakpoint
CREATE INDEX "destruction_records_created" ON "destruction_records" USING btree ("created_at");