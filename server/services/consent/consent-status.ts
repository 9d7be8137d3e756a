import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { consents } from '../../db/schema-clinical.ts';
import { AppError } from '../../errors.ts';
import { readSettings } from '../settings.ts';

export type ConsentStatus = 'none' | 'active' | 'revoked';

/** The patient's consent as the latest consent event says: none recorded, active, or revoked. */
export async function consentStatuses(db: Db, patientIds: string[]): Promise<Map<string, ConsentStatus>> {
  const result = new Map<string, ConsentStatus>();
  if (patientIds.length === 0) return result;
  // The latest consent event of each patient decides; one query for a whole page of patients.
  const rows = await db
    .selectDistinctOn([consents.patientId], { patientId: consents.patientId, revokedAt: consents.revokedAt })
    .from(consents)
    .where(inArray(consents.patientId, patientIds))
    .orderBy(consents.patientId, desc(consents.recordedAt));
  for (const r of rows) result.set(r.patientId, r.revokedAt ? 'revoked' : 'active');
  return result;
}

export async function hasActiveConsent(db: Db, accountId: string, patientId: string): Promise<boolean> {
  const [latest] = await db
    .select({ revokedAt: consents.revokedAt })
    .from(consents)
    .where(and(eq(consents.patientId, patientId), eq(consents.accountId, accountId)))
    .orderBy(desc(consents.recordedAt))
    .limit(1);
  return Boolean(latest && !latest.revokedAt);
}

/** Under the Required level, nothing enters a patient's image pool without active consent. */
export async function requireUploadAllowed(db: Db, accountId: string, patientId: string): Promise<void> {
  const { consentLevel } = await readSettings(db);
  if (consentLevel !== 'required') return;
  if (!(await hasActiveConsent(db, accountId, patientId))) {
    throw new AppError(
      403,
      'consent_required',
      'Record photography consent for this patient before uploading images.',
    );
  }
}
