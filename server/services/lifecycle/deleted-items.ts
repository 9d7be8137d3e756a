import { and, desc, eq } from 'drizzle-orm';
import { users } from '../../db/schema.ts';
import { entries, images } from '../../db/schema-clinical.ts';
import { expiryOf } from '../../domain/lifecycle.ts';
import { notFound } from '../../errors.ts';
import { requireAccount } from '../access.ts';
import type { Actor, Ctx } from '../context.ts';
import { findPatient } from '../patients/find.ts';
import { currentSettings } from '../settings.ts';
import { deletedLesionsOf } from './deleted-lesions.ts';
import { recordRecoverableSql } from './expiry.ts';
import { presentWhy } from './markers.ts';

/**
 * The patient's Deleted Items drawer: its deleted entries, images and lesions that can still be recovered,
 * each with its expiry and whether it went with the patient (cascade) or on its own.
 */
export async function listDeletedItems(ctx: Ctx, actor: Actor, patientId: string) {
  const accountId = requireAccount(actor, 'deleted.read');
  const patient = await findPatient(ctx.db, accountId, patientId);
  if (!patient) throw notFound('patient');
  const held = patient.holdPlacedAt !== null;
  const { retentionMonths } = await currentSettings(ctx);
  const now = ctx.clock.now();
  const [entryRows, imageRows, deletedLesions] = await Promise.all([
    ctx.db
      .select({ row: entries, deletedByEmail: users.email })
      .from(entries)
      .leftJoin(users, eq(users.id, entries.deletedBy))
      .where(
        and(
          eq(entries.patientId, patientId),
          eq(entries.accountId, accountId),
          recordRecoverableSql('entry', retentionMonths, now),
        ),
      )
      .orderBy(desc(entries.deletedAt), desc(entries.id)),
    ctx.db
      .select({ row: images, deletedByEmail: users.email })
      .from(images)
      .leftJoin(users, eq(users.id, images.deletedBy))
      .where(
        and(
          eq(images.patientId, patientId),
          eq(images.accountId, accountId),
          recordRecoverableSql('image', retentionMonths, now),
        ),
      )
      .orderBy(desc(images.deletedAt), desc(images.id)),
    deletedLesionsOf(ctx.db, { accountId, patientId, held }, retentionMonths, now),
  ]);
  const markers = (
    r: {
      deletedAt: Date | null;
      deletedBy: string | null;
      deletionKind: string | null;
      deletionReason: string | null;
      deletionNote: string | null;
    },
    deletedByEmail: string | null,
  ) => {
    const deletedAt = r.deletedAt ?? now;
    return {
      deletedAt: deletedAt.toISOString(),
      deletedBy: r.deletedBy,
      deletedByEmail,
      expiresAt: expiryOf(deletedAt, retentionMonths, held)?.toISOString() ?? null,
      held,
      cascade: r.deletionKind === 'cascade',
      ...presentWhy(r),
    };
  };
  return {
    entries: entryRows.map(({ row: e, deletedByEmail }) => ({
      id: e.id,
      patientId: e.patientId,
      appointmentAt: e.appointmentAt.toISOString(),
      notes: e.notes,
      ...markers(e, deletedByEmail),
    })),
    images: imageRows.map(({ row: i, deletedByEmail }) => ({
      id: i.id,
      patientId: i.patientId,
      filename: i.filename,
      caption: i.caption,
      capturedAt: i.capturedAt?.toISOString() ?? null,
      uploadedAt: i.uploadedAt.toISOString(),
      ...markers(i, deletedByEmail),
    })),
    lesions: deletedLesions,
  };
}
