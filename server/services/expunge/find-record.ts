import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { isUuid } from '../access.ts';
import { recordAuditAlone } from '../audit.ts';
import type { Actor, Ctx } from '../context.ts';
import { legalHold } from '../lifecycle/errors.ts';
import { heldSql } from '../lifecycle/expiry.ts';
import { recordTable } from '../lifecycle/record-kinds.ts';
import type { RemovedCounts } from '../lifecycle/remove-records.ts';

export type ExpungeKind = 'patient' | 'entry' | 'image' | 'lesion';

/**
 * The record to expunge, by id alone: active or deleted, of any account. This is the one place a
 * super administrator addresses clinical rows; it learns the account only to log the expunge there.
 * A record whose patient is under legal hold is refused (409 legal_hold).
 */
export async function findRecordToExpunge(db: Db, kind: ExpungeKind, id: string) {
  if (!isUuid(id)) return undefined;
  const t = recordTable(kind);
  const [row] = await db
    .select({ accountId: t.accountId, held: sql<boolean>`${heldSql(kind)}` })
    .from(t)
    .where(eq(t.id, id));
  if (row?.held) throw legalHold(kind);
  return row && { accountId: row.accountId };
}

/**
 * One `expunge` event in the record's account: the record type and the counts, nothing that names
 * or identifies the patient or the record (the record is gone; its id would point nowhere).
 */
export async function recordExpunge(
  ctx: Ctx,
  actor: Actor,
  kind: ExpungeKind,
  accountId: string,
  expunged: RemovedCounts,
  everything = false,
) {
  await recordAuditAlone(ctx, actor, {
    action: 'expunge',
    accountId,
    targetType: kind,
    details: { recordType: kind, ...(kind === 'patient' ? { everything } : {}), expunged },
  });
}
