import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/client.ts';
import { createPatient, seedAccount, startTestApp, type TestApp } from '../testing/harness.ts';
import { refreshPatientStats } from './patient-stats.ts';

// Two transactions adding images to one patient at once (an upload beside a deletion or another
// upload): the second to refresh the counts must see the first's committed image. Found by the
// crash-injection test, whose concurrent uploads and deletions left a patient's image count one
// short. The embedded database runs one transaction at a time, so this needs PostgreSQL.

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t?.close());

const addImage = (tx: Db, accountId: string, patientId: string) =>
  tx.execute(sql`
    insert into images (id, account_id, patient_id, filename, content_type, width, height, byte_size, sha256,
      uploaded_at, original_key, preview_key, thumbnail_key, last_modified_at)
    select id, ${accountId}, ${patientId}, 'a.jpg', 'image/jpeg', 1, 1, 1, 'x', now(),
      'k/' || id || '/o', 'k/' || id || '/p', 'k/' || id || '/t', now()
    from (select gen_random_uuid() as id) g`);

describe.skipIf(!process.env.DATABASE_URL)('patient counts under concurrent changes', () => {
  it('counts an image committed while the refresh waited for the patient', async () => {
    const clinic = await seedAccount(t, 'Stats Clinic');
    const patient = await createPatient(t, clinic.clinician, { uniqueId: 'stats-1' });
    const db = t.database.db;
    const now = new Date();
    let releaseFirst = () => {};
    const firstHolds = new Promise<void>((resolve) => {
      releaseFirst = resolve;
    });
    let firstRefreshed = () => {};
    const refreshed = new Promise<void>((resolve) => {
      firstRefreshed = resolve;
    });
    const first = db.transaction(async (tx) => {
      await addImage(tx, clinic.account.id, patient.id);
      await refreshPatientStats(tx, patient.id, now);
      firstRefreshed();
      await firstHolds; // holds the patient row until the second transaction waits for it
    });
    await refreshed;
    const second = db.transaction(async (tx) => {
      await addImage(tx, clinic.account.id, patient.id);
      await refreshPatientStats(tx, patient.id, now);
    });
    // Commit the first only once the second is blocked on the patient row.
    for (;;) {
      const [row] = await t.database.raw(
        `select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
      );
      if (Number(row?.n) > 0) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    releaseFirst();
    await Promise.all([first, second]);
    const [counts] = await t.database.raw(
      `select image_count as n, (select count(*)::int from images where patient_id = $1) as real from patients where id = $1`,
      [patient.id],
    );
    expect(counts).toEqual({ n: 2, real: 2 });
  });
});
