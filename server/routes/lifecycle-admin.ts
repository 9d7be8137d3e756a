import { userChangeBody } from '../../shared/schemas/admin.ts';
import { userSchema } from '../../shared/schemas/auth.ts';
import {
  cleanupResult,
  cleanupStatus,
  deletedUserSchema,
  userDeletionResult,
} from '../../shared/schemas/cleanup.ts';
import { errorSchema, idParams, listOf } from '../../shared/schemas/common.ts';
import { deletionBody } from '../../shared/schemas/lifecycle.ts';
import { actorOf } from '../http/auth.ts';
import { getCleanupStatus } from '../services/lifecycle/cleanup-status.ts';
import { runCleanup } from '../services/lifecycle/run-cleanup.ts';
import { changeUserRole } from '../services/user-lifecycle/change-role.ts';
import { deleteUser } from '../services/user-lifecycle/delete-user.ts';
import { listDeletedUsers } from '../services/user-lifecycle/deleted-users.ts';
import { resetUserTotp } from '../services/user-lifecycle/reset-totp.ts';
import { restoreUser } from '../services/user-lifecycle/restore-user.ts';
import type { App, Deps } from './types.ts';

// PRODUCT.md §6: deleting and recovering users under the policy, and the cleanup on demand.
const errors = {
  401: errorSchema,
  403: errorSchema,
  404: errorSchema,
  409: errorSchema,
  410: errorSchema,
  422: errorSchema,
};

export function lifecycleAdminRoutes(app: App, { ctx, storage, config }: Deps) {
  app.delete(
    '/api/users/:id',
    {
      schema: {
        tags: ['admin'],
        params: idParams,
        body: deletionBody,
        response: { 200: userDeletionResult, ...errors },
      },
    },
    async (request) => deleteUser(ctx, actorOf(request), request.params.id, request.body ?? {}),
  );
  app.patch(
    '/api/users/:id',
    {
      schema: {
        tags: ['admin'],
        params: idParams,
        body: userChangeBody,
        response: { 200: userSchema, ...errors },
      },
    },
    async (request) => changeUserRole(ctx, actorOf(request), request.params.id, request.body.role),
  );
  app.post(
    '/api/users/:id/restore',
    { schema: { tags: ['admin'], params: idParams, response: { 200: userSchema, ...errors } } },
    async (request) => restoreUser(ctx, actorOf(request), request.params.id),
  );
  app.post(
    '/api/users/:id/totp/reset',
    { schema: { tags: ['admin'], params: idParams, response: { 200: userSchema, ...errors } } },
    async (request) => resetUserTotp(ctx, actorOf(request), request.params.id),
  );
  app.get(
    '/api/deleted/users',
    { schema: { tags: ['admin'], response: { 200: listOf(deletedUserSchema), ...errors } } },
    async (request) => listDeletedUsers(ctx, actorOf(request)),
  );
  app.post(
    '/api/admin/cleanup',
    { schema: { tags: ['admin'], response: { 200: cleanupResult, ...errors } } },
    async (request) => runCleanup(ctx, storage, actorOf(request), { trigger: 'manual' }),
  );
  app.get(
    '/api/admin/cleanup',
    { schema: { tags: ['admin'], response: { 200: cleanupStatus, ...errors } } },
    async (request) => getCleanupStatus(ctx, actorOf(request), config.cleanupSchedule),
  );
}
