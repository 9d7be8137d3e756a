import { buffer } from 'node:stream/consumers';
import { writePhotographicObject } from '../../dicom/photographic-object.ts';
import { dicomPixels } from '../../dicom/pixels.ts';
import type { BlobStore } from '../../storage/blob-store.ts';
import type { PlannedInstance } from './dicom-plan.ts';

/** The Part 10 file of one planned instance, from the image's stored original. */
export async function renderInstance(storage: BlobStore, planned: PlannedInstance) {
  const original = await buffer(await storage.get(planned.image.originalKey));
  const pixels = await dicomPixels(original, planned.image.contentType);
  return { bytes: writePhotographicObject(planned.instance, pixels), transferSyntax: pixels.transferSyntax };
}
