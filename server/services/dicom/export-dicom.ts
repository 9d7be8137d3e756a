import { zipSync } from 'fflate';
import type { DicomConfig } from '../../config.ts';
import { type DirectoryPatient, writeDicomdir } from '../../dicom/dicomdir.ts';
import { dicomDate, dicomTime } from '../../dicom/elements.ts';
import { VL_PHOTOGRAPHIC_IMAGE } from '../../dicom/photographic-object.ts';
import { deriveUid } from '../../domain/dicom-uid.ts';
import { notFound } from '../../errors.ts';
import type { BlobStore } from '../../storage/blob-store.ts';
import { requireAccount } from '../access.ts';
import { recordAuditAlone } from '../audit.ts';
import type { Actor, Ctx } from '../context.ts';
import { requireActiveEntry } from '../entries/find.ts';
import { requireActiveImage } from '../images/image-use-cases.ts';
import { requireActivePatient } from '../patients/find.ts';
import { planInstances } from './dicom-plan.ts';
import { renderInstance } from './render-instance.ts';
import { uidScheme } from './uid-scheme.ts';

export interface DicomDeps {
  ctx: Ctx;
  storage: BlobStore;
  config: DicomConfig;
}

/** One image as a single DICOM file (in its earliest entry's study, or the pool study). */
export async function exportImageDicom({ ctx, storage, config }: DicomDeps, actor: Actor, imageId: string) {
  const accountId = requireAccount(actor, 'patients.read');
  const image = await requireActiveImage(ctx.db, accountId, imageId);
  const patient = await requireActivePatient(ctx.db, accountId, image.patientId);
  const [planned] = await planInstances(ctx, config, patient, { kind: 'image', imageId });
  if (!planned) throw notFound('image');
  const { bytes } = await renderInstance(storage, planned);
  await recordAuditAlone(ctx, actor, {
    action: 'dicom.export',
    targetType: 'image',
    targetId: imageId,
    patientId: patient.id,
    details: { instances: 1, bytes: bytes.length },
  });
  return { bytes, filename: `vellum-${patient.uniqueId}-${imageId.slice(0, 8)}.dcm` };
}

/** One entry's images as a zip (the entry names its patient). */
export async function exportEntryDicomZip(deps: DicomDeps, actor: Actor, entryId: string) {
  const accountId = requireAccount(actor, 'patients.read');
  const entry = await requireActiveEntry(deps.ctx.db, accountId, entryId);
  return exportDicomZip(deps, actor, entry.patientId, entryId);
}

/**
 * A patient's images (or one entry's) as a zip: a DICOMDIR at the top and one file per instance
 * under DICOM/, named as the directory records name them.
 */
export async function exportDicomZip(
  { ctx, storage, config }: DicomDeps,
  actor: Actor,
  patientId: string,
  entryId?: string,
) {
  const accountId = requireAccount(actor, 'patients.read');
  const patient = await requireActivePatient(ctx.db, accountId, patientId);
  if (entryId) {
    const entry = await requireActiveEntry(ctx.db, accountId, entryId);
    if (entry.patientId !== patientId) throw notFound('entry');
  }
  const plan = await planInstances(
    ctx,
    config,
    patient,
    entryId ? { kind: 'entry', entryId } : { kind: 'patient' },
  );
  const files: Record<string, Uint8Array> = {};
  const studies = new Map<string, DirectoryPatient['studies'][number]>();
  let n = 0;
  for (const planned of plan) {
    const { instance } = planned;
    let study = studies.get(instance.studyInstanceUid);
    if (!study) {
      study = {
        uid: instance.studyInstanceUid,
        date: instance.study.at ? dicomDate(instance.study.at) : '',
        time: instance.study.at ? dicomTime(instance.study.at) : '',
        description: instance.study.description,
        id: instance.study.id,
        accessionNumber: instance.study.accessionNumber,
        series: [{ uid: instance.seriesInstanceUid, number: instance.series.number, images: [] }],
      };
      studies.set(instance.studyInstanceUid, study);
    }
    const { bytes, transferSyntax } = await renderInstance(storage, planned);
    n += 1;
    const fileId = ['DICOM', `S${String(studies.size).padStart(4, '0')}`, `I${String(n).padStart(6, '0')}`];
    files[fileId.join('/')] = bytes;
    study.series[0]?.images.push({
      fileId,
      sopClassUid: VL_PHOTOGRAPHIC_IMAGE,
      sopInstanceUid: instance.sopInstanceUid,
      transferSyntax,
      number: instance.instanceNumber,
    });
  }
  const scheme = await uidScheme(ctx, config);
  const fileSetUid = deriveUid(
    scheme,
    'dicomdir',
    `${patientId}:${entryId ?? ''}:${ctx.clock.now().toISOString()}`,
  );
  const first = plan[0]?.instance.patient;
  files.DICOMDIR = writeDicomdir(fileSetUid, {
    name: first?.name ?? '',
    id: patient.uniqueId,
    studies: [...studies.values()],
  });
  // The photographs are compressed already or small next to the work of deflating them again.
  const zip = Buffer.from(zipSync(files, { level: 0 }));
  await recordAuditAlone(ctx, actor, {
    action: 'dicom.export',
    targetType: entryId ? 'entry' : 'patient',
    targetId: entryId ?? patientId,
    patientId,
    details: { instances: plan.length, bytes: zip.length },
  });
  return { zip, filename: `vellum-${patient.uniqueId}${entryId ? '-entry' : ''}-dicom.zip` };
}
