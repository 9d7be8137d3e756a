import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EDIT_BURST_MS } from '../domain/edit-burst.ts';
import { makeJpeg, upload } from '../testing/fixtures.ts';
import {
  createPatient,
  createSuperAdmin,
  seedAccount,
  startTestApp,
  type TestApp,
} from '../testing/harness.ts';
import { liveClient } from '../testing/live-client.ts';

let t: TestApp;
let clinic: Awaited<ReturnType<typeof seedAccount>>;
let other: Awaited<ReturnType<typeof seedAccount>>;
let url = '';

beforeAll(async () => {
  t = await startTestApp();
  clinic = await seedAccount(t, 'Live Clinic');
  other = await seedAccount(t, 'Other Live Clinic');
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  url = `ws://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/live`;
});
afterAll(() => t?.close());

async function entryFor(uniqueId: string) {
  const p = await createPatient(t, clinic.clinician, { uniqueId });
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/patients/${p.id}/entries`,
    headers: clinic.clinician.headers,
    payload: { appointmentAt: '2026-02-01T10:00:00Z', notes: 'start' },
  });
  return res.json();
}

describe('live editing over a WebSocket', () => {
  it('acks a patch with the new version and shows it to the other editor', async () => {
    const entry = await entryFor('live-1');
    const a = await liveClient(url, clinic.clinician.headers);
    const b = await liveClient(url, clinic.assistant.headers);
    a.send({ type: 'subscribe', entryId: entry.id });
    b.send({ type: 'subscribe', entryId: entry.id });
    expect(await a.next()).toMatchObject({ type: 'subscribed', version: 1 });
    expect(await b.next()).toMatchObject({ type: 'subscribed', version: 1 });
    a.send({
      type: 'patch',
      entryId: entry.id,
      baseVersion: 1,
      changes: { notes: 'typed by A' },
      requestId: 'r1',
    });
    expect(await a.next()).toEqual({
      type: 'ack',
      requestId: 'r1',
      version: 2,
      changes: { notes: 'typed by A' },
    });
    expect(await b.next()).toEqual({
      type: 'updated',
      entryId: entry.id,
      version: 2,
      changes: { notes: 'typed by A' },
      by: clinic.clinician.id,
      byEmail: clinic.clinician.email,
    });
    const stored = (
      await t.app.inject({ url: `/api/entries/${entry.id}`, headers: clinic.clinician.headers })
    ).json();
    expect(stored.notes).toBe('typed by A');
    a.close();
    b.close();
  });

  it('merges edits of different fields and returns a conflict for the same field', async () => {
    const entry = await entryFor('live-2');
    const a = await liveClient(url, clinic.clinician.headers);
    const b = await liveClient(url, clinic.admin.headers);
    a.send({ type: 'subscribe', entryId: entry.id });
    b.send({ type: 'subscribe', entryId: entry.id });
    await a.next();
    await b.next();
    a.send({
      type: 'patch',
      entryId: entry.id,
      baseVersion: 1,
      changes: { notes: 'A notes' },
      requestId: 'a1',
    });
    expect(await a.next()).toMatchObject({ type: 'ack', version: 2 });
    await b.next(); // the update from A
    // B still edits from version 1: a different field merges...
    b.send({
      type: 'patch',
      entryId: entry.id,
      baseVersion: 1,
      changes: { appointmentAt: '2026-02-02T10:00:00Z' },
      requestId: 'b1',
    });
    expect(await b.next()).toMatchObject({ type: 'ack', requestId: 'b1', version: 3 });
    // ...the same field is a conflict that carries the current state.
    b.send({
      type: 'patch',
      entryId: entry.id,
      baseVersion: 1,
      changes: { notes: 'B notes' },
      requestId: 'b2',
    });
    const conflict = await b.next();
    expect(conflict).toMatchObject({
      type: 'conflict',
      requestId: 'b2',
      current: { notes: 'A notes', version: 3 },
    });
    const stored = (
      await t.app.inject({ url: `/api/entries/${entry.id}`, headers: clinic.clinician.headers })
    ).json();
    expect(stored).toMatchObject({ notes: 'A notes', appointmentAt: '2026-02-02T10:00:00.000Z', version: 3 });
    a.close();
    b.close();
  });

  it('acks a new comparison with the id it was stored under', async () => {
    const entry = await entryFor('live-ack');
    const res = await upload(t, clinic.clinician.headers, entry.patientId, [
      { filename: 'a.jpg', contentType: 'image/jpeg', data: await makeJpeg(64, 48) },
      { filename: 'b.jpg', contentType: 'image/jpeg', data: await makeJpeg(64, 48, { r: 9, g: 9, b: 9 }) },
    ]);
    const ids = (res.json() as { created: { id: string }[] }).created.map((im) => im.id);
    const a = await liveClient(url, clinic.clinician.headers);
    a.send({ type: 'subscribe', entryId: entry.id });
    await a.next();
    a.send({
      type: 'patch',
      entryId: entry.id,
      baseVersion: 1,
      changes: { workspaceImageIds: ids, comparisons: [{ name: 'Week 0 to 6', imageIds: ids }] },
      requestId: 'c1',
    });
    const ack = (await a.next()) as { changes: { comparisons: { id: string; name: string }[] } };
    expect(ack).toMatchObject({
      type: 'ack',
      requestId: 'c1',
      version: 2,
      changes: { workspaceImageIds: ids },
    });
    const stored = (
      await t.app.inject({ url: `/api/entries/${entry.id}`, headers: clinic.clinician.headers })
    ).json();
    expect(ack.changes.comparisons).toEqual(stored.comparisons);
    expect(ack.changes.comparisons[0]?.id).toEqual(expect.any(String));
    a.close();
  });

  // The statements of an edit are prepared once per connection and reused: a long session of
  // edits of every shape must store each one, its version and its link in the audit chain. The
  // edits are spaced past the edit-burst window, so each is a version of its own.
  it('stores every edit of a long session: versions, history and an intact audit chain', async () => {
    const entry = await entryFor('live-session');
    const a = await liveClient(url, clinic.clinician.headers);
    a.send({ type: 'subscribe', entryId: entry.id });
    await a.next();
    const shapes = [
      (i: number) => ({ notes: `line ${i}` }),
      (i: number) => ({ appointmentAt: `2026-03-${String(i + 1).padStart(2, '0')}T09:00:00Z` }),
      (i: number) => ({ notes: `both ${i}`, sections: { workspace: i % 2 === 0 } }),
      (i: number) => ({ sections: { comparisons: i % 2 === 0 } }),
    ];
    let version = 1;
    for (let i = 0; i < 24; i++) {
      const changes = shapes[i % shapes.length]?.(i) ?? {};
      t.clock.advance(EDIT_BURST_MS);
      a.send({ type: 'patch', entryId: entry.id, baseVersion: version, changes, requestId: `s${i}` });
      const ack = await a.next();
      // Section state alone is remembered without a new version.
      const expected = 'notes' in changes || 'appointmentAt' in changes ? version + 1 : version;
      expect(ack).toMatchObject({ type: 'ack', requestId: `s${i}`, version: expected });
      version = expected;
    }
    a.close();
    expect(version).toBe(19);
    const stored = (
      await t.app.inject({ url: `/api/entries/${entry.id}`, headers: clinic.clinician.headers })
    ).json();
    expect(stored).toMatchObject({
      version: 19,
      notes: 'both 22',
      appointmentAt: '2026-03-22T09:00:00.000Z',
      sections: { workspace: true, comparisons: false },
    });
    const history = (
      await t.app.inject({ url: `/api/entries/${entry.id}/history`, headers: clinic.clinician.headers })
    ).json() as { items: { version: number; data: { notes: string } }[] };
    expect(history.items.map((v) => v.version)).toEqual(Array.from({ length: 19 }, (_, k) => 19 - k));
    expect(history.items[0]?.data.notes).toBe('both 22');
    const root = await createSuperAdmin(t);
    const verify = await t.app.inject({ url: '/api/audit/verify', headers: root.headers });
    expect(verify.json()).toMatchObject({ intact: true });
    const updates = await t.database.raw(
      "select count(*)::int as n from audit_events where action = 'entry.update' and target_id = $1",
      [entry.id],
    );
    expect(updates[0]?.n).toBe(18);
  });

  it('refuses anonymous sockets and hides other accounts’ entries', async () => {
    await expect(liveClient(url, {})).rejects.toThrow(/401/);
    const entry = await entryFor('live-3');
    const c = await liveClient(url, other.clinician.headers);
    c.send({ type: 'subscribe', entryId: entry.id });
    expect(await c.next()).toMatchObject({ type: 'error', code: 'not_found' });
    c.send({ type: 'patch', entryId: entry.id, baseVersion: 1, changes: { notes: 'x' }, requestId: 'x' });
    expect(await c.next()).toMatchObject({ type: 'error', requestId: 'x', code: 'not_found' });
    c.send({
      type: 'patch',
      entryId: entry.id,
      baseVersion: 1,
      changes: { comparisons: [{ name: 'x', imageIds: ['a'] }] },
      requestId: 'y',
    });
    expect(await c.next()).toMatchObject({ type: 'error', code: 'invalid_input' });
    c.close();
  });

  it('passes REST changes on to open editors', async () => {
    const entry = await entryFor('live-4');
    const a = await liveClient(url, clinic.clinician.headers);
    a.send({ type: 'subscribe', entryId: entry.id });
    await a.next();
    await t.app.inject({
      method: 'PATCH',
      url: `/api/entries/${entry.id}`,
      headers: clinic.admin.headers,
      payload: { notes: 'from REST' },
    });
    expect(await a.next()).toMatchObject({
      type: 'updated',
      version: 2,
      changes: { notes: 'from REST' },
      by: clinic.admin.id,
      byEmail: clinic.admin.email,
    });
    a.close();
  });
});
