import { readdirSync } from 'node:fs';
import path from 'node:path';
import { systemClock } from '../clock.ts';
import type { Database } from '../db/client.ts';
import { sweepOrphanFiles } from '../services/lifecycle/sweep-orphan-files.ts';
import { LocalDiskStore } from '../storage/local-disk.ts';
import { multipart } from './fixtures.ts';

// Helpers of the crash-injection test (server/routes/crash-injection.int.test.ts): a workload of
// real requests against a `vellum serve` that is killed in its middle, and the invariants checked
// on the database and the stored files after each restart.

/** What the test knows of a record: its last acknowledged state, unless a request on it was cut off. */
export interface Known {
  kind: 'patients' | 'images';
  state: 'active' | 'deleted' | 'gone';
  uncertain: boolean;
}

export type Model = Map<string, Known>;

/** Everything deleted before this is expired (the default retention is 120 months). */
export const EXPIRED_BEFORE = '2016-01-01T00:00:00Z';

type Json = Record<string, unknown>;

/** A client of the server that never throws: a request cut off by the kill answers undefined. */
export function client(base: string, tokens: { clinician: string; root: string }) {
  return (
    who: 'clinician' | 'root',
    method: string,
    url: string,
    body?: Json | { payload: Buffer; headers: Record<string, string> },
  ) => {
    const raw = body && 'payload' in body && Buffer.isBuffer(body.payload);
    const headers: Record<string, string> = {
      authorization: `Bearer ${tokens[who]}`,
      ...(raw
        ? (body.headers as Record<string, string>)
        : body
          ? { 'content-type': 'application/json' }
          : {}),
    };
    return fetch(base + url, {
      method,
      headers,
      body: raw ? (body.payload as Buffer) : body ? JSON.stringify(body) : undefined,
    }).then(
      async (r) => ({ status: r.status, body: (await r.json().catch(() => ({}))) as Json }),
      () => undefined,
    );
  };
}

export type Client = ReturnType<typeof client>;

/** Marks the record uncertain unless the request was answered; on success applies the new state. */
async function tracked(
  model: Model,
  id: string,
  kind: Known['kind'],
  next: Known['state'],
  request: Promise<{ status: number } | undefined>,
) {
  const res = await request;
  const known = model.get(id);
  if (res === undefined) model.set(id, { kind, state: known?.state ?? next, uncertain: true });
  else if (res.status < 300) model.set(id, { kind, state: next, uncertain: known?.uncertain ?? false });
}

/**
 * One round of work, all at once: uploads to the main patient, deletions and restores of its
 * images, a new patient deleted, deleted and restored, or expunged, a cleanup over expired records
 * and, every third round, a backup. Nothing is asserted here: the kill may cut any of it off.
 */
export async function workload(
  call: Client,
  model: Model,
  round: number,
  mainPatientId: string,
  jpeg: Buffer,
) {
  const files = Array.from({ length: 2 }, (_, i) => ({ filename: `r${round}-${i}.jpg`, data: jpeg }));
  const uploads = Array.from({ length: 2 }, async () => {
    const res = await call('clinician', 'POST', `/api/patients/${mainPatientId}/images`, multipart(files));
    for (const image of (res?.body.created as { id: string }[] | undefined) ?? [])
      model.set(image.id, { kind: 'images', state: 'active', uncertain: false });
  });
  const images = [...model].filter(([, k]) => k.kind === 'images' && !k.uncertain);
  const active = images.filter(([, k]) => k.state === 'active').map(([id]) => id);
  const deleted = images.filter(([, k]) => k.state === 'deleted').map(([id]) => id);
  const imageChanges = [
    ...active
      .slice(0, 2)
      .map((id) => tracked(model, id, 'images', 'deleted', call('clinician', 'DELETE', `/api/images/${id}`))),
    ...deleted
      .slice(0, 1)
      .map((id) =>
        tracked(model, id, 'images', 'active', call('clinician', 'POST', `/api/images/${id}/restore`)),
      ),
  ];
  const victim = (async () => {
    const uniqueId = `victim-${round}`;
    const created = await call('clinician', 'POST', '/api/patients', { uniqueId });
    const id = created?.body.id as string | undefined;
    if (!id || created?.status !== 201) return;
    model.set(id, { kind: 'patients', state: 'active', uncertain: false });
    await call('clinician', 'POST', `/api/patients/${id}/entries`, { appointmentAt: '2026-03-01T10:00:00Z' });
    await call(
      'clinician',
      'POST',
      `/api/patients/${id}/images`,
      multipart([{ filename: 'v.jpg', data: jpeg }]),
    );
    if (round % 3 === 0)
      return tracked(model, id, 'patients', 'gone', call('root', 'POST', `/api/patients/${id}/expunge`));
    await tracked(
      model,
      id,
      'patients',
      'deleted',
      call('clinician', 'DELETE', `/api/patients/${id}`, {
        reason: 'duplicate',
        confirmation: `delete ${uniqueId}`,
      }),
    );
    if (round % 3 === 1)
      await tracked(
        model,
        id,
        'patients',
        'active',
        call('clinician', 'POST', `/api/patients/${id}/restore`, { confirmation: `restore ${uniqueId}` }),
      );
  })();
  const cleanup = call('root', 'POST', '/api/admin/cleanup');
  const backup = round % 3 === 2 ? call('root', 'POST', '/api/admin/backups') : undefined;
  await Promise.all([...uploads, ...imageChanges, victim, cleanup, backup]);
}

