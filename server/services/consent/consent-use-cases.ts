import { randomUUID } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { consentBody } from '../../../shared/schemas/clinical.ts';
import { consents } from '../../db/schema-clinical.ts';
import { isPlainPng, pngSize } from '../../domain/png-chunks.ts';
import { conflict, invalid, notFound } from '../../errors.ts';
import type { BlobStore } from '../../storage/blob-store.ts';
import { isUuid, requireAccount } from '../access.ts';
import { recordAudit } from '../audit.ts';
import type { Actor, Ctx } from '../context.ts';
import { requireActivePatient } from '../patients/find.ts';

type ConsentRow = typeof consents.$inferSelect;

export const presentConsent = (c: ConsentRow) => ({
  id: c.id,
  patientId: c.patientId,
  method: c.method as 'signature' | 'verbal' | 'written' | 'other',
  hasSignature: Boolean(c.signatureKey),
  signatureUrl: c.signatureKey ? `/api/consents/${c.id}/signature` : null,
  note: c.note,
  recordedBy: c.recordedBy,
  recordedAt: c.recordedAt.toISOString(),
  status: (c.revokedAt ? 'revoked' : 'active') as 'active' | 'revoked',
  revokedAt: c.revokedAt?.toISOString() ?? null,
  revokedBy: c.revokedBy,
  revokeNote: c.revokeNote,
});

/** A drawn signature is a few hundred pixels wide; 4 megapixels leaves room for any screen. */
const MAX_SIGNATURE_PIXELS = 4_000_000;

export async function listConsents(ctx: Ctx, actor: Actor, patientId: string) {
  const accountId = requireAccount(actor, 'patients.read');
  await requireActivePatient(ctx.db, accountId, patientId);
  const rows = await ctx.db
    .select()
    .from(consents)
    .where(and(eq(consents.patientId, patientId), eq(consents.accountId, accountId)))
    .orderBy(desc(consents.recordedAt));
  const items = rows.map(presentConsent);
  return { items, total: items.length, page: 1, pageSize: items.length };
}

/** One consent event of an active patient of the account. */
export async function getConsent(ctx: Ctx, actor: Actor, consentId: string) {
  const accountId = requireAccount(actor, 'patients.read');
  if (!isUuid(consentId)) throw notFound('consent');
  const [row] = await ctx.db
    .select()
    .from(consents)
    .where(and(eq(consents.id, consentId), eq(consents.accountId, accountId)));
  if (!row) throw notFound('consent');
  await requireActivePatient(ctx.db, accountId, row.patientId);
  return presentConsent(row);
}

/** Records consent: a drawn signature (kept as a PNG file) or an externally verified one. */
export async function recordConsent(
  ctx: Ctx,
  storage: BlobStore,
  actor: Actor,
  patientId: string,
  input: z.infer<typeof consentBody>,
) {
  const accountId = requireAccount(actor, 'patients.write');
  let signature: Buffer | undefined;
  if (input.signature) {
    signature = Buffer.from(input.signature.slice(input.signature.indexOf(',') + 1), 'base64');
    // Stored and served as is, so only a plain PNG of a sane size: no text chunks, nothing
    // appended (a polyglot), no decompression bomb for the browsers that show it.
    const size = pngSize(signature);
    if (!size || !isPlainPng(signature) || size.width * size.height > MAX_SIGNATURE_PIXELS) {
      throw invalid('The signature is not a PNG image.', { signature: 'Not a plain PNG image.' });
    }
  }
  const id = randomUUID();
  const signatureKey = signature ? `accounts/${accountId}/consents/${id}/signature.png` : null;
  try {
    return await ctx.db.transaction(async (tx) => {
      await requireActivePatient(tx, accountId, patientId, true);
      const [row] = await tx
        .insert(consents)
        .values({
          id,
          accountId,
          patientId,
          method: input.method,
          signatureKey,
          note: input.note ?? null,
          recordedBy: actor.userId,
          recordedAt: ctx.clock.now(),
        })
        .returning();
      if (!row) throw new Error('consent not stored');
      await recordAudit(tx, ctx, actor, {
        action: 'consent.record',
        targetType: 'consent',
        targetId: id,
        patientId,
        details: { method: input.method },
      });
      if (signatureKey && signature) await storage.put(signatureKey, signature);
      return presentConsent(row);
    });
  } catch (err) {
    if (signatureKey) await storage.remove(signatureKey).catch(() => undefined);
    throw err;
  }
}

export async function revokeConsent(ctx: Ctx, actor: Actor, consentId: string, note?: string) {
  const accountId = requireAccount(actor, 'patients.write');
  return ctx.db.transaction(async (tx) => {
    if (!isUuid(consentId)) throw notFound('consent');
    const [row] = await tx
      .select()
      .from(consents)
      .where(and(eq(consents.id, consentId), eq(consents.accountId, accountId)))
      .for('update');
    if (!row) throw notFound('consent');
    await requireActivePatient(tx, accountId, row.patientId);
    if (row.revokedAt) throw conflict('already_revoked', 'This consent was already revoked.');
    const [updated] = await tx
      .update(consents)
      .set({ revokedAt: ctx.clock.now(), revokedBy: actor.userId, revokeNote: note ?? null })
      .where(eq(consents.id, consentId))
      .returning();
    if (!updated) throw notFound('consent');
    await recordAudit(tx, ctx, actor, {
      action: 'consent.revoke',
      targetType: 'consent',
      targetId: consentId,
      patientId: row.patientId,
    });
    return presentConsent(updated);
  });
}

/** The signature image of a consent, for the patient page. */
export async function consentSignature(ctx: Ctx, storage: BlobStore, actor: Actor, consentId: string) {
  const accountId = requireAccount(actor, 'patients.read');
  if (!isUuid(consentId)) throw notFound('consent');
  const [row] = await ctx.db
    .select()
    .from(consents)
    .where(and(eq(consents.id, consentId), eq(consents.accountId, accountId)));
  if (!row?.signatureKey) throw notFound('signature');
  await requireActivePatient(ctx.db, accountId, row.patientId);
  return storage.get(row.signatureKey);
}
