import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { errorSchema, idParams, listOf } from '../../shared/schemas/common.ts';
import { AppError } from '../errors.ts';
import { smartConfiguration } from '../fhir/smart-configuration.ts';
import { actorOf, TOKEN_ENDPOINT } from '../http/auth.ts';
import {
  createOAuthClient,
  issueClientToken,
  listOAuthClients,
  revokeOAuthClient,
} from '../services/oauth-clients.ts';
import { CLIENT_ASSERTION_TYPE, issueAssertionToken } from '../services/smart/issue-assertion-token.ts';
import type { App, Deps } from './types.ts';

const clientSchema = z.object({
  id: z.string(),
  clientId: z.string(),
  name: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  authentication: z.enum(['client_secret', 'private_key_jwt']),
  jwksUrl: z.string().nullable(),
  scopes: z.string().nullable().describe('granted SMART system scopes; null: the user’s own rights'),
});
const createdClientSchema = clientSchema.extend({
  clientSecret: z.string().optional().describe('shown once; none for a client with public keys'),
});
const clientBody = z.object({
  name: z.string().trim().min(1).max(100),
  jwks: z.record(z.string(), z.unknown()).optional().describe('public keys (JWKS) for private_key_jwt'),
  jwksUrl: z.string().max(2000).optional(),
  scope: z.string().max(2000).optional().describe('SMART system scopes, space-separated'),
});

/** OAuth2 client credentials: the user's own clients under /api/auth, the token endpoint for machines. */
export function oauthRoutes(app: App, deps: Deps) {
  const { ctx } = deps;
  app.get(
    '/api/auth/clients',
    { schema: { tags: ['auth'], response: { 200: listOf(clientSchema), 401: errorSchema } } },
    async (request) => listOAuthClients(ctx, actorOf(request)),
  );
  app.post(
    '/api/auth/clients',
    {
      schema: { tags: ['auth'], body: clientBody, response: { 201: createdClientSchema, 401: errorSchema } },
    },
    async (request, reply) =>
      reply.status(201).send(await createOAuthClient(ctx, actorOf(request), request.body)),
  );
  app.delete(
    '/api/auth/clients/:id',
    { schema: { tags: ['auth'], params: idParams } },
    async (request, reply) => {
      await revokeOAuthClient(ctx, actorOf(request), request.params.id);
      return reply.status(204).send();
    },
  );
  // At the origin too: SMART clients look for it at the FHIR base or the server's root.
  app.get('/.well-known/smart-configuration', { schema: { hide: true } }, async (request) =>
    smartConfiguration(`${request.protocol}://${request.host}`),
  );
  app.register(tokenEndpoint, { deps });
}

/** Its own context: form-encoded bodies and RFC 6749 error bodies apply to the token endpoint only. */
async function tokenEndpoint(app: FastifyInstance, { deps }: { deps: Deps }) {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });
  app.setErrorHandler((err: Error & { statusCode?: number }, _request, reply) => {
    const status = err instanceof AppError ? err.status : (err.statusCode ?? 500);
    const code = err instanceof AppError ? err.code : status === 429 ? 'rate_limited' : 'invalid_request';
    if (status >= 500) reply.log.error({ err }, 'token endpoint failed');
    return reply
      .status(status)
      .header('cache-control', 'no-store')
      .send({ error: status >= 500 ? 'server_error' : code, error_description: err.message });
  });
  app.post(
    '/oauth2/token',
    {
      schema: { tags: ['auth'], hide: false },
      config: { rateLimit: { max: deps.config.loginRateLimit, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const form = (request.body ?? {}) as Record<string, string | undefined>;
      if (form.grant_type !== 'client_credentials') {
        throw new AppError(400, 'unsupported_grant_type', 'Only grant_type=client_credentials is supported.');
      }
      if (form.client_assertion_type !== undefined || form.client_assertion !== undefined) {
        if (form.client_assertion_type !== CLIENT_ASSERTION_TYPE || !form.client_assertion) {
          throw new AppError(
            400,
            'invalid_request',
            `Send client_assertion_type=${CLIENT_ASSERTION_TYPE} and client_assertion.`,
          );
        }
        const token = await issueAssertionToken(deps.ctx, {
          assertion: form.client_assertion,
          tokenUrl: `${request.protocol}://${request.host}${TOKEN_ENDPOINT}`,
          scope: form.scope,
          ip: request.ip,
        });
        return reply.header('cache-control', 'no-store').header('pragma', 'no-cache').send(token);
      }
      const basic = basicCredentials(request.headers.authorization);
      const clientId = basic?.id ?? form.client_id;
      const clientSecret = basic?.secret ?? form.client_secret;
      if (!clientId || !clientSecret) {
        throw new AppError(400, 'invalid_request', 'Send client_id and client_secret.');
      }
      const token = await issueClientToken(deps.ctx, {
        clientId,
        clientSecret,
        ip: request.ip,
        scope: form.scope,
      });
      return reply.header('cache-control', 'no-store').header('pragma', 'no-cache').send(token);
    },
  );
}

/** client_secret_basic (RFC 6749 §2.3.1): the credentials in an HTTP Basic header. */
function basicCredentials(header: string | undefined) {
  if (!header?.toLowerCase().startsWith('basic ')) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const at = decoded.indexOf(':');
  if (at < 0) return undefined;
  const unescapeForm = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
  try {
    return { id: unescapeForm(decoded.slice(0, at)), secret: unescapeForm(decoded.slice(at + 1)) };
  } catch {
    return undefined; // malformed escapes: answered as missing credentials
  }
}
