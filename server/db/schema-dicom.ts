import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { accounts } from './schema.ts';

// DICOM: the PACS endpoints a super administrator configures for an account, the deployment's UID
// namespace, and what was sent where (docs/DICOM.md).
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** One row: the UUID the deployment's default DICOM UIDs are derived from (2.25 scheme). */
export const dicomDeployment = pgTable('dicom_deployment', {
  id: integer('id').primaryKey().default(1),
  namespace: uuid('namespace').notNull(),
  createdAt: ts('created_at').notNull(),
});

/** A DICOMweb service (STOW-RS, QIDO-RS) the account's clinicians may send to. */
export const dicomEndpoints = pgTable(
  'dicom_endpoints',
  {
    id: uuid('id').primaryKey(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    name: text('name').notNull(),
    baseUrl: text('base_url').notNull(),
    /** none | basic | bearer */
    authKind: text('auth_kind').notNull().default('none'),
    username: text('username'),
    /** The basic password or the bearer token; never returned by any read. */
    secret: text('secret'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [uniqueIndex('dicom_endpoints_name').on(t.accountId, t.name)],
);

/**
 * What was sent where: one row per instance and endpoint, kept when the image, its patient or the
 * endpoint is deleted or removed (no foreign keys to them), because the PACS keeps its copy.
 */
export const dicomSends = pgTable(
  'dicom_sends',
  {
    id: uuid('id').primaryKey(),
    accountId: uuid('account_id').notNull(),
    patientId: uuid('patient_id').notNull(),
    imageId: uuid('image_id').notNull(),
    entryId: uuid('entry_id'),
    endpointId: uuid('endpoint_id').notNull(),
    endpointName: text('endpoint_name').notNull(),
    baseUrl: text('base_url').notNull(),
    studyInstanceUid: text('study_instance_uid').notNull(),
    sopInstanceUid: text('sop_instance_uid').notNull(),
    firstSentAt: ts('first_sent_at').notNull(),
    lastSentAt: ts('last_sent_at').notNull(),
    sentBy: uuid('sent_by'),
  },
  (t) => [
    uniqueIndex('dicom_sends_instance').on(t.endpointId, t.sopInstanceUid),
    index('dicom_sends_image').on(t.imageId),
    index('dicom_sends_patient').on(t.patientId),
  ],
);
