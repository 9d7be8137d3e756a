import type { Coding, Meta } from '@medplum/fhirtypes';

// Identifiers, codes and extensions that only Vellum defines. URNs: they name things and are
// never fetched, so they need no web site behind them.
export const SYSTEM = {
  uniqueId: 'urn:vellum:patient-unique-id',
  tag: 'urn:vellum:tag',
  user: 'urn:vellum:user',
  auditAction: 'urn:vellum:audit-action',
  consentMethod: 'urn:vellum:consent-method',
  patientNote: 'urn:vellum:patient-note',
  entryNotes: 'urn:vellum:entry-notes',
  lesionStatus: 'urn:vellum:lesion-status',
  imageModality: 'urn:vellum:image-modality',
} as const;

/** Tag ids to meta.tag codings, with the tag's name when known. */
export function tagCodings(tagIds: string[], names: Map<string, string>): Coding[] {
  return tagIds.map((id) => ({ system: SYSTEM.tag, code: id, display: names.get(id) }));
}

/** Vellum tag ids named by meta.tag; undefined when the resource carries no meta.tag at all. */
export function tagIdsOf(meta: Meta | undefined): string[] | undefined {
  if (!meta?.tag) return undefined;
  return meta.tag.filter((c) => c.system === SYSTEM.tag && c.code).map((c) => c.code as string);
}

export function meta(version: number, lastUpdated: string, tags?: Coding[]): Meta {
  return { versionId: String(version), lastUpdated, ...(tags?.length ? { tag: tags } : {}) };
}

/** A user (physician, recorder, actor) as a logical reference: Practitioner is not served. */
export const userReference = (userId: string | null | undefined, display?: string | null) =>
  userId
    ? { identifier: { system: SYSTEM.user, value: userId }, ...(display ? { display } : {}) }
    : undefined;

/** The id of "Patient/{id}" (or a bare id); undefined for anything else. */
export function patientIdOf(reference: string | undefined): string | undefined {
  if (!reference) return undefined;
  const m = /^(?:.*\/)?(?:Patient\/)?([^/]+)$/.exec(reference);
  if (reference.includes('/') && !/(^|\/)Patient\/[^/]+$/.test(reference)) return undefined;
  return m?.[1];
}

/**
 * Extensions Vellum defines for FHIR elements, named under the deployment's own FHIR base so that
 * each deployment's definitions are its own (docs/FHIR.md describes them).
 */
export const extensionUrl = {
  /** On Media: the lesion (BodyStructure) the image shows. */
  mediaLesion: (base: string) => `${base}/StructureDefinition/media-lesion`,
  /** On BodyStructure: the lesion's status (monitoring, biopsied, excised, resolved). */
  lesionStatus: (base: string) => `${base}/StructureDefinition/lesion-status`,
};
