-- Written by hand (drizzle-kit generate --custom): entries that stop being active tell the open
-- editors, whichever code path or process deleted them. NOTIFY is sent when the transaction commits
-- and never for one that rolls back; every server instance listens on vellum_live
-- (server/live/fanout.ts). The payload names the account so only its editors hear of it.

-- 1. Soft deletion (on its own, in a patient's cascade, or marked as being removed under the
--    Permanent policy). A row trigger with a WHEN clause: edits of active entries (every live
--    patch) call no function at all.
CREATE FUNCTION entries_closed_by_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('vellum_live', json_build_object(
    'type', 'closed',
    'reason', CASE WHEN NEW.deletion_kind = 'removing' THEN 'removed' ELSE 'deleted' END,
    'accountId', NEW.account_id,
    'entryIds', json_build_array(NEW.id))::text);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER entries_closed_by_update AFTER UPDATE OF deleted_at ON entries
FOR EACH ROW WHEN (OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL)
EXECUTE FUNCTION entries_closed_by_update();
--> statement-breakpoint
-- 2. Removal of rows that were still active (expunge, account deletion). A statement trigger, as
--    removal goes a thousand rows a batch: one notification per hundred entries of an account
--    (NOTIFY payloads stay under 8000 bytes). Already deleted rows were announced when deleted.
CREATE FUNCTION entries_closed_by_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('vellum_live', json_build_object(
    'type', 'closed', 'reason', 'removed', 'accountId', account_id, 'entryIds', json_agg(id))::text)
  FROM (
    SELECT account_id, id, (row_number() OVER (PARTITION BY account_id ORDER BY id) - 1) / 100 AS chunk
    FROM old_rows WHERE deleted_at IS NULL
  ) gone
  GROUP BY account_id, chunk;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER entries_closed_by_delete AFTER DELETE ON entries
REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
EXECUTE FUNCTION entries_closed_by_delete();
