CREATE TABLE "account_patient_counts" (
	"account_id" uuid PRIMARY KEY NOT NULL,
	"active" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "accounts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "accounts_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"account_id" uuid,
	"actor_id" uuid,
	"actor_email" text,
	"ip" text,
	"action" text NOT NULL,
	"level" text NOT NULL,
	"target_type" text,
	"target_id" uuid,
	"patient_id" uuid,
	"details" jsonb,
	"content_hash" text NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL,
	"redacted_at" timestamp with time zone,
	"expires_at" timestamp with time zone,
	CONSTRAINT "audit_events_id_unique" UNIQUE("id")
);
--> statement-breakpoint
CREATE TABLE "patient_effective_tags" (
	"patient_id" uuid NOT NULL,
	"tag_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	CONSTRAINT "patient_effective_tags_patient_id_tag_id_pk" PRIMARY KEY("patient_id","tag_id")
);
--> statement-breakpoint
CREATE TABLE "patient_tags" (
	"patient_id" uuid NOT NULL,
	"tag_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	CONSTRAINT "patient_tags_patient_id_tag_id_pk" PRIMARY KEY("patient_id","tag_id")
);
--> statement-breakpoint
CREATE TABLE "patients" (
	"id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"unique_id" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"first_name" text,
	"last_name" text,
	"date_of_birth" date,
	"sex" text,
	"email" text,
	"phone" text,
	"address" text,
	"note" text,
	"image_count" integer DEFAULT 0 NOT NULL,
	"entry_count" integer DEFAULT 0 NOT NULL,
	"last_appointment_at" timestamp with time zone,
	"last_modified_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	"name_key" text GENERATED ALWAYS AS (nullif(lower(coalesce(last_name, '') || ' ' || coalesce(first_name, '')), ' ')) STORED,
	"deleted_at" timestamp with time zone,
	"deleted_by" uuid,
	"deletion_kind" text,
	"deletion_root_id" uuid
);
--> statement-breakpoint
CREATE TABLE "record_versions" (
	"record_type" text NOT NULL,
	"record_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"account_id" uuid NOT NULL,
	"patient_id" uuid,
	"operation" text NOT NULL,
	"data" jsonb NOT NULL,
	"changed_at" timestamp with time zone NOT NULL,
	"changed_by" uuid,
	CONSTRAINT "record_versions_record_type_record_id_version_pk" PRIMARY KEY("record_type","record_id","version")
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"csrf_token" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"ip" text,
	"user_agent" text
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"deletion_policy" text DEFAULT 'standard' NOT NULL,
	"retention_months" integer DEFAULT 120 NOT NULL,
	"consent_level" text DEFAULT 'disabled' NOT NULL,
	"audit_level" text DEFAULT 'essential' NOT NULL,
	"updated_at" timestamp with time zone,
	CONSTRAINT "settings_single_row" CHECK ("settings"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "tag_categories" (
	"id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"name" text NOT NULL,
	"color" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tags" (
	"id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"category_id" uuid NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY NOT NULL,
	"account_id" uuid,
	"email" text NOT NULL,
	"display_name" text,
	"password_hash" text NOT NULL,
	"role" text NOT NULL,
	"totp_secret" text,
	"created_at" timestamp with time zone NOT NULL,
	"deleted_at" timestamp with time zone,
	"deleted_by" uuid
);
--> statement-breakpoint
ALTER TABLE "account_patient_counts" ADD CONSTRAINT "account_patient_counts_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient_effective_tags" ADD CONSTRAINT "patient_effective_tags_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient_effective_tags" ADD CONSTRAINT "patient_effective_tags_tag_id_tags_id_fk" FOREIGN KEY ("tag_id") REFERENCES "public"."tags"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient_tags" ADD CONSTRAINT "patient_tags_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient_tags" ADD CONSTRAINT "patient_tags_tag_id_tags_id_fk" FOREIGN KEY ("tag_id") REFERENCES "public"."tags"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patients" ADD CONSTRAINT "patients_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tag_categories" ADD CONSTRAINT "tag_categories_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tags" ADD CONSTRAINT "tags_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tags" ADD CONSTRAINT "tags_category_id_tag_categories_id_fk" FOREIGN KEY ("category_id") REFERENCES "public"."tag_categories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "api_tokens_user" ON "api_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "audit_account_at" ON "audit_events" USING btree ("account_id","at");--> statement-breakpoint
CREATE INDEX "audit_patient" ON "audit_events" USING btree ("patient_id","seq");--> statement-breakpoint
CREATE INDEX "audit_actor" ON "audit_events" USING btree ("actor_id","seq");--> statement-breakpoint
CREATE INDEX "patient_effective_tags_tag" ON "patient_effective_tags" USING btree ("account_id","tag_id","patient_id");--> statement-breakpoint
CREATE INDEX "patient_tags_tag" ON "patient_tags" USING btree ("tag_id");--> statement-breakpoint
CREATE UNIQUE INDEX "patients_unique_id_active" ON "patients" USING btree ("account_id","unique_id") WHERE "patients"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "patients_by_modified" ON "patients" USING btree ("account_id","last_modified_at","id") WHERE "patients"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "patients_by_unique_id" ON "patients" USING btree ("account_id","unique_id" collate "C","first_name","last_name","id","name_key","last_appointment_at","last_modified_at") WHERE "patients"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "patients_by_name_asc" ON "patients" USING btree ("account_id","name_key","id") WHERE "patients"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "patients_by_name_desc" ON "patients" USING btree ("account_id","name_key" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "patients"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "patients_by_appointment_asc" ON "patients" USING btree ("account_id","last_appointment_at","id") WHERE "patients"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "patients_by_appointment_desc" ON "patients" USING btree ("account_id","last_appointment_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "patients"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "patients_first_name_prefix" ON "patients" USING btree ("account_id",(lower("first_name") collate "C"),"first_name","last_name","unique_id","id","name_key","last_appointment_at","last_modified_at") WHERE "patients"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "patients_last_name_prefix" ON "patients" USING btree ("account_id",(lower("last_name") collate "C"),"last_name","first_name","unique_id","id","name_key","last_appointment_at","last_modified_at") WHERE "patients"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "patients_by_images" ON "patients" USING btree ("account_id","image_count") WHERE "patients"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "patients_by_entries" ON "patients" USING btree ("account_id","entry_count") WHERE "patients"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "patients_deleted" ON "patients" USING btree ("account_id","deleted_at") WHERE "patients"."deleted_at" is not null;--> statement-breakpoint
CREATE INDEX "sessions_user" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "tag_categories_name" ON "tag_categories" USING btree ("account_id",lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "tags_name" ON "tags" USING btree ("account_id","category_id",lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_active" ON "users" USING btree ("email") WHERE "users"."deleted_at" is null;--> statement-breakpoint
CREATE INDEX "users_account" ON "users" USING btree ("account_id");