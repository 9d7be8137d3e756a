import { describeFailure, queryInstanceUids } from '../../dicom/dicomweb.ts';
import { requireAccount } from '../access.ts';
import type { Actor } from '../context.ts';
import { requireActivePatient } from '../patients/find.ts';
import { planInstances } from './dicom-plan.ts';
import { requireAccountEndpoint, targetOf } from './endpoints.ts';
import type { DicomDeps } from './export-dicom.ts';

/**
 * Whether each active image of a patient is in a PACS: the PACS is asked (QIDO-RS) for the
 * instances of the patient's ID, and an image counts as there when one of its instances is.
 */
export async function pacsStatus(
  { ctx, config }: Omit<DicomDeps, 'storage'>,
  actor: Actor,
  patientId: string,
  endpointId: string,
) {
  const accountId = requireAccount(actor, 'patients.read');
  const patient = await requireActivePatient(ctx.db, accountId, patientId);
  const endpoint = await requireAccountEndpoint(ctx.db, accountId, endpointId);
  const plan = await planInstances(ctx, config, patient, { kind: 'patient' });
  const byImage = new Map<string, string[]>();
  for (const p of plan)
    byImage.set(p.image.id, [...(byImage.get(p.image.id) ?? []), p.instance.sopInstanceUid]);
  const target = { id: endpoint.id, name: endpoint.name };
  let held: Set<string>;
  try {
    held = await queryInstanceUids(targetOf(endpoint), patient.uniqueId);
  } catch (error) {
    return { endpoint: target, reachable: false, error: describeFailure(error), images: [] };
  }
  const images = [...byImage].map(([imageId, sopInstanceUids]) => ({
    imageId,
    sopInstanceUids,
    inPacs: sopInstanceUids.some((uid) => held.has(uid)),
  }));
  return { endpoint: target, reachable: true, images };
}
