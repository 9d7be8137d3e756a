CREATE TABLE "lesion_tags" (
	"lesion_id" uuid NOT NULL,
	"tag_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	CONSTRAINT "lesion_tags_lesion_id_tag_id_pk" PRIMARY KEY("lesion_id","tag_id")
);
--> statement-breakpoint
CREATE TABLE "lesions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"patient_id" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"label" text NOT NULL,
	"status" text NOT NULL,
	"diagnosis" text DEFAULT '' NOT NULL,
	"site_view" text NOT NULL,
	"site_x" double precision NOT NULL,
	"site_y" double precision NOT NULL,
	"site_region" text NOT NULL,
	"site_side" text NOT NULL,
	"site_code" text NOT NULL,
	"site_description" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	"last_modified_at" timestamp with time zone NOT NULL,
	"deleted_at" timestamp with time zone,
	"deleted_by" uuid,
	"deletion_kind" text,
	"deletion_root_id" uuid,
	CONSTRAINT "lesions_status" CHECK ("lesions"."status" in ('monitoring', 'biopsied', 'excised', 'resolved')),
	CONSTRAINT "lesions_site_view" CHECK ("lesions"."site_view" in ('front', 'back')),
	CONSTRAINT "lesions_site_point" CHECK ("lesions"."site_x" between 0 and 1 and "lesions"."site_y" between 0 and 1)
);
--> statement-breakpoint
ALTER TABLE "images" ADD COLUMN "modality" text DEFAULT 'clinical' NOT NULL;--> statement-breakpoint
ALTER TABLE "images" ADD COLUMN "lesion_id" uuid;--> statement-breakpoint
ALTER TABLE "lesion_tags" ADD CONSTRAINT "lesion_tags_lesion_id_lesions_id_fk" FOREIGN KEY ("lesion_id") REFERENCES "public"."lesions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lesion_tags" ADD CONSTRAINT "lesion_tags_tag_id_tags_id_fk" FOREIGN KEY ("tag_id") REFERENCES "public"."tags"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lesions" ADD CONSTRAINT "lesions_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lesions" ADD CONSTRAINT "lesions_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "lesion_tags_tag" ON "lesion_tags" USING btree ("tag_id");--> statement-breakpoint
CREATE INDEX "lesions_patient_active" ON "lesions" USING btree ("patient_id","created_at") WHERE "lesions"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "lesions_deleted" ON "lesions" USING btree ("account_id","deleted_at") WHERE "lesions"."deleted_at" is not null;--> statement-breakpoint
CREATE INDEX "lesions_patient" ON "lesions" USING btree ("patient_id");--> statement-breakpoint
CREATE INDEX "lesions_filter" ON "lesions" USING btree ("account_id","site_region","status","patient_id") WHERE "lesions"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "lesions_filter_status" ON "lesions" USING btree ("account_id","status","patient_id") WHERE "lesions"."deleted_at" is null;--> statement-breakpoint
ALTER TABLE "images" ADD CONSTRAINT "images_lesion_id_lesions_id_fk" FOREIGN KEY ("lesion_id") REFERENCES "public"."lesions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "images_lesion" ON "images" USING btree ("lesion_id") WHERE "images"."lesion_id" is not null;--> statement-breakpoint
ALTER TABLE "images" ADD CONSTRAINT "images_modality" CHECK ("images"."modality" in ('overview', 'clinical', 'dermoscopic'));