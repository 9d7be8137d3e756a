import { z } from 'zod';
import {
  loginBody,
  loginResponse,
  meChangeBody,
  meResponse,
  tokenBody,
  tokenResponse,
  userSchema,
} from '../../shared/schemas/auth.ts';
import { errorSchema } from '../../shared/schemas/common.ts';
import { actorOf, clearSessionCookies, SESSION_COOKIE, setSessionCookies } from '../http/auth.ts';
import { createApiToken, currentUser, endAllSessions, login, logout } from '../services/auth.ts';
import { changeLanguage } from '../services/profile/change-language.ts';
import type { App, Deps } from './types.ts';

export function authRoutes(app: App, { ctx, config }: Deps) {
  app.post(
    '/api/auth/login',
    {
      schema: { tags: ['auth'], body: loginBody, response: { 200: loginResponse, 401: errorSchema } },
      config: { rateLimit: { max: config.loginRateLimit, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const result = await login(ctx, {
        ...request.body,
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
        ttlHours: config.sessionTtlHours,
        replaces: request.cookies[SESSION_COOKIE],
      });
      setSessionCookies(reply, config, result.token, result.csrfToken);
      return { user: result.user, csrfToken: result.csrfToken };
    },
  );

  app.post('/api/auth/logout', { schema: { tags: ['auth'] } }, async (request, reply) => {
    await logout(ctx, actorOf(request));
    clearSessionCookies(reply);
    // A shared workstation keeps no patient data of the signed-out user (cached images included).
    return reply.header('clear-site-data', '"cache", "storage"').status(204).send();
  });

  app.post(
    '/api/auth/sessions/end-all',
    { schema: { tags: ['auth'], response: { 200: z.object({ ended: z.number() }) } } },
    async (request, reply) => {
      const result = await endAllSessions(ctx, actorOf(request));
      clearSessionCookies(reply);
      return result;
    },
  );

  app.get('/api/auth/me', { schema: { tags: ['auth'], response: { 200: meResponse } } }, async (request) => {
    const actor = actorOf(request);
    return {
      user: await currentUser(ctx, actor),
      csrfToken: request.auth?.csrfToken ?? null,
      sessionIdleMinutes: actor.via === 'session' ? config.sessionIdleMinutes : null,
    };
  });

  app.patch(
    '/api/auth/me',
    {
      schema: {
        tags: ['auth'],
        body: meChangeBody,
        response: { 200: z.object({ user: userSchema }), 401: errorSchema, 422: errorSchema },
      },
    },
    async (request) => ({ user: await changeLanguage(ctx, actorOf(request), request.body.language) }),
  );

  app.post(
    '/api/auth/tokens',
    { schema: { tags: ['auth'], body: tokenBody, response: { 201: tokenResponse } } },
    async (request, reply) => {
      const token = await createApiToken(
        ctx,
        actorOf(request),
        request.body.name,
        request.body.expiresInDays,
      );
      return reply.status(201).send(token);
    },
  );
}
