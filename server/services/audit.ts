import { randomUUID } from 'node:crypto';
import { desc, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { auditEvents, settings } from '../db/schema.ts';
import { contentHash, GENESIS_HASH, linkHash } from '../domain/audit-chain.ts';
import type { Actor, Ctx } from './context.ts';

/** Events logged only at the Comprehensive level (every view of a patient record). */
const COMPREHENSIVE_ONLY = new Set(['patient.view', 'patient.history.view', 'patient.list']);

// One chain for the whole deployment: appends are serialized by this transaction-level lock.
const AUDIT_CHAIN_LOCK = 7_411_002;

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
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`);
  const [last] = await tx
    .select({ hash: auditEvents.hash })
    .from(auditEvents)
    .orderBy(desc(auditEvents.seq))
    .limit(1);
  const prevHash = last?.hash ?? GENESIS_HASH;
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
  const content = contentHash(eventContent(event));
  await tx.insert(auditEvents).values({
    ...event,
    contentHash: content,
    prevHash,
    hash: linkHash(prevHash, content),
  });
}

/** For events outside any other write (sign-in, failed sign-in): their own transaction. */
export async function recordAuditAlone(ctx: Ctx, actor: Actor | AuditActor, input: AuditInput) {
  await ctx.db.transaction((tx) => recordAudit(tx, ctx, actor, input));
}
