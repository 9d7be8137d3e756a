import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EDIT_BURST_MS } from '../domain/edit-burst.ts';
import {
  createPatient,
  createSuperAdmin,
  seedAccount,
  startTestApp,
  type TestApp,
} from '../testing/harness.ts';
import { liveClient } from '../testing/live-client.ts';

// Autosave sends every keystroke: a burst of live edits by one person is one version and one
// audit event naming the fields changed (domain/edit-burst.ts), while versions stay the ETag.

let t: TestApp;
let clinic: Awaited<ReturnType<typeof seedAccount>>;
let url = '';

beforeAll(async () => {
  t = await startTestApp();
  clinic = await seedAccount(t, 'Burst Clinic');
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  url = `ws://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/live`;
});
afterAll(() => t?.close());

type Client = Awaited<ReturnType<typeof liveClient>>;
type Who = typeof clinic.clinician;

async function entryFor(uniqueId: string) {
  const p = await createPatient(t, clinic.clinician, { uniqueId });
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/patients/${p.id}/entries`,
    headers: clinic.clinician.headers,
    payload: { appointmentAt: '2026-02-01T10:00:00Z' },
  });
  return res.json() as { id: string; version: number };
}

async function editor(who: Who, entryId: string) {
  const c = await liveClient(url, who.headers);
  c.send({ type: 'subscribe', entryId });
  const subscribed = await c.next();
  return { c, version: subscribed.version as number };
}

/** Sends one patch and waits for its answer (skipping other editors' updates). */
async function patch(c: Client, entryId: string, baseVersion: number, changes: Record<string, unknown>) {
  const requestId = Math.random().toString(36).slice(2);
  c.send({ type: 'patch', entryId, baseVersion, changes, requestId });
  for (;;) {
    const m = await c.next();
    if (m.requestId === requestId) return m;
  }
}

async function history(entryId: string) {
  const res = await t.app.inject({
    url: `/api/entries/${entryId}/history`,
    headers: clinic.clinician.headers,
  });
  return (
    res.json() as {
      items: { version: number; operation: string; changedBy: string; data: { notes: string } }[];
    }
  ).items;
}

async function changeEvents(entryId: string) {
  const rows = await t.database.raw(
    "select actor_id, details from audit_events where action = 'entry.update' and target_id = $1 order by seq",
    [entryId],
  );
  return rows as { actor_id: string; details: { version: number; fields: string[] } | string }[];
}
const detailsOf = (d: { version: number; fields: string[] } | string) =>
  typeof d === 'string' ? JSON.parse(d) : d;

describe('edit bursts', () => {
  it('a burst of typing is one version and one audit event; the version still counts every edit', async () => {
    const entry = await entryFor('burst-1');
    const { c } = await editor(clinic.clinician, entry.id);
    const note = 'Healing well, no sign of infection.';
    let version = entry.version;
    for (let i = 1; i <= note.length; i++) {
      const ack = await patch(c, entry.id, version, { notes: note.slice(0, i) });
      expect(ack).toMatchObject({ type: 'ack', version: version + 1 });
      version = ack.version as number;
    }
    c.close();
    const versions = await history(entry.id);
    expect(versions.map((v) => [v.version, v.operation])).toEqual([
      [version, 'update'],
      [1, 'create'],
    ]);
    expect(versions[0]?.data.notes).toBe(note);
    const events = await changeEvents(entry.id);
    expect(events.map((e) => detailsOf(e.details).fields)).toEqual([['notes']]);
    // The entry's ETag is the newest version, and that version can be read on its own.
    const read = await t.app.inject({ url: `/api/entries/${entry.id}`, headers: clinic.clinician.headers });
    expect(read.headers.etag).toBe(`W/"${version}"`);
    const one = await t.app.inject({
      url: `/api/entries/${entry.id}/history/${version}`,
      headers: clinic.clinician.headers,
    });
    expect(one.statusCode).toBe(200);
    const root = await createSuperAdmin(t);
    expect((await t.app.inject({ url: '/api/audit/verify', headers: root.headers })).json()).toMatchObject({
      intact: true,
    });
  });

  it('a new field in the burst adds an event naming the burst’s fields; a pause or another person starts a new version', async () => {
    const entry = await entryFor('burst-2');
    const a = await editor(clinic.clinician, entry.id);
    let v = (await patch(a.c, entry.id, entry.version, { notes: 'a' })).version as number;
    v = (await patch(a.c, entry.id, v, { notes: 'ab' })).version as number;
    v = (await patch(a.c, entry.id, v, { appointmentAt: '2026-02-02T10:00:00Z' })).version as number;
    v = (await patch(a.c, entry.id, v, { notes: 'abc' })).version as number;
    expect((await history(entry.id)).map((h) => h.version)).toEqual([v, 1]);
    expect((await changeEvents(entry.id)).map((e) => detailsOf(e.details).fields)).toEqual([
      ['notes'],
      ['notes', 'appointmentAt'],
    ]);

    // A colleague's edit is a version of its own, and so is the first author's next one.
    const b = await editor(clinic.admin, entry.id);
    v = (await patch(b.c, entry.id, v, { notes: 'abc, checked' })).version as number;
    v = (await patch(a.c, entry.id, v, { notes: 'abc, checked twice' })).version as number;
    // After a pause, the same person's edit starts a new version too.
    t.clock.advance(EDIT_BURST_MS);
    v = (await patch(a.c, entry.id, v, { notes: 'next day' })).version as number;
    v = (await patch(a.c, entry.id, v, { notes: 'next day.' })).version as number;
    const versions = await history(entry.id);
    expect(versions.map((h) => [h.changedBy, h.data.notes])).toEqual([
      [clinic.clinician.id, 'next day.'],
      [clinic.clinician.id, 'abc, checked twice'],
      [clinic.admin.id, 'abc, checked'],
      [clinic.clinician.id, 'abc'],
      [clinic.clinician.id, ''],
    ]);
    expect(versions[0]?.version).toBe(v);
    expect(await changeEvents(entry.id)).toHaveLength(5);
    a.c.close();
    b.c.close();
  });

  it('a colleague editing from a version folded into a burst merges other fields and never overwrites the burst', async () => {
    const entry = await entryFor('burst-3');
    const a = await editor(clinic.clinician, entry.id);
    const b = await editor(clinic.admin, entry.id);
    let v = (await patch(a.c, entry.id, entry.version, { notes: 'first words' })).version as number;
    const seenByB = v;
    v = (await patch(a.c, entry.id, v, { notes: 'first words and more' })).version as number;
    // B's base (folded into A's newest version) is older than the entry: another field merges...
    const merged = await patch(b.c, entry.id, seenByB, { appointmentAt: '2026-02-03T10:00:00Z' });
    expect(merged).toMatchObject({ type: 'ack', version: v + 1 });
    // ...and the notes A kept typing are a conflict, not overwritten.
    const conflict = await patch(b.c, entry.id, seenByB, { notes: 'B writes over' });
    expect(conflict).toMatchObject({ type: 'conflict', current: { notes: 'first words and more' } });
    a.c.close();
    b.c.close();
  });

  it('REST changes stay one version each', async () => {
    const entry = await entryFor('burst-4');
    for (const notes of ['one', 'two']) {
      const res = await t.app.inject({
        method: 'PATCH',
        url: `/api/entries/${entry.id}`,
        headers: clinic.clinician.headers,
        payload: { notes },
      });
      expect(res.statusCode).toBe(200);
    }
    expect((await history(entry.id)).map((h) => h.version)).toEqual([3, 2, 1]);
  });
});
