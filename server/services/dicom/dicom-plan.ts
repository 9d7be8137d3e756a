import { and, asc, eq, isNull } from 'drizzle-orm';
import type { DicomConfig } from '../../config.ts';
import { entries, images, workspaceImages } from '../../db/schema-clinical.ts';
import type { PhotographicInstance } from '../../dicom/photographic-object.ts';
import { deriveUid } from '../../domain/dicom-uid.ts';
import type { Ctx } from '../context.ts';
import type { PatientRow } from '../patients/present.ts';
import { type UidScheme, uidScheme } from './uid-scheme.ts';

type ImageRow = typeof images.$inferSelect;

/** One DICOM instance to make: the image it shows and where it sits (docs/DICOM.md). */
export interface PlannedInstance {
  image: ImageRow;
  entryId: string | null;
  instance: PhotographicInstance;
}

export type PlanScope =
  | { kind: 'patient' }
  | { kind: 'entry'; entryId: string }
  | { kind: 'image'; imageId: string };

const SEX: Record<string, string> = { female: 'F', male: 'M', other: 'O' };

/** PN components: no delimiters of the value representation, at most 64 characters. */
const pnPart = (s: string | null) =>
  (s ?? '')
    .replace(/[\\^=]/g, ' ')
    .trim()
    .slice(0, 64);

/**
 * The instances a patient's images make. Each active entry is a study with one series holding its
 * workspace images in order; images of the pool in no entry form the patient's pool study. An
 * image in two entries is two instances (one per study); every UID is derived from the records.
 */
export async function planInstances(
  ctx: Ctx,
  config: DicomConfig,
  patient: PatientRow,
  scope: PlanScope,
): Promise<PlannedInstance[]> {
  const scheme = await uidScheme(ctx, config);
  const entryRows = await ctx.db
    .select()
    .from(entries)
    .where(and(eq(entries.patientId, patient.id), isNull(entries.deletedAt)))
    .orderBy(asc(entries.appointmentAt), asc(entries.id));
  const placed = await ctx.db
    .select({ entryId: workspaceImages.entryId, image: images })
    .from(workspaceImages)
    .innerJoin(images, and(eq(images.id, workspaceImages.imageId), isNull(images.deletedAt)))
    .where(eq(images.patientId, patient.id))
    .orderBy(asc(workspaceImages.position));
  const pool = await ctx.db
    .select()
    .from(images)
    .where(and(eq(images.patientId, patient.id), isNull(images.deletedAt)))
    .orderBy(asc(images.uploadedAt), asc(images.id));
  const base = patientPart(config, patient);
  const planned: PlannedInstance[] = [];
  const inEntry = new Set<string>();
  for (const e of entryRows) {
    const shown = placed.filter((p) => p.entryId === e.id).map((p) => p.image);
    shown.forEach((image, i) => {
      inEntry.add(image.id);
      planned.push(
        instanceOf(scheme, base, image, i + 1, {
          key: e.id,
          entryId: e.id,
          at: e.appointmentAt,
          id: e.id.replace(/-/g, '').slice(0, 16).toUpperCase(),
          description: 'Clinical photography (Vellum entry)',
          accessionNumber:
            config.accession === 'entry' ? e.id.replace(/-/g, '').slice(0, 16).toUpperCase() : '',
        }),
      );
    });
  }
  pool
    .filter((image) => !inEntry.has(image.id))
    .forEach((image, i) => {
      planned.push(
        instanceOf(scheme, base, image, i + 1, {
          key: `pool:${patient.id}`,
          entryId: null,
          // A study needs a date in a DICOMDIR: the pool's is the day the patient was recorded.
          at: patient.createdAt,
          id: 'POOL',
          description: 'Clinical photography (Vellum image pool)',
          accessionNumber: '',
        }),
      );
    });
  if (scope.kind === 'entry') return planned.filter((p) => p.entryId === scope.entryId);
  if (scope.kind === 'image') {
    // One image, once: in its earliest entry, or in the pool study.
    const first = planned.find((p) => p.image.id === scope.imageId);
    return first ? [first] : [];
  }
  return planned;
}

function patientPart(config: DicomConfig, patient: PatientRow): PhotographicInstance['patient'] {
  const family = pnPart(patient.lastName);
  const given = pnPart(patient.firstName);
  return {
    name: family || given ? `${family}^${given}` : '',
    id: patient.uniqueId,
    issuer: config.issuer,
    birthDate: patient.dateOfBirth ? patient.dateOfBirth.replace(/-/g, '') : '',
    sex: SEX[patient.sex ?? ''] ?? '',
  };
}

function instanceOf(
  scheme: UidScheme,
  patient: PhotographicInstance['patient'],
  image: ImageRow,
  number: number,
  study: {
    key: string;
    entryId: string | null;
    at: Date | undefined;
    id: string;
    description: string;
    accessionNumber: string;
  },
): PlannedInstance {
  return {
    image,
    entryId: study.entryId,
    instance: {
      studyInstanceUid: deriveUid(scheme, 'study', study.key),
      seriesInstanceUid: deriveUid(scheme, 'series', study.key),
      sopInstanceUid: deriveUid(scheme, 'instance', `${study.key}:${image.id}`),
      patient,
      study: {
        at: study.at,
        id: study.id,
        description: study.description,
        accessionNumber: study.accessionNumber,
      },
      series: { number: 1, description: 'Clinical photographs' },
      instanceNumber: number,
      capturedAt: image.capturedAt ?? undefined,
      uploadedAt: image.uploadedAt,
      caption: image.caption,
    },
  };
}
