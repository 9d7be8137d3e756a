-- Written by hand (drizzle-kit generate --custom): what the patient list needs beyond tables and
-- indexes. Keep this file when 0000_init.sql is regenerated.

-- 1. account_patient_counts.active = the number of patients with deleted_at is null, per account,
--    changed in the same transaction as every insert, soft deletion, restore and removal of
--    patients (statement-level triggers, so bulk changes cost one statement, not one per row).
--    Edits that keep a patient active (or deleted) do not touch the counter row.
CREATE FUNCTION patients_count_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO account_patient_counts AS c (account_id, active)
  SELECT account_id, count(*) FROM new_rows WHERE deleted_at IS NULL GROUP BY account_id
  ON CONFLICT (account_id) DO UPDATE SET active = c.active + excluded.active;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION patients_count_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE account_patient_counts c SET active = c.active - d.n
  FROM (SELECT account_id, count(*) AS n FROM old_rows WHERE deleted_at IS NULL GROUP BY account_id) d
  WHERE c.account_id = d.account_id;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- 2. patient_effective_tags holds rows of active patients only (so a tag filter's total needs no
--    look at patients): a soft deletion removes the patient's rows here; a restore recomputes them
--    through services/effective-tags.ts like any other change of a patient's tags.
--    Statements on the big tables run through EXECUTE, planned afresh for each call: a plan cached
--    while the tables were small (or had no statistics, as on the embedded database, which has no
--    autovacuum) could otherwise scan a whole table per row later.
CREATE FUNCTION patients_updated() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  removed uuid[];
BEGIN
  INSERT INTO account_patient_counts AS c (account_id, active)
  SELECT account_id, sum(d) FROM (
    SELECT account_id, 1 AS d FROM new_rows WHERE deleted_at IS NULL
    UNION ALL
    SELECT account_id, -1 AS d FROM old_rows WHERE deleted_at IS NULL
  ) x
  GROUP BY account_id HAVING sum(d) <> 0
  ON CONFLICT (account_id) DO UPDATE SET active = c.active + excluded.active;
  SELECT array_agg(n.id) INTO removed
  FROM new_rows n JOIN old_rows o ON o.id = n.id
  WHERE (n.deleted_at IS NOT NULL AND o.deleted_at IS NULL) OR n.account_id <> o.account_id;
  IF removed IS NOT NULL THEN
    EXECUTE 'DELETE FROM patient_effective_tags WHERE patient_id = ANY ($1)' USING removed;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION patients_count_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM account_patient_counts;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER patients_count_inserted AFTER INSERT ON patients
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION patients_count_inserted();
--> statement-breakpoint
CREATE TRIGGER patients_count_deleted AFTER DELETE ON patients
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION patients_count_deleted();
--> statement-breakpoint
CREATE TRIGGER patients_updated AFTER UPDATE ON patients
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION patients_updated();
--> statement-breakpoint
CREATE TRIGGER patients_count_truncated AFTER TRUNCATE ON patients
  FOR EACH STATEMENT EXECUTE FUNCTION patients_count_truncated();
--> statement-breakpoint
-- Refuses effective tags of a deleted patient or of a patient of another account. Each patient row
-- is read by its key alone and locked FOR SHARE: a concurrent soft deletion then waits for this
-- transaction (and removes the rows), or this check waits for it and sees the deletion, so the rule
-- holds under concurrency too.
CREATE FUNCTION patient_effective_tags_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  bad bigint;
BEGIN
  EXECUTE $q$
    SELECT count(*) FROM new_rows n
    LEFT JOIN LATERAL (
      SELECT p.account_id, p.deleted_at FROM patients p WHERE p.id = n.patient_id FOR SHARE
    ) p ON true
    WHERE p.account_id IS DISTINCT FROM n.account_id OR p.deleted_at IS NOT NULL
  $q$ INTO bad;
  IF bad > 0 THEN
    RAISE EXCEPTION 'effective tags are kept for active patients of the same account only'
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER patient_effective_tags_inserted AFTER INSERT ON patient_effective_tags
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION patient_effective_tags_check();
--> statement-breakpoint
CREATE TRIGGER patient_effective_tags_updated AFTER UPDATE ON patient_effective_tags
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION patient_effective_tags_check();
--> statement-breakpoint
-- 3. Statistics on the search expressions: statistics of the partial search indexes are not used
--    by the planner, and without them it guesses 0.5% for every name prefix and may then read a
--    whole sort index looking for a handful of matches.
CREATE STATISTICS patients_first_name_search ON (lower(first_name) COLLATE "C") FROM patients;
--> statement-breakpoint
CREATE STATISTICS patients_last_name_search ON (lower(last_name) COLLATE "C") FROM patients;
--> statement-breakpoint
-- 4. Existing data: count the active patients, drop effective tags that break the rule above.
INSERT INTO account_patient_counts (account_id, active)
SELECT account_id, count(*) FROM patients WHERE deleted_at IS NULL GROUP BY account_id;
--> statement-breakpoint
DELETE FROM patient_effective_tags et
WHERE NOT EXISTS (
  SELECT 1 FROM patients p
  WHERE p.id = et.patient_id AND p.account_id = et.account_id AND p.deleted_at IS NULL
);
