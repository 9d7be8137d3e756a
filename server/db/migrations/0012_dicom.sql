CREATE TABLE "dicom_deployment" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"namespace" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dicom_endpoints" (
	"id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"name" text NOT NULL,
	"base_url" text NOT NULL,
	"auth_kind" text DEFAULT 'none' NOT NULL,
	"username" text,
	"secret" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dicom_sends" (
	"id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"image_id" uuid NOT NULL,
	"entry_id" uuid,
	"endpoint_id" uuid NOT NULL,
	"endpoint_name" text NOT NULL,
	"base_url" text NOT NULL,
	"study_instance_uid" text NOT NULL,
	"sop_instance_uid" text NOT NULL,
	"first_sent_at" timestamp with time zone NOT NULL,
	"last_sent_at" timestamp with time zone NOT NULL,
	"sent_by" uuid
);
--> statement-breakpoint
ALTER TABLE "dicom_endpoints" ADD CONSTRAINT "dicom_endpoints_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "dicom_endpoints_name" ON "dicom_endpoints" USING btree ("account_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "dicom_sends_instance" ON "dicom_sends" USING btree ("endpoint_id","sop_instance_uid");--> statement-breakpoint
CREATE INDEX "dicom_sends_image" ON "dicom_sends" USING btree ("image_id");--> statement-breakpoint
CREATE INDEX "dicom_sends_patient" ON "dicom_sends" USING btree ("patient_id");