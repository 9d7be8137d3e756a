import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { entries, images, lesions, workspaceImages } from '../../db/schema-clinical.ts';
import { notFound } from '../../errors.ts';
import { requireAccount } from '../access.ts';
import { recordAuditAlone } from '../audit.ts';
import type { Actor, Ctx } from '../context.ts';
import { presentImages } from '../images/present.ts';
import { requireActivePatient } from '../patients/find.ts';
import { requireActiveLesion } from './find.ts';
import { presentLesions } from './present.ts';

/** GET /api/patients/{id}/lesions: the patient's active lesions, oldest first. */
export async function listLesions(ctx: Ctx, actor: Actor, patientId: string) {
  const accountId = requireAccount(actor, 'patients.read');
  await requireActivePatient(ctx.db, accountId, patientId);
  const rows = await ctx.db
    .select()
    .from(lesions)
    .where(and(eq(lesions.patientId, patientId), eq(lesions.accountId, accountId), isNull(lesions.deletedAt)))
    .orderBy(asc(lesions.createdAt), asc(lesions.label));
  const items = await presentLesions(ctx.db, rows);
  return { items, total: items.length, page: 1, pageSize: items.length };
}

export async function getLesion(ctx: Ctx, actor: Actor, id: string) {
  const accountId = requireAccount(actor, 'patients.read');
  const row = await requireActiveLesion(ctx.db, accountId, id);
  await requireActivePatient(ctx.db, accountId, row.patientId);
  await recordAuditAlone(ctx, actor, {
    action: 'patient.view',
    targetType: 'lesion',
    targetId: id,
    patientId: row.patientId,
  });
  const [lesion] = await presentLesions(ctx.db, [row]);
  if (!lesion) throw notFound('lesion');
  return lesion;
}

/**
 * GET /api/lesions/{id}/images: the lesion's timeline, in capture order (upload time when the
 * camera gave none), each image with the date of the earliest entry whose workspace holds it.
 */
export async function lesionTimeline(ctx: Ctx, actor: Actor, id: string) {
  const accountId = requireAccount(actor, 'patients.read');
  const lesion = await requireActiveLesion(ctx.db, accountId, id);
  await requireActivePatient(ctx.db, accountId, lesion.patientId);
  const rows = await ctx.db
    .select()
    .from(images)
    .where(and(eq(images.lesionId, id), eq(images.accountId, accountId), isNull(images.deletedAt)))
    .orderBy(asc(sql`coalesce(${images.capturedAt}, ${images.uploadedAt})`), asc(images.id));
  const visits = rows.length
    ? await ctx.db
        .select({ imageId: workspaceImages.imageId, entryId: entries.id, at: entries.appointmentAt })
        .from(workspaceImages)
        .innerJoin(entries, and(eq(entries.id, workspaceImages.entryId), isNull(entries.deletedAt)))
        .innerJoin(images, eq(images.id, workspaceImages.imageId))
        .where(and(eq(images.lesionId, id), eq(workspaceImages.accountId, accountId)))
        .orderBy(asc(entries.appointmentAt))
    : [];
  const visitOf = new Map<string, { entryId: string; at: Date }>();
  for (const v of visits) if (!visitOf.has(v.imageId)) visitOf.set(v.imageId, v);
  const presented = await presentImages(ctx.db, rows);
  const items = presented.map((image) => {
    const visit = visitOf.get(image.id);
    return {
      image,
      takenAt: image.capturedAt ?? image.uploadedAt,
      entryId: visit?.entryId ?? null,
      entryDate: visit?.at.toISOString() ?? null,
    };
  });
  return { items, total: items.length, page: 1, pageSize: items.length };
}
