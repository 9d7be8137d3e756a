import { and, inArray, isNull, or, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { auditEvents } from '../../db/schema.ts';

/**
 * Removes the activity log of some records: each event keeps its hashes (so the chain still
 * verifies) and loses everything that says who did what to whom. The columns emptied here are
 * exactly those audit-read.ts expects to be null on a redacted event.
 */
export async function redactActivity(
  tx: Db,
  now: Date,
  of: { patientIds?: string[]; targetIds?: string[] },
): Promise<void> {
  const conds: SQL[] = [];
  if (of.patientIds?.length) conds.push(inArray(auditEvents.patientId, of.patientIds));
  if (of.targetIds?.length) conds.push(inArray(auditEvents.targetId, of.targetIds));
  if (conds.length === 0) return;
  await tx
    .update(auditEvents)
    .set({
      details: null,
      actorEmail: null,
      ip: null,
      targetId: null,
      patientId: null,
      actorId: null,
      redactedAt: now,
    })
    .where(and(isNull(auditEvents.redactedAt), or(...conds)));
}
