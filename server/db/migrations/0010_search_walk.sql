DROP INDEX "patients_by_modified";--> statement-breakpoint
CREATE INDEX "patients_by_modified" ON "patients" USING btree ("account_id","last_modified_at","id",(lower("last_name") collate "C"),(lower("first_name") collate "C"),"unique_id","first_name","last_name") WHERE "patients"."deleted_at" is null;--> statement-breakpoint
-- Written by hand: statistics on the unique ID as the search compares it (bytewise). The column's
-- own statistics are in the database's collation, which the planner cannot use for a range in
-- another one; it then guessed one match for any ID prefix and gathered 10,000 matches from the
-- table for "p01" rather than walk the last-modified index.
CREATE STATISTICS patients_unique_id_search ON (unique_id COLLATE "C") FROM patients;
