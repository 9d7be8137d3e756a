import type { Media } from '@medplum/fhirtypes';
import { count, sql } from 'drizzle-orm';
import { images } from '../db/schema-clinical.ts';
import { notFound } from '../errors.ts';
import { requireAccount } from '../services/access.ts';
import { imageHistory, imageVersion } from '../services/images/image-history.ts';
import { findImage, getImage } from '../services/images/image-use-cases.ts';
import { type PresentedImage, presentImages } from '../services/images/present.ts';
import { workspaceEntriesOf } from '../services/images/workspace-entries.ts';
import { deleteImage } from '../services/lifecycle/delete-image.ts';
import { historyItem } from './bundle.ts';
import { deletionText, fhirDeletion } from './patient.ts';
import { mediaParams, mediaScope } from './search/record-params.ts';
import { runTableSearch } from './search/run.ts';
import type { TableSearch } from './search/types.ts';
import { meta, tagCodings } from './systems.ts';
import type { Call, ResourceHandler } from './types.ts';

type ImageFields = Pick<
  PresentedImage,
  'id' | 'patientId' | 'version' | 'caption' | 'contentType' | 'filename' | 'byteSize' | 'width' | 'height'
> &
  Pick<PresentedImage, 'capturedAt' | 'uploadedAt' | 'tagIds' | 'lastModifiedAt'>;

/**
 * An image of the pool. `encounter` names the first entry (by appointment) whose workspace holds
 * it, since an image may sit in several; the content's URL is the original file in the app's API.
 */
export function toMedia(
  call: Call,
  i: ImageFields,
  tags: Map<string, string>,
  entryId?: string,
  lastUpdated?: string,
): Media {
  return {
    resourceType: 'Media',
    id: i.id,
    meta: meta(i.version, lastUpdated ?? i.lastModifiedAt, tagCodings(i.tagIds, tags)),
    status: 'completed',
    type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/media-type', code: 'image' }] },
    subject: { reference: `Patient/${i.patientId}` },
    ...(entryId ? { encounter: { reference: `Encounter/${entryId}` } } : {}),
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

export async function present(call: Call, images: PresentedImage[]) {
  const accountId = requireAccount(call.actor, 'patients.read');
  const [tags, inWorkspaces] = await Promise.all([
    call.tags(),
    workspaceEntriesOf(
      call.ctx.db,
      accountId,
      images.map((i) => i.id),
    ),
  ]);
  return images.map((i) => toMedia(call, i, tags, inWorkspaces.get(i.id)?.[0]));
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
  const tags = await call.tags();
  return versions.map((v) => {
    const data = v.data as { caption?: string; tagIds?: string[] };
    const at = { ...image, version: v.version, caption: data.caption ?? '', tagIds: data.tagIds ?? [] };
    return historyItem(v, toMedia(call, at, tags, undefined, v.changedAt));
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
