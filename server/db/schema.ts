import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

// Every table that holds account data carries account_id and every query filters on it.
// Timestamps are always written from the injected clock, never from the database's now().
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** The single row of deployment-wide preferences. */
export const settings = pgTable(
  'settings',
  {
    id: integer('id').primaryKey().default(1),
    deletionPolicy: text('deletion_policy').notNull().default('standard'),
    retentionMonths: integer('retention_months').notNull().default(120),
    consentLevel: text('consent_level').notNull().default('disabled'),
    auditLevel: text('audit_level').notNull().default('essential'),
    /** How dates and times are written for people (IANA zone, BCP 47 locale): shared/dates.ts. */
    timeZone: text('time_zone').notNull().default('UTC'),
    locale: text('locale').notNull().default('en-GB'),
    /**
     * The first sequence number whose link is keyed (HMAC under the deployment's audit key); the
     * events before it were chained with plain SHA-256 before the key existed. Set once at the first
     * start with a key; every signed checkpoint repeats it, so moving it is detected.
     */
    auditKeyedFrom: bigint('audit_keyed_from', { mode: 'number' }),
    updatedAt: ts('updated_at'),
  },
  (t) => [check('settings_single_row', sql`${t.id} = 1`)],
);

export const accounts = pgTable('accounts', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull().unique(),
  createdAt: ts('created_at').notNull(),
  /** Set when the account's deletion starts (its users are locked out); whoever finds it set finishes. */
  deletionStartedAt: ts('deletion_started_at'),
});

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey(),
    /** Null for super administrators, who operate the deployment rather than an account. */
    accountId: uuid('account_id').references(() => accounts.id),
    email: text('email').notNull(),
    displayName: text('display_name'),
    passwordHash: text('password_hash').notNull(),
    role: text('role').notNull(),
    totpSecret: text('totp_secret'),
    /** Set when an administrator chose the password: every request but the change is refused. */
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    createdAt: ts('created_at').notNull(),
    deletedAt: ts('deleted_at'),
    deletedBy: uuid('deleted_by'),
    deletionReason: text('deletion_reason'),
    deletionNote: text('deletion_note'),
    /** Set when a deleted user is removed for good (anonymized; records still name its id). */
    removedAt: ts('removed_at'),
    /** Sign-in refused until then, whatever is sent: too many failures (domain/login-lockout.ts). */
    lockedUntil: ts('locked_until'),
    /** The language the user chose for the web app and its PDF reports (`en`, `fr`); null: the browser's. */
    language: text('language'),
  },
  (t) => [
    uniqueIndex('users_email_active').on(t.email).where(sql`${t.deletedAt} is null`),
    index('users_account').on(t.accountId),
  ],
);

/** Wrong passwords and wrong second-factor codes of a user, counted by time for the lockout. */
export const signInFailures = pgTable(
  'sign_in_failures',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    at: ts('at').notNull(),
  },
  (t) => [index('sign_in_failures_user_at').on(t.userId, t.at)],
);

export const sessions = pgTable(
  'sessions',
  {
    /** SHA-256 of the cookie value; the value itself is never stored. */
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    csrfToken: text('csrf_token').notNull(),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    /** The last request (written at most once a minute): idle sessions end (VELLUM_SESSION_IDLE_MINUTES). */
    lastSeenAt: ts('last_seen_at'),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user').on(t.userId)],
);

export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: ts('created_at').notNull(),
    lastUsedAt: ts('last_used_at'),
    revokedAt: ts('revoked_at'),
    /** Set on access tokens issued to OAuth clients (schema-oauth.ts); personal tokens never expire. */
    expiresAt: ts('expires_at'),
    oauthClientId: uuid('oauth_client_id'),
    /** The SMART scopes an OAuth client's access token was granted (space-separated); null: none asked. */
    scopes: text('scopes'),
  },
  (t) => [
    index('api_tokens_user').on(t.userId),
    index('api_tokens_oauth_client').on(t.oauthClientId).where(sql`${t.oauthClientId} is not null`),
  ],
);

