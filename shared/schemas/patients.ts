import { z } from 'zod';
import { BODY_REGIONS } from '../body-map.ts';
import { rangeEnd, rangeStart } from '../time-range.ts';
import { idList, idSchema, isoTime, pageQuery } from './common.ts';
import { LESION_STATUS_VALUES } from './lesions.ts';

const text = (max: number) => z.string().trim().max(max);
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use the form YYYY-MM-DD.')
  .refine(
    (s) =>
      !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    'Not a calendar date.',
  );

export const SEX_VALUES = ['female', 'male', 'other', 'unknown'] as const;

/** The editable fields; null clears a field on update. */
const patientFields = {
  firstName: text(100).nullable(),
  lastName: text(100).nullable(),
  dateOfBirth: isoDate.nullable(),
  sex: z.enum(SEX_VALUES).nullable(),
  email: z.email().max(254).nullable(),
  phone: z
    .string()
    .trim()
    .max(40)
    .regex(/^[0-9+()\-. ]*$/, 'Use digits, spaces and + ( ) - . only.')
    .nullable(),
  address: text(500).nullable(),
  note: text(5000).nullable(),
  tagIds: z.array(idSchema).max(100),
};

export const patientCreateBody = z.strictObject({
  uniqueId: z.string().max(64),
  ...Object.fromEntries(Object.entries(patientFields).map(([k, v]) => [k, v.optional()])),
}) as z.ZodType<PatientCreate>;

export const patientPatchBody = z.strictObject({
  uniqueId: z.string().max(64).optional(),
  ...Object.fromEntries(Object.entries(patientFields).map(([k, v]) => [k, v.optional()])),
}) as z.ZodType<PatientPatch>;

type Fields = { [K in keyof typeof patientFields]?: z.infer<(typeof patientFields)[K]> };
export type PatientCreate = Fields & { uniqueId: string };
export type PatientPatch = Fields & { uniqueId?: string };

export const consentSummary = z.object({
  status: z.enum(['none', 'active', 'revoked']),
  level: z.enum(['disabled', 'advisory', 'required']),
  banner: z
    .boolean()
    .describe('show the consent banner: the level is advisory or required and no consent is active'),
});

export const patientSchema = z.object({
  id: idSchema,
  uniqueId: z.string(),
  version: z.number().int(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  dateOfBirth: z.string().nullable(),
  sex: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  address: z.string().nullable(),
  note: z.string().nullable(),
  tagIds: z.array(idSchema),
  effectiveTagIds: z.array(idSchema),
  imageCount: z.number().int(),
  entryCount: z.number().int(),
  lastAppointmentAt: isoTime.nullable(),
  lastModifiedAt: isoTime,
  createdAt: isoTime,
  consent: consentSummary,
  hold: z
    .object({ reason: z.string(), placedAt: isoTime, placedBy: idSchema.nullable() })
    .nullable()
    .describe('the legal hold on the patient, if one is placed: no deletion, no expiry while it lasts'),
});

export const PATIENT_SORTS = ['lastModified', 'lastAppointment', 'uniqueId', 'name'] as const;

const count = z.coerce.number().int().min(0).max(1_000_000_000);
// ISO only: Date.parse would take "2026-02-30" as March 2nd and "March 5" as a year-2001 date.
const dateOrTime = z.union([z.iso.date(), z.iso.datetime({ offset: true })], {
  error: 'Use an ISO date or time.',
});
// Record ids are UUIDs: anything else names no tag (and must not reach a uuid column as text).
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const tagIdList = idList.refine((ids) => ids.every((id) => UUID.test(id)), 'Unknown tag id.');

/** A comma-separated list of values from a fixed set, in a query string. */
const commaList = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .max(500)
    .transform((s) =>
      s
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(values)).min(1).max(values.length));

export const patientListQuery = z
  .object({
    q: z.string().trim().max(100).optional(),
    sort: z.enum(PATIENT_SORTS).default('lastModified'),
    order: z.enum(['asc', 'desc']).default('desc'),
    ...pageQuery,
    tags: tagIdList.optional(),
    tagMode: z.enum(['all', 'any']).default('all'),
    appointmentFrom: dateOrTime.transform(rangeStart).optional(),
    // A bare date as the upper bound includes that whole day; a time is an exact bound.
    appointmentTo: dateOrTime.transform(rangeEnd).optional(),
    minEntries: count.optional(),
    maxEntries: count.optional(),
    minImages: count.optional(),
    maxImages: count.optional(),
    // Field filters (used by the FHIR search): exact unique ID, name-word prefixes, birth-date range.
    uniqueId: z.string().trim().max(64).optional(),
    name: z.string().trim().max(100).optional(),
    birthDateFrom: isoDate.optional(),
    birthDateTo: isoDate.optional(),
    // Patients with an active lesion in any of these body-map regions and of any of these statuses.
    lesionRegion: commaList(BODY_REGIONS).optional(),
    lesionStatus: commaList(LESION_STATUS_VALUES).optional(),
  })
  .superRefine((q, ctx) => {
    const pairs: [keyof typeof q, keyof typeof q][] = [
      ['minEntries', 'maxEntries'],
      ['minImages', 'maxImages'],
      ['appointmentFrom', 'appointmentTo'],
      ['birthDateFrom', 'birthDateTo'],
    ];
    for (const [lo, hi] of pairs) {
      const a = q[lo];
      const b = q[hi];
      if (a !== undefined && b !== undefined && a > b) {
        ctx.addIssue({ code: 'custom', path: [hi], message: `Must not be before ${String(lo)}.` });
      }
    }
  });
export type PatientListQuery = z.infer<typeof patientListQuery>;

export const historyVersionSchema = z.object({
  version: z.number().int(),
  operation: z.string(),
  changedAt: isoTime,
  changedBy: idSchema.nullable(),
  changedByEmail: z
    .string()
    .nullable()
    .describe('e-mail of the user who made the change; null once that user was removed for good'),
  data: z.record(z.string(), z.unknown()),
});
export const historyResponse = z.object({ items: z.array(historyVersionSchema) });
export const versionParams = z.object({
  id: idSchema,
  version: z.coerce.number().int().min(1).max(1_000_000),
});
