CREATE TABLE "entry_fhir_extras" (
	"entry_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"resource" jsonb NOT NULL,
	CONSTRAINT "entry_fhir_extras_entry_id_version_pk" PRIMARY KEY("entry_id","version")
);
--> statement-breakpoint
CREATE TABLE "patient_fhir_extras" (
	"patient_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"resource" jsonb NOT NULL,
	CONSTRAINT "patient_fhir_extras_patient_id_version_pk" PRIMARY KEY("patient_id","version")
);
--> statement-breakpoint
ALTER TABLE "entry_fhir_extras" ADD CONSTRAINT "entry_fhir_extras_entry_id_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "patient_fhir_extras" ADD CONSTRAINT "patient_fhir_extras_patient_id_patients_id_fk" FOREIGN KEY ("patient_id") REFERENCES "public"."patients"("id") ON DELETE cascade ON UPDATE no action;