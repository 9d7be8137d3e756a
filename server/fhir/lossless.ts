import type { Encounter, Extension, Identifier, Patient } from '@medplum/fhirtypes';
import { type Extra, joined } from './extras.ts';
import { SYSTEM } from './systems.ts';

// How a read joins Vellum's fields with the elements the last FHIR write carried (extras.ts).

/** Patient elements Vellum's fields hold: after a change elsewhere they are Vellum's. */
const PATIENT_MAPPED = ['name', 'telecom', 'gender', 'birthDate', 'address'] as const;
/** Encounter elements Vellum's fields hold. */
const ENCOUNTER_MAPPED = ['subject', 'period', 'participant'] as const;

const FULL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Vellum's extension (note, notes) is always the current field; others are as written. */
function withOwnExtension(out: { extension?: Extension[] }, base: { extension?: Extension[] }, url: string) {
  const others = (out.extension ?? []).filter((e) => e.url !== url);
  const own = (base.extension ?? []).filter((e) => e.url === url);
  const extension = [...others, ...own];
  if (extension.length) out.extension = extension;
  else delete out.extension;
}

export function joinPatient(base: Patient, extra: Extra | undefined): Patient {
  if (!extra) return base;
  const out = joined(base, extra, PATIENT_MAPPED);
  // The unique ID is Vellum's (lower-cased); the other identifiers are as written.
  const unique = base.identifier?.[0] as Identifier;
  const written = (extra.resource.identifier as Identifier[] | undefined) ?? [];
  const at = written.findIndex((i) => i.system === SYSTEM.uniqueId);
  out.identifier =
    at < 0 ? [unique, ...written] : written.map((i, n) => (n === at ? { ...i, value: unique.value } : i));
  withOwnExtension(out, base, SYSTEM.patientNote);
  // A partial birth date has no Vellum field: it stays until a full date is set.
  const birthDate = extra.resource.birthDate;
  if (!base.birthDate && typeof birthDate === 'string' && !FULL_DATE.test(birthDate))
    out.birthDate = birthDate;
  return out;
}

export function joinEncounter(base: Encounter, extra: Extra | undefined): Encounter {
  if (!extra) return base;
  const out = joined(base, extra, ENCOUNTER_MAPPED);
  withOwnExtension(out, base, SYSTEM.entryNotes);
  const written = extra.resource.period as Encounter['period'];
  if (written && out.period !== written) out.period = { ...written, start: base.period?.start };
  return out;
}

/** A FHIR dateTime of any precision as the instant it starts at (a time without zone is UTC). */
export function instantOf(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(value);
  if (!m) return value;
  return `${m[1]}-${m[2] ?? '01'}-${m[3] ?? '01'}T00:00:00Z`;
}

/** A birth date for Vellum's field: a partial one (YYYY, YYYY-MM) is kept with the extras only. */
export const birthDateField = (value: string | undefined) =>
  value === undefined || /^\d{4}(-\d{2})?$/.test(value) ? null : value;
