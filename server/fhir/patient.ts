import type { HumanName, Patient } from '@medplum/fhirtypes';
import { count, sql } from 'drizzle-orm';
import { patientCreateBody, patientPatchBody } from '../../shared/schemas/patients.ts';
import { patients } from '../db/schema.ts';
import { deletePatientPhrase } from '../domain/confirmation.ts';
import { requireAccount } from '../services/access.ts';
import { deletePatient } from '../services/lifecycle/delete-patient.ts';
import { createPatient } from '../services/patients/create-patient.ts';
import { findPatient } from '../services/patients/find.ts';
import { getPatient } from '../services/patients/get-patient.ts';
import { patientHistory, patientVersion } from '../services/patients/patient-history.ts';
import { presentPatients } from '../services/patients/present.ts';
import { updatePatient } from '../services/patients/update-patient.ts';
import { historyItem } from './bundle.ts';
import { extraAt, extraIn, extrasOf, latestExtras, saveExtra } from './extras.ts';
import { birthDateField, joinPatient } from './lossless.ts';
import { resourceBody, validated } from './params.ts';
import { patientParams, patientScope } from './search/patient-params.ts';
import { runTableSearch } from './search/run.ts';
import type { TableSearch } from './search/types.ts';
import { meta, SYSTEM, tagCodings, tagIdsOf } from './systems.ts';
import type { Call, ResourceHandler, StoredVersion } from './types.ts';

/** The fields of a patient (current or a version's snapshot) that the mapping reads. */
interface PatientFields {
  id: string;
  uniqueId: string;
  version: number;
  firstName?: string | null;
  lastName?: string | null;
  dateOfBirth?: string | null;
  sex?: string | null;
  email?: string | null;
  phone?: string | null;
  address?: string | null;
  note?: string | null;
  tagIds?: string[];
  lastModifiedAt?: string;
}

export function toPatient(p: PatientFields, tags: Map<string, string>, lastUpdated?: string): Patient {
  const name: HumanName[] =
    p.firstName || p.lastName
      ? [
          {
            use: 'official',
            ...(p.lastName ? { family: p.lastName } : {}),
            ...(p.firstName ? { given: [p.firstName] } : {}),
          },
        ]
      : [];
  const telecom = [
    ...(p.email ? [{ system: 'email' as const, value: p.email }] : []),
    ...(p.phone ? [{ system: 'phone' as const, value: p.phone }] : []),
  ];
  return {
    resourceType: 'Patient',
    id: p.id,
    meta: meta(p.version, lastUpdated ?? p.lastModifiedAt ?? '', tagCodings(p.tagIds ?? [], tags)),
    identifier: [{ system: SYSTEM.uniqueId, value: p.uniqueId }],
    ...(name.length ? { name } : {}),
    ...(telecom.length ? { telecom } : {}),
    ...(p.sex ? { gender: p.sex as Patient['gender'] } : {}),
    ...(p.dateOfBirth ? { birthDate: p.dateOfBirth } : {}),
    ...(p.address ? { address: [{ text: p.address }] } : {}),
    ...(p.note ? { extension: [{ url: SYSTEM.patientNote, valueString: p.note }] } : {}),
  };
}

/**
 * A Patient resource as the API's patient fields. Every mapped field is given (null when absent),
 * so an update replaces them as FHIR's update does; the note and the tags change only when the
 * resource carries them (their extension, meta.tag).
 */
function fromPatient(r: Patient) {
  const uniqueId = r.identifier?.find((i) => i.system === SYSTEM.uniqueId)?.value;
  const name = r.name?.find((n) => n.use === 'official') ?? r.name?.[0];
  const address = r.address?.[0];
  const addressText =
    address?.text ??
    ([...(address?.line ?? []), address?.postalCode, address?.city, address?.country]
      .filter(Boolean)
      .join(', ') ||
      null);
  const note = r.extension?.find((e) => e.url === SYSTEM.patientNote);
  const tagIds = tagIdsOf(r.meta);
  return {
    ...(uniqueId !== undefined ? { uniqueId } : {}),
    firstName: name?.given?.join(' ') || null,
    lastName: name?.family || null,
    dateOfBirth: birthDateField(r.birthDate),
    sex: r.gender ?? null,
    email: r.telecom?.find((t) => t.system === 'email')?.value ?? null,
    phone: r.telecom?.find((t) => t.system === 'phone')?.value ?? null,
    address: addressText,
    ...(note ? { note: note.valueString ?? null } : {}),
    ...(tagIds ? { tagIds } : {}),
  };
}

