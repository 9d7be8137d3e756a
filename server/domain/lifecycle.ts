import type { DeletionReason } from '../../shared/schemas/deletion-reason.ts';
import { addMonths } from './retention.ts';

/** PRODUCT.md §6: the deployment-wide deletion policy and what each one keeps. */
export const DELETION_POLICIES = ['recoverable', 'standard', 'permanent'] as const;
export type DeletionPolicy = (typeof DELETION_POLICIES)[number];

export interface PolicyEffects {
  /** Rows, versions and stored files stay until the retention period runs out. */
  keepsData: boolean;
  /** The activity log of the deleted items stays (otherwise only one deletion event remains). */
  keepsActivityLog: boolean;
  /** The deleted records can be recovered before they expire. */
  recoverable: boolean;
}

export const POLICY_EFFECTS: Record<DeletionPolicy, PolicyEffects> = {
  recoverable: { keepsData: true, keepsActivityLog: true, recoverable: true },
  standard: { keepsData: true, keepsActivityLog: false, recoverable: true },
  permanent: { keepsData: false, keepsActivityLog: false, recoverable: false },
};

/** Why a record was deleted (PRODUCT.md §6), stored on its marker and in its deletion event. */
export { DELETION_REASONS, type DeletionReason } from '../../shared/schemas/deletion-reason.ts';

/** Why a deletion happened, as stored on the marker: the reason and the person's optional note. */
export interface DeletionWhy {
  reason: DeletionReason;
  note: string | null;
}

/**
 * A patient's deletion must say why; an entry, image, lesion or user deleted without a reason
 * records `other`. Undefined: a reason is required and none was given. A blank note is no note.
 */
type GivenWhy = { reason?: DeletionReason | undefined; note?: string | null | undefined };
export function deletionWhy(record: 'patient', given: GivenWhy): DeletionWhy | undefined;
export function deletionWhy(record: 'entry' | 'image' | 'lesion' | 'user', given: GivenWhy): DeletionWhy;
export function deletionWhy(
  record: 'patient' | 'entry' | 'image' | 'lesion' | 'user',
  given: GivenWhy,
): DeletionWhy | undefined {
  const reason = given.reason ?? (record === 'patient' ? undefined : 'other');
  if (!reason) return undefined;
  const note = given.note?.trim();
  return { reason, note: note ? note : null };
}

/**
 * Expiry is derived, never stored: the deletion time plus the current retention period. A record
 * under legal hold (its patient is held) has none while held; at release the same formula applies
 * with the retention then in force. SQL's twin is `vellum_expiry` (services/lifecycle/expiry.ts).
 */
export function expiryOf(deletedAt: Date, retentionMonths: number): Date;
export function expiryOf(deletedAt: Date, retentionMonths: number, held: boolean): Date | null;
export function expiryOf(deletedAt: Date, retentionMonths: number, held = false): Date | null {
  return held ? null : addMonths(deletedAt, retentionMonths);
}

/** Expired means gone: once the expiry is reached the record cannot be recovered. Held: never. */
export const isExpired = (deletedAt: Date, retentionMonths: number, now: Date, held = false): boolean => {
  const expiry = expiryOf(deletedAt, retentionMonths, held);
  return expiry !== null && expiry.getTime() <= now.getTime();
};

/**
 * The marker of a deleted record whose removal for good has begun (its files may be partly gone):
 * it is never recovered again, and the next cleanup finishes it whatever its expiry.
 */
export const REMOVING = 'removing';

export type DeletionKind = 'individual' | 'cascade' | typeof REMOVING;

export interface DeletionMarkers {
  deletedAt: Date | null;
  deletionKind: string | null;
  deletionRootId: string | null;
}

/**
 * What recovering a patient brings back: exactly the entries and images its own deletion took
 * with it. Those deleted on their own before stay deleted and are recovered one by one.
 */
export function restoredWithPatient<T extends DeletionMarkers>(patientId: string, items: T[]): T[] {
  return items.filter(
    (i) => i.deletedAt !== null && i.deletionKind === 'cascade' && i.deletionRootId === patientId,
  );
}

export type RestoreRefusal = 'not_deleted' | 'expired' | 'parent_deleted';

/** Why a record cannot be recovered now, if it cannot: not deleted, expired, or its patient is deleted. */
export function restoreRefusal(
  record: { deletedAt: Date | null; deletionKind?: string | null },
  at: { now: Date; retentionMonths: number; parentActive: boolean; held?: boolean },
): RestoreRefusal | undefined {
  if (!record.deletedAt) return 'not_deleted';
  if (record.deletionKind === REMOVING) return 'expired';
  if (isExpired(record.deletedAt, at.retentionMonths, at.now, at.held)) return 'expired';
  if (!at.parentActive) return 'parent_deleted';
  return undefined;
}

/** When a deleted record stopped being recoverable: its expiry, or now if its removal began earlier. */
export function recoverableUntil(
  record: { deletedAt: Date; deletionKind?: string | null },
  retentionMonths: number,
  now: Date,
): Date {
  const expiry = expiryOf(record.deletedAt, retentionMonths);
  return record.deletionKind === REMOVING && expiry > now ? now : expiry;
}

const DAY_MS = 86_400_000;

/**
 * A deletion time after which nothing is expired at `now`: every expired record was deleted at or
 * before it, so `deleted_at <= bound` can narrow an index range before the exact expiry test.
 * Months are counted back without clamping, and a week of margin covers both month-end clamps
 * (each moves a date by at most three days).
 */
export function expiredDeletionBound(retentionMonths: number, now: Date): Date {
  const d = new Date(now.getTime());
  d.setUTCMonth(d.getUTCMonth() - retentionMonths);
  return new Date(d.getTime() + 7 * DAY_MS);
}
