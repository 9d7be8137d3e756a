import { defineConfig } from 'drizzle-kit';

// Used only by `npm run db:generate` to write SQL migrations from server/db/schema.ts.
export default defineConfig({
  dialect: 'postgresql',
  schema: [
    './server/db/schema.ts',
    './server/db/schema-audit.ts',
    './server/db/schema-clinical.ts',
    './server/db/schema-ops.ts',
    './server/db/schema-oauth.ts',
    './server/db/schema-passwords.ts',
    './server/db/schema-dicom.ts',
    './server/db/schema-fhir.ts',
  ],
  out: './server/db/migrations',
});
