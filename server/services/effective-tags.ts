import { inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { patientEffectiveTags } from '../db/schema.ts';

/**
 * Recomputes the effective tags of some patients in three statements: the patient's own tags,
 * the tags of its active entries, and the tags of its active images. Deleted records contribute
 * nothing, and a tag removed from an image stays only where it is also held directly.
 */
export async function refreshEffectiveTags(tx: Db, patientIds: string[]): Promise<void> {
  if (patientIds.length === 0) return;
  await tx.delete(patientEffectiveTags).where(inArray(patientEffectiveTags.patientId, patientIds));
  await tx.execute(sql`
    insert into patient_effective_tags (patient_id, tag_id, account_id)
    select distinct src.patient_id, src.tag_id, p.account_id from (
      select pt.patient_id, pt.tag_id from patient_tags pt
      where pt.patient_id in ${patientIds}
      union
      select e.patient_id, et.tag_id from entry_tags et
      join entries e on e.id = et.entry_id and e.deleted_at is null
      where e.patient_id in ${patientIds}
      union
      select i.patient_id, it.tag_id from image_tags it
      join images i on i.id = it.image_id and i.deleted_at is null
      where i.patient_id in ${patientIds}
    ) src
    join patients p on p.id = src.patient_id and p.deleted_at is null
  `);
  // The sorted set, counted per account by triggers (account_tag_sets); written only when it changed.
  await tx.execute(sql`
    update patients p set effective_tag_set = s.tag_ids
    from (
      select q.id, coalesce(array_agg(et.tag_id order by et.tag_id) filter (where et.tag_id is not null), '{}') as tag_ids
      from patients q left join patient_effective_tags et on et.patient_id = q.id
      where q.id in ${patientIds}
      group by q.id
    ) s
    where p.id = s.id and p.effective_tag_set <> s.tag_ids
  `);
}
