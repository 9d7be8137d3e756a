import { inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { patientEffectiveTags } from '../db/schema.ts';

/**
 * Recomputes the effective tags of some patients from their sources in one statement pair. The
 * sources are the patient's own tags; entries and images add theirs here when they arrive, and
 * deleted records contribute nothing.
 */
export async function refreshEffectiveTags(tx: Db, patientIds: string[]): Promise<void> {
  if (patientIds.length === 0) return;
  await tx.delete(patientEffectiveTags).where(inArray(patientEffectiveTags.patientId, patientIds));
  await tx.execute(sql`
    insert into patient_effective_tags (patient_id, tag_id, account_id)
    select distinct src.patient_id, src.tag_id, src.account_id from (
      select pt.patient_id, pt.tag_id, pt.account_id from patient_tags pt
      where pt.patient_id in ${patientIds}
    ) src
    join patients p on p.id = src.patient_id and p.deleted_at is null
  `);
}
