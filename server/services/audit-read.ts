import { and, asc, count, desc, eq, gte, lte, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { auditQuery } from '../../shared/schemas/admin.ts';
import { rangeEnd, rangeStart } from '../../shared/time-range.ts';
import { patients } from '../db/schema.ts';
import { auditEvents } from '../db/schema-audit.ts';
import { can } from '../domain/roles.ts';
import { forbidden, notFound } from '../errors.ts';
import { isUuid, requireCapability } from './access.ts';
import type { Actor, Ctx } from './context.ts';
import { checkEvidence } from './evidence/check-evidence.ts';
import type { Evidence } from './evidence/evidence.ts';
import { activityExpiry } from './lifecycle/activity-expiry.ts';
import { eventHeldSql, expirySql } from './lifecycle/expiry.ts';
import { currentSettings } from './settings.ts';

type AuditQuery = z.infer<typeof auditQuery>;

/**
 * Who reads what: a super administrator reads everything; an account admin its account; any
 * clinical user one patient's activity (of its account) and its own security history.
 */
export async function listAudit(ctx: Ctx, actor: Actor, query: AuditQuery) {
  const where: SQL[] = [];
  if (can(actor.role, 'audit.deployment')) {
    // Whole deployment.
  } else if (can(actor.role, 'audit.account') && actor.accountId) {
    where.push(eq(auditEvents.accountId, actor.accountId));
  } else if (query.patientId && actor.accountId && can(actor.role, 'patients.read')) {
    where.push(eq(auditEvents.accountId, actor.accountId));
  } else if (query.userId === actor.userId) {
    // One's own history.
  } else {
    throw forbidden('You may read the activity of a patient or your own security history.');
  }
  if (query.patientId) {
    if (!isUuid(query.patientId)) throw notFound('patient');
    if (actor.accountId) {
      const [p] = await ctx.db
        .select({ id: patients.id })
        .from(patients)
        .where(and(eq(patients.id, query.patientId), eq(patients.accountId, actor.accountId)));
      if (!p) throw notFound('patient');
    }
    where.push(eq(auditEvents.patientId, query.patientId));
  }
  if (query.userId) {
    if (!isUuid(query.userId)) throw notFound('user');
    where.push(eq(auditEvents.actorId, query.userId));
  }
  if (query.id) where.push(isUuid(query.id) ? eq(auditEvents.id, query.id) : sql`false`);
  if (query.action) where.push(eq(auditEvents.action, query.action));
  if (query.from) where.push(gte(auditEvents.at, rangeStart(query.from)));
  if (query.to) where.push(lte(auditEvents.at, rangeEnd(query.to)));
  const filter = and(...where);
  const { retentionMonths } = await currentSettings(ctx);
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select({ r: auditEvents, held: sql<boolean>`${eventHeldSql()}` })
      .from(auditEvents)
      .where(filter)
      .orderBy(...auditOrder(query, retentionMonths))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    ctx.db.select({ n: count() }).from(auditEvents).where(filter),
  ]);
  return {
    items: rows.map(({ r, held }) => ({
      id: r.id,
      seq: r.seq,
      at: r.at.toISOString(),
      accountId: r.accountId,
      actorId: r.actorId,
      actorEmail: r.actorEmail,
      ip: r.ip,
      action: r.action,
      level: r.level,
      targetType: r.targetType,
      targetId: r.targetId,
      patientId: r.patientId,
      details: r.details,
      expiresAt: activityExpiry(r.expiryBase, retentionMonths, held)?.toISOString() ?? null,
    })),
    total: total?.n ?? 0,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/**
 * By time (newest first by default) or by expiry (soonest first by default). Events without an
 * expiry never expire: they come after every event that does, in either order. Ties by sequence.
 */
function auditOrder(query: AuditQuery, retentionMonths: number): SQL[] {
  if (query.sort === 'expiresAt') {
    const dir = query.order === 'desc' ? sql`desc` : sql`asc`;
    return [
      sql`${expirySql(auditEvents.expiryBase, retentionMonths, eventHeldSql())} ${dir} nulls last`,
      query.order === 'desc' ? desc(auditEvents.seq) : asc(auditEvents.seq),
    ];
  }
  return query.order === 'asc'
    ? [asc(auditEvents.at), asc(auditEvents.seq)]
    : [desc(auditEvents.at), desc(auditEvents.seq)];
}

/** The chain check of the deployment: GET /api/audit/verify presents it in its first, short form. */
export async function verifyAudit(ctx: Ctx, actor: Actor, evidence: Evidence) {
  requireCapability(actor, 'audit.deployment');
  const report = await checkEvidence(ctx, evidence);
  if (report.intact) return { intact: true, events: report.events };
  return { intact: false, events: report.events, firstBrokenAt: report.firstProblem?.seq ?? undefined };
}

/** The whole answer: what was checked, the first problem, the last checkpoint that still holds. */
export async function verifyAuditEvidence(ctx: Ctx, actor: Actor, evidence: Evidence) {
  requireCapability(actor, 'audit.deployment');
  return checkEvidence(ctx, evidence);
}
