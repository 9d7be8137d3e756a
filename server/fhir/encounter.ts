import type { Encounter } from '@medplum/fhirtypes';
import { count, sql } from 'drizzle-orm';
import { entryChanges, entryCreateBody } from '../../shared/schemas/entries.ts';
import { entries } from '../db/schema-clinical.ts';
import { invalid } from '../errors.ts';
import { requireAccount } from '../services/access.ts';
import { entryHistory, entryVersion } from '../services/entries/entry-history.ts';
import { createEntry, getEntry, updateEntry } from '../services/entries/entry-use-cases.ts';
import { findEntry } from '../services/entries/find.ts';
import { type EntryRow, presentEntries } from '../services/entries/present.ts';
import { deleteEntry } from '../services/lifecycle/delete-entry.ts';
import { historyItem } from './bundle.ts';
import { extraAt, extraIn, extrasOf, latestExtras, saveExtra } from './extras.ts';
import { instantOf, joinEncounter } from './lossless.ts';
import { resourceBody, validated } from './params.ts';
import { deletionText, fhirDeletion } from './patient.ts';
import { encounterParams, encounterScope } from './search/record-params.ts';
import { runTableSearch } from './search/run.ts';
import type { TableSearch } from './search/types.ts';
import { meta, patientIdOf, SYSTEM, tagCodings, tagIdsOf, userReference } from './systems.ts';
import type { Call, ResourceHandler, StoredVersion } from './types.ts';

interface EntryFields {
  id: string;
  patientId: string;
  version: number;
  appointmentAt: string;
  physicianId?: string | null;
  notes?: string;
  tagIds?: string[];
  lastModifiedAt?: string;
}

/** An entry is one visit: subject, the appointment as period.start, its physician, notes, tags. */
export function toEncounter(e: EntryFields, tags: Map<string, string>, lastUpdated?: string): Encounter {
  const physician = userReference(e.physicianId);
  return {
    resourceType: 'Encounter',
    id: e.id,
    meta: meta(e.version, lastUpdated ?? e.lastModifiedAt ?? '', tagCodings(e.tagIds ?? [], tags)),
    // Vellum does not track whether a visit took place; it records what was documented.
    status: 'unknown',
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB', display: 'ambulatory' },
    subject: { reference: `Patient/${e.patientId}` },
    period: { start: e.appointmentAt },
    ...(physician ? { participant: [{ individual: physician }] } : {}),
    ...(e.notes ? { extension: [{ url: SYSTEM.entryNotes, valueString: e.notes }] } : {}),
  };
}

/** The editable parts an Encounter carries; notes and tags only when present (extension, meta.tag). */
function fromEncounter(r: Encounter) {
  const notes = r.extension?.find((x) => x.url === SYSTEM.entryNotes);
  const tagIds = tagIdsOf(r.meta);
  return {
    ...(r.period?.start !== undefined ? { appointmentAt: instantOf(r.period.start) } : {}),
    ...(notes ? { notes: notes.valueString ?? '' } : {}),
    ...(tagIds ? { tagIds } : {}),
  };
}

/** Keeps what the write carried with the version it made, and answers the resource as read. */
async function written(call: Call, e: EntryFields, r: Encounter): Promise<Encounter> {
  const extra = await saveExtra(call.ctx.db, 'entry', e.id, e.version, r);
  return joinEncounter(toEncounter(e, await call.tags()), extra);
}

/** Encounter search over the entries table, by appointment unless `_sort` says otherwise. */
export const encounterTable: TableSearch = {
  params: encounterParams,
  scope: encounterScope,
  defaultSort: [sql`${entries.appointmentAt}`],
  idColumn: sql`${entries.id}`,
  async count(db, where) {
    const [row] = await db.select({ n: count() }).from(entries).where(where);
    return row?.n ?? 0;
  },
  async page(call, where, order, limit, offset) {
    const rows = await call.ctx.db
      .select()
      .from(entries)
      .where(where)
      .orderBy(...order)
      .limit(limit)
      .offset(offset);
    return encountersOf(call, rows);
  },
};

/** Entry rows as Encounters. */
export async function encountersOf(call: Call, rows: EntryRow[]) {
  const [presented, tags, extras] = await Promise.all([
    presentEntries(call.ctx.db, rows),
    call.tags(),
    latestExtras(
      call.ctx.db,
      'entry',
      rows.map((r) => r.id),
    ),
  ]);
  return presented.map((e) => joinEncounter(toEncounter(e, tags), extras.get(e.id)));
}

async function encounterItems(call: Call, id: string, versions: StoredVersion[]) {
  const [tags, extras] = await Promise.all([call.tags(), extrasOf(call.ctx.db, 'entry', id)]);
  return versions.map((v) => {
    const at = { ...(v.data as unknown as EntryFields), id, version: v.version };
    return historyItem(v, joinEncounter(toEncounter(at, tags, v.changedAt), extraIn(extras, v.version)));
  });
}

export const encounterHandler: ResourceHandler = {
  type: 'Encounter',
  expunge: true,
  search: { params: encounterParams, run: (call, q) => runTableSearch(encounterTable, call, q) },
  async read(call, id) {
    const e = await getEntry(call.ctx, call.actor, id);
    return joinEncounter(
      toEncounter(e, await call.tags()),
      await extraAt(call.ctx.db, 'entry', id, e.version),
    );
  },
  recordType: 'entry',
  async history(call, id) {
    return encounterItems(call, id, (await entryHistory(call.ctx, call.actor, id)).items);
  },
  historyItems: encounterItems,
  async version(call, id, version) {
    const v = await entryVersion(call.ctx, call.actor, id, version);
    const data = { ...(v.data as unknown as EntryFields), id, version: v.version };
    const extra = await extraAt(call.ctx.db, 'entry', id, v.version);
    return historyItem(v, joinEncounter(toEncounter(data, await call.tags(), v.changedAt), extra));
  },
  async create(call, body) {
    const r = resourceBody<Encounter>(body, 'Encounter');
    const patientId = patientIdOf(r.subject?.reference);
    if (!patientId) throw invalid('An encounter needs its patient.', { subject: 'Use Patient/{id}.' });
    const input = validated(entryCreateBody, fromEncounter(r));
    return written(call, await createEntry(call.ctx, call.actor, patientId, input), r);
  },
  async update(call, id, body, ifMatch) {
    const r = resourceBody<Encounter>(body, 'Encounter');
    const accountId = requireAccount(call.actor, 'patients.write');
    const current = await findEntry(call.ctx.db, accountId, id);
    const subject = patientIdOf(r.subject?.reference);
    if (current && subject !== current.patientId) {
      throw invalid('An encounter stays with its patient.', {
        subject: `Must be Patient/${current.patientId}.`,
      });
    }
    const changes = validated(entryChanges, fromEncounter(r));
    const entry = await updateEntry(call.ctx, call.actor, id, changes, ifMatch);
    // Open editors see FHIR changes too, as they see REST changes.
    await call.deps.live.broadcast(entry, changes, call.actor, accountId);
    return written(call, entry, r);
  },
  async remove(call, id) {
    const result = await deleteEntry(call.ctx, call.deps.storage, call.actor, id, fhirDeletion('Encounter'));
    return deletionText('Encounter', result);
  },
};
