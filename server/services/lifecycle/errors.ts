import { AppError, conflict } from '../../errors.ts';

/** 422 when the typed phrase is not the expected one; nothing has changed. */
export const confirmationMismatch = (phrase: string) =>
  new AppError(422, 'confirmation_mismatch', `Type "${phrase}" to confirm.`, {
    fields: { confirmation: `Must be "${phrase}".` },
  });

export const notDeleted = (what: string) =>
  conflict('not_deleted', `This ${what} is not deleted; there is nothing to recover.`);

export const parentDeleted = (what: string) =>
  conflict('parent_deleted', `The patient of this ${what} is deleted. Recover the patient first.`);

export const expiredRecord = (what: string, expiresAt: Date) =>
  new AppError(410, 'expired', `This ${what} passed its retention period and can no longer be recovered.`, {
    expiresAt: expiresAt.toISOString(),
  });

/** 409 while the patient is under legal hold: neither it nor its records may be deleted or expunged. */
export const legalHold = (what: string) =>
  conflict(
    'legal_hold',
    `This ${what} is under a legal hold and cannot be deleted. An account administrator can release the hold.`,
  );

/** Refuses the deletion or expunge of a record whose patient is under legal hold. */
export function refuseIfHeld(patient: { holdPlacedAt: Date | null }, what: string) {
  if (patient.holdPlacedAt) throw legalHold(what);
}

/** 422 when a patient's deletion does not say why (PRODUCT.md §6); nothing has changed. */
export const reasonRequired = (what: string) =>
  new AppError(422, 'reason_required', `Say why this ${what} is deleted.`, {
    fields: { reason: 'Choose a reason.' },
  });