export const patients = pgTable(
  'patients',
  {
    id: uuid('id').primaryKey(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    uniqueId: text('unique_id').notNull(),
    version: integer('version').notNull().default(1),
    firstName: text('first_name'),
    lastName: text('last_name'),
    dateOfBirth: date('date_of_birth', { mode: 'string' }),
    sex: text('sex'),
    email: text('email'),
    phone: text('phone'),
    address: text('address'),
    note: text('note'),
    // Computed by the server from entries and images (services/patient-stats.ts); never typed.
    imageCount: integer('image_count').notNull().default(0),
    entryCount: integer('entry_count').notNull().default(0),
    lastAppointmentAt: ts('last_appointment_at'),
    lastModifiedAt: ts('last_modified_at').notNull(),
    createdAt: ts('created_at').notNull(),
    createdBy: uuid('created_by'),
    // Sort key for "name": last name, then first name, lower-cased; null when neither is set.
    nameKey: text('name_key').generatedAlwaysAs(
      sql`nullif(lower(coalesce(last_name, '') || ' ' || coalesce(first_name, '')), ' ')`,
    ),
    deletedAt: ts('deleted_at'),
    deletedBy: uuid('deleted_by'),
    deletionKind: text('deletion_kind'),
    deletionRootId: uuid('deletion_root_id'),
    deletionReason: text('deletion_reason'),
    deletionNote: text('deletion_note'),
    // Legal hold (PRODUCT.md §6): while placed, the patient and its records are neither deleted nor
    // removed, and a deleted one has no expiry.
    holdReason: text('hold_reason'),
    holdPlacedAt: ts('hold_placed_at'),
    holdPlacedBy: uuid('hold_placed_by'),
    // The patient's effective tag ids, sorted: its tag set, counted in account_tag_sets.
    effectiveTagSet: uuid('effective_tag_set').array().notNull().default(sql`'{}'::uuid[]`),
  },
  (t) => {
    const active = sql`${t.deletedAt} is null`;
    const searchCarried = [t.id, t.nameKey, t.lastAppointmentAt, t.lastModifiedAt];
    return [
      uniqueIndex('patients_unique_id_active').on(t.accountId, t.uniqueId).where(active),
      // Also holds what a search tests (both names lowered, then the plain columns, without which
      // PostgreSQL would not read it alone): a frequent word's page walks this order and tests each
      // patient here, without the table (services/patients/search-page.ts). After the unique id, the
      // extra columns change no order.
      index('patients_by_modified')
        .on(
          t.accountId,
          t.lastModifiedAt,
          t.id,
          sql`(lower(${t.lastName}) collate "C")`,
          sql`(lower(${t.firstName}) collate "C")`,
          t.uniqueId,
          t.firstName,
          t.lastName,
        )
        .where(active),
      // Unique IDs are compared bytewise (C collation) so one index serves both sorting and prefix search.
      // The three search indexes carry the three searched columns, the id and the sort keys, so that
      // a search's page of ids and its exact total come from the indexes alone (index-only scans).
      index('patients_by_unique_id')
        .on(t.accountId, sql`${t.uniqueId} collate "C"`, t.firstName, t.lastName, ...searchCarried)
        .where(active),
      index('patients_by_name_asc').on(t.accountId, t.nameKey.asc().nullsLast(), t.id.asc()).where(active),
      index('patients_by_name_desc').on(t.accountId, t.nameKey.desc().nullsLast(), t.id.desc()).where(active),
      index('patients_by_appointment_asc')
        .on(t.accountId, t.lastAppointmentAt.asc().nullsLast(), t.id.asc())
        .where(active),
      index('patients_by_appointment_desc')
        .on(t.accountId, t.lastAppointmentAt.desc().nullsLast(), t.id.desc())
        .where(active),
      // Name prefixes: lower() as everywhere, its result compared bytewise, so a prefix is a range.
      // Each also holds the other name lowered: the other words of a search are then tested on
      // values stored in the index, without calling lower() for every row. The plain names are
      // there too: without them PostgreSQL would not read these indexes alone (index-only).
      index('patients_first_name_prefix')
        .on(
          t.accountId,
          sql`(lower(${t.firstName}) collate "C")`,
          sql`(lower(${t.lastName}) collate "C")`,
          t.firstName,
          t.lastName,
          t.uniqueId,
          ...searchCarried,
        )
        .where(active),
      index('patients_last_name_prefix')
        .on(
          t.accountId,
          sql`(lower(${t.lastName}) collate "C")`,
          sql`(lower(${t.firstName}) collate "C")`,
          t.lastName,
          t.firstName,
          t.uniqueId,
          ...searchCarried,
        )
        .where(active),
      index('patients_by_images').on(t.accountId, t.imageCount).where(active),
      index('patients_by_entries').on(t.accountId, t.entryCount).where(active),
      index('patients_deleted').on(t.accountId, t.deletedAt).where(sql`${t.deletedAt} is not null`),
    ];
  },
);

/**
 * The number of active (not deleted) patients of each account, for the exact total of an unfiltered
 * patient list without counting a million rows. Kept by triggers on patients in the same
 * transaction as every insert, soft deletion, restore and removal (migration 0001_patient_list).
 */
export const accountPatientCounts = pgTable('account_patient_counts', {
  accountId: uuid('account_id')
    .primaryKey()
    .references(() => accounts.id, { onDelete: 'cascade' }),
  active: integer('active').notNull().default(0),
});

/** One row per version of a patient, entry or image, written in the same transaction as the change. */
/**
 * How many active patients of an account have exactly this set of effective tags. A tag filter's
 * exact total is the sum over the sets that hold all (or any) of its tags: a few thousand rows at
 * most, however many patients. Kept by triggers on patients (migration 0004_tag_sets).
 */
export const accountTagSets = pgTable(
  'account_tag_sets',
  {
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    tagIds: uuid('tag_ids').array().notNull(),
    patients: integer('patients').notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.tagIds] })],
);

