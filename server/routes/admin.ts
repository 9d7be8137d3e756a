import {
  accountBody,
  accountDeleteBody,
  accountDeletionResult,
  accountSchema,
  auditEventSchema,
  auditEvidenceResponse,
  auditQuery,
  auditVerifyResponse,
  operatorActionSchema,
  operatorActionsQuery,
  settingsPatch,
  settingsSchema,
  userCreateBody,
  userCreatedSchema,
  userSchema,
} from '../../shared/schemas/admin.ts';
import { settingsChangeResult } from '../../shared/schemas/cleanup.ts';
import { errorSchema, idParams, listOf } from '../../shared/schemas/common.ts';
import { actorOf } from '../http/auth.ts';
import { deleteAccount } from '../services/account-deletion/delete-account.ts';
import { createAccount, getAccount, listAccounts } from '../services/accounts.ts';
import { listAudit, verifyAudit, verifyAuditEvidence } from '../services/audit-read.ts';
import { updateSettings } from '../services/lifecycle/change-settings.ts';
import { listOperatorActions } from '../services/operator-actions.ts';
import { resetUrl } from '../services/passwords/reset-links.ts';
import { getSettings } from '../services/settings.ts';
import { createUser, listUsers } from '../services/users.ts';
import { linkOrigin } from './passwords.ts';
import type { App, Deps } from './types.ts';

const errors = { 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema, 422: errorSchema };

export function adminRoutes(app: App, { ctx, storage, config, evidence }: Deps) {
  app.get(
    '/api/settings',
    { schema: { tags: ['admin'], response: { 200: settingsSchema, ...errors } } },
    async (request) => getSettings(ctx, actorOf(request)),
  );
  app.patch(
    '/api/settings',
    { schema: { tags: ['admin'], body: settingsPatch, response: { 200: settingsChangeResult, ...errors } } },
    async (request) => updateSettings(ctx, actorOf(request), request.body, storage),
  );

  app.get(
    '/api/accounts',
    { schema: { tags: ['admin'], response: { 200: listOf(accountSchema), ...errors } } },
    async (request) => listAccounts(ctx, actorOf(request)),
  );
  app.post(
    '/api/accounts',
    { schema: { tags: ['admin'], body: accountBody, response: { 201: accountSchema, ...errors } } },
    async (request, reply) =>
      reply.status(201).send(await createAccount(ctx, actorOf(request), request.body.name)),
  );
  app.get(
    '/api/accounts/:id',
    { schema: { tags: ['admin'], params: idParams, response: { 200: accountSchema, ...errors } } },
    async (request) => getAccount(ctx, actorOf(request), request.params.id),
  );
  app.delete(
    '/api/accounts/:id',
    {
      schema: {
        tags: ['admin'],
        params: idParams,
        body: accountDeleteBody,
        response: { 200: accountDeletionResult, ...errors },
      },
    },
    async (request) =>
      deleteAccount(ctx, storage, actorOf(request), request.params.id, request.body?.confirmation),
  );

  app.get(
    '/api/users',
    { schema: { tags: ['admin'], response: { 200: listOf(userSchema), ...errors } } },
    async (request) => listUsers(ctx, actorOf(request)),
  );
  app.post(
    '/api/users',
    { schema: { tags: ['admin'], body: userCreateBody, response: { 201: userCreatedSchema, ...errors } } },
    async (request, reply) => {
      const { user, resetLink } = await createUser(ctx, actorOf(request), request.body);
      const reset = resetLink && {
        resetUrl: resetUrl(linkOrigin(request, config), resetLink.token),
        resetExpiresAt: resetLink.expiresAt.toISOString(),
      };
      return reply.status(201).send({ ...user, ...reset });
    },
  );

  app.get(
    '/api/audit',
    {
      schema: {
        tags: ['audit'],
        querystring: auditQuery,
        response: { 200: listOf(auditEventSchema), ...errors },
      },
    },
    async (request) => listAudit(ctx, actorOf(request), request.query),
  );
  app.get(
    '/api/audit/verify',
    { schema: { tags: ['audit'], response: { 200: auditVerifyResponse, ...errors } } },
    async (request) => verifyAudit(ctx, actorOf(request), evidence),
  );
  app.get(
    '/api/admin/audit/verify',
    { schema: { tags: ['audit'], response: { 200: auditEvidenceResponse, ...errors } } },
    async (request) => verifyAuditEvidence(ctx, actorOf(request), evidence),
  );
  app.get(
    '/api/operator-actions',
    {
      schema: {
        tags: ['audit'],
        querystring: operatorActionsQuery,
        response: { 200: listOf(operatorActionSchema), ...errors },
      },
    },
    async (request) => listOperatorActions(ctx, actorOf(request), request.query),
  );
}
