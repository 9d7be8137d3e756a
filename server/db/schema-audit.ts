import { sql } from 'drizzle-orm';
import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

// The audit trail: one keyed chain for the deployment (services/evidence/, SECURITY-MODEL.md).
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * Append-only, hash-chained audit trail. hash = sha256(prevHash + contentHash); contentHash covers
 * the event's content. Removing an event's content (retention, expunge) keeps both hashes, so the
 * chain still verifies and no patient data remains.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    id: uuid('id').notNull().unique(),
    at: ts('at').notNull(),
    accountId: uuid('account_id'),
    actorId: uuid('actor_id'),
    actorEmail: text('actor_email'),
    ip: text('ip'),
    action: text('action').notNull(),
    level: text('level').notNull(),
    targetType: text('target_type'),
    targetId: uuid('target_id'),
    patientId: uuid('patient_id'),
    details: jsonb('details'),
    contentHash: text('content_hash').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
    redactedAt: ts('redacted_at'),
    /** HMAC of "redacted:<hash>" under the audit key, written by the server's own redactions only. */
    redactionSeal: text('redaction_seal'),
    /**
     * The deletion time this event's expiry counts from: the earliest deletion among its patient and
     * its target while one is deleted, else null (never expires). The expiry itself is derived
     * (base + retention), so a retention change rewrites no event.
     */
    expiryBase: ts('expiry_base'),
  },
  (t) => [
    index('audit_account_at').on(t.accountId, t.at),
    index('audit_patient').on(t.patientId, t.seq),
    index('audit_actor').on(t.actorId, t.seq),
    // Redacting the activity of a removed or deleted record finds its events by target.
    index('audit_target').on(t.targetId),
    // The cleanup finds expired activity by an index range on the base, as records by deleted_at.
    index('audit_expiry_base').on(t.expiryBase).where(sql`${t.redactedAt} is null`),
  ],
);
