import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { users } from '../../db/schema.ts';
import { lesions } from '../../db/schema-clinical.ts';
import type { LesionStatus } from '../../domain/lesions.ts';
import { expiryOf } from '../../domain/lifecycle.ts';
import { recordRecoverableSql } from './expiry.ts';
import { presentWhy } from './markers.ts';

/**
 * The patient's deleted lesions that can still be recovered, for its Deleted Items drawer: each
 * with its marker (who, when, why, with the patient or on its own) and its expiry.
 */
export async function deletedLesionsOf(
  db: Db,
  scope: { accountId: string; patientId: string; held: boolean },
  retentionMonths: number,
  now: Date,
) {
  const rows = await db
    .select({ row: lesions, deletedByEmail: users.email })
    .from(lesions)
    .leftJoin(users, eq(users.id, lesions.deletedBy))
    .where(
      and(
        eq(lesions.patientId, scope.patientId),
        eq(lesions.accountId, scope.accountId),
        recordRecoverableSql('lesion', retentionMonths, now),
      ),
    )
    .orderBy(desc(lesions.deletedAt), desc(lesions.id));
  return rows.map(({ row: l, deletedByEmail }) => {
    const deletedAt = l.deletedAt ?? now;
    return {
      id: l.id,
      patientId: l.patientId,
      label: l.label,
      status: l.status as LesionStatus,
      siteRegion: l.siteRegion,
      siteSide: l.siteSide,
      deletedAt: deletedAt.toISOString(),
      deletedBy: l.deletedBy,
      deletedByEmail,
      expiresAt: expiryOf(deletedAt, retentionMonths, scope.held)?.toISOString() ?? null,
      held: scope.held,
      cascade: l.deletionKind === 'cascade',
      ...presentWhy(l),
    };
  });
}
