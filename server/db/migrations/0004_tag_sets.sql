CREATE TABLE "account_tag_sets" (
	"account_id" uuid NOT NULL,
	"tag_ids" uuid[] NOT NULL,
	"patients" integer NOT NULL,
	CONSTRAINT "account_tag_sets_account_id_tag_ids_pk" PRIMARY KEY("account_id","tag_ids")
);
--> statement-breakpoint
ALTER TABLE "patients" ADD COLUMN "effective_tag_set" uuid[] DEFAULT '{}'::uuid[] NOT NULL;--> statement-breakpoint
ALTER TABLE "account_tag_sets" ADD CONSTRAINT "account_tag_sets_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Written by hand below: account_tag_sets.patients = the number of active patients of the account
-- whose effective_tag_set is exactly tag_ids, changed in the same transaction as every insert,
-- soft deletion, restore, removal and tag change of patients (statement-level triggers, like the
-- counter of 0001). Rows are locked in key order so two statements cannot deadlock on them; an
-- update that changes neither the set nor deletion leaves every counter row alone.
CREATE FUNCTION patients_tag_sets_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO account_tag_sets AS s (account_id, tag_ids, patients)
  SELECT account_id, effective_tag_set, count(*) FROM new_rows WHERE deleted_at IS NULL
  GROUP BY account_id, effective_tag_set ORDER BY account_id, effective_tag_set
  ON CONFLICT (account_id, tag_ids) DO UPDATE SET patients = s.patients + excluded.patients;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION patients_tag_sets_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO account_tag_sets AS s (account_id, tag_ids, patients)
  SELECT account_id, effective_tag_set, -count(*) FROM old_rows WHERE deleted_at IS NULL
  GROUP BY account_id, effective_tag_set ORDER BY account_id, effective_tag_set
  ON CONFLICT (account_id, tag_ids) DO UPDATE SET patients = s.patients + excluded.patients;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION patients_tag_sets_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO account_tag_sets AS s (account_id, tag_ids, patients)
  SELECT account_id, tag_ids, sum(d) FROM (
    SELECT o.account_id, o.effective_tag_set AS tag_ids, -1 AS d
    FROM old_rows o JOIN new_rows n ON n.id = o.id
    WHERE o.deleted_at IS NULL AND (n.deleted_at IS NOT NULL OR n.effective_tag_set <> o.effective_tag_set
      OR n.account_id <> o.account_id)
    UNION ALL
    SELECT n.account_id, n.effective_tag_set, 1
    FROM old_rows o JOIN new_rows n ON n.id = o.id
    WHERE n.deleted_at IS NULL AND (o.deleted_at IS NOT NULL OR n.effective_tag_set <> o.effective_tag_set
      OR n.account_id <> o.account_id)
  ) x
  GROUP BY account_id, tag_ids HAVING sum(d) <> 0 ORDER BY account_id, tag_ids
  ON CONFLICT (account_id, tag_ids) DO UPDATE SET patients = s.patients + excluded.patients;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION patients_tag_sets_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM account_tag_sets;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER patients_tag_sets_inserted AFTER INSERT ON patients
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION patients_tag_sets_inserted();
--> statement-breakpoint
CREATE TRIGGER patients_tag_sets_deleted AFTER DELETE ON patients
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION patients_tag_sets_deleted();
--> statement-breakpoint
CREATE TRIGGER patients_tag_sets_updated AFTER UPDATE ON patients
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION patients_tag_sets_updated();
--> statement-breakpoint
CREATE TRIGGER patients_tag_sets_truncated AFTER TRUNCATE ON patients
  FOR EACH STATEMENT EXECUTE FUNCTION patients_tag_sets_truncated();
--> statement-breakpoint
-- Existing data: every active patient starts in the empty set; setting each one's real set then
-- moves it through the update trigger above.
INSERT INTO account_tag_sets (account_id, tag_ids, patients)
SELECT account_id, '{}'::uuid[], count(*) FROM patients WHERE deleted_at IS NULL GROUP BY account_id;
--> statement-breakpoint
UPDATE patients p SET effective_tag_set = s.tag_ids
FROM (
  SELECT patient_id, array_agg(tag_id ORDER BY tag_id) AS tag_ids FROM patient_effective_tags GROUP BY patient_id
) s
WHERE s.patient_id = p.id AND p.deleted_at IS NULL;
