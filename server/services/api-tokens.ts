import { and, asc, eq, isNull } from 'drizzle-orm';
import { apiTokens } from '../db/schema.ts';
import { notFound, unauthorized } from '../errors.ts';
import { isUuid } from './access.ts';
import { announceAccessRevoked } from './access-revocation.ts';
import { recordAudit } from './audit.ts';
import type { Actor, Ctx } from './context.ts';

// Personal API tokens of the signed-in user (created by POST /api/auth/tokens in auth.ts). Access
// tokens issued to OAuth clients are not listed here: revoking the client revokes them.

const personal = (userId: string) =>
  and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt), isNull(apiTokens.oauthClientId));

function requireUser(actor: Actor) {
  if (actor.via !== 'session' && actor.via !== 'token') throw unauthorized();
}

export async function listApiTokens(ctx: Ctx, actor: Actor) {
  requireUser(actor);
  const rows = await ctx.db
    .select()
    .from(apiTokens)
    .where(personal(actor.userId))
    .orderBy(asc(apiTokens.createdAt));
  const items = rows.map((r) => ({
    id: r.id,
    name: r.name,
    createdAt: r.createdAt.toISOString(),
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
    expiresAt: r.expiresAt?.toISOString() ?? null,
  }));
  return { items, total: items.length, page: 1, pageSize: items.length };
}

/** The token stops working at once; another user's token is "not found". */
export async function revokeApiToken(ctx: Ctx, actor: Actor, id: string) {
  requireUser(actor);
  if (!isUuid(id)) throw notFound('token');
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(apiTokens)
      .set({ revokedAt: ctx.clock.now() })
      .where(and(eq(apiTokens.id, id), personal(actor.userId)))
      .returning();
    if (!row) throw notFound('token');
    await announceAccessRevoked(tx, actor.userId, 'token_revoked');
    await recordAudit(tx, ctx, actor, {
      action: 'auth.token_revoked',
      targetType: 'token',
      targetId: id,
      details: { name: row.name },
    });
  });
}
