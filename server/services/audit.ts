import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client.ts';
import { namedStatement } from '../db/named-statement.ts';
import { settings } from '../db/schema.ts';
import { contentHash, GENESIS_HASH } from '../domain/audit-chain.ts';
import type { Actor, Ctx } from './context.ts';
import { auditKey } from './evidence/deployment-keys.ts';
import { macSql } from './evidence/mac-sql.ts';
import { currentSettings } from './settings.ts';

/** Events logged only at the Comprehensive level (every view of a patient record). */
const COMPREHENSIVE_ONLY = new Set(['patient.view', 'patient.history.view', 'patient.list']);

// One chain for the whole deployment: appends are serialized by this transaction-level lock.
export const AUDIT_CHAIN_LOCK = 7_411_002;

export interface AuditInput {
  action: string;
  accountId?: string | null;
  targetType?: string;
  targetId?: string;
  patientId?: string;
  details?: Record<string, unknown>;
}

export interface AuditActor {
  userId: string | null;
  email: string | null;
  accountId: string | null;
  ip?: string | null;
}

export function actorOf(actor: Actor): AuditActor {
  return {
    userId: actor.via === 'cli' || actor.via === 'system' ? null : actor.userId,
    email: actor.email,
    accountId: actor.accountId,
    ip: actor.ip ?? null,
  };
}

/** The content that the event's hash covers: everything but the chain columns. */
export function eventContent(e: {
  id: string;
  at: Date;
  accountId: string | null;
  actorId: string | null;
  actorEmail: string | null;
  ip: string | null;
  action: string;
  level: string;
  targetType: string | null;
  targetId: string | null;
  patientId: string | null;
  details: unknown;
}) {
  return {
    id: e.id,
    at: e.at.toISOString(),
    accountId: e.accountId,
    actorId: e.actorId,
    actorEmail: e.actorEmail,
    ip: e.ip,
    action: e.action,
    level: e.level,
    targetType: e.targetType,
    targetId: e.targetId,
    patientId: e.patientId,
    details: e.details ?? null,
  };
}

/**
 * Appends one event to the chain inside the caller's transaction, so the event exists exactly when
 * the change it describes does. Comprehensive-only events are skipped at the Essential level.
 */
export async function recordAudit(
  tx: Db,
  ctx: Pick<Ctx, 'clock'>,
  actor: Actor | AuditActor,
  input: AuditInput,
): Promise<void> {
  const who: AuditActor = 'role' in actor ? actorOf(actor) : actor;
  const level = COMPREHENSIVE_ONLY.has(input.action) ? 'comprehensive' : 'essential';
  if (level === 'comprehensive') {
    const [row] = await tx.select({ auditLevel: settings.auditLevel }).from(settings);
    if (row?.auditLevel !== 'comprehensive') return;
  }
  // Two statements, not one: the chain's last hash must be read after the lock is held, and a
  // statement's snapshot is taken before it runs. Named statements: every change appends an event.
  await lockChain(tx, [AUDIT_CHAIN_LOCK]);
  const key = auditKey();
  const event = {
    id: randomUUID(),
    at: ctx.clock.now(),
    accountId: input.accountId !== undefined ? input.accountId : who.accountId,
    actorId: who.userId,
    actorEmail: who.email,
    ip: who.ip ?? null,
    action: input.action,
    level,
    targetType: input.targetType ?? null,
    targetId: input.targetId ?? null,
    patientId: input.patientId ?? null,
    details: input.details ?? null,
  };
  await appendEvent(tx, [
    event.id,
    event.at.toISOString(),
    event.accountId,
    event.actorId,
    event.actorEmail,
    event.ip,
    event.action,
    event.level,
    event.targetType,
    event.targetId,
    event.patientId,
    event.details === null ? null : JSON.stringify(event.details),
    contentHash(eventContent(event)),
    GENESIS_HASH,
    key.innerPad,
    key.outerPad,
  ]);
}

const lockChain = namedStatement('audit_chain_lock', 'select pg_advisory_xact_lock($1)');
/**
 * Appends after the chain's last event, in one round trip. The seq follows the last one (appends
 * are serialized by the lock, so committed events have no gaps); the link is the HMAC-SHA-256 of
 * linkText() of domain/audit-chain.ts under the audit key, computed from the key's pads ($15, $16).
 */
const appendEvent = namedStatement(
  'audit_event_append_keyed',
  `insert into audit_events (seq, id, at, account_id, actor_id, actor_email, ip, action, level, target_type,
    target_id, patient_id, details, content_hash, prev_hash, hash)
  select last.seq + 1, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::text, last.hash,
    ${macSql('last.hash', "':' || $13::text", '$15', '$16')}
  from (select coalesce(max(seq), 0) as seq,
    coalesce((select hash from audit_events order by seq desc limit 1), $14::text) as hash from audit_events) last`,
);

/** For events outside any other write (sign-in, failed sign-in): their own transaction. */
export async function recordAuditAlone(ctx: Ctx, actor: Actor | AuditActor, input: AuditInput) {
  // A view at the Essential level (the cached settings say so) opens no transaction at all; at
  // the Comprehensive level recordAudit reads the row again inside it.
  if (COMPREHENSIVE_ONLY.has(input.action) && (await currentSettings(ctx)).auditLevel !== 'comprehensive')
    return;
  await ctx.db.transaction((tx) => recordAudit(tx, ctx, actor, input));
}
