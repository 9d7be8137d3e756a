import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { patients } from '../../db/schema.ts';
import { notFound } from '../../errors.ts';
import { isUuid } from '../access.ts';
import { deletedAnswer } from '../lifecycle/deleted-answer.ts';
import type { PatientRow } from './present.ts';

/** A patient of the account, deleted or not; another account's patient does not exist here. */
export async function findPatient(
  db: Db,
  accountId: string,
  id: string,
  lock = false,
): Promise<PatientRow | undefined> {
  if (!isUuid(id)) return undefined;
  const q = db
    .select()
    .from(patients)
    .where(and(eq(patients.id, id), eq(patients.accountId, accountId)));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

/** The active patient, or the contract's answer: 404 unknown, 410 soft-deleted (with its expiry). */
export async function requireActivePatient(
  db: Db,
  accountId: string,
  id: string,
  lock = false,
): Promise<PatientRow> {
  const row = await findPatient(db, accountId, id, lock);
  if (!row) throw notFound('patient');
  if (row.deletedAt) throw await deletedAnswer(db, 'patient', { ...row, deletedAt: row.deletedAt });
  return row;
}
