import type { HumanName, Patient } from '@medplum/fhirtypes';
import {
  type PatientListQuery,
  patientCreateBody,
  patientListQuery,
  patientPatchBody,
} from '../../shared/schemas/patients.ts';
import { deletePatientPhrase } from '../domain/confirmation.ts';
import { requireAccount } from '../services/access.ts';
import { deletePatient } from '../services/lifecycle/delete-patient.ts';
import { createPatient } from '../services/patients/create-patient.ts';
import { findPatient } from '../services/patients/find.ts';
import { getPatient } from '../services/patients/get-patient.ts';
import { listPatients } from '../services/patients/list-patients.ts';
import { patientHistory, patientVersion } from '../services/patients/patient-history.ts';
import { updatePatient } from '../services/patients/update-patient.ts';
import { birthDateRange } from './birthdate.ts';
import { historyItem } from './bundle.ts';
import { first, resourceBody, validated } from './params.ts';
import { meta, SYSTEM, tagCodings, tagIdsOf } from './systems.ts';
import type { ResourceHandler } from './types.ts';

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
    dateOfBirth: r.birthDate ?? null,
    sex: r.gender ?? null,
    email: r.telecom?.find((t) => t.system === 'email')?.value ?? null,
    phone: r.telecom?.find((t) => t.system === 'phone')?.value ?? null,
    address: addressText,
    ...(note ? { note: note.valueString ?? null } : {}),
    ...(tagIds ? { tagIds } : {}),
  };
}

/** identifier=[system|]value: only Vellum's unique-ID system (or none) can match. */
function uniqueIdOf(token: string | undefined): string | undefined | null {
  if (token === undefined) return undefined;
  const bar = token.indexOf('|');
  if (bar < 0) return token;
  const system = token.slice(0, bar);
  return system === '' || system === SYSTEM.uniqueId ? token.slice(bar + 1) : null;
}

export const patientHandler: ResourceHandler = {
  type: 'Patient',
  expunge: true,
  searchParams: [
    { name: 'identifier', type: 'token', documentation: `The unique ID (system ${SYSTEM.uniqueId}), exact` },
    { name: 'name', type: 'string', documentation: 'Each word starts the first or the last name (any case)' },
    {
      name: 'birthdate',
      type: 'date',
      documentation: 'Prefixes eq, ge, gt, le, lt; YYYY, YYYY-MM or YYYY-MM-DD',
    },
  ],
  async read(call, id) {
    return toPatient(await getPatient(call.ctx, call.actor, id), await call.tags());
  },
  async search(call, params, page) {
    const uniqueId = uniqueIdOf(first(params, 'identifier'));
    if (uniqueId === null) return { resources: [], total: 0 };
    const { from, to } = birthDateRange(params.birthdate ?? []);
    const query: PatientListQuery = validated(patientListQuery, {
      sort: 'uniqueId',
      order: 'asc',
      page: page.page,
      pageSize: Math.max(page.count, 1),
      uniqueId,
      name: params.name?.join(' '),
      birthDateFrom: from,
      birthDateTo: to,
    });
    const result = await listPatients(call.ctx, call.actor, query);
    const tags = await call.tags();
    const items = page.count === 0 ? [] : result.items;
    return { resources: items.map((p) => toPatient(p, tags)), total: result.total };
  },
  async history(call, id) {
    const { items } = await patientHistory(call.ctx, call.actor, id);
    const tags = await call.tags();
    return items.map((v) =>
      historyItem(
        v,
        toPatient({ ...(v.data as unknown as PatientFields), id, version: v.version }, tags, v.changedAt),
      ),
    );
  },
  async version(call, id, version) {
    const v = await patientVersion(call.ctx, call.actor, id, version);
    const data = { ...(v.data as unknown as PatientFields), id, version: v.version };
    return historyItem(v, toPatient(data, await call.tags(), v.changedAt));
  },
  async create(call, body) {
    const input = validated(patientCreateBody, fromPatient(resourceBody<Patient>(body, 'Patient')));
    return toPatient(await createPatient(call.ctx, call.actor, input), await call.tags());
  },
  async update(call, id, body, ifMatch) {
    const patch = validated(patientPatchBody, fromPatient(resourceBody<Patient>(body, 'Patient')));
    return toPatient(await updatePatient(call.ctx, call.actor, id, patch, ifMatch), await call.tags());
  },
  async remove(call, id) {
    // The DELETE interaction is itself the deliberate act: the facade supplies the typed phrase.
    const accountId = requireAccount(call.actor, 'records.delete');
    const row = await findPatient(call.ctx.db, accountId, id);
    const phrase = row ? deletePatientPhrase(row.uniqueId) : undefined;
    const result = await deletePatient(call.ctx, call.deps.storage, call.actor, id, phrase);
    return deletionText('Patient', result);
  },
};

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
