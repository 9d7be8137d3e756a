import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPatient,
  seedAccount,
  startTestApp,
  type TestApp,
  type TestUser,
} from '../../testing/harness.ts';
import { seedRecords } from '../../testing/lifecycle.ts';

// The tag-filter totals come from account_tag_sets, kept by triggers: after every kind of change
// the counters must equal a recount, and each patient's set must equal its effective tags.
let t: TestApp;
let clinic: Awaited<ReturnType<typeof seedAccount>>;
const tag: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestApp();
  clinic = await seedAccount(t, 'Tag Set Clinic');
  const cat = await t.app.inject({
    method: 'POST',
    url: '/api/tag-categories',
    headers: clinic.admin.headers,
    payload: { name: 'Site', color: '#1e88e5' },
  });
  for (const name of ['face', 'trunk', 'laser']) {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/tags',
      headers: clinic.admin.headers,
      payload: { name, categoryId: cat.json().id },
    });
    tag[name] = res.json().id;
  }
});
afterAll(() => t?.close());

async function expectCountersTrue() {
  const drift = await t.database.raw(`
    select coalesce(c.account_id, r.account_id) as account_id, c.patients as kept, r.n as recount
    from (select * from account_tag_sets where patients <> 0) c
    full join (
      select account_id, effective_tag_set as tag_ids, count(*)::int as n
      from patients where deleted_at is null group by 1, 2
    ) r on r.account_id = c.account_id and r.tag_ids = c.tag_ids
    where c.patients is distinct from r.n`);
  expect(drift).toEqual([]);
  const stale = await t.database.raw(`
    select p.id from patients p
    where p.deleted_at is null and p.effective_tag_set is distinct from coalesce(
      (select array_agg(tag_id order by tag_id) from patient_effective_tags et where et.patient_id = p.id),
      '{}')`);
  expect(stale).toEqual([]);
}

async function total(tags: string[], tagMode: 'all' | 'any') {
  const res = await t.app.inject({
    url: `/api/patients?tags=${tags.join(',')}&tagMode=${tagMode}`,
    headers: clinic.clinician.headers,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().total as number;
}

const send = (user: TestUser, method: 'PATCH' | 'DELETE' | 'POST', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: user.headers, payload }).then((r) => {
    expect(r.statusCode, r.body).toBeLessThan(300);
    return r.body ? r.json() : undefined;
  });

describe('tag-set counters', () => {
  it('follow patients, entries and images through tagging, deletion, restore and tag removal', async () => {
    const c = clinic.clinician;
    const a = await createPatient(t, c, { uniqueId: 'ts-a', tagIds: [tag.face] });
    await createPatient(t, c, { uniqueId: 'ts-b', tagIds: [tag.face, tag.trunk] });
    await createPatient(t, c, { uniqueId: 'ts-c' });
    const d = await seedRecords(t, c, 'ts-d', { entries: 1, images: 1 });
    await expectCountersTrue();
    expect(await total([tag.face as string], 'all')).toBe(2);
    expect(await total([tag.face as string, tag.trunk as string], 'all')).toBe(1);

    // Inherited from an image and an entry.
    await send(c, 'PATCH', `/api/images/${d.imageIds[0]}`, { tagIds: [tag.laser] });
    await send(c, 'PATCH', `/api/entries/${d.entryIds[0]}`, { tagIds: [tag.trunk] });
    await expectCountersTrue();
    expect(await total([tag.laser as string, tag.trunk as string], 'all')).toBe(1);
    expect(await total([tag.trunk as string, tag.laser as string], 'any')).toBe(2);

    // The image deleted on its own, then the patient (cascade), then restored.
    await send(c, 'DELETE', `/api/images/${d.imageIds[0]}`);
    await expectCountersTrue();
    expect(await total([tag.laser as string], 'any')).toBe(0);
    await send(c, 'DELETE', `/api/patients/${d.patient.id}`, {
      reason: 'duplicate',
      confirmation: 'delete ts-d',
    });
    await expectCountersTrue();
    expect(await total([tag.trunk as string], 'any')).toBe(1);
    await send(c, 'POST', `/api/patients/${d.patient.id}/restore`, { confirmation: 'restore ts-d' });
    await expectCountersTrue();
    expect(await total([tag.trunk as string], 'any')).toBe(2);

    // A tag changed on a patient, then deleted altogether.
    await send(c, 'PATCH', `/api/patients/${a.id}`, { tagIds: [tag.trunk] });
    await expectCountersTrue();
    await send(clinic.admin, 'DELETE', `/api/tags/${tag.trunk}`);
    await expectCountersTrue();
    expect(await total([tag.face as string], 'any')).toBe(1);
  });
});
