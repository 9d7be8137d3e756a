import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPatient, seedAccount, startTestApp, type TestApp } from '../testing/harness.ts';
import { liveClient } from '../testing/live-client.ts';

// Live editing of a lesion's label, status, diagnosis and site: two editors of different fields
// both win, the same field is a conflict, and a PATCH over HTTP reaches the live editors.

let t: TestApp;
let clinic: Awaited<ReturnType<typeof seedAccount>>;
let other: Awaited<ReturnType<typeof seedAccount>>;
let url = '';

beforeAll(async () => {
  t = await startTestApp();
  clinic = await seedAccount(t, 'Live Lesion Clinic');
  other = await seedAccount(t, 'Other Live Lesion Clinic');
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  url = `ws://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/live`;
});
afterAll(() => t?.close());

async function lesionFor(uniqueId: string) {
  const p = await createPatient(t, clinic.clinician, { uniqueId });
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/patients/${p.id}/lesions`,
    headers: clinic.clinician.headers,
    payload: { site: { view: 'back', x: 0.22, y: 0.27 }, diagnosis: 'Naevus' },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string };
}

const read = async (id: string) =>
  (await t.app.inject({ url: `/api/lesions/${id}`, headers: clinic.clinician.headers })).json();

describe('live editing of a lesion', () => {
  it('merges two editors of different fields; the same field is a conflict with the current lesion', async () => {
    const lesion = await lesionFor('live-les-1');
    const a = await liveClient(url, clinic.clinician.headers);
    const b = await liveClient(url, clinic.assistant.headers);
    a.send({ type: 'subscribe', lesionId: lesion.id });
    b.send({ type: 'subscribe', lesionId: lesion.id });
    expect(await a.next()).toMatchObject({ type: 'subscribed', lesionId: lesion.id, version: 1 });
    expect(await b.next()).toMatchObject({ type: 'subscribed', version: 1, lesion: { label: 'L1' } });

    a.send({
      type: 'patch',
      lesionId: lesion.id,
      baseVersion: 1,
      changes: { label: 'Back mole' },
      requestId: 'a1',
    });
    expect(await a.next()).toEqual({
      type: 'ack',
      requestId: 'a1',
      version: 2,
      changes: { label: 'Back mole' },
    });
    expect(await b.next()).toEqual({
      type: 'updated',
      lesionId: lesion.id,
      version: 2,
      changes: { label: 'Back mole' },
      by: clinic.clinician.id,
      byEmail: clinic.clinician.email,
    });
    // B had not seen version 2 yet: its status change on version 1 still applies.
    b.send({
      type: 'patch',
      lesionId: lesion.id,
      baseVersion: 1,
      changes: { status: 'biopsied' },
      requestId: 'b1',
    });
    expect(await b.next()).toMatchObject({ type: 'ack', requestId: 'b1', version: 3 });
    expect(await a.next()).toMatchObject({ type: 'updated', version: 3, changes: { status: 'biopsied' } });
    // The site moves: the region and code come back in their stored form.
    a.send({
      type: 'patch',
      lesionId: lesion.id,
      baseVersion: 2,
      changes: { site: { view: 'front', x: 0.4, y: 0.26, code: '76752008' } },
      requestId: 'a2',
    });
    const moved = await a.next();
    expect(moved).toMatchObject({
      type: 'ack',
      version: 4,
      changes: { site: { region: 'trunk_front', code: '76752008', display: 'Breast' } },
    });
    expect(await b.next()).toMatchObject({
      type: 'updated',
      version: 4,
      changes: { site: { code: '76752008' } },
    });
    // B, still on version 3, renames: the label changed since version 1 only (at 2), so from 3 it applies.
    b.send({
      type: 'patch',
      lesionId: lesion.id,
      baseVersion: 3,
      changes: { diagnosis: 'Dysplastic?' },
      requestId: 'b2',
    });
    expect(await b.next()).toMatchObject({ type: 'ack', version: 5 });
    await a.next();
    // A patch of the label on version 1 meets A's label of version 2: a conflict, nothing stored.
    b.send({
      type: 'patch',
      lesionId: lesion.id,
      baseVersion: 1,
      changes: { label: 'L-b' },
      requestId: 'b3',
    });
    const conflict = await b.next();
    expect(conflict).toMatchObject({ type: 'conflict', requestId: 'b3', fields: ['label'] });
    expect((conflict as { current: { label: string; version: number } }).current).toMatchObject({
      label: 'Back mole',
      version: 5,
    });
    expect(await read(lesion.id)).toMatchObject({
      version: 5,
      label: 'Back mole',
      status: 'biopsied',
      diagnosis: 'Dysplastic?',
      site: { code: '76752008' },
    });
    a.close();
    b.close();
  });

  it("passes an HTTP PATCH to live editors; refuses another account's lesion and a bad site", async () => {
    const lesion = await lesionFor('live-les-2');
    const a = await liveClient(url, clinic.clinician.headers);
    a.send({ type: 'subscribe', lesionId: lesion.id });
    await a.next();
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/lesions/${lesion.id}`,
      headers: clinic.admin.headers,
      payload: { status: 'excised' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(await a.next()).toMatchObject({
      type: 'updated',
      lesionId: lesion.id,
      version: 2,
      changes: { status: 'excised' },
      byEmail: clinic.admin.email,
    });
    a.send({
      type: 'patch',
      lesionId: lesion.id,
      baseVersion: 2,
      changes: { site: { view: 'front', x: 0.01, y: 0.01 } },
      requestId: 'off',
    });
    expect(await a.next()).toMatchObject({ type: 'error', requestId: 'off', code: 'site_outside_map' });
    const outsider = await liveClient(url, other.clinician.headers);
    outsider.send({ type: 'subscribe', lesionId: lesion.id });
    expect(await outsider.next()).toMatchObject({ type: 'error', code: 'not_found' });
    outsider.send({
      type: 'patch',
      lesionId: lesion.id,
      baseVersion: 2,
      changes: { label: 'x' },
      requestId: 'o',
    });
    expect(await outsider.next()).toMatchObject({ type: 'error', requestId: 'o', code: 'not_found' });
    expect((await read(lesion.id)).version).toBe(2);
    a.close();
    outsider.close();
  });
});
