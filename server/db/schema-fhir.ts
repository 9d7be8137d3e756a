import { integer, jsonb, pgTable, primaryKey, uuid } from 'drizzle-orm/pg-core';
import { patients } from './schema.ts';
import { entries } from './schema-clinical.ts';

// What a FHIR write carried, kept per version beside the record so that reading it back gives
// the elements Vellum has no field for (a second name, maritalStatus, Encounter status, ...).
// Removing a record removes these rows with it (cascade), as expunge and cleanup require.

export const patientFhirExtras = pgTable(
  'patient_fhir_extras',
  {
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id, { onDelete: 'cascade' }),
    /** The patient's version this resource was written as. */
    version: integer('version').notNull(),
    /** The written resource without id, meta and text. */
    resource: jsonb('resource').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.patientId, t.version] })],
);

export const entryFhirExtras = pgTable(
  'entry_fhir_extras',
  {
    entryId: uuid('entry_id')
      .notNull()
      .references(() => entries.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    resource: jsonb('resource').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.entryId, t.version] })],
);
