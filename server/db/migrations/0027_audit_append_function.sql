-- Appends one event to the keyed audit chain in one round trip: the chain's transaction-level lock,
-- then the insert after the last event. A plpgsql statement takes its snapshot when it runs, after
-- the lock is granted, so it sees the event the previous holder committed (seq stays gapless).
-- The link is the HMAC-SHA-256 of "<prev_hash>:<content_hash>" under the audit key, from the key's
-- pads, as services/evidence/mac-sql.ts writes it.
CREATE FUNCTION vellum_audit_append(
  chain_lock bigint,
  p_id uuid,
  p_at timestamptz,
  p_account_id uuid,
  p_actor_id uuid,
  p_actor_email text,
  p_ip text,
  p_action text,
  p_level text,
  p_target_type text,
  p_target_id uuid,
  p_patient_id uuid,
  p_details jsonb,
  p_content_hash text,
  p_genesis_hash text,
  p_inner_pad text,
  p_outer_pad text
) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(chain_lock);
  INSERT INTO audit_events (seq, id, at, account_id, actor_id, actor_email, ip, action, level, target_type,
    target_id, patient_id, details, content_hash, prev_hash, hash)
  SELECT last.seq + 1, p_id, p_at, p_account_id, p_actor_id, p_actor_email, p_ip, p_action, p_level,
    p_target_type, p_target_id, p_patient_id, p_details, p_content_hash, last.hash,
    encode(sha256(decode(p_outer_pad, 'hex') || sha256(decode(p_inner_pad, 'hex')
      || convert_to(last.hash || ':' || p_content_hash, 'UTF8'))), 'hex')
  FROM (SELECT coalesce(max(e.seq), 0) AS seq,
      coalesce((SELECT h.hash FROM audit_events h ORDER BY h.seq DESC LIMIT 1), p_genesis_hash) AS hash
    FROM audit_events e) last;
END
$$;
