import { randomUUID, timingSafeEqual } from 'node:crypto';
import { and, asc, eq, isNull } from 'drizzle-orm';
import { apiTokens, users } from '../db/schema.ts';
import { oauthClients } from '../db/schema-oauth.ts';
import { grantedScopes, parseScopes } from '../domain/smart-scopes.ts';
import { AppError, invalid, notFound } from '../errors.ts';
import { isUuid } from './access.ts';
import { announceAccessRevoked } from './access-revocation.ts';
import { recordAudit, recordAuditAlone } from './audit.ts';
import type { Actor, Ctx } from './context.ts';
import { checkedJwks, checkedJwksUrl } from './smart/client-keys.ts';
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
  /** client_secret, or private_key_jwt (SMART Backend Services) when it has public keys. */
  authentication: c.secretHash ? ('client_secret' as const) : ('private_key_jwt' as const),
  jwksUrl: c.jwksUrl,
  scopes: c.scopes,
});

export interface ClientRegistration {
  name: string;
  /** Public keys (a JWKS), inline or at a URL: the client signs assertions instead of holding a secret. */
  jwks?: unknown;
  jwksUrl?: string;
  /** SMART system scopes, space-separated; none: the user's own rights. */
  scope?: string;
}

async function registrationOf(input: ClientRegistration) {
  if (input.jwks !== undefined && input.jwksUrl !== undefined) {
    throw invalid('Give the key set or its URL, not both.', { jwks: 'both given' });
  }
  const { scopes, unknown } = parseScopes(input.scope ?? '');
  if (unknown.length) {
    throw invalid(`Not a system scope this server grants: ${unknown.join(' ').slice(0, 100)}.`, {
      scope: 'unknown scope',
    });
  }
  return {
    jwks: input.jwks !== undefined ? await checkedJwks(input.jwks) : null,
    jwksUrl: input.jwksUrl !== undefined ? checkedJwksUrl(input.jwksUrl) : null,
    scopes: scopes.length ? scopes.join(' ') : null,
  };
}

/**
 * Client credentials for a machine acting as this user: a secret shown once and stored hashed, or,
 * for a SMART backend client, its public keys (it then signs assertions and has no secret).
 */
export async function createOAuthClient(ctx: Ctx, actor: Actor, input: ClientRegistration) {
  const { name } = input;
  const registration = await registrationOf(input);
  const id = randomUUID();
  const clientId = newSecret(OAUTH_CLIENT_ID_PREFIX).slice(0, 30);
  const withKeys = Boolean(registration.jwks || registration.jwksUrl);
  const clientSecret = withKeys ? undefined : newSecret(OAUTH_CLIENT_SECRET_PREFIX);
  const createdAt = ctx.clock.now();
  const row = await ctx.db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(oauthClients)
      .values({
        id,
        clientId,
        secretHash: clientSecret ? secretHash(clientSecret) : null,
        ...registration,
        userId: actor.userId,
        name,
        createdAt,
      })
      .returning();
    await recordAudit(tx, ctx, actor, {
      action: 'auth.client_created',
      targetType: 'oauth_client',
      targetId: id,
      details: { name, clientId, scopes: registration.scopes },
    });
    return inserted;
  });
  if (!row) throw new Error('client not stored');
  return { ...presentClient(row), ...(clientSecret ? { clientSecret } : {}) };
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
export const invalidClient = () =>
  new AppError(401, 'invalid_client', 'Unknown client or wrong client secret.');

/**
 * The client credentials grant: a valid, unrevoked client of an active user gets a bearer access
 * token (an API token of that user with an expiry). Every attempt is in the audit trail.
 */
export async function issueClientToken(
  ctx: Ctx,
  input: { clientId: string; clientSecret: string; ip: string | null; scope?: string },
) {
  const row = await activeClient(ctx, input.clientId);
  // The hash is compared even for an unknown client, so timing does not reveal which ids exist.
  const match = sameHash(row?.client.secretHash ?? secretHash(''), secretHash(input.clientSecret));
  if (!row?.client.secretHash || !match) {
    await refusedClientToken(ctx, row, input.clientId, input.ip);
    throw invalidClient();
  }
  return issueAccessToken(ctx, row, { ip: input.ip, scope: input.scope });
}

type ClientWithUser = { client: ClientRow; user: typeof users.$inferSelect };

/** The client of a client_id that may obtain tokens: not revoked, its user active. */
export async function activeClient(ctx: Ctx, clientId: string): Promise<ClientWithUser | undefined> {
  const [row] = await ctx.db
    .select({ client: oauthClients, user: users })
    .from(oauthClients)
    .innerJoin(users, eq(users.id, oauthClients.userId))
    .where(and(eq(oauthClients.clientId, clientId), isNull(oauthClients.revokedAt), isNull(users.deletedAt)));
  return row;
}

/** A refused token request, in the audit trail. */
export async function refusedClientToken(
  ctx: Ctx,
  row: ClientWithUser | undefined,
  clientId: string,
  ip: string | null,
  reason?: string,
) {
  await recordAuditAlone(
    ctx,
    {
      userId: row?.user.id ?? null,
      email: row?.user.email ?? null,
      accountId: row?.user.accountId ?? null,
      ip,
    },
    {
      action: 'auth.client_token_failed',
      details: { clientId: clientId.slice(0, 64), ...(reason ? { reason } : {}) },
    },
  );
}

/**
 * An access token for an authenticated client: an API token of its user with an expiry, limited to
 * the scopes granted when the client was registered with scopes (then 400 invalid_scope when the
 * request asks for none of them).
 */
export async function issueAccessToken(
  ctx: Ctx,
  row: ClientWithUser,
  input: { ip: string | null; scope?: string },
) {
  const registered = row.client.scopes?.split(' ') ?? [];
  const granted = registered.length ? grantedScopes(registered, input.scope) : [];
  if (registered.length && granted.length === 0) {
    throw new AppError(400, 'invalid_scope', 'None of the requested scopes is granted to this client.');
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
      scopes: granted.length ? granted.join(' ') : null,
    });
    await tx.update(oauthClients).set({ lastUsedAt: now }).where(eq(oauthClients.id, row.client.id));
    await recordAudit(
      tx,
      ctx,
      { userId: row.user.id, email: row.user.email, accountId: row.user.accountId, ip: input.ip },
      { action: 'auth.client_token', targetType: 'oauth_client', targetId: row.client.id },
    );
  });
  return {
    access_token: token,
    token_type: 'Bearer',
    expires_in: ACCESS_TOKEN_TTL_SECONDS,
    ...(granted.length ? { scope: granted.join(' ') } : {}),
  };
}
