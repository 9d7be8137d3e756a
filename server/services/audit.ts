import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client.ts';
import { settings } from '../db/schema.ts';
import { textStatement } from '../db/text-statement.ts';
import { contentHash, GENESIS_HASH } from '../domain/audit-chain.ts';
import type { Actor, Ctx } from './context.ts';
import { auditKey } from './evidence/deployment-keys.ts';
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
  // The lock is taken by the append itself (migration 0026): held for one statement and the commit.
  await appendEvent(tx, [
    AUDIT_CHAIN_LOCK,
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

/**
 * Takes the chain's lock and appends after its last event in one round trip (the function of
 * migration 0027_audit_append_function.sql): the seq follows the last one, so committed events have
 * no gaps; the link is the HMAC-SHA-256 of linkText() of domain/audit-chain.ts under the audit key.
 */
const appendEvent = textStatement(
  'select vellum_audit_append($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)',
);

/** For events outside any other write (sign-in, failed sign-in): their own transaction. */
export async function recordAuditAlone(ctx: Ctx, actor: Actor | AuditActor, input: AuditInput) {
  // A view at the Essential level (the cached settings say so) opens no transaction at all; at
  // the Comprehensive level recordAudit reads the row again inside it.
  if (COMPREHENSIVE_ONLY.has(input.action) && (await currentSettings(ctx)).auditLevel !== 'comprehensive')
    return;
  await ctx.db.transaction((tx) => recordAudit(tx, ctx, actor, input));
}
