import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './schema.ts';

// OAuth2 client credentials for machine clients (FHIR integrations). A client acts as its user;
// the access tokens it obtains are api_tokens rows with an expiry and the client's id.
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const oauthClients = pgTable(
  'oauth_clients',
  {
    id: uuid('id').primaryKey(),
    /** The public client_id; the secret is stored only as its SHA-256, like API tokens. */
    clientId: text('client_id').notNull().unique(),
    secretHash: text('secret_hash').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    createdAt: ts('created_at').notNull(),
    lastUsedAt: ts('last_used_at'),
    revokedAt: ts('revoked_at'),
  },
  (t) => [index('oauth_clients_user').on(t.userId)],
);
