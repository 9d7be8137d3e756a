import { and, eq, isNull, ne, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { auditEvents } from '../../db/schema-audit.ts';
import { REMOVING } from '../../domain/lifecycle.ts';
import type { RecordType } from '../versions.ts';
import { redacted } from './activity.ts';
import { expiredActivitySql } from './activity-expiry.ts';
import { recordExpiredSql } from './expiry.ts';
import { KINDS_IN_REMOVAL_ORDER, recordTable } from './record-kinds.ts';

/**
 * Expiry is final around a legal hold too (PRODUCT.md §6): the patient's deleted records and log
 * events whose expiry has passed, as things stand in this transaction, are marked for removal (the
 * records: never recovered again, the removal or the next cleanup finishes them) and redacted (the
 * events). Placing a hold calls it first, so a hold never brings back what had expired; releasing
 * one calls it after, so what the hold kept past its expiry goes at once. Returns the records marked.
 */
export async function finalizeExpiredOfPatient(tx: Db, patientId: string, months: number, now: Date) {
  let marked = 0;
  for (const type of KINDS_IN_REMOVAL_ORDER) {
    const t = recordTable(type);
    const rows = await tx
      .update(t)
      .set({ deletionKind: REMOVING })
      .where(
        and(
          ofPatient(type, patientId),
          recordExpiredSql(type, months, now),
          or(isNull(t.deletionKind), ne(t.deletionKind, REMOVING)),
        ),
      )
      .returning({ id: t.id });
    marked += rows.length;
  }
  const events = await tx
    .update(auditEvents)
    .set(redacted(now))
    .where(and(eq(auditEvents.patientId, patientId), expiredActivitySql(months, now)))
    .returning({ seq: auditEvents.seq });
  return { records: marked, logs: events.length };
}

const ofPatient = (type: RecordType, patientId: string) =>
  type === 'patient'
    ? sql`${recordTable(type).id} = ${patientId}`
    : eq(recordTable(type).patientId, patientId);
