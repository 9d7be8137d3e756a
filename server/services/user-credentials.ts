import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { apiTokens, users } from '../db/schema.ts';
import { oauthClients } from '../db/schema-oauth.ts';
import { userManagementRefusal } from '../domain/user-management.ts';
import { forbidden, notFound } from '../errors.ts';
import { isUuid, requireCapability } from './access.ts';
import { announceAccessRevoked } from './access-revocation.ts';
import { recordAudit } from './audit.ts';
import type { Actor, Ctx } from './context.ts';

// A user's personal API tokens and OAuth clients, as its account admin (or a super administrator)
// sees and revokes them. The owner's own pages are api-tokens.ts and oauth-clients.ts.

/** The user whose credentials the actor may manage (itself included): 404 across accounts. */
async function requireCredentialOwner(tx: Db, actor: Actor, id: string) {
  requireCapability(actor, 'users.manage');
  if (!isUuid(id)) throw notFound('user');
  const [user] = await tx.select().from(users).where(eq(users.id, id));
  if (!user || user.removedAt) throw notFound('user');
  const refusal = userManagementRefusal(actor, user);
  if (refusal === 'not_found') throw notFound('user');
  if (refusal === 'forbidden') throw forbidden();
  return user;
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

export async function listUserCredentials(ctx: Ctx, actor: Actor, userId: string) {
  await requireCredentialOwner(ctx.db, actor, userId);
  const tokens = await ctx.db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt), isNull(apiTokens.oauthClientId)))
    .orderBy(asc(apiTokens.createdAt));
  const clients = await ctx.db
    .select()
    .from(oauthClients)
    .where(and(eq(oauthClients.userId, userId), isNull(oauthClients.revokedAt)))
    .orderBy(asc(oauthClients.createdAt));
  return {
    tokens: tokens.map((r) => ({
      id: r.id,
      name: r.name,
      createdAt: r.createdAt.toISOString(),
      lastUsedAt: iso(r.lastUsedAt),
      expiresAt: iso(r.expiresAt),
    })),
    // A client does not expire; the access tokens it obtains live an hour.
    clients: clients.map((c) => ({
      id: c.id,
      clientId: c.clientId,
      name: c.name,
      createdAt: c.createdAt.toISOString(),
      lastUsedAt: iso(c.lastUsedAt),
      expiresAt: null,
    })),
  };
}

/** Revokes one personal token of the user; its live sockets close. */
export async function revokeUserToken(ctx: Ctx, actor: Actor, userId: string, tokenId: string) {
  await ctx.db.transaction(async (tx) => {
    const user = await requireCredentialOwner(tx, actor, userId);
    if (!isUuid(tokenId)) throw notFound('token');
    const [row] = await tx
      .update(apiTokens)
      .set({ revokedAt: ctx.clock.now() })
      .where(
        and(
          eq(apiTokens.id, tokenId),
          eq(apiTokens.userId, userId),
          isNull(apiTokens.revokedAt),
          isNull(apiTokens.oauthClientId),
        ),
      )
      .returning();
    if (!row) throw notFound('token');
    await announceAccessRevoked(tx, userId, 'token_revoked');
    await recordAudit(tx, ctx, actor, {
      action: 'auth.token_revoked',
      accountId: user.accountId,
      targetType: 'token',
      targetId: tokenId,
      details: { name: row.name, userId },
    });
  });
}

/** Revokes one OAuth client of the user and every access token it obtained. */
export async function revokeUserClient(ctx: Ctx, actor: Actor, userId: string, clientId: string) {
  await ctx.db.transaction(async (tx) => {
    const user = await requireCredentialOwner(tx, actor, userId);
    if (!isUuid(clientId)) throw notFound('client');
    const now = ctx.clock.now();
    const [row] = await tx
      .update(oauthClients)
      .set({ revokedAt: now })
      .where(
        and(eq(oauthClients.id, clientId), eq(oauthClients.userId, userId), isNull(oauthClients.revokedAt)),
      )
      .returning();
    if (!row) throw notFound('client');
    await tx
      .update(apiTokens)
      .set({ revokedAt: now })
      .where(and(eq(apiTokens.oauthClientId, clientId), isNull(apiTokens.revokedAt)));
    await announceAccessRevoked(tx, userId, 'client_revoked');
    await recordAudit(tx, ctx, actor, {
      action: 'auth.client_revoked',
      accountId: user.accountId,
      targetType: 'oauth_client',
      targetId: clientId,
      details: { clientId: row.clientId, userId },
    });
  });
}