export const recordVersions = pgTable(
  'record_versions',
  {
    recordType: text('record_type').notNull(),
    recordId: uuid('record_id').notNull(),
    version: integer('version').notNull(),
    accountId: uuid('account_id').notNull(),
    patientId: uuid('patient_id'),
    operation: text('operation').notNull(),
    data: jsonb('data').notNull(),
    changedAt: ts('changed_at').notNull(),
    changedBy: uuid('changed_by'),
  },
  (t) => [primaryKey({ columns: [t.recordType, t.recordId, t.version] })],
);

export const tagCategories = pgTable(
  'tag_categories',
  {
    id: uuid('id').primaryKey(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    name: text('name').notNull(),
    color: text('color').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [uniqueIndex('tag_categories_name').on(t.accountId, sql`lower(${t.name})`)],
);

export const tags = pgTable(
  'tags',
  {
    id: uuid('id').primaryKey(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    categoryId: uuid('category_id')
      .notNull()
      .references(() => tagCategories.id),
    name: text('name').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [uniqueIndex('tags_name').on(t.accountId, t.categoryId, sql`lower(${t.name})`)],
);

/** Tags put on a patient directly. */
export const patientTags = pgTable(
  'patient_tags',
  {
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id, { onDelete: 'cascade' }),
    tagId: uuid('tag_id')
      .notNull()
      .references(() => tags.id, { onDelete: 'cascade' }),
    accountId: uuid('account_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.patientId, t.tagId] }), index('patient_tags_tag').on(t.tagId)],
);

/**
 * A patient's effective tags (own + those of its active entries and images), kept current by
 * services/effective-tags.ts in the same transaction as any change that moves them, so the
 * patient-database tag filter is one indexed lookup. Only active patients have rows here: triggers
 * (migration 0001_patient_list) refuse rows of a deleted patient or of another account and remove
 * a patient's rows when it is soft-deleted (a restore recomputes them with refreshEffectiveTags),
 * so a tag filter's total is counted from this table's index alone.
 */
export const patientEffectiveTags = pgTable(
  'patient_effective_tags',
  {
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id, { onDelete: 'cascade' }),
    tagId: uuid('tag_id')
      .notNull()
      .references(() => tags.id, { onDelete: 'cascade' }),
    accountId: uuid('account_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.patientId, t.tagId] }),
    index('patient_effective_tags_tag').on(t.accountId, t.tagId, t.patientId),
  ],
);
