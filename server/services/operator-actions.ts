import { and, count, desc, eq, inArray, isNull, or } from 'drizzle-orm';
import type { z } from 'zod';
import type { operatorActionsQuery } from '../../shared/schemas/admin.ts';
import { users } from '../db/schema.ts';
import { auditEvents } from '../db/schema-audit.ts';
import { forbidden } from '../errors.ts';
import { requireCapability } from './access.ts';
import type { Actor, Ctx } from './context.ts';

/**
 * What a super administrator (or the operator at the command line) did that reaches an account:
 * its users, their roles, passwords and two-factor, expunge in the account; and the backups every
 * account's data leaves the deployment in. The account's admins see these (SECURITY-MODEL.md).
 */
export const OPERATOR_ACTIONS = [
  'user.create',
  'user.delete',
  'user.restore',
  'user.role_changed',
  'auth.password_reset_issued',
  'auth.totp_reset',
  'auth.sessions_ended',
  'expunge',
] as const;
/** Deployment-wide events that carry every account's data. */
export const DEPLOYMENT_OPERATOR_ACTIONS = ['backup.downloaded', 'backup.restored'] as const;

export async function listOperatorActions(
  ctx: Ctx,
  actor: Actor,
  query: z.infer<typeof operatorActionsQuery>,
) {
  requireCapability(actor, 'audit.account');
  if (!actor.accountId) throw forbidden("Operator actions are listed for an account's administrators.");
  const byOperator = or(
    inArray(
      auditEvents.actorId,
      ctx.db.select({ id: users.id }).from(users).where(eq(users.role, 'super-admin')),
    ),
    and(isNull(auditEvents.actorId), eq(auditEvents.actorEmail, 'cli')),
  );
  const filter = and(
    byOperator,
    or(
      and(eq(auditEvents.accountId, actor.accountId), inArray(auditEvents.action, [...OPERATOR_ACTIONS])),
      and(isNull(auditEvents.accountId), inArray(auditEvents.action, [...DEPLOYMENT_OPERATOR_ACTIONS])),
    ),
  );
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select()
      .from(auditEvents)
      .where(filter)
      .orderBy(desc(auditEvents.seq))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    ctx.db.select({ n: count() }).from(auditEvents).where(filter),
  ]);
  return {
    items: rows.map((r) => ({
      id: r.id,
      seq: r.seq,
      at: r.at.toISOString(),
      action: r.action,
      actorId: r.actorId,
      actorEmail: r.actorEmail,
      targetType: r.targetType,
      targetId: r.targetId,
      details: r.details,
      scope: r.accountId ? ('account' as const) : ('deployment' as const),
    })),
    total: total?.n ?? 0,
    page: query.page,
    pageSize: query.pageSize,
  };
}
