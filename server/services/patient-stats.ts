import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';

/**
 * Recomputes a patient's computed fields from its active entries and images and marks it modified.
 * Called in the same transaction as every change to its entries or images (create, change, delete,
 * restore), so the counts are never typed by hand and never drift.
 */
export async function refreshPatientStats(tx: Db, patientId: string, now: Date): Promise<void> {
  // Lock the patient first: the update below then starts after any other transaction refreshing
  // it has committed, so its counts see that one's images and entries. Counted in the update's own
  // statement instead, they would miss them (its snapshot predates the wait for the row lock).
  await tx.execute(sql`select 1 from patients where id = ${patientId} for update`);
  await tx.execute(sql`
    update patients p set
      entry_count = (select count(*) from entries e where e.patient_id = p.id and e.deleted_at is null),
      image_count = (select count(*) from images i where i.patient_id = p.id and i.deleted_at is null),
      last_appointment_at = (select max(e.appointment_at) from entries e where e.patient_id = p.id and e.deleted_at is null),
      last_modified_at = ${now.toISOString()}::timestamptz
    where p.id = ${patientId}
  `);
}
