import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { patients } from '../../db/schema.ts';
import { expiryOf } from '../../domain/lifecycle.ts';
import { AppError, notFound } from '../../errors.ts';
import { isUuid } from '../access.ts';
import { readSettings } from '../settings.ts';
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
  if (row.deletedAt) {
    const { retentionMonths } = await readSettings(db);
    throw new AppError(410, 'deleted', 'This patient was deleted.', {
      deletedAt: row.deletedAt.toISOString(),
      expiresAt: expiryOf(row.deletedAt, retentionMonths).toISOString(),
    });
  }
  return row;
}