/** Keeps what the write carried with the version it made, and answers the resource as read. */
async function written(call: Call, p: PatientFields, r: Patient): Promise<Patient> {
  const extra = await saveExtra(call.ctx.db, 'patient', p.id, p.version, r);
  return joinPatient(toPatient(p, await call.tags()), extra);
}

/** Patient search over the patients table, sorted by unique ID unless `_sort` says otherwise. */
export const patientTable: TableSearch = {
  params: patientParams,
  scope: patientScope,
  defaultSort: [sql`${patients.uniqueId}`],
  idColumn: sql`${patients.id}`,
  async count(db, where) {
    const [row] = await db.select({ n: count() }).from(patients).where(where);
    return row?.n ?? 0;
  },
  async page(call, where, order, limit, offset) {
    const rows = await call.ctx.db
      .select()
      .from(patients)
      .where(where)
      .orderBy(...order)
      .limit(limit)
      .offset(offset);
    const ids = rows.map((r) => r.id);
    const [presented, tags, extras] = await Promise.all([
      presentPatients(call.ctx.db, rows),
      call.tags(),
      latestExtras(call.ctx.db, 'patient', ids),
    ]);
    return presented.map((p) => joinPatient(toPatient(p, tags), extras.get(p.id)));
  },
};

async function patientItems(call: Call, id: string, versions: StoredVersion[]) {
  const [tags, extras] = await Promise.all([call.tags(), extrasOf(call.ctx.db, 'patient', id)]);
  return versions.map((v) => {
    const base = toPatient(
      { ...(v.data as unknown as PatientFields), id, version: v.version },
      tags,
      v.changedAt,
    );
    return historyItem(v, joinPatient(base, extraIn(extras, v.version)));
  });
}

export const patientHandler: ResourceHandler = {
  type: 'Patient',
  expunge: true,
  search: { params: patientParams, run: (call, q) => runTableSearch(patientTable, call, q) },
  async read(call, id) {
    const p = await getPatient(call.ctx, call.actor, id);
    return joinPatient(toPatient(p, await call.tags()), await extraAt(call.ctx.db, 'patient', id, p.version));
  },
  recordType: 'patient',
  async history(call, id) {
    return patientItems(call, id, (await patientHistory(call.ctx, call.actor, id)).items);
  },
  historyItems: patientItems,
  async version(call, id, version) {
    const v = await patientVersion(call.ctx, call.actor, id, version);
    const data = { ...(v.data as unknown as PatientFields), id, version: v.version };
    const extra = await extraAt(call.ctx.db, 'patient', id, v.version);
    return historyItem(v, joinPatient(toPatient(data, await call.tags(), v.changedAt), extra));
  },
  async create(call, body) {
    const r = resourceBody<Patient>(body, 'Patient');
    const input = validated(patientCreateBody, fromPatient(r));
    return written(call, await createPatient(call.ctx, call.actor, input), r);
  },
  async update(call, id, body, ifMatch) {
    const r = resourceBody<Patient>(body, 'Patient');
    const patch = validated(patientPatchBody, fromPatient(r));
    return written(call, await updatePatient(call.ctx, call.actor, id, patch, ifMatch), r);
  },
  async remove(call, id) {
    // The DELETE interaction is itself the deliberate act: the facade supplies the typed phrase.
    const accountId = requireAccount(call.actor, 'records.delete');
    const row = await findPatient(call.ctx.db, accountId, id);
    const phrase = row ? deletePatientPhrase(row.uniqueId) : undefined;
    const result = await deletePatient(
      call.ctx,
      call.deps.storage,
      call.actor,
      id,
      phrase,
      fhirDeletion('Patient'),
    );
    return deletionText('Patient', result);
  },
};

/**
 * FHIR's DELETE carries no body, so a deletion through it records reason `other` with a note that
 * says where it came from (docs/API-NOTES.md).
 */
export const fhirDeletion = (type: string) =>
  ({ reason: 'other', reasonNote: `Deleted through FHIR (DELETE ${type}).` }) as const;

/** What a deletion did, in words, for the OperationOutcome of DELETE. */
export function deletionText(
  type: string,
  r: { policy: string; expiresAt: string | null; deleted: Record<string, number> },
) {
  const counts = Object.entries(r.deleted)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
  const until = r.expiresAt ? `recoverable until ${r.expiresAt}` : 'removed for good';
  return `${type} deleted under the ${r.policy} policy (${counts}); ${until}.`;
}
