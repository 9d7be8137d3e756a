import type { FastifyRequest } from 'fastify';
import { passwordResetLink } from '../../shared/schemas/admin.ts';
import {
  passwordChangeBody,
  passwordChangeResponse,
  passwordResetBody,
  passwordResetResponse,
} from '../../shared/schemas/auth.ts';
import { errorSchema, idParams } from '../../shared/schemas/common.ts';
import type { Config } from '../config.ts';
import { actorOf } from '../http/auth.ts';
import { changeOwnPassword } from '../services/passwords/change-password.ts';
import { issuePasswordReset, resetUrl } from '../services/passwords/reset-links.ts';
import { usePasswordResetLink } from '../services/passwords/use-reset-link.ts';
import type { App, Deps } from './types.ts';

const errors = {
  401: errorSchema,
  403: errorSchema,
  404: errorSchema,
  410: errorSchema,
  422: errorSchema,
};

/** Where links point: VELLUM_PUBLIC_URL when set, else the address this request came to. */
export function linkOrigin(request: FastifyRequest, config: Config): string {
  return config.publicUrl ?? `${request.protocol}://${request.host}`;
}

/** Changing one's own password, resetting a user's, and setting one through a reset link. */
export function passwordRoutes(app: App, { ctx, config }: Deps) {
  // Passwords and links are guessed here too: the same limit as the sign-in.
  const limited = { rateLimit: { max: config.loginRateLimit, timeWindow: '1 minute' } };
  app.post(
    '/api/auth/password',
    {
      schema: {
        tags: ['auth'],
        body: passwordChangeBody,
        response: { 200: passwordChangeResponse, ...errors },
      },
      config: limited,
    },
    async (request) => changeOwnPassword(ctx, actorOf(request), request.body),
  );
  app.post(
    '/api/auth/password-reset',
    {
      schema: {
        tags: ['auth'],
        body: passwordResetBody,
        response: { 200: passwordResetResponse, ...errors },
      },
      config: limited,
    },
    async (request) => usePasswordResetLink(ctx, request.body, request.ip),
  );
  app.post(
    '/api/users/:id/password-reset',
    { schema: { tags: ['admin'], params: idParams, response: { 200: passwordResetLink, ...errors } } },
    async (request) => {
      const link = await issuePasswordReset(ctx, actorOf(request), request.params.id);
      return {
        resetUrl: resetUrl(linkOrigin(request, config), link.token),
        expiresAt: link.expiresAt.toISOString(),
      };
    },
  );
}
