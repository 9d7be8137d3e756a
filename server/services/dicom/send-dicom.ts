import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { dicomSendBody, dicomSendResult } from '../../../shared/schemas/dicom.ts';
import { dicomSends } from '../../db/schema-dicom.ts';
import { stowInstance } from '../../dicom/dicomweb.ts';
import { notFound } from '../../errors.ts';
import { requireAccount } from '../access.ts';
import { recordAuditAlone } from '../audit.ts';
import type { Actor } from '../context.ts';
import { requireActiveEntry } from '../entries/find.ts';
import { requireActivePatient } from '../patients/find.ts';
import { planInstances } from './dicom-plan.ts';
import { requireAccountEndpoint, targetOf } from './endpoints.ts';
import type { DicomDeps } from './export-dicom.ts';
import { renderInstance } from './render-instance.ts';

type Result = z.infer<typeof dicomSendResult>;

/**
 * Sends a patient's images (or one entry's) to a PACS of the account with STOW-RS, one instance
 * per request so each has its own result; transient failures are retried. Nothing in Vellum
 * changes but the record of what was sent where, so a failed send loses nothing.
 */
export async function sendToPacs(
  { ctx, storage, config }: DicomDeps,
  actor: Actor,
  patientId: string,
  body: z.infer<typeof dicomSendBody>,
) {
  const accountId = requireAccount(actor, 'dicom.send');
  const patient = await requireActivePatient(ctx.db, accountId, patientId);
  if (body.entryId) {
    const entry = await requireActiveEntry(ctx.db, accountId, body.entryId);
    if (entry.patientId !== patientId) throw notFound('entry');
  }
  const endpoint = await requireAccountEndpoint(ctx.db, accountId, body.endpointId);
  const target = targetOf(endpoint);
  const plan = await planInstances(
    ctx,
    config,
    patient,
    body.entryId ? { kind: 'entry', entryId: body.entryId } : { kind: 'patient' },
  );
  const results: Result[] = [];
  for (const planned of plan) {
    const { instance } = planned;
    const base = {
      imageId: planned.image.id,
      entryId: planned.entryId,
      studyInstanceUid: instance.studyInstanceUid,
      sopInstanceUid: instance.sopInstanceUid,
    };
    let outcome: Awaited<ReturnType<typeof stowInstance>>;
    try {
      const { bytes } = await renderInstance(storage, planned);
      outcome = await stowInstance(target, bytes, config.retryDelaysMs);
    } catch (error) {
      outcome = {
        ok: false,
        attempts: 0,
        error: `the image could not be read (${(error as Error).message})`,
      };
    }
    if (!outcome.ok) {
      results.push({ ...base, status: 'failed', attempts: outcome.attempts, error: outcome.error });
      continue;
    }
    const now = ctx.clock.now();
    await ctx.db
      .insert(dicomSends)
      .values({
        id: randomUUID(),
        accountId,
        patientId,
        imageId: planned.image.id,
        entryId: planned.entryId,
        endpointId: endpoint.id,
        endpointName: endpoint.name,
        baseUrl: endpoint.baseUrl,
        studyInstanceUid: instance.studyInstanceUid,
        sopInstanceUid: instance.sopInstanceUid,
        firstSentAt: now,
        lastSentAt: now,
        sentBy: actor.via === 'cli' ? null : actor.userId,
      })
      .onConflictDoUpdate({
        target: [dicomSends.endpointId, dicomSends.sopInstanceUid],
        set: { lastSentAt: sql`excluded.last_sent_at`, sentBy: sql`excluded.sent_by` },
      });
    results.push({ ...base, status: 'sent', attempts: outcome.attempts });
  }
  const sent = results.filter((r) => r.status === 'sent').length;
  const failed = results.length - sent;
  await recordAuditAlone(ctx, actor, {
    action: 'dicom.send',
    targetType: body.entryId ? 'entry' : 'patient',
    targetId: body.entryId ?? patientId,
    patientId,
    details: { endpoint: endpoint.name, endpointId: endpoint.id, sent, failed },
  });
  return { endpoint: { id: endpoint.id, name: endpoint.name }, sent, failed, results };
}