/** Every file under the store's root, temporaries included (the store's own list skips those). */
function filesOnDisk(root: string): string[] {
  let entries: import('node:fs').Dirent[] = [];
  try {
    entries = readdirSync(root, { recursive: true, withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((d) => d.isFile())
    .map((d) => path.relative(root, path.join(d.parentPath, d.name)).split(path.sep).join('/'));
}

export interface Findings {
  /** Stored files without a row once the orphan sweep ran (backups excepted). */
  orphans: string[];
  /** Files named by the row of a record that has not expired, but not stored. */
  missing: string[];
  /** Records the test saw acknowledged in a state they are no longer in. */
  lost: string[];
  /** Patients whose stored counts differ from a recount. */
  miscounted: string[];
  /** Files of killed uploads the sweep removed. */
  swept: number;
}

/**
 * The invariants after a restart. The server runs no request of the test's at this moment, so every
 * file without a row is a leftover of the kill: the sweep is run with a clock two hours ahead.
 */
export async function findings(database: Database, filesDir: string, model: Model): Promise<Findings> {
  const ctx = { db: database.db, clock: systemClock };
  const swept = await sweepOrphanFiles(ctx, new LocalDiskStore(filesDir), Date.now() + 2 * 3_600_000);
  const rows = await database.raw(
    `select id, deleted_at, original_key as a, preview_key as b, thumbnail_key as c from images`,
  );
  const signatures = await database.raw(
    'select signature_key as a from consents where signature_key is not null',
  );
  const named = new Set<string>();
  const needed = new Set<string>();
  for (const r of [...rows, ...signatures]) {
    const keys = [r.a, r.b, r.c].filter((k): k is string => typeof k === 'string');
    for (const k of keys) named.add(k);
    const expired = r.deleted_at && new Date(String(r.deleted_at)) < new Date(EXPIRED_BEFORE);
    if (!expired) for (const k of keys) needed.add(k);
  }
  const onDisk = filesOnDisk(filesDir).filter((f) => !f.startsWith('backups/'));
  const present = new Set(onDisk);
  const states = new Map<string, Known['state']>();
  for (const table of ['patients', 'images']) {
    for (const r of await database.raw(`select id, deleted_at from ${table}`))
      states.set(String(r.id), r.deleted_at ? 'deleted' : 'active');
  }
  const lost: string[] = [];
  for (const [id, known] of model) {
    const now = states.get(id) ?? 'gone';
    if (!known.uncertain && now !== known.state)
      lost.push(`${known.kind} ${id}: ${known.state}, found ${now}`);
    model.set(id, { kind: known.kind, state: now, uncertain: false });
  }
  const miscounted = await database.raw(`
    select p.id from patients p
    where p.deleted_at is null and (p.image_count <> (select count(*) from images i where i.patient_id = p.id and i.deleted_at is null)
       or p.entry_count <> (select count(*) from entries e where e.patient_id = p.id and e.deleted_at is null))`);
  return {
    orphans: onDisk.filter((f) => !named.has(f)),
    missing: [...needed].filter((k) => !present.has(k)),
    lost,
    miscounted: miscounted.map((r) => String(r.id)),
    swept,
  };
}
