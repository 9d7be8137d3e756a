import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import {
  accounts,
  apiTokens,
  patients,
  recordVersions,
  sessions,
  tagCategories,
  tags,
  users,
} from '../../db/schema.ts';
import { dicomEndpoints } from '../../db/schema-dicom.ts';
import type { BlobStore } from '../../storage/blob-store.ts';
import { announceAccessRevoked } from '../access-revocation.ts';
import { recordAudit } from '../audit.ts';
import type { Actor, Ctx } from '../context.ts';
import { redactAccountActivity, redactActivity } from '../lifecycle/activity.ts';
import { type Destruction, openDestruction, recordDestroyedUsers } from '../lifecycle/destruction-record.ts';
import { addRemoved, noneRemoved, removeRecords } from '../lifecycle/remove-records.ts';
import { ACCOUNT_DELETE_FINISHED } from './marker.ts';

export interface AccountDeletionCounts {
  patients: number;
  entries: number;
  images: number;
  users: number;
  files: number;
  logs: number;
}

const PATIENT_BATCH = 20;
const LOG_BATCH = 1000;

/**
 * Removes everything of an account whose deletion has started, then the account itself: users
 * (with their sessions and tokens), patients with their compartments and files (files first, a
 * batch at a time, through the one removal code), leftover history, tags and categories, and the
 * content of its activity log (hashes kept, so the chain verifies). Every step only removes what
 * is still there, so running it again after a crash finishes the job; the account row goes last.
 */
export async function finishAccountDeletion(
  ctx: Ctx,
  storage: BlobStore,
  accountId: string,
  destruction: Destruction,
  /** Users removed when the deletion started (deleteAccount), for the finishing event's count. */
  usersRemovedBefore = 0,
): Promise<AccountDeletionCounts> {
  let users = await ctx.db.transaction((tx) =>
    removeAccountUsers(tx, accountId, ctx.clock.now(), destruction),
  );
  let records = noneRemoved();
  for (;;) {
    const rows = await ctx.db
      .select({ id: patients.id })
      .from(patients)
      .where(eq(patients.accountId, accountId))
      .limit(PATIENT_BATCH);
    if (rows.length === 0) break;
    const removed = await removeRecords(ctx, storage, { patientIds: rows.map((r) => r.id) }, { destruction });
    records = addRemoved(records, removed);
    if (removed.patients === 0) throw new Error('account deletion: patients could not be removed');
  }
  let logs = records.logs;
  for (;;) {
    const n = await redactAccountActivity(ctx.db, ctx.clock.now(), accountId, LOG_BATCH);
    logs += n;
    if (n < LOG_BATCH) break;
  }
  const { patients: p, entries, images, files } = records;
  await ctx.db.transaction(async (tx) => {
    const [account] = await tx
      .select({ name: accounts.name })
      .from(accounts)
      .where(eq(accounts.id, accountId))
      .for('update');
    // Anyone added while the rest went (a late request) goes too; then nothing refers to the account.
    users += await removeAccountUsers(tx, accountId, ctx.clock.now(), destruction);
    await tx.delete(recordVersions).where(eq(recordVersions.accountId, accountId));
    // Tags take their assignments and effective tags with them (ON DELETE CASCADE).
    await tx.delete(tags).where(eq(tags.accountId, accountId));
    await tx.delete(tagCategories).where(eq(tagCategories.accountId, accountId));
    // PACS endpoints hold credentials; what was sent where (dicom_sends) stays on record.
    await tx.delete(dicomEndpoints).where(eq(dicomEndpoints.accountId, accountId));
    const gone = await tx.delete(accounts).where(eq(accounts.id, accountId)).returning({ id: accounts.id });
    if (gone.length === 0 || !account) return;
    await recordAudit(tx, ctx, deletedBy(destruction), {
      action: ACCOUNT_DELETE_FINISHED,
      accountId: null,
      targetType: 'account',
      targetId: accountId,
      details: {
        name: account.name,
        removed: { patients: p, entries, images, users: users + usersRemovedBefore, files, logEvents: logs },
        destructionRecordId: destruction.id,
      },
    });
  });
  return { patients: p, entries, images, users, files, logs };
}

/** Who the finishing event names: the person who deleted the account, or the cleanup (no one). */
const deletedBy = (d: Destruction) => ({
  userId: d.triggeredById,
  email: d.triggeredById ? d.triggeredBy : null,
  accountId: null,
});

/** The destruction record of an account's deletion (started by `actor`, or finished by a cleanup). */
export const accountDestruction = (now: Date, actor: Actor, accountId: string) =>
  openDestruction(now, 'account_deletion', actor, 'account deletion', { accountId });

/**
 * Ends every way into the account: its users' sessions and API tokens, then the users themselves
 * (nothing else refers to a user row by key; what names them as an id goes with the account).
 */
export async function removeAccountUsers(
  tx: Db,
  accountId: string,
  now: Date,
  destruction: Destruction,
): Promise<number> {
  const ids = (
    await tx.select({ id: users.id }).from(users).where(eq(users.accountId, accountId)).for('update')
  ).map((r) => r.id);
  if (ids.length === 0) return 0;
  await tx.delete(sessions).where(inArray(sessions.userId, ids));
  await tx.delete(apiTokens).where(inArray(apiTokens.userId, ids));
  for (const id of ids) await announceAccessRevoked(tx, id, 'account_deleted');
  await redactActivity(tx, now, { targetIds: ids });
  const removed = await tx
    .delete(users)
    .where(and(eq(users.accountId, accountId), inArray(users.id, ids)))
    .returning({ id: users.id });
  await recordDestroyedUsers(
    tx,
    destruction,
    removed.map((r) => r.id),
  );
  return removed.length;
}
