-- An account whose deletion started before the column existed was marked only by its deployment-level
-- account.delete event: carry that over, so the column alone says it.
UPDATE accounts a SET deletion_started_at = e.at
FROM (
  SELECT target_id AS id, min(at) AS at FROM audit_events
  WHERE account_id IS NULL AND action = 'account.delete' AND target_type = 'account'
  GROUP BY target_id
) e
WHERE a.id = e.id AND a.deletion_started_at IS NULL;
