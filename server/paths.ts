import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Files the server reads from the project at run time. This module sits one folder below the
 * project root both as source (`server/paths.ts`) and inside the built server (`dist/*.js`,
 * scripts/build-server.ts), so the root is its parent folder either way.
 */
const root = fileURLToPath(new URL('..', import.meta.url));

export const paths = {
  root,
  migrations: path.join(root, 'server/db/migrations'),
  migrationJournal: path.join(root, 'server/db/migrations/meta/_journal.json'),
  webDist: path.join(root, 'web/dist'),
  webPlaceholder: path.join(root, 'web/public'),
};
