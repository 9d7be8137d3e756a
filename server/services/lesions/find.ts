import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { lesions } from '../../db/schema-clinical.ts';
import { AppError, notFound } from '../../errors.ts';
import { isUuid } from '../access.ts';
import { deletedAnswer } from '../lifecycle/deleted-answer.ts';
import type { LesionRow } from './present.ts';

export async function findLesion(db: Db, accountId: string, id: string, lock: boolean | 'share' = false) {
  if (!isUuid(id)) return undefined;
  const q = db
    .select()
    .from(lesions)
    .where(and(eq(lesions.id, id), eq(lesions.accountId, accountId)));
  const [row] = lock ? await q.for(lock === 'share' ? 'share' : 'update') : await q;
  return row;
}

/** The active lesion; 404 when unknown or another account's, 410 when deleted. */
export async function requireActiveLesion(
  db: Db,
  accountId: string,
  id: string,
  lock = false,
): Promise<LesionRow> {
  const row = await findLesion(db, accountId, id, lock);
  if (!row) throw notFound('lesion');
  if (row.deletedAt) throw await deletedAnswer(db, 'lesion', { ...row, deletedAt: row.deletedAt });
  return row;
}

/** An image may be linked only to an active lesion of its own patient; anything else is 422. */
export async function assertLesionOfPatient(
  db: Db,
  accountId: string,
  patientId: string,
  lesionId: string,
  /** Held till commit (shared), so that the lesion is not deleted under the link being written. */
  lock = false,
) {
  const lesion = await findLesion(db, accountId, lesionId, lock && 'share');
  if (!lesion || lesion.deletedAt)
    throw new AppError(422, 'unknown_lesion', 'No such lesion.', { fields: { lesionId: 'No such lesion.' } });
  if (lesion.patientId !== patientId)
    throw new AppError(422, 'lesion_of_other_patient', 'The lesion belongs to another patient.', {
      fields: { lesionId: 'The lesion belongs to another patient.' },
    });
}
