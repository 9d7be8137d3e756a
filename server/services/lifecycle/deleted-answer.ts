import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { patients, users } from '../../db/schema.ts';
import { expiryOf } from '../../domain/lifecycle.ts';
import { AppError } from '../../errors.ts';
import { readSettings } from '../settings.ts';

/**
 * The contract's 410 for a soft-deleted patient, entry, image or lesion (PRODUCT.md §6): its deletion
 * marker as shown everywhere, when it was deleted, by whom (id and e-mail) and when it expires
 * (none while its patient is under legal hold).
 */
export async function deletedAnswer(
  db: Db,
  what: 'patient' | 'entry' | 'image' | 'lesion',
  row: { deletedAt: Date; deletedBy: string | null; holdPlacedAt?: Date | null; patientId?: string },
): Promise<AppError> {
  const { retentionMonths } = await readSettings(db);
  const [by] = row.deletedBy
    ? await db.select({ email: users.email }).from(users).where(eq(users.id, row.deletedBy))
    : [];
  const [patient] =
    row.holdPlacedAt === undefined && row.patientId
      ? await db
          .select({ holdPlacedAt: patients.holdPlacedAt })
          .from(patients)
          .where(eq(patients.id, row.patientId))
      : [];
  const held = (row.holdPlacedAt ?? patient?.holdPlacedAt ?? null) !== null;
  return new AppError(410, 'deleted', `This ${what} was deleted.`, {
    deletedAt: row.deletedAt.toISOString(),
    deletedBy: row.deletedBy,
    deletedByEmail: by?.email ?? null,
    expiresAt: expiryOf(row.deletedAt, retentionMonths, held)?.toISOString() ?? null,
    held,
  });
}
