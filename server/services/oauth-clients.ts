import { randomUUID, timingSafeEqual } from 'node:crypto';
import { and, asc, eq, isNull } from 'drizzle-orm';
import { apiTokens, users } from '../db/schema.ts';
import { oauthClients } from '../db/schema-oauth.ts';
import { AppError, notFound } from '../errors.ts';
import { isUuid } from './access.ts';
import { announceAccessRevoked } from './access-revocation.ts';
import { recordAudit, recordAuditAlone } from './audit.ts';
import type { Actor, Ctx } from './context.ts';
import {
  API_TOKEN_PREFIX,
  newSecret,
  OAUTH_CLIENT_ID_PREFIX,
  OAUTH_CLIENT_SECRET_PREFIX,
  secretHash,
} from './tokens.ts';

/** Access tokens from the token endpoint live one hour; the client asks again with its secret. */
export const ACCESS_TOKEN_TTL_SECONDS = 3600;

type ClientRow = typeof oauthClients.$inferSelect;

const presentClient = (c: ClientRow) => ({
  id: c.id,
  clientId: c.clientId,
  name: c.name,
  createdAt: c.createdAt.toISOString(),
  lastUsedAt: c.lastUsedAt?.toISOString() ?? null,
});

/** Client credentials for a machine acting as this user: the secret is shown once, stored hashed. */
export async function createOAuthClient(ctx: Ctx, actor: Actor, name: string) {
  const id = randomUUID();
  const clientId = newSecret(OAUTH_CLIENT_ID_PREFIX).slice(0, 30);
  const clientSecret = newSecret(OAUTH_CLIENT_SECRET_PREFIX);
  const createdAt = ctx.clock.now();
  const row = await ctx.db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(oauthClients)
      .values({ id, clientId, secretHash: secretHash(clientSecret), userId: actor.userId, name, createdAt })
      .returning();
    await recordAudit(tx, ctx, actor, {
      action: 'auth.client_created',
      targetType: 'oauth_client',
      targetId: id,
      details: { name, clientId },
    });
    return inserted;
  });
  if (!row) throw new Error('client not stored');
  return { ...presentClient(row), clientSecret };
}

/** The signed-in user's own clients that still work. */
export async function listOAuthClients(ctx: Ctx, actor: Actor) {
  const rows = await ctx.db
    .select()
    .from(oauthClients)
    .where(and(eq(oauthClients.userId, actor.userId), isNull(oauthClients.revokedAt)))
    .orderBy(asc(oauthClients.createdAt));
  const items = rows.map(presentClient);
  return { items, total: items.length, page: 1, pageSize: items.length };
}

/** Revokes one of the user's clients and every access token it obtained. */
export async function revokeOAuthClient(ctx: Ctx, actor: Actor, id: string) {
  if (!isUuid(id)) throw notFound('client');
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(oauthClients)
      .set({ revokedAt: now })
      .where(
        and(eq(oauthClients.id, id), eq(oauthClients.userId, actor.userId), isNull(oauthClients.revokedAt)),
      )
      .returning();
    if (!row) throw notFound('client');
    await tx
      .update(apiTokens)
      .set({ revokedAt: now })
      .where(and(eq(apiTokens.oauthClientId, id), isNull(apiTokens.revokedAt)));
    await announceAccessRevoked(tx, row.userId, 'client_revoked');
    await recordAudit(tx, ctx, actor, {
      action: 'auth.client_revoked',
      targetType: 'oauth_client',
      targetId: id,
      details: { clientId: row.clientId },
    });
  });
}

const sameHash = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** RFC 6749 error codes travel as the AppError code; the token route presents them its way. */
const invalidClient = () => new AppError(401, 'invalid_client', 'Unknown client or wrong client secret.');

/**
 * The client credentials grant: a valid, unrevoked client of an active user gets a bearer access
 * token (an API token of that user with an expiry). Every attempt is in the audit trail.
 */
export async function issueClientToken(
  ctx: Ctx,
  input: { clientId: string; clientSecret: string; ip: string | null },
) {
  const [row] = await ctx.db
    .select({ client: oauthClients, user: users })
    .from(oauthClients)
    .innerJoin(users, eq(users.id, oauthClients.userId))
    .where(
      and(eq(oauthClients.clientId, input.clientId), isNull(oauthClients.revokedAt), isNull(users.deletedAt)),
    );
  // The hash is compared even for an unknown client, so timing does not reveal which ids exist.
  const match = sameHash(row?.client.secretHash ?? secretHash(''), secretHash(input.clientSecret));
  if (!row || !match) {
    await recordAuditAlone(
      ctx,
      {
        userId: row?.user.id ?? null,
        email: row?.user.email ?? null,
        accountId: row?.user.accountId ?? null,
        ip: input.ip,
      },
      { action: 'auth.client_token_failed', details: { clientId: input.clientId.slice(0, 64) } },
    );
    throw invalidClient();
  }
  const token = newSecret(API_TOKEN_PREFIX);
  const now = ctx.clock.now();
  const expiresAt = new Date(now.getTime() + ACCESS_TOKEN_TTL_SECONDS * 1000);
  await ctx.db.transaction(async (tx) => {
    const id = randomUUID();
    await tx.insert(apiTokens).values({
      id,
      userId: row.user.id,
      name: `oauth client ${row.client.name}`.slice(0, 100),
      tokenHash: secretHash(token),
      createdAt: now,
      expiresAt,
      oauthClientId: row.client.id,
    });
    await tx.update(oauthClients).set({ lastUsedAt: now }).where(eq(oauthClients.id, row.client.id));
    await recordAudit(
      tx,
      ctx,
      { userId: row.user.id, email: row.user.email, accountId: row.user.accountId, ip: input.ip },
      { action: 'auth.client_token', targetType: 'oauth_client', targetId: row.client.id },
    );
  });
  return { access_token: token, token_type: 'Bearer', expires_in: ACCESS_TOKEN_TTL_SECONDS };
}
