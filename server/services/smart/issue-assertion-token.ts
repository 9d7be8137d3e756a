import { lt } from 'drizzle-orm';
import { decodeJwt, jwtVerify } from 'jose';
import { oauthAssertionJtis } from '../../db/schema-oauth.ts';
import { AppError } from '../../errors.ts';
import type { Ctx } from '../context.ts';
import { activeClient, issueAccessToken, refusedClientToken } from '../oauth-clients.ts';
import { ASSERTION_ALGORITHMS, keysOf } from './client-keys.ts';

export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** An assertion lives at most five minutes (SMART Backend Services). */
const MAX_LIFETIME_SECONDS = 300;
const LEEWAY_SECONDS = 5;

const refused = (why: string) =>
  new AppError(401, 'invalid_client', `The client assertion is not accepted: ${why}.`);

/**
 * SMART Backend Services' token request: a JWT signed with one of the client's registered keys
 * (RS384 or ES384), iss = sub = client_id, aud = this token endpoint, expiring within five
 * minutes, with a jti never seen before. Anything else is invalid_client, in the audit trail.
 */
export async function issueAssertionToken(
  ctx: Ctx,
  input: { assertion: string; tokenUrl: string; scope?: string; ip: string | null },
) {
  let clientId: string;
  try {
    const claims = decodeJwt(input.assertion);
    if (typeof claims.iss !== 'string') throw new Error('no iss');
    clientId = claims.iss;
  } catch {
    await refusedClientToken(ctx, undefined, '(unreadable assertion)', input.ip, 'unreadable');
    throw refused('it is not a signed JWT naming its client');
  }
  const row = await activeClient(ctx, clientId);
  if (!row || (!row.client.jwks && !row.client.jwksUrl)) {
    await refusedClientToken(ctx, row, clientId, input.ip, 'no keys');
    throw refused('unknown client, or one registered without public keys');
  }
  const now = ctx.clock.now();
  try {
    const { payload } = await jwtVerify(input.assertion, keysOf(row.client), {
      issuer: clientId,
      subject: clientId,
      audience: input.tokenUrl,
      algorithms: ASSERTION_ALGORITHMS,
      requiredClaims: ['exp', 'jti'],
      currentDate: now,
      clockTolerance: LEEWAY_SECONDS,
    });
    const exp = payload.exp as number;
    if (exp > now.getTime() / 1000 + MAX_LIFETIME_SECONDS + LEEWAY_SECONDS)
      throw new Error('exp over 5 minutes');
    await ctx.db.delete(oauthAssertionJtis).where(lt(oauthAssertionJtis.expiresAt, now));
    const [fresh] = await ctx.db
      .insert(oauthAssertionJtis)
      .values({
        clientId: row.client.id,
        jti: String(payload.jti).slice(0, 200),
        expiresAt: new Date(exp * 1000),
      })
      .onConflictDoNothing()
      .returning();
    if (!fresh) throw new Error('jti already used');
  } catch (err) {
    const why = (err as Error).message.slice(0, 100);
    await refusedClientToken(ctx, row, clientId, input.ip, why);
    throw refused(why);
  }
  return issueAccessToken(ctx, row, { ip: input.ip, scope: input.scope });
}
