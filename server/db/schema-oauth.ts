import { index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
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
    /** Null for a client that authenticates with a signed assertion (its public keys below). */
    secretHash: text('secret_hash'),
    /** SMART Backend Services: the client's public key set, inline or at a URL. */
    jwks: jsonb('jwks'),
    jwksUrl: text('jwks_url'),
    /** Granted SMART scopes, space-separated; null: the user's own rights, with no scope limit. */
    scopes: text('scopes'),
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

/** The jti of each accepted client assertion until it expires, so that none is used twice. */
export const oauthAssertionJtis = pgTable(
  'oauth_assertion_jtis',
  {
    clientId: uuid('client_id')
      .notNull()
      .references(() => oauthClients.id, { onDelete: 'cascade' }),
    jti: text('jti').notNull(),
    expiresAt: ts('expires_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.clientId, t.jti] })],
);
