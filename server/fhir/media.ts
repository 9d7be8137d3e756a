import type { Media } from '@medplum/fhirtypes';
import { count, sql } from 'drizzle-orm';
import { SNOMED_SYSTEM } from '../../shared/body-map.ts';
import { images } from '../db/schema-clinical.ts';
import type { ImageModality } from '../domain/lesions.ts';
import { notFound } from '../errors.ts';
import { requireAccount } from '../services/access.ts';
import { imageHistory, imageVersion } from '../services/images/image-history.ts';
import { findImage, getImage } from '../services/images/image-use-cases.ts';
import { type PresentedImage, presentImages } from '../services/images/present.ts';
import { workspaceEntriesOf } from '../services/images/workspace-entries.ts';
import { type LesionSite, lesionSitesOf } from '../services/lesions/sites-of.ts';
import { deleteImage } from '../services/lifecycle/delete-image.ts';
import { historyItem } from './bundle.ts';
import { deletionText, fhirDeletion } from './patient.ts';
import { mediaParams, mediaScope } from './search/record-params.ts';
import { runTableSearch } from './search/run.ts';
import type { TableSearch } from './search/types.ts';
import { extensionUrl, meta, SYSTEM, tagCodings } from './systems.ts';
import type { Call, ResourceHandler } from './types.ts';

type ImageFields = Pick<
  PresentedImage,
  'id' | 'patientId' | 'version' | 'caption' | 'contentType' | 'filename' | 'byteSize' | 'width' | 'height'
> &
  Pick<PresentedImage, 'modality'> &
  Pick<PresentedImage, 'capturedAt' | 'uploadedAt' | 'tagIds' | 'lastModifiedAt'>;

/**
 * An image of the pool. `encounter` names the first entry (by appointment) whose workspace holds
 * it, since an image may sit in several; the content's URL is the original file in the app's API.
 * An image of a lesion carries the lesion's site as `bodySite` and the lesion as an extension.
 */
export function toMedia(
  call: Call,
  i: ImageFields,
  tags: Map<string, string>,
  entryId?: string,
  lastUpdated?: string,
  lesion?: LesionSite,
): Media {
  return {
    resourceType: 'Media',
    id: i.id,
    meta: meta(i.version, lastUpdated ?? i.lastModifiedAt, tagCodings(i.tagIds, tags)),
    ...(lesion
      ? {
          extension: [
            {
              url: extensionUrl.mediaLesion(call.base),
              valueReference: { reference: `BodyStructure/${lesion.id}` },
            },
          ],
        }
      : {}),
    status: 'completed',
    type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/media-type', code: 'image' }] },
    modality: {
      coding: [{ system: SYSTEM.imageModality, code: i.modality }],
      text: MODALITY_TEXT[i.modality],
    },
    subject: { reference: `Patient/${i.patientId}` },
    ...(entryId ? { encounter: { reference: `Encounter/${entryId}` } } : {}),
    ...(lesion
      ? {
          bodySite: {
            coding: [{ system: SNOMED_SYSTEM, code: lesion.code, display: lesion.display }],
            text: lesion.display,
          },
        }
      : {}),
    createdDateTime: i.capturedAt ?? i.uploadedAt,
    issued: i.uploadedAt,
    width: i.width,
    height: i.height,
    content: {
      contentType: i.contentType,
      url: `${call.base}/Binary/${i.id}`,
      size: i.byteSize,
      title: i.filename,
    },
    ...(i.caption ? { note: [{ text: i.caption }] } : {}),
  };
}

const MODALITY_TEXT: Record<ImageModality, string> = {
  overview: 'Overview (body area or total body)',
  clinical: 'Clinical close-up',
  dermoscopic: 'Dermoscopic',
};

export async function present(call: Call, images: PresentedImage[]) {
  const accountId = requireAccount(call.actor, 'patients.read');
  const [tags, inWorkspaces, sites] = await Promise.all([
    call.tags(),
    workspaceEntriesOf(
      call.ctx.db,
      accountId,
      images.map((i) => i.id),
    ),
    lesionSitesOf(call.ctx.db, accountId, images),
  ]);
  return images.map((i) =>
    toMedia(
      call,
      i,
      tags,
      inWorkspaces.get(i.id)?.[0],
      undefined,
      i.lesionId ? sites.get(i.lesionId) : undefined,
    ),
  );
}

/** A version shows the image's fixed parts with that version's caption and tags. */
async function versionsOf(
  call: Call,
  id: string,
  versions: { version: number; operation: string; changedAt: string; data: Record<string, unknown> }[],
) {
  const accountId = requireAccount(call.actor, 'patients.history');
  const row = await findImage(call.ctx.db, accountId, id);
  const [image] = row ? await presentImages(call.ctx.db, [row]) : [];
  if (!image) throw notFound('image');
  const lesionIds = versions.map((v) => (v.data as { lesionId?: string | null }).lesionId ?? null);
  const [tags, sites] = await Promise.all([
    call.tags(),
    lesionSitesOf(
      call.ctx.db,
      accountId,
      lesionIds.map((lesionId) => ({ lesionId })),
    ),
  ]);
  return versions.map((v) => {
    const data = v.data as {
      caption?: string;
      tagIds?: string[];
      modality?: ImageModality;
      lesionId?: string | null;
    };
    const at = {
      ...image,
      version: v.version,
      caption: data.caption ?? '',
      tagIds: data.tagIds ?? [],
      modality: data.modality ?? image.modality,
    };
    const lesion = data.lesionId ? sites.get(data.lesionId) : undefined;
    return historyItem(v, toMedia(call, at, tags, undefined, v.changedAt, lesion));
  });
}

/** Media search over the images table, newest upload first unless `_sort` says otherwise. */
export const mediaTable: TableSearch = {
  params: mediaParams,
  scope: mediaScope,
  defaultSort: [sql`${images.uploadedAt} desc`],
  idColumn: sql`${images.id}`,
  async count(db, where) {
    const [row] = await db.select({ n: count() }).from(images).where(where);
    return row?.n ?? 0;
  },
  async page(call, where, order, limit, offset) {
    const rows = await call.ctx.db
      .select()
      .from(images)
      .where(where)
      .orderBy(...order)
      .limit(limit)
      .offset(offset);
    return present(call, await presentImages(call.ctx.db, rows));
  },
};

export const mediaHandler: ResourceHandler = {
  type: 'Media',
  expunge: true,
  search: { params: mediaParams, run: (call, q) => runTableSearch(mediaTable, call, q) },
  async read(call, id) {
    const [media] = await present(call, [await getImage(call.ctx, call.actor, id)]);
    if (!media) throw notFound('image');
    return media;
  },
  recordType: 'image',
  historyItems: versionsOf,
  async history(call, id) {
    return versionsOf(call, id, (await imageHistory(call.ctx, call.actor, id)).items);
  },
  async version(call, id, version) {
    const [item] = await versionsOf(call, id, [await imageVersion(call.ctx, call.actor, id, version)]);
    if (!item) throw notFound('version');
    return item;
  },
  async remove(call, id) {
    const result = await deleteImage(call.ctx, call.deps.storage, call.actor, id, fhirDeletion('Media'));
    return deletionText('Media', result);
  },
};
