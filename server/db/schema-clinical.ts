import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { accounts, patients, tags } from './schema.ts';

// Clinical records: entries (visits), the image pool and photography consent. Same rules as
// schema.ts: account_id everywhere, clock-written timestamps, deletion markers on the row.
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

const deletionMarkers = () => ({
  deletedAt: ts('deleted_at'),
  deletedBy: uuid('deleted_by'),
  deletionKind: text('deletion_kind'),
  deletionRootId: uuid('deletion_root_id'),
  // Why it was deleted (domain/lifecycle.ts DELETION_REASONS) and the deleting person's note.
  deletionReason: text('deletion_reason'),
  deletionNote: text('deletion_note'),
});

export interface ComparisonGroup {
  id: string;
  name: string;
  imageIds: string[];
}

export const entries = pgTable(
  'entries',
  {
    id: uuid('id').primaryKey(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    version: integer('version').notNull().default(1),
    appointmentAt: ts('appointment_at').notNull(),
    physicianId: uuid('physician_id'),
    notes: text('notes').notNull().default(''),
    /** Named, ordered groups of 2–4 workspace images; versioned with the entry. */
    comparisons: jsonb('comparisons').$type<ComparisonGroup[]>().notNull().default([]),
    /** Which collapsible sections are open, remembered per entry. */
    sections: jsonb('sections').$type<Record<string, boolean>>().notNull().default({}),
    createdAt: ts('created_at').notNull(),
    lastModifiedAt: ts('last_modified_at').notNull(),
    ...deletionMarkers(),
  },
  (t) => [
    index('entries_patient_active').on(t.patientId, t.appointmentAt).where(sql`${t.deletedAt} is null`),
    index('entries_deleted').on(t.accountId, t.deletedAt).where(sql`${t.deletedAt} is not null`),
    // Every entry of a patient, deleted or not: removing a patient checks its foreign key with it.
    index('entries_patient').on(t.patientId),
  ],
);

/**
 * A lesion followed across visits: its place on the body map (view and point, the region and the
 * patient's side found from them, a SNOMED CT site code) and its state. Images point at it.
 */
export const lesions = pgTable(
  'lesions',
  {
    id: uuid('id').primaryKey(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    // A patient removed for good takes its lesions with it, whichever path removes it.
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id, { onDelete: 'cascade' }),
    version: integer('version').notNull().default(1),
    label: text('label').notNull(),
    /** monitoring | biopsied | excised | resolved */
    status: text('status').notNull(),
    diagnosis: text('diagnosis').notNull().default(''),
    /** front | back */
    siteView: text('site_view').notNull(),
    /** The point as fractions of the view (0–1, from the top left). */
    siteX: doublePrecision('site_x').notNull(),
    siteY: doublePrecision('site_y').notNull(),
    siteRegion: text('site_region').notNull(),
    /** The patient's side: left | right | midline. */
    siteSide: text('site_side').notNull(),
    siteCode: text('site_code').notNull(),
    siteDescription: text('site_description').notNull().default(''),
    createdAt: ts('created_at').notNull(),
    createdBy: uuid('created_by'),
    lastModifiedAt: ts('last_modified_at').notNull(),
    ...deletionMarkers(),
  },
  (t) => [
    index('lesions_patient_active').on(t.patientId, t.createdAt).where(sql`${t.deletedAt} is null`),
    index('lesions_deleted').on(t.accountId, t.deletedAt).where(sql`${t.deletedAt} is not null`),
    index('lesions_patient').on(t.patientId),
    // The patient database's lesion filters: region and status, per account, active lesions only.
    index('lesions_filter')
      .on(t.accountId, t.siteRegion, t.status, t.patientId)
      .where(sql`${t.deletedAt} is null`),
    index('lesions_filter_status').on(t.accountId, t.status, t.patientId).where(sql`${t.deletedAt} is null`),
    check('lesions_status', sql`${t.status} in ('monitoring', 'biopsied', 'excised', 'resolved')`),
    check('lesions_site_view', sql`${t.siteView} in ('front', 'back')`),
    check('lesions_site_point', sql`${t.siteX} between 0 and 1 and ${t.siteY} between 0 and 1`),
  ],
);

export const images = pgTable(
  'images',
  {
    id: uuid('id').primaryKey(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    version: integer('version').notNull().default(1),
    caption: text('caption').notNull().default(''),
    /** The uploaded name, cleaned of any path; shown to people, never used as a storage path. */
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    byteSize: bigint('byte_size', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    /** SHA-256 of the stored preview and thumbnail (null for images stored before they were kept). */
    previewSha256: text('preview_sha256'),
    thumbnailSha256: text('thumbnail_sha256'),
    capturedAt: ts('captured_at'),
    uploadedAt: ts('uploaded_at').notNull(),
    uploadedBy: uuid('uploaded_by'),
    /** Storage keys chosen by the server. */
    originalKey: text('original_key').notNull(),
    previewKey: text('preview_key').notNull(),
    thumbnailKey: text('thumbnail_key').notNull(),
    lastModifiedAt: ts('last_modified_at').notNull(),
    /** overview | clinical | dermoscopic: images are compared only with images taken the same way. */
    modality: text('modality').notNull().default('clinical'),
    /** The lesion this image shows, if any; unlinked (not deleted) when the lesion is. */
    lesionId: uuid('lesion_id').references(() => lesions.id, { onDelete: 'set null' }),
    ...deletionMarkers(),
  },
  (t) => [
    index('images_lesion').on(t.lesionId).where(sql`${t.lesionId} is not null`),
    check('images_modality', sql`${t.modality} in ('overview', 'clinical', 'dermoscopic')`),
    index('images_patient_active').on(t.patientId, t.uploadedAt).where(sql`${t.deletedAt} is null`),
    index('images_deleted').on(t.accountId, t.deletedAt).where(sql`${t.deletedAt} is not null`),
    // Every image of a patient, deleted or not: removing a patient checks its foreign key with it.
    index('images_patient').on(t.patientId),
  ],
);

export const entryTags = pgTable(
  'entry_tags',
  {
    entryId: uuid('entry_id')
      .notNull()
      .references(() => entries.id, { onDelete: 'cascade' }),
    tagId: uuid('tag_id')
      .notNull()
      .references(() => tags.id, { onDelete: 'cascade' }),
    accountId: uuid('account_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.entryId, t.tagId] }), index('entry_tags_tag').on(t.tagId)],
);

export const lesionTags = pgTable(
  'lesion_tags',
  {
    lesionId: uuid('lesion_id')
      .notNull()
      .references(() => lesions.id, { onDelete: 'cascade' }),
    tagId: uuid('tag_id')
      .notNull()
      .references(() => tags.id, { onDelete: 'cascade' }),
    accountId: uuid('account_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.lesionId, t.tagId] }), index('lesion_tags_tag').on(t.tagId)],
);

export const imageTags = pgTable(
  'image_tags',
  {
    imageId: uuid('image_id')
      .notNull()
      .references(() => images.id, { onDelete: 'cascade' }),
    tagId: uuid('tag_id')
      .notNull()
      .references(() => tags.id, { onDelete: 'cascade' }),
    accountId: uuid('account_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.imageId, t.tagId] }), index('image_tags_tag').on(t.tagId)],
);

/** The images an entry works with, in order; one image may sit in several entries' workspaces. */
export const workspaceImages = pgTable(
  'workspace_images',
  {
    entryId: uuid('entry_id')
      .notNull()
      .references(() => entries.id, { onDelete: 'cascade' }),
    imageId: uuid('image_id')
      .notNull()
      .references(() => images.id, { onDelete: 'cascade' }),
    accountId: uuid('account_id').notNull(),
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.entryId, t.imageId] }), index('workspace_images_image').on(t.imageId)],
);

export const consents = pgTable(
  'consents',
  {
    id: uuid('id').primaryKey(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    /** signature | verbal | written | other */
    method: text('method').notNull(),
    signatureKey: text('signature_key'),
    note: text('note'),
    recordedBy: uuid('recorded_by'),
    recordedAt: ts('recorded_at').notNull(),
    revokedAt: ts('revoked_at'),
    revokedBy: uuid('revoked_by'),
    revokeNote: text('revoke_note'),
  },
  (t) => [index('consents_patient').on(t.patientId, t.recordedAt)],
);
