import { inArray, sql } from 'drizzle-orm';
import { type Db, together } from '../../db/client.ts';
import { type patients, patientTags } from '../../db/schema.ts';
import { consentStatuses } from '../consent/consent-status.ts';
import { readSettings } from '../settings.ts';

export type PatientRow = typeof patients.$inferSelect;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The patient as the API shows it; also the snapshot stored in each version. */
export interface ConsentSummary {
  status: 'none' | 'active' | 'revoked';
  level: 'disabled' | 'advisory' | 'required';
  /** True when the web app must show the consent banner (advisory or required, no active consent). */
  banner: boolean;
}

export function presentPatient(
  p: PatientRow,
  tagIds: string[],
  effectiveTagIds: string[],
  consent: ConsentSummary,
) {
  return {
    id: p.id,
    uniqueId: p.uniqueId,
    version: p.version,
    firstName: p.firstName,
    lastName: p.lastName,
    dateOfBirth: p.dateOfBirth,
    sex: p.sex,
    email: p.email,
    phone: p.phone,
    address: p.address,
    note: p.note,
    tagIds,
    effectiveTagIds,
    imageCount: p.imageCount,
    entryCount: p.entryCount,
    lastAppointmentAt: iso(p.lastAppointmentAt),
    lastModifiedAt: p.lastModifiedAt.toISOString(),
    createdAt: p.createdAt.toISOString(),
    consent,
    hold: p.holdPlacedAt
      ? { reason: p.holdReason ?? '', placedAt: p.holdPlacedAt.toISOString(), placedBy: p.holdPlacedBy }
      : null,
  };
}
export type PresentedPatient = ReturnType<typeof presentPatient>;

/**
 * Presents a page of patients with one query for all their own tags, not one per patient; the
 * effective tags are the row's sorted tag set (kept with patient_effective_tags, for active patients).
 */
export async function presentPatients(db: Db, rows: PatientRow[]): Promise<PresentedPatient[]> {
  const ids = rows.map((r) => r.id);
  if (ids.length === 0) return [];
  const [own, statuses, settings] = await together(db, [
    () => db.select().from(patientTags).where(inArray(patientTags.patientId, ids)),
    () => consentStatuses(db, ids),
    () => readSettings(db),
  ]);
  const level = settings.consentLevel;
  const consentOf = (id: string): ConsentSummary => {
    const status = statuses.get(id) ?? 'none';
    return { status, level, banner: level !== 'disabled' && status !== 'active' };
  };
  const group = (list: { patientId: string; tagId: string }[]) => {
    const m = new Map<string, string[]>();
    for (const t of list) m.set(t.patientId, [...(m.get(t.patientId) ?? []), t.tagId]);
    for (const v of m.values()) v.sort();
    return m;
  };
  const ownBy = group(own);
  return rows.map((r) =>
    presentPatient(r, ownBy.get(r.id) ?? [], r.deletedAt ? [] : r.effectiveTagSet, consentOf(r.id)),
  );
}

/**
 * What presenting a patient needs beyond its row, as columns of the statement that reads the rows:
 * its own tags, whether its latest consent event is a revocation (null: none recorded) and the
 * deployment's consent level. A page of patients is then one statement, not four.
 */
// Qualified by hand: inside a selected expression Drizzle names a column without its table, and
// "id" would then be the subquery's own.
const patientId = sql.raw('"patients"."id"');
export const presentationColumns = {
  ownTagIds: sql<
    string[]
  >`coalesce((select array_agg(pt.tag_id::text order by pt.tag_id) from patient_tags pt where pt.patient_id = ${patientId}), '{}'::text[])`,
  consentRevoked: sql<
    boolean | null
  >`(select c.revoked_at is not null from consents c where c.patient_id = ${patientId} order by c.recorded_at desc limit 1)`,
  consentLevel: sql<string | null>`(select s.consent_level from settings s where s.id = 1)`,
};

export type PatientRowWithPresentation = PatientRow & {
  ownTagIds: string[];
  consentRevoked: boolean | null;
  consentLevel: string | null;
};

/** Presents rows read with presentationColumns, without another query (the settings row aside). */
export async function presentPatientRows(db: Db, rows: PatientRowWithPresentation[]) {
  if (rows.length === 0) return [];
  // The settings row is created on first read; without it, readSettings makes it.
  const level = (rows[0]?.consentLevel ?? (await readSettings(db)).consentLevel) as ConsentSummary['level'];
  return rows.map((r) => {
    const status = r.consentRevoked === null ? 'none' : r.consentRevoked ? 'revoked' : 'active';
    const consent = { status, level, banner: level !== 'disabled' && status !== 'active' } as const;
    return presentPatient(r, r.ownTagIds, r.deletedAt ? [] : r.effectiveTagSet, consent);
  });
}

/** The fields kept in a version snapshot: what a person typed, not what the server computes. */
export function snapshot(p: PresentedPatient): Record<string, unknown> {
  const {
    imageCount: _i,
    entryCount: _e,
    lastAppointmentAt: _l,
    effectiveTagIds: _t,
    consent: _c,
    ...rest
  } = p;
  return rest;
}
