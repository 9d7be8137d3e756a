import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import { AppError, unauthorized } from '../errors.ts';
import type { ActorCache } from '../services/actor-cache.ts';
import { type Authenticated, authenticateSession, authenticateToken } from '../services/auth.ts';
import type { Actor, Ctx } from '../services/context.ts';
import { secretHash } from '../services/tokens.ts';

export const SESSION_COOKIE = 'vellum_session';
export const CSRF_COOKIE = 'vellum_csrf';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    auth: Authenticated | undefined;
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
export const TOKEN_ENDPOINT = '/oauth2/token';

/**
 * Reads the session cookie or the bearer token on every request. Cookie-authenticated writes must
 * echo the session's CSRF token in a header: a cross-site form cannot read it.
 */
export function installAuth(
  app: FastifyInstance,
  ctx: Ctx,
  config: Pick<Config, 'sessionIdleMinutes'>,
  cache: ActorCache,
): void {
  const cached = async (
    key: string,
    ip: string | null,
    read: () => Promise<Authenticated | undefined>,
  ): Promise<Authenticated | undefined> => {
    const hit = cache.get(key);
    if (hit) return { ...hit, actor: { ...hit.actor, ip } };
    const auth = await read();
    if (auth) cache.set(key, auth);
    return auth;
  };
  app.decorateRequest('auth', undefined);
  app.addHook('onRequest', async (request) => {
    // The token endpoint authenticates clients itself (an Authorization header there is Basic).
    if (request.routeOptions.url === TOKEN_ENDPOINT) return;
    const header = request.headers.authorization;
    if (header) {
      const [scheme, token] = header.split(' ');
      if (scheme?.toLowerCase() !== 'bearer' || !token)
        throw unauthorized('Use "Authorization: Bearer <token>".');
      request.auth = await cached(`t:${secretHash(token)}`, request.ip, () =>
        authenticateToken(ctx, token, request.ip),
      );
      if (!request.auth) throw unauthorized('The token is not valid.');
      // A token limited by SMART scopes is for the FHIR API only.
      if (
        request.auth.actor.scopes &&
        needsSignIn(request) &&
        !request.routeOptions.url?.startsWith('/fhir/')
      ) {
        throw new AppError(403, 'insufficient_scope', 'This token is limited to the FHIR API by its scopes.');
      }
      return;
    }
    const cookie = request.cookies[SESSION_COOKIE];
    if (cookie)
      request.auth = await cached(`s:${secretHash(cookie)}`, request.ip, () =>
        authenticateSession(ctx, cookie, request.ip, config.sessionIdleMinutes),
      );
    if (!request.auth) {
      // Refused before the body is read or validated: without credentials the answer is always 401.
      if (needsSignIn(request)) throw unauthorized();
      return;
    }
    if (UNSAFE.has(request.method) && request.headers[CSRF_HEADER] !== request.auth.csrfToken) {
      throw new AppError(403, 'csrf_failed', `Cookie-authenticated writes need the ${CSRF_HEADER} header.`);
    }
    requirePasswordChanged(request);
  });
}

/** What a user whose password an administrator chose may still do before changing it. */
const BEFORE_PASSWORD_CHANGE = new Set(['/api/auth/logout', '/api/auth/me', '/api/auth/password']);

function requirePasswordChanged(request: FastifyRequest) {
  if (!request.auth?.mustChangePassword || !needsSignIn(request)) return;
  if (BEFORE_PASSWORD_CHANGE.has(request.routeOptions.url ?? '')) return;
  throw new AppError(
    403,
    'password_change_required',
    'Your administrator chose your password: change it before anything else.',
  );
}

/**
 * Every /api and /fhir route needs a signed-in user except these; health checks, web files, the
 * first-run setup, setting a password with a reset link (the link is the credential), the FHIR
 * CapabilityStatement and the OAuth2 token endpoint are public.
 */
const PUBLIC_ROUTES = new Set([
  '/api/auth/login',
  '/api/auth/password-reset',
  '/api/setup',
  '/api/openapi.json',
  '/fhir/R4/metadata',
  '/fhir/R4/.well-known/smart-configuration',
]);

function needsSignIn(request: FastifyRequest): boolean {
  // Unknown paths have no route and answer 404 whoever asks.
  const route = request.routeOptions.url;
  if (route === undefined) return false;
  return (route.startsWith('/api/') || route.startsWith('/fhir/')) && !PUBLIC_ROUTES.has(route);
}

/** The signed-in actor, or 401. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.auth) throw unauthorized();
  return request.auth.actor;
}

export function setSessionCookies(reply: FastifyReply, config: Config, token: string, csrf: string) {
  const common = {
    path: '/',
    sameSite: 'lax' as const,
    secure: config.secureCookies,
    maxAge: config.sessionTtlHours * 3600,
  };
  reply.setCookie(SESSION_COOKIE, token, { ...common, httpOnly: true });
  // Readable by the web app so it can send it back in the CSRF header.
  reply.setCookie(CSRF_COOKIE, csrf, { ...common, httpOnly: false });
}

export function clearSessionCookies(reply: FastifyReply) {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
  reply.clearCookie(CSRF_COOKIE, { path: '/' });
}

/** `If-Match: W/"3"` → 3; absent or `*` → undefined. */
export function ifMatchVersion(request: FastifyRequest): number | undefined {
  return versionOfIfMatch(request.headers['if-match']);
}

/** The version an If-Match value names (`W/"3"`); undefined for none or `*`. */
export function versionOfIfMatch(raw: string | undefined): number | undefined {
  if (raw === undefined || raw.trim() === '*') return undefined;
  const m = /^(?:W\/)?"?(\d{1,9})"?$/.exec(raw.trim());
  if (!m) throw new AppError(412, 'version_mismatch', 'If-Match must name a version, like W/"3".');
  return Number(m[1]);
}

export const etag = (version: number) => `W/"${version}"`;
