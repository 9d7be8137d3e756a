import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Actor, Ctx } from '../services/context.ts';
import { createEntry, updateEntry } from '../services/entries/entry-use-cases.ts';
import { storeImage } from '../services/images/ingest-image.ts';
import { processImage } from '../services/images/process-image.ts';
import { createLesion } from '../services/lesions/create-lesion.ts';
import type { BlobStore } from '../storage/blob-store.ts';

/** Points on the body map where demo lesions sit (upper arm, back, chest, knee, lower back). */
const SITES = [
  { view: 'back', x: 0.22, y: 0.27 },
  { view: 'back', x: 0.5, y: 0.3 },
  { view: 'front', x: 0.4, y: 0.26 },
  { view: 'front', x: 0.42, y: 0.7 },
  { view: 'back', x: 0.55, y: 0.4 },
] as const;
const DIAGNOSES = ['Compound naevus', 'Seborrhoeic keratosis?', 'Atypical naevus, follow up', ''];
/** Three visits: two years ago, a year ago and last month (days before today). */
const VISITS_DAYS_AGO = [730, 365, 30];
const DAY = 86_400_000;

/**
 * A demo patient's lesions followed over three visits: each visit is an entry whose workspace holds
 * a dermoscopic and a clinical photo of every lesion, taken on the visit's day, so a new user sees
 * the body map, the timelines and a first-and-latest comparison at once.
 */
export async function addDemoLesions(
  ctx: Ctx,
  storage: BlobStore,
  actor: Actor,
  patientId: string,
  seed: number,
  dir: string,
  photo: (seed: number) => Promise<Buffer>,
) {
  const lesions = [];
  for (let n = 0; n < 1 + (seed % 2); n++) {
    const site = SITES[(seed + n * 2) % SITES.length] as (typeof SITES)[number];
    lesions.push(
      await createLesion(ctx, actor, patientId, {
        status: n === 1 && seed % 3 === 0 ? 'biopsied' : 'monitoring',
        diagnosis: DIAGNOSES[(seed + n) % DIAGNOSES.length],
        site: { ...site },
      }),
    );
  }
  for (const [v, daysAgo] of VISITS_DAYS_AGO.entries()) {
    const at = new Date(ctx.clock.now().getTime() - daysAgo * DAY);
    const imageIds: string[] = [];
    for (const [n, lesion] of lesions.entries()) {
      for (const modality of ['dermoscopic', 'clinical'] as const) {
        const file = path.join(dir, `l${seed}-${n}-${v}-${modality}.jpg`);
        await writeFile(file, await photo(seed * 100 + n * 10 + v));
        // The visit's day is the capture time, as a camera would have written it.
        const processed = { ...(await processImage(file)), capturedAt: at };
        const name = `${lesion.label}-${modality}-${v + 1}.jpg`;
        const target = { lesionId: lesion.id, modality };
        const row = await storeImage(
          ctx,
          storage,
          actor,
          actor.accountId ?? '',
          patientId,
          name,
          processed,
          target,
        );
        imageIds.push(row.id);
      }
    }
    const entry = await createEntry(ctx, actor, patientId, {
      appointmentAt: at,
      notes: `Synthetic demo visit ${v + 1}: lesion follow-up.`,
    });
    await updateEntry(ctx, actor, entry.id, { workspaceImageIds: imageIds });
  }
  return lesions;
}
